// End to end, issue 8: in code-server's real VS Code with the packaged .vsix, against a sandbox
// replica set: enable pre- and post-images on a collection from the tree (modal says what it does),
// watch it, see the panel say images are on, update a document without images (the diff shows what
// the update says and offers to ask for images), switch, update again, see the field-by-field diff in
// the panel, open it in VS Code's diff editor from the panel and from the palette. Screenshots in
// test-results/e2e-diff/.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient, type Collection, type Document } from 'mongodb';
import type { Page } from 'playwright-core';
import { pickQuickItem, runCommand } from '../../scripts/chromium';
import { repoRoot } from '../../scripts/code-server';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import {
  addConnectionFromPalette,
  expandTree,
  modalButton,
  modalText,
  treeMenu,
  webviewFrame,
  skipRestAfterFailure,
  openWorkbench,
  closeWorkbench,
  type Workbench,
} from './workbench';

const DB = 'e2e';
const COLL = 'items';
const NAME = 'Diff Sandbox';
const SHOTS = join(repoRoot, 'test-results', 'e2e-diff');
const HOSTILE = '<img src=x onerror=window.__pwned=1>';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

describe('pre/post-image diff in code-server (E2E)', function () {
  skipRestAfterFailure();
  let sandbox: Sandbox;
  let client: MongoClient;
  let coll: Collection<Document>;
  let wb: Workbench | undefined;
  let page: Page;
  const frame = () => webviewFrame(page);
  const diffTabs = () => page.locator('.tabs-container .tab', { hasText: 'before ↔ after' });

  before(async function () {
    this.timeout(600_000);
    rmSync(SHOTS, { recursive: true, force: true });
    sandbox = await startSandbox({ port: 0 });
    client = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    coll = client.db(DB).collection(COLL);
    await coll.insertOne({
      _id: 'doc-1' as never,
      name: 'Widget',
      qty: 1,
      tags: ['a', 'b'],
      price: 9.5,
      note: HOSTILE,
    });
    wb = await openWorkbench('e2e-diff', { 'changeStreamInspector.sandbox.demoTraffic': false });
    page = wb.page;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await shot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 60)}`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(wb);
    await client?.close(true).catch(() => undefined);
    await sandbox?.stop();
  });

  it('enables pre- and post-images on the collection from the tree, after a modal that says what it does', async () => {
    await addConnectionFromPalette(page, sandbox.uri, NAME);
    await expandTree(page, NAME, DB, COLL);
    await treeMenu(page, COLL, 'Enable Pre- and Post-Images…');
    const text = await modalText(page);
    assert.match(text, /collMod/);
    assert.match(text, /Only changes made from now on get images/);
    assert.match(text, /kept|retention/i, `the retention is said: ${text}`);
    await shot(page, '01-enable-images-modal');
    await modalButton(page, 'Enable Images');
    await page
      .locator('.notifications-toasts .notification-list-item-message', { hasText: 'Pre- and post-images are on' })
      .waitFor({ timeout: 30_000 });
    const [info] = await client.db(DB).listCollections({ name: COLL }).toArray();
    assert.deepEqual((info as { options?: Document }).options?.changeStreamPreAndPostImages, { enabled: true });
    await shot(page, '02-images-enabled');
  });

  it('watches the collection and the panel says images are on and what the watch asks for', async () => {
    await runCommand(page, 'Change Streams: Watch Collection…');
    await pickQuickItem(page, NAME);
    await pickQuickItem(page, DB);
    await pickQuickItem(page, COLL);
    await frame().locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    const status = frame().locator('[data-testid="image-status"]');
    await status.waitFor({ timeout: 30_000 });
    assert.equal(await status.getAttribute('data-recording'), 'on');
    assert.match(await status.innerText(), /on for e2e\.items; this watch asks for pre-image off/);
    await frame()
      .locator('[data-testid="state-banner"][data-state="streaming"]')
      .waitFor({ state: 'attached', timeout: 30_000 });
  });

  it('an update read without images: the diff shows what the update says and offers to ask for images', async () => {
    await page.waitForTimeout(1000);
    await coll.updateOne({ _id: 'doc-1' as never }, { $set: { qty: 2 } });
    const row = frame().locator('[data-testid="event-row"][data-op="update"]').first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    const diff = frame().locator('[data-testid="event-diff"]');
    await diff.locator('[data-testid="diff-update"] li[data-path="qty"]').waitFor({ timeout: 30_000 });
    assert.match(await diff.locator('[data-testid="diff-missing"]').innerText(), /pre-image|fullDocumentBeforeChange/);
    await shot(page, '03-diff-without-images');
    await diff.locator('[data-testid="diff-enable-images"]').click();
    await frame()
      .locator('[data-testid="image-status"]', { hasText: 'pre-image whenAvailable, post-image whenAvailable' })
      .waitFor({ timeout: 30_000 });
    await frame()
      .locator('[data-testid="state-banner"][data-state="streaming"]')
      .waitFor({ state: 'attached', timeout: 30_000 });
  });

  it('an update read with pre- and post-images: the field-by-field diff in the panel', async () => {
    await page.waitForTimeout(1500);
    await coll.updateOne({ _id: 'doc-1' as never }, { $set: { qty: 3.5, 'tags.1': 'c' }, $unset: { price: '' } });
    const rows = frame().locator('[data-testid="event-row"][data-op="update"]');
    await frame().locator('[data-testid="event-row"][data-op="update"]').nth(1).waitFor({ timeout: 30_000 });
    await rows.nth(1).click();
    const entries = frame().locator('[data-testid="diff-entries"]');
    await entries.waitFor({ timeout: 30_000 });
    const changes = await entries
      .locator('li:not([data-kind="unchanged"])')
      .evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.kind} ${(e as HTMLElement).dataset.path}`));
    assert.deepEqual(changes.sort(), ['changed qty', 'changed tags.1', 'removed price'].sort());
    const qty = await entries.locator('li[data-path="qty"]').innerText();
    assert.match(qty, /2\s*→\s*3\.5/, `old → new: ${qty}`);
    assert.match(qty, /type int → double/, 'the BSON type change is flagged');
    assert.equal(await frame().locator('[data-testid="diff-reconstructed"]').count(), 0, 'real images, not rebuilt');
    await frame().locator('[data-testid="diff-toggle-unchanged"]').click();
    await entries.locator('li[data-kind="unchanged"][data-path="note"]').waitFor();
    assert.ok((await entries.innerText()).includes(HOSTILE), 'the hostile value is shown as text');
    assert.equal(await frame().locator('img').count(), 0);
    await shot(page, '04-diff-in-panel');
  });

  it('opens the diff in VS Code’s diff editor from the panel', async () => {
    await frame().locator('[data-testid="diff-open-editor"]').click();
    await diffTabs().first().waitFor({ timeout: 30_000 });
    const editor = page.locator('.monaco-diff-editor').first();
    await editor.waitFor({ timeout: 30_000 });
    // Both sides render their lines once the virtual documents are read (slow on a loaded machine).
    await editor.locator('.modified .view-line', { hasText: 'qty' }).first().waitFor({ timeout: 60_000 });
    await editor.locator('.original .view-line', { hasText: 'qty' }).first().waitFor({ timeout: 60_000 });
    // Monaco renders spaces as no-break spaces.
    const text = (await editor.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /"qty"/);
    assert.match(text, /"\$numberDouble": "3\.5"/, 'canonical EJSON keeps the BSON type');
    await shot(page, '05-diff-editor');
  });

  it('Compare Before/After from the palette opens the selected event’s diff again', async () => {
    const before = await diffTabs().count();
    await page
      .locator('.tabs-container .tab', { hasText: `${DB}.${COLL}` })
      .first()
      .click();
    await frame().locator('[data-testid="event-diff"]').waitFor({ timeout: 15_000 });
    await runCommand(page, 'Change Streams: Compare Before/After of the Selected Event');
    for (const end = Date.now() + 30_000; Date.now() < end && (await diffTabs().count()) === before;)
      await page.waitForTimeout(250);
    assert.equal(await diffTabs().count(), before + 1, 'a new diff editor tab');
    assert.match(String(await page.locator('.tabs-container .tab.active').innerText()), /before ↔ after/);
    await shot(page, '06-palette-compare');
    const pwned = await page.evaluate<unknown>('window.__pwned');
    assert.equal(pwned, undefined);
  });
});
