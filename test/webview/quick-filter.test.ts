// The quick filter in Chromium under the panel's CSP, against the fake host that runs the real matcher:
// the list pages through the matches of the host's whole log (not only rows the webview holds), shows
// "N of M", takes new matches live, shows a bad clause inline while the last good filter stays, the op
// chips are its operation types, Escape clears, Ctrl+F focuses. Screenshots in test-results/quickfilter/.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { fake, launchInspector, ROWS, savedState, until, type InspectorBrowser } from './chromium-page';
import { makeEvent } from './fake-events';

const SHOTS = resolve(__dirname, '../../test-results/quickfilter');
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
const INPUT = '[data-testid="quick-filter-input"]';
const COUNT = '[data-testid="quick-count"]';
const posted = (page: Page, method: string) =>
  fake(page, `posted.filter((m) => m.method === ${JSON.stringify(method)}).map((m) => m.params)`) as Promise<
    Record<string, unknown>[]
  >;

/** Seqs from..to whose fake event has fullDocument.qty > 5 (the fake's rule, read from its events). */
function qtyOver5(from: number, to: number): number[] {
  const out: number[] = [];
  for (let seq = from; seq <= to; seq++) {
    const doc = JSON.parse(makeEvent(seq, 0).ejson) as { fullDocument?: { qty: { $numberInt: string } } };
    if (doc.fullDocument && Number(doc.fullDocument.qty.$numberInt) > 5) out.push(seq);
  }
  return out;
}
const setSize = async (page: Page) => Number(await page.locator(ROWS).first().getAttribute('aria-setsize'));
const ops = (page: Page) =>
  page.locator(ROWS).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.op)) as Promise<string[]>;

describe('quick filter (Chromium, fake host running the real matcher)', function () {
  this.timeout(90_000);
  let ib: InspectorBrowser;

  before(async () => {
    ib = await launchInspector();
  });
  after(async () => ib?.close());
  afterEach(() => ib.checkPages());

  it('pages through the matches of the whole log, shows N of M, takes new matches live and clears with Escape', async () => {
    const page = await ib.open('?initial=12000&hostileEvery=0');
    const want = qtyOver5(1, 12_000);
    await page.locator(INPUT).fill('fullDocument.qty > 5');
    await until(
      page,
      `document.querySelector('csi-inspector').shadowRoot.querySelector('csi-quick-filter').shadowRoot.querySelector('[data-testid="quick-count"]') !== null`,
    );
    assert.equal(await page.locator(COUNT).innerText(), `${want.length.toLocaleString('en-US')} of 12,002`);
    assert.equal(await setSize(page), want.length);
    const seqs = (await page
      .locator(ROWS)
      .evaluateAll((r) => r.map((x) => Number((x as HTMLElement).dataset.seq)))) as number[];
    assert.ok(seqs.length > 0 && seqs.every((s) => want.includes(s)), `only matches: ${seqs.join(',')}`);
    // Far older than the 5,000 summaries of the snapshot: paged in from the host's matches.
    await page.locator(ROWS).first().click();
    await page.keyboard.press('Home');
    await page.locator(`${ROWS}[data-seq="${want[0]}"]`).waitFor();
    assert.ok(want.length > 1000, `more matches (${want.length}) than the first answer carries`);
    const asked = await posted(page, 'getMatches');
    assert.ok(asked.length > 0 && asked.every((p) => (p.count as number) <= 1000), 'asked in protocol-sized pages');
    await shot(page, '01-field-clause');

    await page.keyboard.press('End');
    await fake(page, 'append(40)');
    const more = qtyOver5(12_003, 12_042);
    await until(page, `window.fakeHost.lastSeq() === 12042`);
    await page.waitForTimeout(200);
    assert.equal(await setSize(page), want.length + more.length, 'new matches joined the list');
    assert.equal(
      await page.locator(COUNT).innerText(),
      `${(want.length + more.length).toLocaleString('en-US')} of 12,042`,
    );
    assert.equal((await savedState(page)).quickText, 'fullDocument.qty > 5');

    await page.locator(INPUT).press('Escape');
    await page.waitForTimeout(250);
    assert.equal(await page.locator(COUNT).count(), 0);
    assert.equal(await setSize(page), 12_042, 'every event again');
    assert.equal(await page.locator(INPUT).inputValue(), '');
    await page.close();
  });

  it('shows a broken clause inline with its column while the last good filter keeps the list', async () => {
    const page = await ib.open('?initial=200&hostileEvery=0');
    await page.locator(INPUT).fill('customers');
    await page.locator(COUNT).waitFor();
    const good = await page.locator(COUNT).innerText();
    await page.locator(INPUT).fill('customers fullDocument.qty >');
    const error = page.locator('[data-testid="quick-filter-error"]');
    await error.waitFor();
    const text = await error.innerText();
    assert.match(text, /needs a value/);
    assert.match(text, /column 11/);
    assert.equal(await page.locator(INPUT).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator(COUNT).innerText(), good, 'the list still shows the last filter that worked');
    await shot(page, '02-parse-error');
    await page.locator(INPUT).fill('customers fullDocument.qty > 3');
    await until(
      page,
      `!document.querySelector('csi-inspector').shadowRoot.querySelector('csi-quick-filter').shadowRoot.querySelector('[data-testid="quick-filter-error"]')`,
    );
    const rows = await page.locator(ROWS).evaluateAll((r) => r.map((x) => x.textContent ?? ''));
    assert.ok(rows.length > 0 && rows.every((t) => t.includes('shop.customers')), 'only customers rows');
    await page.close();
  });

  it('the op count chips are toggles of the quick filter, combined with the text, and Ctrl+F focuses the box', async () => {
    const page = await ib.open('?initial=300&hostileEvery=0');
    const chip = page.locator('[data-testid="op-counts"] button[data-op="delete"]');
    assert.equal(await chip.getAttribute('aria-pressed'), 'false');
    await chip.click();
    await page.locator(COUNT).waitFor();
    assert.equal(await chip.getAttribute('aria-pressed'), 'true');
    const deletes = Array.from({ length: 300 }, (_, i) => i + 1).filter((s) => makeEvent(s, 0).summary.op === 'delete');
    assert.equal(await setSize(page), deletes.length, 'every delete of the log');
    assert.ok((await ops(page)).every((op) => op === 'delete'));
    const sent = (await posted(page, 'setQuickFilter')).at(-1);
    assert.deepEqual(sent, { text: '', ops: ['delete'] });

    await page.locator(ROWS).first().click();
    await page.keyboard.press('Control+f');
    assert.equal(await page.locator(INPUT).evaluate((el) => el.matches(':focus')), true, 'Ctrl+F focused the box');
    await page.keyboard.type('customers');
    await until(
      page,
      `window.fakeHost.posted.some((m) => m.method === 'setQuickFilter' && m.params.text === 'customers')`,
    );
    await page.waitForTimeout(200);
    const both = deletes.filter((s) => makeEvent(s, 0).summary.ns === 'shop.customers');
    assert.equal(await setSize(page), both.length, 'deletes in customers');
    await shot(page, '03-chip-and-text');

    await page.locator('[data-testid="quick-filter-clear"]').click();
    await page.waitForTimeout(250);
    assert.equal(await chip.getAttribute('aria-pressed'), 'false', 'clear releases the chips too');
    assert.equal(await setSize(page), 302);
    await page.close();
  });
});
