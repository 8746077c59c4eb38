// End to end: the packaged .vsix installed into code-server's real VS Code, driven in Chromium like
// a person would, against a sandbox replica set this test starts and writes to with the driver.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient, type Collection, type Document } from 'mongodb';
import type { Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from '../../scripts/code-server';
import {
  launchChromium,
  pickQuickItem,
  runCommand,
  treeRow,
  waitForWorkbench,
  type Browser,
} from '../../scripts/chromium';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import {
  deepCount,
  deepScripts,
  deepText,
  ensureVsix,
  screenshot,
  shotsDir,
  webviewFrame,
  webviewInnerFrame,
  skipRestAfterFailure,
} from './workbench';

const PASSWORD = 'S3cr3t-PLANTED-e2e';
const DB = 'e2e';
const COLL = '<img src=x onerror=alert(1)>';
const IMG = '<img src=x onerror=window.__pwned=1>';
const SCRIPT = '<script>window.__pwned=1</script>';
const NAME = 'E2E Sandbox';

/** Every log file code-server and the extension host wrote for this run. */
function logText(server: CodeServer): string {
  const texts: string[] = [readFileSync(server.logFile, 'utf8')];
  const logs = join(server.userDataDir, 'logs');
  for (const f of readdirSync(logs, { recursive: true }) as string[]) {
    const p = join(logs, f);
    if (statSync(p).isFile()) texts.push(readFileSync(p, 'utf8'));
  }
  return texts.join('\n');
}

async function addConnection(page: Page, uri: string, name: string, shot?: string): Promise<void> {
  await runCommand(page, 'Change Streams: Add Connection…');
  const input = page.locator('.quick-input-widget input.input');
  await page.locator('.quick-input-widget', { hasText: 'connection string' }).waitFor({ timeout: 15_000 });
  await input.fill(uri);
  if (shot) await screenshot(page, shot);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: '2/3' }).waitFor({ timeout: 15_000 });
  await input.fill(name);
  await page.keyboard.press('Enter');
  // Step 3/3 offers Test Connection before saving: take it (the first item) and read its sentence.
  await page.locator('.quick-input-widget', { hasText: '3/3' }).waitFor({ timeout: 15_000 });
  await pickQuickItem(page, 'Test Connection, then save');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
  await page
    .locator('.notifications-toasts .notification-list-item-message', { hasText: 'Reachable: MongoDB' })
    .first()
    .waitFor({ timeout: 15_000 });
}

