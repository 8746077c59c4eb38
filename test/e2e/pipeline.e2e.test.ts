// End to end in code-server's real VS Code with the packaged .vsix: type a $match in the panel's
// pipeline editor, apply it, write matching and non-matching documents and see only the matching
// ones; type a broken pipeline, see the error at its position while the old stream keeps running.
// Screenshots in test-results/pipeline/.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MongoClient, type Collection, type Document } from 'mongodb';
import type { Page } from 'playwright-core';
import { pickQuickItem, runCommand } from '../../scripts/chromium';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import {
  webviewFrame,
  skipRestAfterFailure,
  openWorkbench,
  closeWorkbench,
  type Workbench,
  addConnectionFromPalette,
} from './workbench';

const DB = 'e2ePipeline';
const COLL = 'orders';
const NAME = 'Pipeline Sandbox';
const SHOTS = resolve(__dirname, '../../test-results/pipeline');
const EDITOR = '[data-testid="pipeline-editor"]';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

describe('pipeline editing in code-server (E2E)', function () {
  skipRestAfterFailure();
  this.timeout(120_000);
  let sandbox: Sandbox;
  let client: MongoClient;
  let coll: Collection<Document>;
  let wb: Workbench | undefined;
  let page: Page;

  const rowKeys = async (): Promise<string[]> =>
    webviewFrame(page).locator('[data-testid="event-row"]').allTextContents();

  async function typePipeline(text: string): Promise<void> {
    const content = webviewFrame(page).locator(`${EDITOR} .cm-content`);
    await content.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }

  before(async function () {
    this.timeout(600_000);
    sandbox = await startSandbox({ port: 0 });
    client = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    coll = client.db(DB).collection(COLL);
    await coll.insertOne({ _id: 'seed' as never, total: 1 });
    wb = await openWorkbench('e2e-pipeline', { 'changeStreamInspector.sandbox.demoTraffic': false });
    page = wb.page;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page)
      await shot(page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(wb);
    await client?.close(true).catch(() => undefined);
    await sandbox?.stop();
  });

  it('opens a watch from the palette', async () => {
    await addConnectionFromPalette(page, sandbox.uri, NAME);
    await runCommand(page, 'Change Streams: Watch Collection…');
    await pickQuickItem(page, NAME);
    await pickQuickItem(page, DB);
    await pickQuickItem(page, COLL);
    await webviewFrame(page).locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    await webviewFrame(page)
      .locator('[data-testid="state-banner"][data-state="streaming"]')
      .waitFor({ state: 'attached', timeout: 30_000 });
  });

  it('applies a $match typed in the panel: only matching documents arrive', async () => {
    await webviewFrame(page).locator('[data-testid="pipeline"]').click();
    await webviewFrame(page).locator(`${EDITOR} .cm-content`).waitFor({ timeout: 30_000 });
    // Under the panel's CSP (no inline styles), CodeMirror's theme must still be in effect.
    const display = await webviewFrame(page)
      .locator(`${EDITOR} .cm-editor`)
      .evaluate((e) => getComputedStyle(e).display);
    assert.equal(display, 'flex', 'CodeMirror styles did not apply under the panel CSP');
    await typePipeline("[\n  { $match: { 'fullDocument.total': { $gte: 100 } } }\n]");
    await page.keyboard.press('Control+Enter');
    await webviewFrame(page)
      .locator(`${EDITOR} [data-testid="pipeline-outcome"]`, { hasText: 'Applied' })
      .waitFor({ timeout: 30_000 });
    await coll.insertMany([
      { _id: 'small-1' as never, total: 5 },
      { _id: 'big-1' as never, total: 500 },
      { _id: 'small-2' as never, total: 50 },
      { _id: 'big-2' as never, total: 150 },
    ]);
    await webviewFrame(page).locator('[data-testid="event-row"]', { hasText: 'big-2' }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    const keys = (await rowKeys()).join('\n');
    assert.ok(keys.includes('big-1') && keys.includes('big-2'), keys);
    assert.ok(!keys.includes('small-1') && !keys.includes('small-2'), `non-matching rows arrived: ${keys}`);
    await shot(page, '01-applied-match');
  });

  it('shows a broken pipeline at its position and keeps the running one', async () => {
    await typePipeline("[\n  { $match: { 'fullDocument.total': { $gte: 100 } } },\n  { $lookup: { from: 'x' } }\n]");
    const range = webviewFrame(page).locator(`${EDITOR} .cm-lintRange-error`);
    await range.first().waitFor({ timeout: 30_000 });
    assert.equal(await range.first().textContent(), '$lookup');
    await webviewFrame(page).locator(`${EDITOR} [data-testid="pipeline-apply"]`).click();
    const outcome = webviewFrame(page).locator(`${EDITOR} [data-testid="pipeline-outcome"]`, { hasText: 'Line 3' });
    await outcome.waitFor({ timeout: 30_000 });
    assert.match((await outcome.textContent()) ?? '', /Line 3, column 5/);
    await coll.insertMany([
      { _id: 'small-3' as never, total: 1 },
      { _id: 'big-3' as never, total: 1000 },
    ]);
    await webviewFrame(page).locator('[data-testid="event-row"]', { hasText: 'big-3' }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(800);
    const keys = (await rowKeys()).join('\n');
    assert.ok(!keys.includes('small-3'), 'the old $match keeps filtering');
    assert.equal(
      await webviewFrame(page).locator('[data-testid="state-banner"]').getAttribute('data-state'),
      'streaming',
    );
    await shot(page, '02-broken-pipeline');
  });
});
