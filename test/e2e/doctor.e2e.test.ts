// End to end, issue 11: in code-server's real VS Code with the packaged .vsix. Against a sandbox
// started standalone: a watch fails with 40573 and its banner opens the Change-Stream Doctor at the
// topology check, which fails with the single-node replica set recipe; the doctor from the palette
// says the same. Against a replica-set sandbox under demo traffic: the insight chart's rates and lag,
// brushing a time range filters the list, and a transaction's events show as one bracketed run.
// Screenshots in test-results/e2e-doctor/.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Page } from 'playwright-core';
import { launchChromium, pickQuickItem, runCommand, waitForWorkbench, type Browser } from '../../scripts/chromium';
import { repoRoot, startCodeServer, type CodeServer } from '../../scripts/code-server';
import { seedDemoData, startDemoTraffic, type DemoTraffic } from '../../src/sandbox/demo';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import {
  addConnectionFromPalette,
  ensureVsix,
  frameWithText,
  modalButton,
  modalText,
  webviewFrame,
  skipRestAfterFailure,
} from './workbench';

const SHOTS = join(repoRoot, 'test-results', 'e2e-doctor');
const STANDALONE = 'Standalone Sandbox';
const REPLICA = 'Replica Sandbox';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

describe('Change-Stream Doctor and live insight in code-server (E2E)', function () {
  skipRestAfterFailure();
  let standalone: Sandbox;
  let replica: Sandbox;
  let traffic: DemoTraffic | undefined;
  let client: MongoClient;
  let server: CodeServer;
  let browser: Browser;
  let page: Page;
  /** The inspector's frame: the one whose panel is showing (a report preview is a webview too). */
  const inspector = () => webviewFrame(page);

  before(async function () {
    this.timeout(600_000);
    rmSync(SHOTS, { recursive: true, force: true });
    const vsix = ensureVsix();
    standalone = await startSandbox({ port: 0, standalone: true });
    replica = await startSandbox({ port: 0 });
    await seedDemoData(replica.uri);
    // The standalone has shop.orders too, so the watch can be picked (and then fails with 40573).
    const direct = new MongoClient(standalone.uri, { serverSelectionTimeoutMS: 5000 });
    await direct
      .db('shop')
      .collection('orders')
      .insertOne({ _id: 'seed' as never });
    await direct.close();
    client = new MongoClient(replica.uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    server = await startCodeServer({
      label: 'e2e-doctor',
      vsix: [vsix],
      settings: { 'changeStreamInspector.sandbox.demoTraffic': false },
    });
    browser = await launchChromium(join(server.runDir, 'browser'));
    page = browser.page;
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspaceDir)}`, { timeout: 180_000 });
    await waitForWorkbench(page);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await shot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 60)}`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    await traffic?.stop().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await client?.close(true).catch(() => undefined);
    await replica?.stop();
    await standalone?.stop();
  });

  it('a watch on a standalone fails and its banner opens the doctor at the topology check, with the recipe', async () => {
    await addConnectionFromPalette(page, standalone.uri, STANDALONE);
    await runCommand(page, 'Change Streams: Watch Collection…');
    await pickQuickItem(page, STANDALONE);
    await pickQuickItem(page, 'shop');
    await pickQuickItem(page, 'orders');
    const banner = inspector().locator('[data-testid="state-banner"][data-state="failed"]');
    await banner.waitFor({ state: 'attached', timeout: 60_000 });
    await shot(page, '01-standalone-watch-failed');
    await inspector().locator('[data-testid="run-doctor"]').click();
    const report = await frameWithText(page, /Change-Stream Doctor: Standalone Sandbox/, 60_000);
    const text = await report.evaluate<string>('document.body.innerText');
    assert.match(text, /Your watch failed: the Topology check below explains why/i);
    assert.match(text, /fail · Topology/);
    assert.match(text, /40573/);
    assert.match(text, /--replSet rs0/);
    assert.match(text, /rs\.initiate\(/);
    await page.waitForTimeout(500);
    await shot(page, '02-doctor-report-standalone');
  });

  it('a one-click fix from the palette enables pre-images after confirming, and the same report refreshes in place', async () => {
    await runCommand(page, 'Change Streams: Apply a Doctor Fix…');
    await pickQuickItem(page, 'Enable pre- and post-images on shop.orders');
    assert.match(await modalText(page), /Enable changeStreamPreAndPostImages on shop\.orders\?/);
    await modalButton(page, 'Enable');
    const fixed = await frameWithText(page, /ok · Pre- and post-images/, 60_000);
    const text = await fixed.evaluate<string>('document.body.innerText');
    assert.match(text, /Change-Stream Doctor: Standalone Sandbox/);
    // One report tab per connection, no untitled document left to save.
    const tabs = await page.locator('.tabs-container .tab').allInnerTexts();
    assert.equal(tabs.filter((t) => /Doctor - Standalone Sandbox\.md/.test(t)).length, 1, tabs.join(' | '));
    assert.ok(!tabs.some((t) => /Untitled/.test(t)), tabs.join(' | '));
  });

  it('the doctor from the palette on a healthy replica set passes the topology check', async () => {
    await addConnectionFromPalette(page, replica.uri, REPLICA);
    await runCommand(page, 'Change Streams: Run Change-Stream Doctor');
    await pickQuickItem(page, REPLICA);
    const report = await frameWithText(page, /Change-Stream Doctor: Replica Sandbox/, 60_000);
    const text = await report.evaluate<string>('document.body.innerText');
    assert.match(text, /ok · Topology/);
    assert.doesNotMatch(text, /fail · Topology/);
    assert.match(text, /Oplog window/);
    await shot(page, '03-doctor-report-replica');
  });

  it('shows events per second, lag and the last batch under demo traffic', async () => {
    await runCommand(page, 'Change Streams: Watch Collection…');
    await pickQuickItem(page, REPLICA);
    await pickQuickItem(page, 'shop');
    await pickQuickItem(page, 'orders');
    await inspector()
      .locator('[data-testid="state-banner"][data-state="streaming"]')
      .waitFor({ state: 'attached', timeout: 60_000 });
    // The earlier tests' toasts (the standalone's error, the doctor's) would cover the list in the pictures.
    await runCommand(page, 'Notifications: Clear All Notifications');
    traffic = await startDemoTraffic(replica.uri, { ratePerSecond: 6 });
    await page.waitForTimeout(12_000);
    const chart = inspector().locator('[data-testid="insight"]');
    await chart.waitFor({ timeout: 30_000 });
    const bars = await chart
      .locator('rect.bar')
      .evaluateAll((rs) => rs.filter((r) => Number(r.getAttribute('height')) > 0).length);
    assert.ok(bars >= 5, `seconds with events on the chart: ${bars}`);
    assert.match(await chart.locator('[data-testid="lag"]').innerText(), /lag \d/);
    assert.match(await chart.locator('[data-testid="last-batch"]').innerText(), /\d\d:\d\d:\d\d/);
    await shot(page, '04-insight-chart-demo-traffic');
  });

  it('brushing a time range on the chart shows only those events, Clear shows all again', async () => {
    await traffic?.stop();
    traffic = undefined;
    await page.waitForTimeout(1500);
    const rows = inspector().locator('[data-testid="event-row"]');
    const all = Number(await rows.first().getAttribute('aria-setsize'));
    // Brush from the middle second with events to the last one: a part of them, wherever the
    // traffic's seconds sit in the chart's window (a slow machine shifts them).
    const bars = inspector().locator('[data-testid="insight"] rect.bar');
    const heights = await bars.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
    const busy = heights.flatMap((h, i) => (h > 0 ? [i] : []));
    assert.ok(busy.length >= 3, `seconds with events on the chart: ${busy.length}`);
    const from = (await bars.nth(busy[Math.floor(busy.length / 2)]).boundingBox())!;
    const to = (await bars.nth(busy[busy.length - 1]).boundingBox())!;
    const y = from.y + from.height / 2;
    await page.mouse.move(from.x + from.width / 2, y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, y, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, y, { steps: 5 });
    await page.mouse.up();
    const range = inspector().locator('[data-testid="insight-range"]');
    await range.waitFor({ timeout: 15_000 });
    const n = Number(/(\d+) events?/.exec(await range.innerText())?.[1]);
    assert.ok(n > 0 && n < all, `a part of the ${all} events: ${n}`);
    const shown = async () =>
      (await rows.count()) === 0 ? 0 : Number(await rows.first().getAttribute('aria-setsize'));
    for (const end = Date.now() + 15_000; Date.now() < end && (await shown()) !== n;) await page.waitForTimeout(200);
    assert.equal(await shown(), n, 'the list shows the events of the range');
    await shot(page, '05-insight-brushed');
    await range.locator('[data-testid="insight-range-clear"]').click();
    for (const end = Date.now() + 15_000; Date.now() < end && (await shown()) < all;) await page.waitForTimeout(200);
    assert.ok((await shown()) >= all, 'every event again');
  });

  it('shows a transaction’s events as one bracketed run with the commit’s cluster time', async () => {
    const orders = client.db('shop').collection('orders');
    const session = client.startSession();
    try {
      await session.withTransaction(async () => {
        await orders.insertOne({ _id: 'txn-a' as never, status: 'new', total: 10 }, { session });
        await orders.insertOne({ _id: 'txn-b' as never, status: 'new', total: 20 }, { session });
        await orders.updateOne({ _id: 'txn-a' as never }, { $set: { status: 'paid' } }, { session });
      });
    } finally {
      await session.endSession();
    }
    const badge = inspector().locator('[data-testid="txn-badge"]').first();
    await badge.waitFor({ timeout: 30_000 });
    assert.equal((await badge.innerText()).trim(), 'txn ×3');
    assert.match(String(await badge.getAttribute('title')), /committed at clusterTime \d+:\d+/);
    const run = await inspector()
      .locator('[data-testid="event-row"][data-txn]')
      .evaluateAll((rs) => rs.map((r) => (r as HTMLElement).dataset.op));
    assert.deepEqual(run, ['insert', 'insert', 'update']);
    await shot(page, '06-transaction-grouped');
  });
});
