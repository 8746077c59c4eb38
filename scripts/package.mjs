// Makes the marketplace .vsix: a production build, then vsce with only what runs (see .vscodeignore).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const out = join(root, 'dist', 'change-stream-inspector.vsix');

run(process.execPath, [join(root, 'scripts/build.mjs'), '--production']);
// --no-dependencies: everything that runs is bundled into dist/, node_modules is not shipped.
// vsce package prints the file tree once; `vsce ls --no-dependencies` lists it again when wanted.
run(process.execPath, [
  join(root, 'node_modules/@vscode/vsce/vsce'),
  'package',
  '--no-dependencies',
  '--no-rewrite-relative-links',
  '--allow-missing-repository',
  '--out',
  out,
]);
console.log(`package: ${out}`);
