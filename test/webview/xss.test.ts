// The XSS corpus (test/fixtures/xss.ts) through the real inspector bundle in Chromium under the panel
// CSP: every payload as a value, a key, a document key, a database and collection name, a changed field
// and status text (where server errors echo pipeline text). Each must show as its own text, create no
// element, fire no CSP violation or dialog, and leave window.__pwned unset.
import assert from 'node:assert/strict';
import { EJSON, Timestamp } from 'bson';
import type { Page } from 'playwright-core';
import { summarizeChange } from '../../src/core/events/summary';
import { quote } from '../../src/shared/bsonText';
import type { EventDetail } from '../../src/shared/protocol';
import { XSS_NAMES, XSS_PAYLOADS } from '../fixtures/xss';
import { fake, launchInspector, ROWS, shot, until, type InspectorBrowser } from './chromium-page';

const DETAILS = '[data-testid="event-details"]';

/** One change event carrying `p` everywhere content can go, shaped as the driver delivers it. */
function hostileEvent(p: string, name: string, i: number): EventDetail {
  const update = i % 2 === 1;
  const change: Record<string, unknown> = {
    _id: { _data: `8266${(1000 + i).toString(16).padStart(8, '0')}2B042C0100296E5A1004` },
    operationType: update ? 'update' : 'insert',
    clusterTime: new Timestamp({ t: 1_764_000_000 + i, i: 1 }),
    wallTime: new Date(1_764_000_000_000 + i * 1000),
    ns: { db: name, coll: name },
    documentKey: { _id: p },
  };
  if (update) change.updateDescription = { updatedFields: { [p]: p }, removedFields: [p], truncatedArrays: [] };
  else change.fullDocument = { _id: p, [p]: p, nested: { [p]: [p, { label: p }] } };
  const ejson = EJSON.stringify(change, { relaxed: false });
  const summary = summarizeChange(change, 0, Buffer.byteLength(ejson), Date.now());
  return {
    summary,
    ejson: JSON.stringify(JSON.parse(ejson), null, 2),
    token: JSON.stringify(change._id),
  };
}

// Page scripts are strings: tsx wraps named functions in __name(), which the page does not have.
const DEEP_TEXT = `
  const parts = [];
  const walk = (n) => {
    if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
    const kids = n instanceof Element && n.shadowRoot ? [n.shadowRoot, ...n.childNodes] : [...n.childNodes];
    kids.forEach(walk);
  };
  walk(root);
  return parts.join('');`;

/** Text of a subtree, shadow roots included (the list and details are lit components). */
const deepText = (page: Page, selector: string) =>
  // eslint-disable-next-line no-new-func -- a test-only page script (see above)
  page.locator(selector).evaluate(new Function('root', DEEP_TEXT) as (root: Element) => string);

/** Elements content could have created: any on* attribute, unnonced scripts, img/svg/iframe/object/form/base/meta. */
const injectedElements = (page: Page) =>
  page.evaluate(`(() => {
    const found = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        const tag = el.tagName.toLowerCase();
        if (tag === 'link' && (el.getAttribute('href') ?? '').endsWith('/codicon.css')) continue;
        if (['img', 'iframe', 'object', 'form', 'base', 'video', 'math', 'marquee', 'a', 'template', 'style', 'link'].includes(tag) && !el.closest('head'))
          found.push(el.outerHTML.slice(0, 120));
        if (tag === 'script' && !el.hasAttribute('nonce')) found.push(el.outerHTML.slice(0, 120));
        if (tag === 'svg' && !/^(VSCODE-|CSI-INSIGHT-CHART$)/.test(el.getRootNode().host?.tagName ?? '')) found.push(el.outerHTML.slice(0, 120));
        for (const a of el.getAttributeNames()) if (a.startsWith('on')) found.push(tag + '[' + a + ']');
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  })()`) as Promise<string[]>;