describe('Change Stream Inspector in code-server (E2E)', function () {
  skipRestAfterFailure();
  let sandbox: Sandbox;
  let client: MongoClient;
  let coll: Collection<Document>;
  let server: CodeServer;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const sandboxLog: string[] = [];
  /** Sandbox connections that proved alice's password (the sandbox logs names, never passwords). */
  const aliceLogins = (): number => sandboxLog.filter((l) => l.includes('authenticated as admin.alice')).length;
  let loginsBeforeExtension = 0;
  /** The sandbox's connection string with alice's planted password in it. */
  const withPassword = (): string => sandbox.uri.replace('mongodb://', `mongodb://alice:${PASSWORD}@`);

  before(async function () {
    this.timeout(600_000);
    rmSync(shotsDir, { recursive: true, force: true }); // no stale screenshots from an earlier run
    const vsix = ensureVsix();
    // alice is a real sandbox user: the watched connection authenticates with SCRAM using the planted password.
    sandbox = await startSandbox({
      port: 0,
      users: [{ user: 'alice', password: PASSWORD }],
      log: (l) => sandboxLog.push(l),
    });
    client = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    coll = client.db(DB).collection(COLL);
    await coll.insertOne({
      _id: 'seed' as never,
      note: 'present before the watch',
      [IMG.replace(/[.$]/g, '')]: SCRIPT,
    });
    // The sandbox really checks the password (no access control though: the tree test counts logins).
    const wrong = new MongoClient(withPassword().replace(PASSWORD, 'not-the-password'), {
      serverSelectionTimeoutMS: 3000,
    });
    await assert.rejects(
      wrong.connect(),
      (e: { code?: number }) => e.code === 18,
      'a wrong password must fail with 18 AuthenticationFailed',
    );
    await wrong.close(true);
    const probe = new MongoClient(withPassword(), { serverSelectionTimeoutMS: 3000 });
    const status = await probe.db('admin').command({ connectionStatus: 1 });
    await probe.close(true);
    assert.deepEqual(
      status.authInfo.authenticatedUsers,
      [{ user: 'alice', db: 'admin' }],
      'the planted credentials do not authenticate',
    );
    loginsBeforeExtension = aliceLogins();

    server = await startCodeServer({
      label: 'e2e',
      vsix: [vsix],
      settings: { 'changeStreamInspector.sandbox.demoTraffic': false },
    });
    browser = await launchChromium(join(server.runDir, 'browser'));
    page = browser.page;
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspaceDir)}`);
    await waitForWorkbench(page);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const file = await screenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 60)}`);
      console.log(`e2e: screenshot of the failure: ${file}`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await client?.close(true).catch(() => undefined);
    await sandbox?.stop();
  });

  it('adds a connection from the palette, its password typed once', async () => {
    await addConnection(page, withPassword(), NAME, '01-palette-add-connection');
  });

  it('shows the connection, its database and the hostile collection name in the tree', async () => {
    await page.locator('.part.activitybar [aria-label^="Change Streams"]').first().click();
    await treeRow(page, NAME).click();
    await treeRow(page, DB).waitFor({ timeout: 30_000 });
    await treeRow(page, DB).click();
    await treeRow(page, COLL).waitFor({ timeout: 30_000 });
    assert.ok(aliceLogins() > loginsBeforeExtension, 'the extension listed the tree without authenticating as alice');
    await screenshot(page, '02-tree');
    assert.equal(await deepCount(page, 'img[src="x"]'), 0, 'an <img> element was created from the collection name');
  });

  it('watches the collection picked in quick picks from the palette', async () => {
    await runCommand(page, 'Change Streams: Watch Collection…');
    await pickQuickItem(page, NAME);
    await pickQuickItem(page, DB);
    await screenshot(page, '03-palette-pick-collection');
    await pickQuickItem(page, COLL);
    await webviewFrame(page).locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
  });

  it('shows inserts, updates and deletes written with the driver as rows with their operation', async () => {
    // Give the change stream a moment to be open on the server before writing.
    await webviewFrame(page)
      .locator('[data-testid="state-banner"][data-state="streaming"]')
      .waitFor({ state: 'attached', timeout: 30_000 })
      .catch(() => undefined);
    await page.waitForTimeout(1000);
    await coll.insertOne({
      _id: 'hostile-1' as never,
      name: IMG,
      body: SCRIPT,
      nested: { [SCRIPT.replace(/[.$]/g, '')]: IMG },
    });
    await coll.insertOne({ _id: 'plain-2' as never, name: 'plain', qty: 2 });
    await coll.updateOne({ _id: 'plain-2' as never }, { $set: { qty: 3, note: SCRIPT } });
    await coll.deleteOne({ _id: 'plain-2' as never });
    const rows = webviewFrame(page).locator('[data-testid="event-row"]');
    for (const op of ['insert', 'update', 'delete']) {
      await webviewFrame(page)
        .locator(`[data-testid="event-row"][data-op="${op}"]`)
        .first()
        .waitFor({ timeout: 30_000 });
    }
    assert.ok((await rows.count()) >= 4, `expected at least 4 rows, saw ${await rows.count()}`);
    const counts = webviewFrame(page).locator('[data-testid="op-counts"]');
    for (const [op, n] of [
      ['insert', '2'],
      ['update', '1'],
      ['delete', '1'],
    ]) {
      assert.equal(await counts.locator(`[data-op="${op}"]`).getAttribute('data-count'), n, `${op} count`);
    }
    assert.equal(
      await webviewFrame(page).locator('[data-testid="state-banner"]').getAttribute('data-state'),
      'streaming',
    );
    await screenshot(page, '04-inspector-rows');
  });

  it('opens an event and shows its details, hostile values as text', async () => {
    await webviewFrame(page).locator('[data-testid="event-row"][data-op="insert"]').first().click();
    const details = webviewFrame(page).locator('[data-testid="event-details"]');
    await details.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    const text = await deepText(await webviewInnerFrame(page));
    assert.ok(text.includes('hostile-1'), 'the details do not show the document key hostile-1');
    assert.ok(text.includes(IMG), 'the <img> value is not shown as text');
    assert.ok(text.includes(SCRIPT), 'the <script> value is not shown as text');
    await screenshot(page, '05-event-details');
  });

  it('runs nothing from database content', async () => {
    const frame = await webviewInnerFrame(page);
    assert.deepEqual(dialogs, [], 'a dialog fired');
    assert.equal(await frame.evaluate<unknown>('window.__pwned'), undefined);
    assert.equal(await page.evaluate<unknown>('window.__pwned'), undefined);
    assert.equal(await deepCount(frame, 'img[src="x"]'), 0, 'an <img src=x> element exists in the webview');
    const planted = (await deepScripts(frame)).filter((html) => html.includes('__pwned') || html.includes('alert('));
    assert.deepEqual(planted, [], 'a <script> element from database content exists in the webview');
    assert.equal(await deepCount(page, 'img[src="x"]'), 0, 'an <img src=x> element exists in the workbench');
  });

  it('never shows or logs the planted password', async () => {
    await runCommand(page, 'Change Streams: Show Log');
    await page.waitForTimeout(1500);
    await screenshot(page, '06-output-log');
    const seen = [await deepText(page), await deepText(await webviewInnerFrame(page)), logText(server)].join('\n');
    assert.ok(seen.includes('Change Stream Inspector') || seen.includes(NAME), 'nothing of the extension was visible');
    assert.ok(!seen.includes(PASSWORD), 'the planted password is visible or logged');
    assert.ok(!sandboxLog.join('\n').includes(PASSWORD), 'the sandbox logged the planted password');
  });
});
