// Runs the extension-host suite (test/exthost) inside code-server's real VS Code 1.100.3: bundles
// the tests, starts an isolated server, opens the workbench in headless Chromium with a test payload.
import { join } from 'node:path';
import { format } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { bundleExthostSuite, root } from './exthost-bundle.mjs';

// The workbench's own start-up logs share the channel with the suite's output; hide the usual ones.
const WORKBENCH_CHATTER =
  /^(\[driver\]|Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin|\[Service Worker\]|ChatSessionStore|Creation of workbench contribution|getaddrinfo ENOTFOUND open-vsx\.org)/;
const HARD_TIMEOUT_MS = Number(process.env.EXTHOST_TIMEOUT_MS ?? 10 * 60_000);

const { startCodeServer } = await tsImport('./code-server.ts', import.meta.url);
const { launchChromium } = await tsImport('./chromium.ts', import.meta.url);

const suiteIndex = await bundleExthostSuite();

const server = await startCodeServer({ label: 'exthost' });
let browser;
let exitCode;
let timedOut = false;
const hardTimer = setTimeout(() => {
  timedOut = true;
  console.error(`exthost: FAILED — the suite did not finish within ${HARD_TIMEOUT_MS / 1000} s (hard timeout)`);
  console.error(`exthost: server log tail:\n${server.logTail(30)}`);
  void cleanup().finally(() => process.exit(124));
}, HARD_TIMEOUT_MS);

async function cleanup() {
  await browser?.close().catch(() => undefined);
  await server.stop();
}

try {
  browser = await launchChromium(join(server.runDir, 'browser'));
  const { page } = browser;
  let finish;
  const done = new Promise((resolve) => {
    finish = resolve;
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (process.env.EXTHOST_VERBOSE || !WORKBENCH_CHATTER.test(text)) {
      (type === 'error' ? console.error : console.log)(text.replace(/\n$/, ''));
    }
  });
  const remote = `vscode-remote://127.0.0.1:${server.port}`;
  const payload = [
    ['extensionDevelopmentPath', `${remote}${root}`],
    ['extensionTestsPath', `${remote}${suiteIndex}`],
  ];
  const url =
    `${server.url}/?folder=${encodeURIComponent(server.workspaceDir)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  // The first load can take over 30 s when the machine is busy (code-server compiles its workbench cache).
  await page.goto(url, { timeout: 180_000 });
  exitCode = await done;
  if (exitCode !== 0) console.error(`exthost: the suite exited with code ${exitCode}`);
} catch (err) {
  if (timedOut) await new Promise(() => undefined); // the hard-timeout handler exits
  console.error(`exthost: FAILED to run the suite: ${err instanceof Error ? err.message : err}`);
  console.error(`exthost: server log tail:\n${server.logTail(30)}`);
  exitCode = 1;
} finally {
  clearTimeout(hardTimer);
  await cleanup();
}
process.exit(exitCode);
