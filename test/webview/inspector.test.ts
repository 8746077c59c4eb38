// Drives the built inspector bundle in Debian Chromium against a fake host, under the panel's CSP:
// rows, hostile content as text, details, keyboard, auto-scroll, toolbar, options, and no CSP violations.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { deepText, fake, launchInspector, ROWS, shot, until, type InspectorBrowser } from './chromium-page';
import { HOSTILE_KEY, HOSTILE_NS } from './fake-events';

describe('inspector webview (Chromium, fake host, panel CSP)', function () {
  this.timeout(60_000);
  let ib: InspectorBrowser;

  before(async () => {
    ib = await launchInspector();
  });
  after(async () => {
    await ib?.close();
  });
  // Every page, whatever the test did, must have run under the CSP without a violation or error.
  afterEach(() => ib.checkPages());

  const open = (query = '', size?: { width: number; height: number }): Promise<Page> => ib.open(query, size);
  const selectedSeq = (page: Page) => page.locator(`${ROWS}[aria-selected="true"]`).getAttribute('data-seq');

  it('renders one row per event with its operation and document key', async () => {
    const page = await open('?initial=12&hostileEvery=0');
    const first = page.locator(ROWS).first();
    await first.waitFor();
    assert.equal(await first.getAttribute('data-seq'), '1');
    assert.equal(await first.getAttribute('data-op'), 'update');
    assert.match(await first.innerText(), /_id: ObjectId\("6740[0-9a-f]{20}"\)/);
    assert.match(await first.innerText(), /\d\d:\d\d:\d\d\.\d{3}/);
    // 12 generated + invalidate + createIndexes; all fit on screen so all are rendered.
    assert.equal(await page.locator(ROWS).count(), 14);
    assert.equal(await page.locator(`${ROWS}[data-op="invalidate"]`).count(), 1);
    const counts = await deepText(page.locator('[data-testid="op-counts"]'));
    assert.match(counts, /Total\s+14/);
    assert.equal(await page.locator('[data-testid="state-banner"]').getAttribute('data-state'), 'streaming');
    await shot(page, '01-list');
    await page.close();
  });

  it('shows hostile keys, values and namespaces as text and runs none of them', async () => {
    const page = await open('?initial=30&hostileEvery=7');
    const hostile = page.locator(`${ROWS}[data-seq="7"]`);
    await hostile.waitFor();
    const text = await hostile.innerText();
    assert.ok(text.includes(HOSTILE_NS), `namespace shown as text: ${text}`);
    assert.ok(text.includes(HOSTILE_KEY), `key shown as text: ${text}`);
    await hostile.click();
    const details = page.locator('[data-testid="event-details"]');
    await details.getByText('<script>alert(5)</script>', { exact: false }).first().waitFor();
    assert.ok((await deepText(details)).includes('<img src=x onerror=alert(3)>'));
    // No element was created from event content anywhere in the page, shadow roots included.
    const injected = await page.evaluate(`(() => {
      const found = [];
      const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.tagName === 'IMG' || (el.tagName === 'SCRIPT' && !el.hasAttribute('nonce'))) found.push(el.outerHTML);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return found;
    })()`);
    assert.deepEqual(injected, []);
    await page.waitForTimeout(200);
    await shot(page, '02-hostile-details');
    await page.close();
  });

  it('opens the clicked event as an EJSON tree with typed values and copy buttons', async () => {
    const page = await open('?initial=12&hostileEvery=0');
    await page.locator(`${ROWS}[data-seq="1"]`).click();
    const details = page.locator('[data-testid="event-details"]');
    await details.getByText("ObjectId('").first().waitFor();
    const text = await deepText(details);
    for (const want of [
      "ISODate('2026-11-22T06:00:00.137Z')",
      'Timestamp({ t: ',
      'operationType',
      'updatedFields',
      'items.1.qty',
    ]) {
      assert.ok(text.includes(want), `details show ${want}`);
    }
    await page.locator(`${ROWS}[data-seq="5"]`).click();
    await details.getByText("Decimal128('5.99')").waitFor();
    const insert = await deepText(details);
    assert.ok(insert.includes("UUID('01234567-89ab-cdef-0123-456789abcdef')"));
    assert.ok(insert.includes("Long('9007199254740998')"), 'longs keep every digit');
    await details.locator('[data-testid="copy-token"]').click();
    const price = details.locator('[data-path="fullDocument.price"]');
    await price.hover();
    await price.locator('[data-testid="copy-value"]').click();
    await price.locator('button[title="Copy path"]').click();
    // The fake host receives messages a few ms later, like a real one.
    await until(page, `window.fakeHost.posted.filter((m) => m.method === 'copy').length >= 3`);
    const copies = (await fake(page, 'posted.filter((m) => m.method === "copy").map((m) => m.params)')) as {
      text: string;
      what: string;
    }[];
    assert.equal(copies.length, 3);
    assert.equal(copies[0].what, 'resumeToken');
    assert.match(copies[0].text, /^\{ _data: '82[0-9A-Fa-f]+' \}$/, 'the token in the default (shell) form');
    assert.deepEqual(copies.slice(1), [
      { text: "Decimal128('5.99')", what: 'value' },
      { text: 'fullDocument.price', what: 'path' },
    ]);
    await shot(page, '03-details');
    await page.close();
  });

  it('moves the selection with the keyboard, opens with Enter and closes with Escape', async () => {
    const page = await open('?initial=60&hostileEvery=0');
    await page.locator(`${ROWS}[data-seq="62"]`).waitFor({ state: 'attached' });
    // Select the newest row by clicking it, then close details to navigate.
    const last = page.locator(`${ROWS}[data-seq="62"]`);
    await last.click();
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[data-testid="event-details"]').count(), 0);
    await page.keyboard.press('ArrowUp');
    assert.equal(await selectedSeq(page), '61');
    await page.keyboard.press('Home');
    assert.equal(await selectedSeq(page), '1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await selectedSeq(page), '3');
    await page.keyboard.press('PageDown');
    assert.ok(Number(await selectedSeq(page)) > 10, 'PageDown moves by a page');
    await page.keyboard.press('End');
    assert.equal(await selectedSeq(page), '62');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="event-details"]').getByText('operationType').waitFor();
    const focused = await page.evaluate(`(() => {
      let el = document.activeElement;
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      return el ? el.getAttribute('data-seq') : null;
    })()`);
    assert.equal(focused, '1', 'the selected row has keyboard focus');
    await shot(page, '04-keyboard');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="event-details"]').waitFor({ state: 'detached' });
    await page.close();
  });

  it('keeps the list reachable by Tab when the selected row scrolls out of the rendered range', async () => {
    const page = await open('?initial=300&hostileEvery=0');
    const newest = page.locator(`${ROWS}[data-seq="302"]`);
    await newest.click();
    await page.keyboard.press('Escape');
    const list = page.locator('[data-testid="event-scroller"]');
    assert.equal(await list.getAttribute('tabindex'), '-1', 'the selected row is the tab stop while rendered');
    await list.hover();
    await page.mouse.wheel(0, -20_000);
    await newest.waitFor({ state: 'detached' });
    await until(
      page,
      `document.querySelector('csi-inspector').shadowRoot.querySelector('csi-event-list').shadowRoot.querySelector('[data-testid="event-scroller"]').getAttribute('tabindex') === '0'`,
    );
    await list.focus();
    await page.keyboard.press('ArrowUp');
    assert.equal(await selectedSeq(page), '301');
    await page.close();
  });

  it('follows new events until the person scrolls up, then offers Jump to latest', async () => {
    const page = await open('?initial=100&hostileEvery=0');
    await fake(page, 'append(50)');
    await page.locator(`${ROWS}[data-seq="152"]`).waitFor();
    assert.ok(await page.locator(`${ROWS}[data-seq="152"]`).isVisible(), 'newest row in view');
    const list = page.locator('[data-testid="event-scroller"]');
    await list.hover();
    await page.mouse.wheel(0, -600);
    await page.locator('[data-testid="jump-latest"]').waitFor();
    await fake(page, 'append(30)');
    await page.waitForTimeout(300);
    assert.equal(await page.locator(`${ROWS}[data-seq="182"]`).count(), 0, 'the list stayed where the person scrolled');
    await shot(page, '05-scrolled-up');
    await page.locator('[data-testid="jump-latest"]').click();
    await page.locator(`${ROWS}[data-seq="182"]`).waitFor();
    await fake(page, 'append(5)');
    await page.locator(`${ROWS}[data-seq="187"]`).waitFor();
    assert.equal(await page.locator('[data-testid="jump-latest"]').count(), 0);
    // Opening the options panel shrinks the list; a following list keeps the newest row in view.
    await page.locator('[data-testid="options"]').click();
    await page.locator('[data-testid="options-form"]').waitFor();
    await page.waitForTimeout(300);
    assert.ok(
      await page.locator(`${ROWS}[data-seq="187"]`).isVisible(),
      'newest row still in view after the list shrank',
    );
    await page.close();
  });

  it('sends pause, resume, clear and stop and shows the state the host reports', async () => {
    const page = await open('?initial=10&hostileEvery=0');
    const banner = page.locator('[data-testid="state-banner"]');
    await page.locator('[data-testid="pause"]').click();
    await page.locator('[data-testid="state-banner"][data-state="paused"]').waitFor();
    await page.locator('[data-testid="resume"]').click();
    await page.locator('[data-testid="state-banner"][data-state="streaming"]').waitFor();
    await page.locator('[data-testid="clear"]').click();
    await page.locator(ROWS).first().waitFor({ state: 'detached' });
    assert.match(await deepText(page.locator('[data-testid="op-counts"]')), /Total\s+0/);
    await page.locator('[data-testid="stop"]').click();
    await page.locator('[data-testid="state-banner"][data-state="stopped"]').waitFor();
    await fake(
      page,
      `setStatus({ state: 'failed', since: 0, error: { code: 'not-replica-set', serverCode: 40573, message: 'This server is not a replica set, so it has no change streams.', action: 'Connect to a replica set, or use the built-in Sandbox.' } })`,
    );
    await page.locator('[data-testid="state-banner"][data-state="failed"]').waitFor();
    assert.match(await deepText(banner), /not a replica set[\s\S]*Sandbox[\s\S]*40573/);
    await shot(page, '06-failed');
    await page.close();
  });

  it('offers the ways on of a lost resume point as buttons and starts from the chosen one', async () => {
    const page = await open('?initial=3&hostileEvery=0');
    const banner = page.locator('[data-testid="state-banner"]');
    await fake(
      page,
      `setStatus({ state: 'failed', since: 0, action: 'Choose where to start: the events since the last one are gone.', waysOn: ['now', 'oldest', 'atTime'], error: { code: 'HISTORY_LOST', serverCode: 286, message: 'The resume point is no longer in the oplog.', action: 'Choose where to start: the events since the last one are gone.' } })`,
    );
    await banner.locator('[data-testid="way-now"]').waitFor();
    const text = await deepText(banner);
    assert.equal(text.split('Choose where to start').length - 1, 1, `the action is said once: ${text}`);
    assert.equal(text.split('HISTORY_LOST').length - 1, 1, `the code is shown once: ${text}`);
    assert.match(text, /Start now[\s\S]*Start at the oldest available time[\s\S]*Start at time/);
    await shot(page, '06b-ways-on');
    await banner.locator('[data-testid="way-atTime"]').click();
    await banner.locator('[data-testid="way-time"]').fill('2026-11-30T10:20:30');
    await banner.locator('[data-testid="way-time-go"]').click();
    await page.locator('[data-testid="state-banner"][data-state="streaming"]').waitFor();
    const sent = (await fake(page, 'posted.filter((m) => m.method === "startFrom").map((m) => m.params.position)')) as {
      kind: string;
      seconds?: number;
    }[];
    assert.deepEqual(sent, [{ kind: 'atTime', seconds: Math.floor(new Date('2026-11-30T10:20:30').getTime() / 1000) }]);
    assert.equal(await banner.locator('[data-testid="ways-on"]').count(), 0, 'no ways on while streaming');
    await page.close();
  });

  it('applies watch options through the host and shows its refusal', async () => {
    const page = await open('?initial=5&hostileEvery=0');
    await page.locator('[data-testid="options"]').click();
    const form = page.locator('[data-testid="options-form"]');
    await form.waitFor();
    await form.locator('#batchSize input').fill('13');
    await form.locator('[data-testid="apply-options"]').click();
    await form
      .locator('[data-testid="options-error"]')
      .getByText('The server refused batchSize 13 <b>bold?</b>')
      .waitFor();
    await shot(page, '07-options-error');
    await form.locator('#fullDocument').click();
    await form.locator('#fullDocument').getByRole('option', { name: 'whenAvailable' }).click();
    await shot(page, '07b-options-select');
    await form.locator('#batchSize input').fill('50');
    await form.locator('[data-testid="apply-options"]').click();
    await form.locator('[data-testid="options-error"]').waitFor({ state: 'detached' });
    await until(page, `window.fakeHost.posted.filter((m) => m.method === 'setOptions').length >= 2`);
    const sent = (await fake(page, 'posted.filter((m) => m.method === "setOptions").map((m) => m.params.options)')) as {
      batchSize?: number;
      fullDocument: string;
    }[];
    assert.deepEqual(
      sent.map((o) => o.batchSize),
      [13, 50],
    );
    assert.equal(sent[0].fullDocument, 'updateLookup');
    assert.equal(sent[1].fullDocument, 'whenAvailable');
    await page.close();
  });

  it('restores selection and open details after a reload', async () => {
    // Tall enough that the followed list, scrolled to its end, still renders row 4.
    const page = await open('?initial=20&hostileEvery=0', { width: 1000, height: 800 });
    await page.locator(`${ROWS}[data-seq="4"]`).click();
    await page.locator('[data-testid="event-details"]').getByText('operationType').waitFor();
    await page.waitForTimeout(300); // state saves are throttled
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await selectedSeq(page), '4');
    await page.locator('[data-testid="event-details"]').getByText('operationType').waitFor();
    await page.close();
  });

  it('drops a selection saved under the log a window reload replaced, instead of calling it evicted', async () => {
    const page = await open('?initial=20&hostileEvery=0&logId=before');
    await page.locator(`${ROWS}[data-seq="4"]`).click();
    await page.locator('[data-testid="event-details"]').getByText('operationType').waitFor();
    await page.waitForTimeout(300); // state saves are throttled
    await page.goto(ib.harness.url + '?initial=20&hostileEvery=0&logId=after');
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator(`${ROWS}[data-seq="4"]`).waitFor();
    assert.equal(await page.locator('[data-testid="event-details"]').count(), 0, 'details closed');
    assert.equal(await page.locator(`${ROWS}[aria-selected="true"]`).count(), 0, 'nothing selected');
    assert.doesNotMatch(await deepText(page.locator('body')), /no longer in the log/);
    await page.close();
  });

  it('saves the watch id, target and options of its snapshot in the webview state, so a reload revives that watch', async () => {
    const page = await open('?initial=3&hostileEvery=0');
    const saved = JSON.parse(String(await page.evaluate(`sessionStorage.getItem('csi-harness-state')`))) as Record<
      string,
      unknown
    >;
    assert.equal(saved.watchId, 'w1');
    assert.deepEqual(saved.target, {
      connectionId: 'c1',
      connectionName: 'Sandbox',
      scope: 'collection',
      db: 'shop',
      coll: 'orders',
    });
    assert.equal((saved.options as { fullDocument?: string }).fullDocument, 'updateLookup');
    await page.close();
  });

  it('stays readable in a high-contrast theme', async () => {
    const page = await open('?initial=40&hostileEvery=9&theme=hc');
    await page.locator(`${ROWS}[data-seq="36"]`).click();
    await page.locator('[data-testid="event-details"]').getByText('operationType').waitFor();
    await shot(page, '08-high-contrast');
    await page.close();
  });

  it('bundles no driver, bson, mingo, sandbox or core code', () => {
    const inputs = Object.keys(ib.harness.metafile.inputs);
    const bad = inputs.filter((p) => /node_modules\/(mongodb|bson|mingo)\/|src\/(core|sandbox)\//.test(p));
    assert.deepEqual(bad, []);
    assert.ok(
      inputs.some((p) => p.includes('@lit/context')),
      'the metafile lists real inputs',
    );
    // The options form is a lazy chunk of its own, not part of what the panel loads at start.
    const outputs = Object.entries(ib.harness.metafile.outputs);
    const entry = outputs.find(([file]) => file.endsWith('/inspector.js'));
    assert.ok(entry, 'the entry keeps the name the panel HTML loads');
    const lazy = outputs.find(([, o]) => Object.keys(o.inputs).some((i) => i.endsWith('options/options-form.ts')));
    assert.ok(lazy && lazy[0] !== entry[0] && /\/chunks\//.test(lazy[0]), 'options-form is in a chunk');
    assert.ok(
      entry[1].imports.some((i) => i.kind === 'dynamic-import' && i.path.endsWith(lazy[0].split('/').pop()!)),
      'the entry imports that chunk dynamically',
    );
  });
});
