// End to end (issue 9): the packaged .vsix in code-server's real VS Code, driven in Chromium. Bookmark
// an event in the panel, stop the watch, write more, resume from the Bookmarks view and see exactly the
// later events; then "Start Watch at Time…" from the palette shows the events from the chosen second.
import * as assert from 'node:assert/strict';
import { MongoClient, type Collection } from 'mongodb';
import type { Page } from 'playwright-core';
import { pickQuickItem, runCommand, treeRow } from '../../scripts/chromium';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import {
  screenshot,
  webviewFrame,
  skipRestAfterFailure,
  openWorkbench,
  closeWorkbench,
  type Workbench,
  addConnectionFromPalette,
} from './workbench';

const DB = 'bme2e';
const COLL = 'items';
const NAME = 'Bookmarks E2E';
const LABEL = 'before n-4';

describe('bookmarks in code-server (E2E)', function () {
  skipRestAfterFailure();
  let sandbox: Sandbox;
  let client: MongoClient;
  let coll: Collection<{ _id: string }>;
  let wb: Workbench | undefined;
  let page: Page;

  const rows = () => webviewFrame(page).locator('[data-testid="event-row"]');
  /** The document ids of the rows, oldest first (the key column reads `_id: 'n-3'`). */
  const rowIds = async (): Promise<string[]> =>
    (await rows().locator('.key').allInnerTexts()).map((t) => /'([^']+)'/.exec(t)?.[1] ?? t);
  const write = async (prefix: string, from: number, to: number) => {
    for (let k = from; k <= to; k++) await coll.insertOne({ _id: `${prefix}-${k}` });
  };
  const range = (prefix: string, a: number, b: number) =>
    Array.from({ length: b - a + 1 }, (_, k) => `${prefix}-${a + k}`);
  /** Waits until the rows are `expected`, then a little longer to see nothing more arrives. */
  const exactlyRows = async (expected: string[], what: string) => {
    const deadline = Date.now() + 30_000;
    // Until the rows are exactly these (a restart replaces the rows, it need not add any), or 30 s.
    const same = (ids: string[]) => ids.length === expected.length && ids.every((id, i) => id === expected[i]);
    while (!same(await rowIds()) && Date.now() < deadline) await page.waitForTimeout(200);
    await page.waitForTimeout(1000);
    assert.deepEqual(await rowIds(), expected, what);
  };
  const state = (s: string) =>
    webviewFrame(page)
      .locator(`[data-testid="state-banner"][data-state="${s}"]`)
      .waitFor({ state: 'attached', timeout: 30_000 });

  before(async function () {
    this.timeout(600_000);
    sandbox = await startSandbox({ port: 0 });
    client = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    coll = client.db(DB).collection(COLL);
    await coll.insertOne({ _id: 'seed' });
    wb = await openWorkbench('e2e-bookmarks', { 'changeStreamInspector.sandbox.demoTraffic': false });
    page = wb.page;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      const file = await screenshot(
        page,
        `bookmarks-failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 50)}`,
      );
      console.log(`e2e: screenshot of the failure: ${file}`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(wb);
    await client?.close(true).catch(() => undefined);
    await sandbox?.stop();
  });

  it('watches a collection picked from the palette', async () => {
    await addConnectionFromPalette(page, sandbox.uri, NAME);
    await runCommand(page, 'Change Streams: Watch Collection…');
    await pickQuickItem(page, NAME);
    await pickQuickItem(page, DB);
    await pickQuickItem(page, COLL);
    await webviewFrame(page).locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    await state('streaming');
    await page.waitForTimeout(1000);
    await write('n', 1, 6);
    await exactlyRows(range('n', 1, 6), 'the six numbered inserts');
  });

  it('bookmarks event n-3 from its details pane, with a label typed in VS Code', async () => {
    await rows().filter({ hasText: "'n-3'" }).first().click();
    const details = webviewFrame(page).locator('[data-testid="event-details"]');
    await details.locator('[data-testid="bookmark-event"]').click();
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await input.inputValue(), /^insert _id: 'n-3'$/, 'the label is prefilled with the event');
    await input.fill(LABEL);
    await page.keyboard.press('Enter');
    await details.locator('[data-testid="bookmark-badge"]').waitFor({ timeout: 15_000 });
    assert.equal((await details.locator('[data-testid="bookmark-badge"]').innerText()).trim(), LABEL);
    await page.locator('.part.activitybar [aria-label^="Change Streams"]').first().click();
    await treeRow(page, LABEL).waitFor({ timeout: 15_000 });
    await screenshot(page, 'bookmarks-01-bookmarked-event');
  });

  it('stops, writes more, resumes from the Bookmarks view: exactly the later events', async () => {
    await webviewFrame(page).locator('[data-testid="stop"]').click();
    await state('stopped');
    await write('n', 7, 9);
    const row = treeRow(page, LABEL);
    assert.match(await row.innerText(), /insert _id: 'n-3'/, 'the Bookmarks view shows the operation and key');
    await row.click({ button: 'right' });
    const item = page.locator('.monaco-menu .action-item', { hasText: 'Resume from Bookmark…' }).first();
    await item.waitFor({ timeout: 15_000 });
    await screenshot(page, 'bookmarks-02-context-menu');
    await item.click();
    await state('streaming');
    await exactlyRows(range('n', 4, 9), 'the events after the bookmark, once each, in order');
    await screenshot(page, 'bookmarks-03-resumed');
  });

  it('starts the watch at a time typed in "Start Watch at Time…": the events from that second on', async () => {
    await page.waitForTimeout(1000 - (Date.now() % 1000) + 50);
    const at = new Date();
    await write('late', 1, 2);
    await exactlyRows([...range('n', 4, 9), ...range('late', 1, 2)], 'the late events arrive live');
    const p = (n: number) => String(n).padStart(2, '0');
    const local = `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())} ${p(at.getHours())}:${p(at.getMinutes())}:${p(at.getSeconds())}`;
    // The panel can take the focus back while the pick opens, which closes it: open it again then.
    const presets = page.locator('.quick-input-list .monaco-list-row', { hasText: '5 minutes ago' });
    for (let attempt = 1; ; attempt++) {
      await runCommand(page, 'Change Streams: Start Watch at Time…');
      const shown = await presets.waitFor({ timeout: 10_000 }).then(
        () => true,
        () => false,
      );
      if (shown) break;
      if (attempt === 3) throw new Error('"Start Watch at Time…" never showed its presets (3 tries)');
      await page.keyboard.press('Escape');
    }
    await screenshot(page, 'bookmarks-04-start-at-time');
    await pickQuickItem(page, 'Choose a date and time…');
    const input = page.locator('.quick-input-widget input.input');
    await page.locator('.quick-input-widget', { hasText: 'Local time' }).waitFor({ timeout: 15_000 });
    await input.fill(local);
    await page.keyboard.press('Enter');
    await exactlyRows(range('late', 1, 2), 'only the events from the chosen second');
    await screenshot(page, 'bookmarks-05-started-at-time');
  });
});
