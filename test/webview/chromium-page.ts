// Opens the inspector harness in Debian Chromium for a test file: one browser, pages that record every
// dialog, page error and CSP violation (checked after each test), and small helpers to read and drive them.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startHarness, type Harness } from './harness-server';

export const SHOTS = resolve(__dirname, '../../test-results/webview');
export const ROWS = '[data-testid="event-row"]';

export interface InspectorBrowser {
  harness: Harness;
  open(query?: string, size?: { width: number; height: number }): Promise<Page>;
  /** Throws if any page opened since the last call saw a dialog, an error or a CSP violation. */
  checkPages(): void;
  close(): Promise<void>;
}

export async function launchInspector(): Promise<InspectorBrowser> {
  mkdirSync(SHOTS, { recursive: true });
  const harness = await startHarness();
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
    ],
  });
  const watches: { dialogs: string[]; errors: string[] }[] = [];
  return {
    harness,
    async open(query = '', size = { width: 1000, height: 640 }) {
      const page = await browser.newPage({ viewport: size });
      const watch = { dialogs: [] as string[], errors: [] as string[] };
      watches.push(watch);
      page.on('dialog', (d) => {
        watch.dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('pageerror', (e) => watch.errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') watch.errors.push(`console: ${m.text()}`);
      });
      await page.exposeFunction('reportCspViolation', (v: string) => watch.errors.push(`csp: ${v}`));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
            `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`,
          );
        });
      });
      await page.goto(harness.url + query);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
      return page;
    },
    checkPages() {
      for (const w of watches.splice(0)) {
        assert.deepEqual(w.dialogs, [], 'no script from event content may open a dialog');
        assert.deepEqual(w.errors, [], 'no page errors or CSP violations');
      }
    },
    async close() {
      await browser.close();
      await harness.close();
    },
  };
}

// innerText stops at shadow roots; the inspector's parts are components, so read the composed tree.
// Written as source text: tsx's name-keeping helpers do not exist inside the page.
export const deepText = (loc: Locator) =>
  loc.evaluate(
    // eslint-disable-next-line no-new-func -- test-only page script, see above
    new Function(
      'root',
      `
      const parts = [];
      const walk = (n) => {
        if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
        const kids = n instanceof Element && n.shadowRoot ? [n.shadowRoot, ...n.childNodes] : [...n.childNodes];
        kids.forEach(walk);
      };
      walk(root);
      return parts.join(' ').replace(/\\s+/g, ' ');`,
    ) as (root: Element) => string,
  );

// page.waitForFunction polls with eval inside the page, which the panel CSP (rightly) forbids: poll from here.
export async function until(page: Page, expression: string, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (await page.evaluate(expression)) return;
  }
  assert.fail(`timed out waiting for ${expression}`);
}

export const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
export const fake = (page: Page, script: string) => page.evaluate(`window.fakeHost.${script}`);
export const savedState = async (page: Page) =>
  JSON.parse(String(await page.evaluate(`sessionStorage.getItem('csi-harness-state')`))) as Record<string, unknown>;
/** The seqs of the rows rendered now, top to bottom. */
export const renderedSeqs = async (page: Page) =>
  (await page.locator(ROWS).evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.seq)))) as number[];
export const box = async (loc: Locator) => {
  const b = await loc.boundingBox();
  assert.ok(b, 'element is laid out');
  return b;
};
/** The seqs of the rows inside the list's viewport now, top to bottom. */
export const visibleSeqs = async (page: Page) =>
  (await page.locator(ROWS).evaluateAll((rows) =>
    rows
      .filter((r) => {
        const a = r.getBoundingClientRect();
        const s = (r.closest('.scroller') as HTMLElement).getBoundingClientRect();
        return a.bottom > s.top + 2 && a.top < s.bottom - 2;
      })
      .map((r) => Number((r as HTMLElement).dataset.seq)),
  )) as number[];
