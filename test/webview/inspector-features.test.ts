// The inspector's list and layout features in Chromium under the panel's CSP: paging from the host past
// the snapshot, auto-scroll at the row cap, the operation filter, newest-first, resizable columns and
// split kept in the view state, copy formats, expand/collapse all, dates, a lazy chunk, and no overlap
// at three window sizes (screenshots in test-results/webview/).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  box,
  fake,
  launchInspector,
  ROWS,
  savedState,
  shot,
  until,
  visibleSeqs,
  type InspectorBrowser,
} from './chromium-page';

const LIST = '[data-testid="event-scroller"]';
const DETAILS = '[data-testid="event-details"]';
const posted = (page: Page, method: string) =>
  fake(page, `posted.filter((m) => m.method === ${JSON.stringify(method)}).map((m) => m.params)`) as Promise<
    Record<string, unknown>[]
  >;

describe('inspector webview features (Chromium, fake host, panel CSP)', function () {
  this.timeout(90_000);
  let ib: InspectorBrowser;

  before(async () => {
    ib = await launchInspector();
  });
  after(async () => ib?.close());
  afterEach(() => ib.checkPages());

  it('loads the options form as a lazy chunk, under the nonce CSP, only when the options open', async () => {
    const page = await ib.open('?initial=3&hostileEvery=0');
    const chunks: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/dist/chunks/')) chunks.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    assert.equal(await page.evaluate(`!!customElements.get('csi-options-form')`), false, 'not loaded at start');
    await page.locator('[data-testid="options"]').click();
    await page.locator('[data-testid="options-form"] #batchSize').waitFor();
    assert.equal(await page.evaluate(`!!customElements.get('csi-options-form')`), true);
    assert.ok(
      chunks.some((c) => /^200 \/dist\/chunks\/options-form-\w+\.js$/.test(c)),
      `the chunk was fetched: ${chunks.join(', ')}`,
    );
    await page.close();
  });

  it('pages rows in from the host past the snapshot, for a log larger than the old 10,000-row ceiling', async () => {
    const page = await ib.open('?initial=12000&hostileEvery=0');
    assert.equal(await page.locator(ROWS).first().getAttribute('aria-setsize'), '12002');
    await page.locator(`${ROWS}[data-seq="12002"]`).click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Home');
    await page.locator(`${ROWS}[data-seq="1"][data-op]`).waitFor();
    const asked = await posted(page, 'getSummaries');
    assert.ok(
      asked.some((p) => p.fromSeq === 1 && Number(p.count) <= 1000),
      `asked the host for the first page: ${JSON.stringify(asked)}`,
    );
    assert.match(await page.locator(`${ROWS}[data-seq="1"]`).innerText(), /update/);
    // The middle of the log, never sent in the snapshot, pages in too.
    await page.keyboard.press('PageDown');
    for (let i = 0; i < 6; i++) await page.keyboard.press('PageDown');
    const seq = Number(await page.locator(`${ROWS}[aria-selected="true"]`).getAttribute('data-seq'));
    assert.ok(seq > 100 && seq < 7000, `moved into rows the snapshot did not carry: ${seq}`);
    await page.locator(`${ROWS}[data-seq="${seq}"][data-op]`).waitFor();
    await page.close();
  });

  it('stops following at the row cap when the person scrolls up, and appends do not snap it back', async () => {
    const page = await ib.open('?initial=400&cap=300&hostileEvery=0');
    await fake(page, 'append(10)');
    await page.locator(`${ROWS}[data-seq="412"]`).waitFor();
    await page.locator(LIST).hover();
    await page.mouse.wheel(0, -300);
    await page.locator('[data-testid="jump-latest"]').waitFor();
    const before = await visibleSeqs(page);
    for (let i = 0; i < 5; i++) {
      await fake(page, 'append(3)');
      await page.waitForTimeout(80);
    }
    const after = await visibleSeqs(page);
    assert.ok(!after.includes(427), 'the newest row did not come into view');
    assert.equal(after[1], before[1], 'the rows the person was reading stayed in place');
    await page.close();
  });

  it('filters the rows by the operation chips and clears the filter with Show all', async () => {
    const page = await ib.open('?initial=60&hostileEvery=0');
    const chip = page.locator('[data-testid="op-counts"] button[data-op="delete"]');
    assert.equal(await chip.getAttribute('aria-pressed'), 'false');
    await chip.click();
    await page.waitForTimeout(100);
    const ops = await page.locator(ROWS).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.op));
    assert.ok(ops.length > 0 && ops.every((op) => op === 'delete'), `only deletes: ${ops.join(',')}`);
    assert.equal(await chip.getAttribute('aria-pressed'), 'true');
    await fake(page, `append(2, 0, 'insert')`);
    await fake(page, `append(1, 0, 'delete')`);
    await page.waitForTimeout(150);
    const after = await page.locator(ROWS).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.op));
    assert.ok(
      after.every((op) => op === 'delete') && after.length === ops.length + 1,
      'a new delete joined, inserts did not',
    );
    assert.deepEqual((await savedState(page)).opFilter, ['delete']);
    await shot(page, '10-op-filter');
    await page.locator('[data-testid="show-all"]').click();
    await page.waitForTimeout(150);
    const all = await page.locator(ROWS).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.op));
    assert.ok(new Set(all).size > 2, 'every operation again');
    await page.close();
  });

  it('shows the newest event first when asked, and new events arrive at the top', async () => {
    const page = await ib.open('?initial=50&hostileEvery=0');
    await page.locator('[data-testid="order"]').click();
    await page.waitForTimeout(100);
    assert.equal((await visibleSeqs(page))[0], 52);
    await fake(page, 'append(2)');
    await page.waitForTimeout(150);
    assert.deepEqual((await visibleSeqs(page)).slice(0, 3), [54, 53, 52]);
    assert.equal((await savedState(page)).newestFirst, true);
    await page.close();
  });

  it('resizes columns and the list/details split, keeps both in the view state and restores them after a reload', async () => {
    const page = await ib.open('?initial=30&hostileEvery=0');
    const header = page.locator('[data-testid="list-header"] .head-cell').nth(2);
    const nsBefore = (await box(header)).width;
    await page.locator('[data-testid="resize-2"]').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(100);
    const nsAfter = (await box(header)).width;
    assert.ok(Math.abs(nsAfter - (nsBefore + 64)) <= 2, `namespace column grew by 64px: ${nsBefore} → ${nsAfter}`);
    await page.locator(`${ROWS}[data-seq="30"]`).click();
    await page.locator(DETAILS).getByText('operationType').waitFor();
    const listBefore = (await box(page.locator(LIST))).height;
    await page.locator('[data-testid="split-sash"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(300);
    const listAfter = (await box(page.locator(LIST))).height;
    assert.ok(listAfter > listBefore + 20, `the list grew: ${listBefore} → ${listAfter}`);
    const saved = await savedState(page);
    assert.equal(saved.splitPercent, 60);
    assert.equal((saved.columns as number[]).length, 4);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator(DETAILS).getByText('operationType').waitFor();
    assert.ok(Math.abs((await box(header)).width - nsAfter) <= 2, 'column width restored');
    assert.ok(Math.abs((await box(page.locator(LIST))).height - listAfter) <= 2, 'split restored');
    await page.close();
  });

  it('fits the document key to its text, keeps the columns inside the row, and a double-click on a separator fits them again', async () => {
    const page = await ib.open('?initial=30&hostileEvery=0', { width: 1280, height: 800 });
    const cut = () =>
      page.evaluate(`(() => {
        const list = document.querySelector('csi-inspector').shadowRoot.querySelector('csi-event-list').shadowRoot;
        const right = list.querySelector('[data-testid="event-scroller"]').getBoundingClientRect().right;
        return Array.from(list.querySelectorAll('[data-testid="event-row"]')).flatMap((row) => {
          const key = row.querySelector('.key');
          const last = row.querySelector('.changed').getBoundingClientRect().right;
          return key.scrollWidth > key.clientWidth || last > right + 0.5 ? [key.textContent] : [];
        });
      })()`) as Promise<string[]>;
    await page.locator(`${ROWS}[data-seq="5"]`).waitFor();
    assert.deepEqual(await cut(), [], 'keys cut or columns past the row at 1280 px');
    const keyHead = page.locator('[data-testid="list-header"] .head-cell').nth(3);
    const fitted = (await box(keyHead)).width;
    await page.locator('[data-testid="resize-3"]').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await page.waitForTimeout(400);
    assert.ok((await box(keyHead)).width < fitted - 40, 'the key column narrowed by the keyboard');
    assert.equal(((await savedState(page)).columns as number[]).length, 4, 'the widths are kept in the view state');
    await page.locator('[data-testid="resize-3"]').dblclick();
    await page.waitForTimeout(300);
    assert.ok(Math.abs((await box(keyHead)).width - fitted) <= 1, 'a double-click gives back the fitted width');
    assert.equal((await savedState(page)).columns, undefined, 'and forgets the saved widths');
    assert.deepEqual(await cut(), []);
    await page.close();
  });

  it('copies the event in the chosen format and expands or collapses the whole tree', async () => {
    const page = await ib.open('?initial=6&hostileEvery=0');
    await page.locator(`${ROWS}[data-seq="5"]`).click();
    const details = page.locator(DETAILS);
    await details.getByText("Decimal128('5.99')").waitFor();
    const key = await details.locator('[data-testid="details-key"]').innerText();
    assert.match(key, /^_id: ObjectId\('6740[0-9a-f]{20}'\)$/, 'the key in the shared mongosh rendering');
    const items = () => details.locator('[role="treeitem"]').count();
    const shown = await items();
    await details.locator('[data-testid="expand-all"]').click();
    await page.waitForTimeout(100);
    assert.ok((await items()) > shown, 'expand all opens nested nodes');
    await details.getByText('deep').waitFor();
    await details.locator('[data-testid="collapse-all"]').click();
    await page.waitForTimeout(100);
    assert.equal(
      await details.locator('[role="treeitem"][aria-level="2"]').count(),
      0,
      'collapse all leaves the top level',
    );
    const copies: string[] = [];
    for (const label of ['Canonical EJSON', 'Relaxed EJSON', 'Shell']) {
      await details.locator('[data-testid="copy-format"]').click();
      await details.locator('[data-testid="copy-format"]').getByRole('option', { name: label }).click();
      await details.locator('[data-testid="copy-event"]').click();
      await until(page, `window.fakeHost.posted.filter((m) => m.method === 'copy').length >= ${copies.length + 1}`);
      copies.push(String((await posted(page, 'copy')).at(-1)?.text));
    }
    await shot(page, '11-copy-formats');
    const [canonical, relaxed, shell] = copies;
    assert.deepEqual(JSON.parse(canonical).wallTime, {
      $date: { $numberLong: String(Date.UTC(2026, 10, 22, 6, 0, 0) + 5 * 137) },
    });
    assert.deepEqual(JSON.parse(relaxed).wallTime, { $date: '2026-11-22T06:00:00.685Z' });
    assert.equal(JSON.parse(relaxed).fullDocument.qty, 5);
    assert.match(shell, /wallTime: ISODate\('2026-11-22T06:00:00\.685Z'\)/);
    assert.match(shell, /views: Long\('9007199254740998'\)/);
    // The view state is saved on a 200 ms throttle: wait for the save, then check what it holds.
    await until(page, `JSON.parse(sessionStorage.getItem('csi-harness-state') ?? '{}').copyFormat === 'shell'`);
    assert.equal((await savedState(page)).copyFormat, 'shell');
    await page.close();
  });

  it("shows the date in the time column for events that are not from today, the clock time for today's", async () => {
    const old = await ib.open('?initial=3&hostileEvery=0');
    assert.match(await old.locator(`${ROWS} .time`).first().innerText(), /^2026-11-22 \d\d:\d\d:\d\d\.\d{3}$/);
    await old.close();
    const today = await ib.open('?initial=3&hostileEvery=0&today=1');
    assert.match(await today.locator(`${ROWS} .time`).first().innerText(), /^\d\d:\d\d:\d\d\.\d{3}$/);
    await today.close();
  });

  for (const size of [
    { width: 800, height: 500 },
    { width: 1280, height: 800 },
    { width: 1920, height: 1080 },
  ]) {
    it(`lays out list, header and details without overlap at ${size.width}×${size.height}`, async () => {
      const page = await ib.open('?initial=80&hostileEvery=0', size);
      await page.locator(`${ROWS}[data-seq="80"]`).click();
      await page.locator(DETAILS).getByText('operationType').waitFor();
      await page.waitForTimeout(200);
      await shot(page, `12-layout-${size.width}x${size.height}`);
      const list = await box(page.locator(LIST));
      const details = await box(page.locator(DETAILS));
      const side = details.x >= list.x + list.width - 1;
      assert.ok(side || details.y >= list.y + list.height - 1, 'details below or beside the list, never over it');
      assert.equal(side, size.width >= 1200 && size.width / size.height >= 16 / 9, 'side split only on wide panels');
      for (const id of ['copy-event', 'copy-token', 'expand-all', 'collapse-all', 'close-details']) {
        const b = await box(page.locator(`${DETAILS} [data-testid="${id}"]`));
        assert.ok(b.x >= details.x && b.x + b.width <= details.x + details.width + 1, `${id} inside the pane`);
        assert.ok(b.y >= details.y && b.y + b.height <= details.y + details.height, `${id} not cut`);
      }
      const key = await box(page.locator(`${DETAILS} [data-testid="details-key"]`));
      const copy = await box(page.locator(`${DETAILS} [data-testid="copy-format"]`));
      assert.ok(key.x + key.width <= copy.x || key.y + key.height <= copy.y, 'the key never runs under the buttons');
      const toolbar = await box(page.locator('[data-testid="options"]'));
      assert.ok(toolbar.x + toolbar.width <= size.width, 'the toolbar fits');
      await page.close();
    });
  }
});
