// A 10 MB document in the details pane (real bundle, Chromium, panel CSP): the tree shows a short
// preview of the huge value and pages the rest in on request, big arrays page their items, so the pane
// stays small in the DOM. Prints the time from click to the rendered tree (a figure, not a limit).
import assert from 'node:assert/strict';
import { EJSON } from 'bson';
import { summarizeChange } from '../../src/core/events/summary';
import type { EventDetail } from '../../src/shared/protocol';
import { fake, launchInspector, ROWS, shot, until, type InspectorBrowser } from './chromium-page';

const DETAILS = '[data-testid="event-details"]';
const TEN_MB = 10 * 1024 * 1024;

function bigInsert(): EventDetail {
  const change = {
    _id: { _data: '826600000001' },
    operationType: 'insert',
    wallTime: new Date(Date.UTC(2026, 10, 22, 6)),
    ns: { db: 'shop', coll: 'blobs' },
    documentKey: { _id: 1 },
    fullDocument: {
      _id: 1,
      big: `START${'x'.repeat(TEN_MB - 8)}END`,
      items: Array.from({ length: 5000 }, (_, i) => ({ i })),
    },
  };
  const ejson = EJSON.stringify(change, { relaxed: false });
  return {
    summary: summarizeChange(change, 0, Buffer.byteLength(ejson), Date.now()),
    ejson: JSON.stringify(JSON.parse(ejson), null, 2),
    token: JSON.stringify(change._id),
  };
}

/** Characters of text in the details pane's DOM, shadow roots included. */
const detailsChars = `(() => {
  let n = 0;
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) n += node.textContent.length;
    const kids = node instanceof Element && node.shadowRoot ? [node.shadowRoot, ...node.childNodes] : [...node.childNodes];
    kids.forEach(walk);
  };
  walk(document.querySelector('csi-inspector').shadowRoot.querySelector('${DETAILS}'));
  return n;
})()`;

describe('a 10 MB event in the details pane (Chromium, real bundle)', function () {
  this.timeout(180_000);
  let ib: InspectorBrowser;

  before(async () => {
    ib = await launchInspector();
  });
  after(async () => ib?.close());
  afterEach(() => ib.checkPages());

  it('shows a truncated preview and pages the value in on request, without putting 10 MB in the DOM', async () => {
    const page = await ib.open('?initial=0&hostileEvery=0', { width: 1400, height: 800 });
    await fake(page, `load(${JSON.stringify([bigInsert()])})`);
    const row = page.locator(`${ROWS}[data-seq="3"]`);
    await row.waitFor();
    const t0 = Date.now();
    await row.click();
    const more = page.locator(`${DETAILS} [data-testid="show-more-text"]`);
    await more.waitFor({ timeout: 60_000 });
    const ms = Date.now() - t0;
    console.log(`      10 MB event: click → tree with preview in ${ms} ms (machine under shared load)`);
    const before = Number(await page.evaluate(detailsChars));
    assert.ok(before < 60_000, `the pane holds ${before} characters, not 10 MB`);
    assert.match(await more.innerText(), /Show 100,000 more of 10,48\d,\d{3} characters/);
    // The 5,000-item array (open at the second level) pages its children too, 200 at a time.
    await page.locator(`${DETAILS} .more`, { hasText: 'Show 200 more of 4800' }).waitFor();
    await more.click();
    await until(page, `${detailsChars} > ${before + 90_000}`, 20_000);
    const after = Number(await page.evaluate(detailsChars));
    assert.ok(after < before + 200_000, `one page more, not the whole value: ${after}`);
    assert.match(await more.innerText(), /Show 100,000 more of 10,3\d\d,\d{3} characters/);
    await shot(page, 'large-event');
    await page.close();
  });
});