describe('XSS corpus in the inspector webview (Chromium, real bundle, panel CSP)', function () {
  this.timeout(180_000);
  let ib: InspectorBrowser;

  before(async () => {
    ib = await launchInspector();
  });
  after(async () => ib?.close());
  afterEach(() => ib.checkPages());

  it('holds at least 50 payloads of every kind the issue names', () => {
    assert.ok(XSS_PAYLOADS.length >= 50, `${XSS_PAYLOADS.length} payloads`);
    const kinds = new Set(XSS_PAYLOADS.map((p) => p.kind));
    for (const k of ['script', 'event-handler', 'javascript-url', 'svg', 'css', 'unicode', 'template', 'lit'])
      assert.ok(kinds.has(k as never), `a ${k} payload`);
  });

  it('renders every payload as text in rows, details and status, and runs none of them', async () => {
    const page = await ib.open('?initial=0&hostileEvery=0', { width: 1600, height: 900 });
    const events = XSS_PAYLOADS.map((p, i) => hostileEvent(p.text, XSS_NAMES[i % XSS_NAMES.length], i));
    await fake(page, `load(${JSON.stringify(events)})`);
    const first = 3; // after the harness's invalidate (1) and createIndexes (2)
    // The list follows the newest row; walk it from the top with the keyboard, as a person would.
    await page.locator(`${ROWS}[data-seq="${first + events.length - 1}"]`).click();
    await page.keyboard.press('Home'); // seq 1
    await page.keyboard.press('ArrowDown'); // seq 2
    for (let i = 0; i < events.length; i++) {
      const seq = first + i;
      const p = XSS_PAYLOADS[i].text;
      await page.locator(`${ROWS}[aria-selected="true"]`).focus(); // expand-all took the focus
      await page.keyboard.press('ArrowDown');
      const row = page.locator(`${ROWS}[data-seq="${seq}"][aria-selected="true"]`);
      await row.waitFor();
      const rowText = await row.evaluate((r) => r.textContent ?? '');
      assert.ok(rowText.includes(events[i].summary.key), `row ${seq} shows the key as text: ${JSON.stringify(p)}`);
      assert.ok(rowText.includes(events[i].summary.ns), `row ${seq} shows the namespace as text`);
      // The details pane shows this event: its key line, then every field once expanded.
      await page
        .locator(`${DETAILS} [data-testid="details-key"]`)
        .filter({ hasText: events[i].summary.key.slice(0, 20) })
        .first()
        .waitFor();
      await page.locator(`${DETAILS} [data-testid="expand-all"]`).click();
      const text = await deepText(page, DETAILS);
      assert.ok(text.includes(quote(p)), `value ${JSON.stringify(p)} shown as the string ${quote(p)}`);
      assert.ok(text.includes(p), `key ${JSON.stringify(p)} shown as itself`);
      if (i === 0 || i === 24) await shot(page, `xss-${i}`);
    }
    // Status text echoing a pipeline with the payloads, as a server error message would.
    const pipeline = `[{ $match: { x: ${JSON.stringify(XSS_PAYLOADS.map((p) => p.text).join(' '))} } }]`;
    await fake(
      page,
      `setStatus(${JSON.stringify({
        state: 'failed',
        since: Date.now(),
        error: {
          code: 'PIPELINE_REFUSED',
          message: `The server refused the pipeline: ${pipeline}`,
          action: XSS_PAYLOADS[0].text,
        },
      })})`,
    );
    await until(page, `document.querySelector('csi-inspector') !== null`);
    const banner = await deepText(page, '[data-testid="state-banner"]');
    assert.ok(banner.includes(pipeline), 'the echoed pipeline is shown as text');
    assert.ok(banner.includes(XSS_PAYLOADS[0].text), 'the action is shown as text');
    await page.waitForTimeout(300);
    assert.deepEqual(await injectedElements(page), [], 'no element was created from content');
    assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined', 'no payload ran');
    await shot(page, 'xss-status');
    await page.close();
  });
});
