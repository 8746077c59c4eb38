// The panel's bookmark controls in Chromium against the fake host, under the panel's CSP: the details
// pane's Bookmark button and the B key ask the host to bookmark the selected event, a bookmarked event
// shows its label as a badge with "Resume after", and the toolbar's "Start at…" asks the host.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHarness, type Harness } from './harness-server';

const SHOTS = resolve(__dirname, '../../test-results/bookmarks');
const ROWS = '[data-testid="event-row"]';

describe('inspector webview: bookmarks (Chromium, fake host, panel CSP)', function () {
  this.timeout(60_000);
  let harness: Harness;
  let browser: Browser;
  const errors: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    harness = await startHarness();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'],
    });
  });

  after(async () => {
    await browser?.close();
    await harness?.close();
  });

  afterEach(() => {
    assert.deepEqual(errors.splice(0), [], 'no page errors or CSP violations');
  });

  async function open(query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    await page.goto(harness.url + query);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    return page;
  }
  const posted = (page: Page, method: string) =>
    page.evaluate(
      `window.fakeHost.posted.filter((m) => m.method === ${JSON.stringify(method)}).map((m) => m.params ?? null)`,
    ) as Promise<unknown[]>;

  it('bookmarks the selected event from the details pane, then shows it as bookmarked with Resume after', async () => {
    const page = await open('?initial=12&hostileEvery=0');
    await page.locator(`${ROWS}[data-seq="5"]`).click();
    const details = page.locator('[data-testid="event-details"]');
    await details.locator('[data-testid="bookmark-event"]').click();
    await details.locator('[data-testid="bookmark-badge"]').waitFor({ timeout: 5000 });
    assert.deepEqual(await posted(page, 'addBookmark'), [{ seq: 5 }]);
    assert.match(await details.locator('[data-testid="bookmark-badge"]').innerText(), /insert|update|delete|replace/);
    assert.equal(await details.locator('[data-testid="bookmark-event"]').count(), 0, 'no second Bookmark button');
    await page.screenshot({ path: join(SHOTS, 'webview-bookmarked.png') });

    await details.locator('[data-testid="resume-bookmark"]').click();
    for (const end = Date.now() + 3000; Date.now() < end; await page.waitForTimeout(50)) {
      if ((await posted(page, 'resumeFromBookmark')).length) break;
    }
    assert.deepEqual(await posted(page, 'resumeFromBookmark'), [{ id: 'bm-1' }]);

    // Another event is not marked: its pane offers the Bookmark button again.
    await page.locator(`${ROWS}[data-seq="6"]`).click();
    await details.locator('[data-testid="bookmark-event"]').waitFor({ timeout: 5000 });
    await page.close();
  });

  it('B bookmarks the selected row from the keyboard; typing B in a field does not', async () => {
    const page = await open('?initial=12&hostileEvery=0');
    await page.locator(`${ROWS}[data-seq="3"]`).click();
    await page.keyboard.press('b');
    for (const end = Date.now() + 3000; Date.now() < end; await page.waitForTimeout(50)) {
      if ((await posted(page, 'addBookmark')).length) break;
    }
    assert.deepEqual(await posted(page, 'addBookmark'), [{ seq: 3 }]);
    await page.locator('[data-testid="bookmark-badge"]').waitFor({ timeout: 5000 });
    await page.keyboard.press('b');
    await page.waitForTimeout(200);
    assert.equal((await posted(page, 'addBookmark')).length, 1, 'B on a bookmarked event adds no second bookmark');

    await page.locator('[data-testid="options"]').click();
    const field = page.locator('[data-testid="options-form"] input').first();
    await field.waitFor({ timeout: 5000 });
    await page.locator(`${ROWS}[data-seq="4"]`).click();
    await field.focus();
    await page.keyboard.press('b');
    await page.waitForTimeout(200);
    assert.equal((await posted(page, 'addBookmark')).length, 1, 'typing in a field is not a shortcut');
    await page.close();
  });

  it('Start at… in the toolbar asks the host to start at a time', async () => {
    const page = await open('?initial=5&hostileEvery=0');
    await page.locator('[data-testid="start-at-time"]').click();
    for (const end = Date.now() + 3000; Date.now() < end; await page.waitForTimeout(50)) {
      if ((await posted(page, 'startAtTime')).length) break;
    }
    assert.deepEqual(await posted(page, 'startAtTime'), [{}]);
    await page.screenshot({ path: join(SHOTS, 'webview-toolbar.png') });
    await page.close();
  });
});
