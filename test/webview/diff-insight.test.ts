// The diff section, the image status line, the options' one-line explanations, the insight chart's
// brush (a time range → the list shows those events, paged from the host) and transaction rows, in
// Chromium under the panel's CSP, against the fake host (which computes diffs with the core's own
// diff room). Screenshots in test-results/webview/.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { EventDetail } from '../../src/shared/protocol';
import { fake, launchInspector, ROWS, shot, until, type InspectorBrowser } from './chromium-page';
import { fakeDiff } from './diff-fixture';

const DIFF = '[data-testid="event-diff"]';
const posted = (page: Page, method: string) =>
  fake(page, `posted.filter((m) => m.method === ${JSON.stringify(method)}).map((m) => m.params ?? {})`) as Promise<
    Record<string, unknown>[]
  >;
/** Gives the fake host the diff the real host code computes for that event. */
async function provideDiff(page: Page, seq: number, withImages: boolean): Promise<void> {
  const e = (await fake(page, `event(${seq})`)) as EventDetail;
  const diff = fakeDiff(e.summary, e.ejson, withImages);
  await fake(page, `setDiff(${seq}, ${JSON.stringify(diff)})`);
}

describe('diff, image status and insight in the inspector webview (Chromium, fake host)', function () {
  this.timeout(90_000);
  let ib: InspectorBrowser;

  before(async () => {
    ib = await launchInspector();
  });
  after(async () => ib?.close());
  afterEach(() => ib.checkPages());

  it('shows the field-by-field diff of an update with images: paths, old → new, unchanged folded, values as text', async () => {
    const page = await ib.open('?initial=12&hostileEvery=0&images=1&pre=whenAvailable', { width: 1000, height: 760 });
    await provideDiff(page, 8, true);
    await page.locator(`${ROWS}[data-seq="8"]`).click(); // 8 % 7 = 1: an update
    const diff = page.locator(DIFF);
    await diff.waitFor();
    const entries = diff.locator('[data-testid="diff-entries"] li');
    const kinds = await entries.evaluateAll((els) =>
      els.map((e) => `${(e as HTMLElement).dataset.kind} ${(e as HTMLElement).dataset.path}`),
    );
    // seq 8 sets status and items.2.qty, unsets note (fake-events' updateDescription).
    assert.deepEqual(kinds.sort(), ['changed items.2.qty', 'changed status', 'removed note'].sort());
    const status = diff.locator('li[data-path="status"]');
    assert.match(await status.innerText(), /'new'\s*→\s*'paid'/);
    const note = await diff.locator('li[data-path="note"]').innerText();
    assert.ok(note.includes('<img src=x onerror=alert(9)>'), `the removed value is shown as text: ${note}`);
    assert.equal(await diff.locator('img').count(), 0);
    // Unchanged fields are folded, one click away.
    const toggle = diff.locator('[data-testid="diff-toggle-unchanged"]');
    assert.match(await toggle.innerText(), /Show \d+ unchanged fields?/);
    await toggle.click();
    await diff.locator('li[data-kind="unchanged"][data-path="price"]').waitFor();
    await shot(page, 'diff-01-images');
    await toggle.click();
    assert.equal(await diff.locator('li[data-kind="unchanged"]').count(), 0, 'folded again');
    // The editor buttons ask the host for VS Code's diff editor on this event.
    await diff.locator('[data-testid="diff-open-editor"]').click();
    await until(page, `window.fakeHost.posted.some((m) => m.method === 'openDiffInEditor')`);
    assert.deepEqual(await posted(page, 'openDiffInEditor'), [{ seq: 8, against: 'images' }]);
    await page.close();
  });

  it('without images shows what the update says, why images are missing, and offers to ask for them', async () => {
    const page = await ib.open('?initial=12&hostileEvery=0');
    await provideDiff(page, 8, false);
    await page.locator(`${ROWS}[data-seq="8"]`).click();
    const diff = page.locator(DIFF);
    await diff.locator('[data-testid="diff-update"]').waitFor();
    const paths = await diff
      .locator('[data-testid="diff-update"] li')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.path));
    assert.deepEqual([...paths].sort(), ['items.2.qty', 'note', 'status']);
    assert.match(await diff.locator('[data-testid="diff-missing"]').innerText(), /fullDocumentBeforeChange/);
    await shot(page, 'diff-02-no-images');
    await diff.locator('[data-testid="diff-enable-images"]').click();
    await until(page, `window.fakeHost.posted.some((m) => m.method === 'setOptions')`);
    const [asked] = await posted(page, 'setOptions');
    const options = asked!.options as Record<string, unknown>;
    assert.equal(options.fullDocument, 'whenAvailable');
    assert.equal(options.fullDocumentBeforeChange, 'whenAvailable');
    await page.close();
  });

  it('says whether the collection records images and what the watch asks for, and enables them on request', async () => {
    const page = await ib.open('?initial=5&hostileEvery=0&pre=whenAvailable');
    const line = page.locator('[data-testid="image-status"]');
    await line.waitFor();
    assert.equal(await line.getAttribute('data-recording'), 'off');
    const text = await line.innerText();
    assert.match(text, /Pre\/post-images: off for shop\.orders/);
    assert.match(text, /asks for pre-image whenAvailable/);
    assert.match(text, /records none/, 'the mismatch is said');
    await shot(page, 'diff-03-image-status-off');
    await line.locator('[data-testid="image-enable"]').click();
    await page.locator('[data-testid="image-status"][data-recording="on"]').waitFor();
    assert.deepEqual(await posted(page, 'setImageRecording'), [{ enabled: true }]);
    assert.ok(await line.locator('[data-testid="image-disable"]').isVisible());
    await page.close();
  });

  it('explains each image option in one line under its field in the options form', async () => {
    const page = await ib.open('?initial=3&hostileEvery=0');
    await page.locator('[data-testid="options"]').click();
    const post = page.locator('[data-testid="hint-fullDocument"]');
    await post.waitFor();
    assert.match(await post.innerText(), /current document|as it is when read/i, 'updateLookup explained');
    const pre = await page.locator('[data-testid="hint-fullDocumentBeforeChange"]').innerText();
    assert.match(pre, /no pre-image/i);
    assert.match(pre, /changeStreamPreAndPostImages/);
    await shot(page, 'diff-04-options-hints');
    await page.close();
  });

  it('tells the host which event is selected (the palette diff commands act on it)', async () => {
    const page = await ib.open('?initial=5&hostileEvery=0');
    await page.locator(`${ROWS}[data-seq="2"]`).click();
    await until(page, `window.fakeHost.posted.some((m) => m.method === 'selectionChanged' && m.params.seq === 2)`);
    await page.close();
  });

  it('brushing a time range on the chart shows only those events, paged from the host, and Clear shows all', async () => {
    // 60 events one second apart, the newest now: the chart's last minute holds all of them.
    const page = await ib.open('?initial=58&hostileEvery=0&spread=1000', { width: 1000, height: 640 });
    const chart = page.locator('csi-insight-chart svg');
    await chart.waitFor();
    const before = Number(await page.locator(ROWS).first().getAttribute('aria-setsize'));
    assert.equal(before, 60);
    const b = (await chart.boundingBox())!;
    // Drag across the middle third of the 60 one-second bars.
    await page.mouse.move(b.x + b.width * 0.4, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width * 0.5, b.y + b.height / 2, { steps: 4 });
    await page.mouse.move(b.x + b.width * 0.6, b.y + b.height / 2, { steps: 4 });
    await page.mouse.up();
    const range = page.locator('[data-testid="insight-range"]');
    await range.waitFor();
    const [asked] = await posted(page, 'eventsInTimeRange');
    assert.ok(asked && Number(asked.to) > Number(asked.from), `asked the host for a range: ${JSON.stringify(asked)}`);
    const n = Number(/(\d+) events?/.exec(await range.innerText())?.[1]);
    assert.ok(n >= 8 && n <= 16, `about a third of a minute of one-per-second events: ${n}`);
    await until(
      page,
      `document.querySelector('csi-inspector').shadowRoot.querySelector('csi-event-list').shadowRoot.querySelector('[data-testid="event-row"]')?.getAttribute('aria-setsize') === '${n}'`,
    );
    // Every row shown is an event of the brushed time range.
    const from = Number(asked!.from);
    const to = Number(asked!.to);
    const seqs = await page
      .locator(`${ROWS}[data-op]`)
      .evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.seq)));
    assert.equal(seqs.length, n);
    for (const seq of seqs) {
      const at = Date.parse(((await fake(page, `event(${seq})`)) as EventDetail).summary.time);
      assert.ok(at >= from && at < to, `row ${seq} at ${at} is outside ${from}..${to}`);
    }
    await shot(page, 'insight-01-brushed');
    await range.locator('[data-testid="insight-range-clear"]').click();
    await until(
      page,
      `document.querySelector('csi-inspector').shadowRoot.querySelector('csi-event-list').shadowRoot.querySelector('[data-testid="event-row"]')?.getAttribute('aria-setsize') === '60'`,
    );
    await page.close();
  });

  it('marks a transaction as one bracketed run of rows with a badge counting its events', async () => {
    const page = await ib.open('?initial=12&hostileEvery=0&txn=4-7');
    const run = page.locator(`${ROWS}[data-txn]`);
    await run.first().waitFor();
    assert.deepEqual(
      await run.evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.seq))),
      [4, 5, 6, 7],
    );
    const badge = page.locator(`${ROWS}[data-seq="4"] [data-testid="txn-badge"]`);
    assert.equal((await badge.innerText()).trim(), 'txn ×4');
    assert.match(
      String(await badge.getAttribute('title')),
      /txnNumber 4 · 4 events in this run · committed at clusterTime/,
    );
    assert.equal(await page.locator(`${ROWS}[data-testid="txn-badge"]`).count(), 0);
    assert.ok((await page.locator(`${ROWS}[data-seq="7"]`).getAttribute('class'))!.includes('txn-last'));
    assert.ok(!(await page.locator(`${ROWS}[data-seq="8"]`).getAttribute('class'))!.includes('in-txn'));
    await shot(page, 'insight-02-transaction');
    await page.close();
  });
});
