// Runs the same extension-host suite (test/exthost) in desktop VS Code via @vscode/test-electron.
// For machines with internet: it downloads VS Code. Not part of `npm test` (no route here).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { bundleExthostSuite, root } from './exthost-bundle.mjs';

const version = process.env.VSCODE_TEST_VERSION ?? '1.100.3';
const suiteIndex = await bundleExthostSuite();

let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: join(root, '.vscode-test') });
} catch (err) {
  console.error(`electron: could not download VS Code ${version} (${err instanceof Error ? err.message : err}).`);
  console.error(
    'electron: this runner needs internet access to update.code.visualstudio.com;' +
      ' without it use `npm run test:exthost` (code-server, offline).',
  );
  process.exit(2);
}

const scratch = mkdtempSync(join(tmpdir(), 'csi-electron-'));
mkdirSync(join(scratch, 'workspace'));
let code = 0;
try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: suiteIndex,
    launchArgs: [
      join(scratch, 'workspace'),
      '--disable-extensions',
      '--disable-workspace-trust',
      '--user-data-dir',
      join(scratch, 'user-data'),
      '--extensions-dir',
      join(scratch, 'extensions'),
    ],
  });
} catch (err) {
  console.error(`electron: the suite failed: ${err instanceof Error ? err.message : err}`);
  code = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(code);
