// Bundles the extension-host suite (test/exthost/index.ts + every *.test.ts) into out/exthost/ for
// both runners (code-server and @vscode/test-electron), and builds the extension if it is missing.
import { build } from 'esbuild';
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
export const outDir = join(root, 'out', 'exthost');

export async function bundleExthostSuite() {
  if (!existsSync(join(root, 'dist', 'extension.js'))) {
    console.log('exthost: dist/extension.js missing, running npm run build');
    execSync('npm run build', { cwd: root, stdio: 'inherit' });
  }
  const testDir = join(root, 'test', 'exthost');
  const entries = readdirSync(testDir, { recursive: true })
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => join(testDir, f));
  rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints: entries,
    outdir: outDir,
    outbase: testDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // vscode comes from the extension host, mocha and the driver from node_modules at run time.
    packages: 'external',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return join(outDir, 'index');
}
