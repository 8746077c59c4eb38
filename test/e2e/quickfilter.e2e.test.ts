// End to end: the quick filter in real VS Code (code-server + Chromium, the packaged .vsix) narrowing a
// live watch on a sandbox collection written to with the driver: a field clause, new matching events
// arriving while it is set, an op chip, a broken clause shown inline, Ctrl+F and Escape.
// Screenshots in test-results/quickfilter/.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient, type Collection, type Document } from 'mongodb';
import type { Page } from 'playwright-core';
import { repoRoot } from '../../scripts/code-server';
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

const NAME = 'QF Sandbox';
const SHOTS = join(repoRoot, 'test-results', 'quickfilter');
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

describe('Quick filter in code-server (E2E)', function () {
  skipRestAfterFailure();
  let sandbox: Sandbox;
  let client: MongoClient;
  let coll: Collection<Document>;
  let wb: Workbench | undefined;
  let page: Page;
  const frame = () => webviewFrame(page);
  const rows = () => frame().locator('[data-testid="event-row"]');
  const rowKeys = async () =>
    (await rows().evaluateAll((r) => r.map((x) => x.textContent ?? ''))).map((t) => /_id: (\d+)/.exec(t)?.[1]);
  const count = () => frame().locator('[data-testid="quick-count"]');

  before(async function () {
    this.timeout(600_000);
    sandbox = await startSandbox({ port: 0 });
    client = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    coll = client.db('shop').collection('orders');
    await coll.insertOne({ _id: 0 as never, seed: true });
    wb = await openWorkbench('quickfilter', { 'changeStreamInspector.sandbox.demoTraffic': false });
    page = wb.page;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page)
      await shot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 50)}`);
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(wb);
    await client?.close(true).catch(() => undefined);
    await sandbox?.stop();
  });

  it('watches shop.orders and shows the events written with the driver', async function () {
    this.timeout(180_000);
    await addConnectionFromPalette(page, sandbox.uri, NAME);
    await runCommand(page, 'Change Streams: Watch Collection…');
    await pickQuickItem(page, NAME);
    await pickQuickItem(page, 'shop');
    await pickQuickItem(page, 'orders');
    await frame().locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    await frame()
      .locator('[data-testid="state-banner"][data-state="streaming"]')
      .waitFor({ state: 'attached', timeout: 30_000 });
    await page.waitForTimeout(1000);
    for (let i = 1; i <= 30; i++)
      await coll.insertOne({ _id: i as never, status: i % 5 === 0 ? 'open' : 'closed', total: i * 10 });
    await coll.updateOne({ _id: 7 as never }, { $set: { status: 'open' } });
    await coll.deleteOne({ _id: 3 as never });
    await frame().locator('[data-testid="event-row"][data-op="delete"]').waitFor({ timeout: 30_000 });
  });

  it('narrows the live watch with a field clause, and new matching events appear while it is set', async function () {
    this.timeout(120_000);
    const box = frame().locator('[data-testid="quick-filter-input"]');
    await box.click();
    await box.fill('fullDocument.status = open');
    await count().waitFor({ timeout: 60_000 });
    assert.equal(await count().innerText(), '6 of 32');
    assert.deepEqual(await rowKeys(), ['5', '10', '15', '20', '25', '30']);
    await shot(page, '11-e2e-field-clause');
    await coll.insertOne({ _id: 31 as never, status: 'open', total: 5 });
    await coll.insertOne({ _id: 32 as never, status: 'closed', total: 5 });
    await frame().locator('[data-testid="event-row"]', { hasText: '_id: 31' }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    assert.equal(await count().innerText(), '7 of 34');
    assert.ok(!(await rowKeys()).includes('32'), 'a closed order did not join');
    await shot(page, '12-e2e-live-match');
  });

  it('the update chip narrows to updates (no fullDocument without updateLookup); a broken clause is shown inline and the list keeps the last filter', async function () {
    this.timeout(120_000);
    const box = frame().locator('[data-testid="quick-filter-input"]');
    await box.fill('fullDocument.total > 50');
    await page.waitForTimeout(300);
    const chip = frame().locator('[data-testid="op-counts"] button[data-op="update"]');
    await chip.click();
    await frame().locator('[data-testid="quick-count"]', { hasText: '0 of' }).waitFor({ timeout: 60_000 });
    assert.equal(await chip.getAttribute('aria-pressed'), 'true');
    await box.fill('fullDocument.total > 50 fullDocument.total <');
    const error = frame().locator('[data-testid="quick-filter-error"]');
    await error.waitFor({ timeout: 60_000 });
    assert.match(await error.innerText(), /needs a value/);
    await shot(page, '13-e2e-error');
    await box.fill('updateDescription.updatedFields.status = open');
    await frame().locator('[data-testid="quick-count"]', { hasText: '1 of' }).waitFor({ timeout: 60_000 });
    assert.deepEqual(await rowKeys(), ['7'], 'the one update, which set _id 7 open');
    await chip.click();
  });

  it('Ctrl+F focuses the box from the list, and Escape clears the filter', async function () {
    this.timeout(120_000);
    await rows().first().click();
    await page.keyboard.press('Control+f');
    await page.waitForTimeout(300);
    const box = frame().locator('[data-testid="quick-filter-input"]');
    assert.equal(await box.evaluate((el) => el.matches(':focus')), true, 'Ctrl+F focused the quick filter');
    await shot(page, '14-e2e-ctrl-f');
    await page.keyboard.press('Escape');
    await count().waitFor({ state: 'detached', timeout: 60_000 });
    assert.equal(await box.inputValue(), '');
    await frame().locator('[data-testid="event-row"][data-op="delete"]').waitFor({ timeout: 60_000 });
  });
});
