// The mocha entry VS Code's extension host calls (`run()`), shared by the code-server runner
// (scripts/run-exthost-tests.mjs) and @vscode/test-electron (scripts/run-electron-tests.mjs).
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // Mocha's spec reporter asks the terminal about colors; the extension host has no terminal.
  Mocha.reporters.Base.useColors = false;
  // EXTHOST_FILES=watch,bookmarks runs only the files whose names contain one of those words.
  const only = (process.env.EXTHOST_FILES ?? '').split(',').filter(Boolean);
  const files = (readdirSync(__dirname, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js') && (only.length === 0 || only.some((w) => f.includes(w))))
    .sort();
  for (const f of files) mocha.addFile(join(__dirname, f));
  if (files.length === 0) throw new Error(`exthost: no *.test.js files next to ${__dirname}`);

  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      // The runner script parses this line for the test-all table.
      console.log(`exthost: ${passes} passed, ${failures} failed, ${pending} skipped`);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}
