// `scripts/try.sh` after setup: serves the packaged extension in an isolated code-server with a
// standalone demo sandbox beside it, until Ctrl-C; or takes the README screenshot and exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve, join } from 'node:path';
import { repoRoot, startCodeServer, type CodeServer } from './code-server';
import { launchChromium, pickQuickItem, runCommand, treeRow, waitForWorkbench } from './chromium';

const vsix = join(repoRoot, 'dist', 'change-stream-inspector.vsix');

function parseArgs(argv: string[]): { screenshot?: string; port?: number } {
  const out: { screenshot?: string; port?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--screenshot') out.screenshot = resolve(argv[++i] ?? 'screenshot.png');
    else if (argv[i] === '--port') out.port = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}; use --screenshot <file> or --port <n>`);
  }
  return out;
}

/** Starts `npm run sandbox -- --demo` in its own process group and waits for the URI it prints. */
function startSandboxCli(): Promise<{ child: ChildProcess; uri: string }> {
  const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['src/sandbox/cli.ts', '--demo'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((res, rej) => {
    let out = '';
    const timer = setTimeout(
      () => rej(new Error(`the sandbox CLI printed no mongodb:// URI within 30 s:\n${out}`)),
      30_000,
    );
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /mongodb:\/\/\S+/.exec(out);
      if (m) {
        clearTimeout(timer);
        res({ child, uri: m[0] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`the sandbox CLI exited (${code}):\n${out}`));
    });
  });
}

async function takeScreenshot(server: CodeServer, file: string): Promise<void> {
  const browser = await launchChromium(join(server.runDir, 'browser'), { width: 1280, height: 800 });
  try {
    const { page } = browser;
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspaceDir)}`);
    await waitForWorkbench(page);
    await page.locator('.part.activitybar [aria-label^="Change Streams"]').first().click();
    await runCommand(page, 'Change Streams: Watch Collection…');
    await pickQuickItem(page, 'Sandbox');
    await pickQuickItem(page, 'shop', 60_000);
    await pickQuickItem(page, 'orders');
    const inner = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await inner.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    // Let demo traffic fill the list, then open one event so the details show too.
    await inner.locator('[data-testid="event-row"]').nth(5).waitFor({ timeout: 60_000 });
    // Show where the watch lives in the tree: Sandbox → shop → orders (with its watching marker).
    await treeRow(page, 'Sandbox').click();
    await treeRow(page, 'shop').click({ timeout: 30_000 });
    await treeRow(page, 'orders').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(4000);
    await inner
      .locator('[data-testid="event-row"][data-op="update"]')
      .first()
      .click()
      .catch(() => undefined);
    await page.waitForTimeout(1000);
    await page.screenshot({ path: file });
    console.log(`try: screenshot saved to ${file}`);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const server = await startCodeServer({
    label: 'try',
    vsix: [vsix],
    port: args.port,
    settings: { 'changeStreamInspector.sandbox.demoTraffic': true },
  });
  let sandboxCli: ChildProcess | undefined;
  const stopAll = async (): Promise<void> => {
    if (sandboxCli?.pid) {
      try {
        process.kill(-sandboxCli.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    await server.stop();
  };
  try {
    if (args.screenshot) {
      await takeScreenshot(server, args.screenshot);
      return;
    }
    const cli = await startSandboxCli().catch((err: unknown) => {
      console.warn(`try: standalone sandbox not started (${err instanceof Error ? err.message : err})`);
      return undefined;
    });
    sandboxCli = cli?.child;
    console.log('');
    console.log(`  Open:    ${server.url}/?folder=${encodeURIComponent(server.workspaceDir)}`);
    // Matches the welcome view a first run shows: its "Try the Sandbox" button, then the Sandbox node.
    console.log('  Then:    Change Streams view (activity bar) → Try the Sandbox: a live watch of shop.orders');
    console.log('           (demo traffic is on); the Sandbox then stays in the tree: Sandbox → shop → …');
    if (cli) console.log(`  Also:    a standalone sandbox with demo data at ${cli.uri} (Add Connection… with it)`);
    console.log('  Stop:    Ctrl-C');
    await new Promise<void>((res) => {
      process.once('SIGINT', () => res());
      process.once('SIGTERM', () => res());
    });
    console.log('\ntry: stopping');
  } finally {
    await stopAll();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`try: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
