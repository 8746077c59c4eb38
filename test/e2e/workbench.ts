// What the E2E test needs around the workbench: a fresh .vsix, screenshots, the inspector webview's
// inner frame, and every visible text of the page including open shadow roots.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { launchChromium, runCommand, treeRow, waitForWorkbench, type Browser } from '../../scripts/chromium';
import { repoRoot, startCodeServer, type CodeServer } from '../../scripts/code-server';

export const vsixPath = join(repoRoot, 'dist', 'change-stream-inspector.vsix');
export const shotsDir = join(repoRoot, 'test-results', 'e2e');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const f of readdirSync(path, { recursive: true }) as string[]) {
    newest = Math.max(newest, statSync(join(path, f)).mtimeMs);
  }
  return newest;
}

export interface Workbench {
  server: CodeServer;
  browser: Browser;
  page: Page;
}

export interface WorkbenchOptions {
  /** Chromium's window size (scripts/chromium.ts picks one when absent). */
  viewport?: { width: number; height: number };
  /** What the first load waits for; 'domcontentloaded' does not wait for every extension resource. */
  waitUntil?: 'load' | 'domcontentloaded';
  /** Runs after Chromium starts and before the workbench loads (bindings, init scripts, dialog handlers). */
  beforeLoad?: (browser: Browser) => Promise<void> | void;
}

/**
 * code-server with the packaged .vsix installed (built first if stale) and the settings given, and
 * Chromium showing its workbench on the run's workspace folder.
 */
export async function openWorkbench(
  label: string,
  settings: Record<string, unknown> = {},
  opts: WorkbenchOptions = {},
): Promise<Workbench> {
  const vsix = ensureVsix();
  const server = await startCodeServer({ label, vsix: [vsix], settings });
  const browser = await launchChromium(join(server.runDir, 'browser'), opts.viewport);
  await opts.beforeLoad?.(browser);
  const page = browser.page;
  // A loaded machine can take longer than Playwright's default 30 s to serve the workbench.
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspaceDir)}`, {
    timeout: 180_000,
    ...(opts.waitUntil ? { waitUntil: opts.waitUntil } : {}),
  });
  await waitForWorkbench(page, 180_000);
  return { server, browser, page };
}

export async function closeWorkbench(w: Workbench | undefined): Promise<void> {
  await w?.browser.close().catch(() => undefined);
  await w?.server.stop();
}

/** Runs `npm run package` unless the .vsix is newer than every source it is built from. */
export function ensureVsix(): string {
  const sources = ['src', 'webview', 'media', 'package.json', 'scripts/build.mjs', 'scripts/package.mjs'];
  const newest = Math.max(...sources.map((s) => newestMtime(join(repoRoot, s))));
  if (!existsSync(vsixPath) || statSync(vsixPath).mtimeMs < newest) {
    const started = Date.now();
    try {
      execSync('npm run package', { cwd: repoRoot, stdio: 'inherit' });
    } catch (err) {
      // The package stage of `npm test` reports its own failure; this test only needs the file.
      if (!existsSync(vsixPath) || statSync(vsixPath).mtimeMs < started) throw err;
      console.warn('e2e: npm run package failed after writing the .vsix; testing that .vsix');
    }
  }
  if (!existsSync(vsixPath)) throw new Error(`npm run package did not produce ${vsixPath}`);
  return vsixPath;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(shotsDir, { recursive: true });
  const file = join(shotsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export const webviewFrame = (page: Page) =>
  page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

/** The inspector's inner frame as a Frame, to evaluate script in it. */
export async function webviewInnerFrame(page: Page): Promise<Frame> {
  const handle = await page.frameLocator('iframe.webview.ready').locator('iframe#active-frame').elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('the inspector webview has no inner frame');
  return frame;
}

// The page functions are strings: tsx compiles this file with esbuild's keepNames, whose `__name`
// helper does not exist inside the browser.
const DEEP_TEXT = `(() => {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent || '');
    if (node instanceof Element) {
      for (const attr of ['title', 'aria-label', 'value', 'placeholder']) {
        const v = node.getAttribute(attr);
        if (v) parts.push(v);
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) parts.push(node.value);
    for (const child of Array.from(node.childNodes)) walk(child);
  };
  walk(document.documentElement);
  return parts.join('\\n');
})()`;

const deepCountScript = (selector: string): string => `(() => {
  let n = 0;
  const walk = (root) => {
    n += root.querySelectorAll(${JSON.stringify(selector)}).length;
    for (const el of Array.from(root.querySelectorAll('*'))) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(document);
  return n;
})()`;

const DEEP_SCRIPTS = `(() => {
  const out = [];
  const walk = (root) => {
    for (const el of Array.from(root.querySelectorAll('script'))) out.push(el.outerHTML.slice(0, 300));
    for (const el of Array.from(root.querySelectorAll('*'))) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(document);
  return out;
})()`;

/** The start of every <script> element's HTML in a frame, including inside open shadow roots. */
export async function deepScripts(frame: Page | Frame): Promise<string[]> {
  return frame.evaluate<string[]>(DEEP_SCRIPTS);
}

/** All text a person can see in a frame, walking into open shadow roots (Lit components). */
export async function deepText(frame: Page | Frame): Promise<string> {
  return frame.evaluate<string>(DEEP_TEXT);
}

/** Counts elements matching a selector in a frame, including inside open shadow roots. */
export async function deepCount(frame: Page | Frame, selector: string): Promise<number> {
  return frame.evaluate<number>(deepCountScript(selector));
}

/** Adds a connection from the palette (Add Connection…: the string, then the name). */
export async function addConnectionFromPalette(page: Page, uri: string, name: string): Promise<void> {
  await runCommand(page, 'Change Streams: Add Connection…');
  const input = page.locator('.quick-input-widget input.input');
  await page.locator('.quick-input-widget', { hasText: 'connection string' }).waitFor({ timeout: 60_000 });
  await input.fill(uri);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: '2/3' }).waitFor({ timeout: 60_000 });
  await input.fill(name);
  await page.keyboard.press('Enter');
  await saveWithoutTesting(page);
}

/** Add Connection's last step (3/3) offers Test Connection first: these suites save without it. */
export async function saveWithoutTesting(page: Page): Promise<void> {
  await page.locator('.quick-input-widget', { hasText: '3/3' }).waitFor({ timeout: 60_000 });
  await page.locator('.quick-input-widget input.input').fill('Save without testing');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Save without testing' })
    .first()
    .waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
}

/** Opens the Change Streams view and expands the connection and the database rows. */
export async function expandTree(page: Page, connection: string, db: string, coll?: string): Promise<void> {
  await page.locator('.part.activitybar [aria-label^="Change Streams"]').first().click();
  await treeRow(page, connection).click();
  await treeRow(page, db).waitFor({ timeout: 30_000 });
  await treeRow(page, db).click();
  if (coll) await treeRow(page, coll).waitFor({ timeout: 30_000 });
}

/** Right-clicks a tree row and picks a context menu item by its title. */
export async function treeMenu(page: Page, row: string, item: string): Promise<void> {
  await treeRow(page, row).click({ button: 'right' });
  const entry = page.locator('.monaco-menu .action-item', { hasText: item }).first();
  await entry.waitFor({ state: 'visible', timeout: 15_000 });
  await entry.click();
  // A menu closes once it ran its item; one still open swallowed the click (it was still animating in).
  const closed = await entry.waitFor({ state: 'hidden', timeout: 3000 }).then(
    () => true,
    () => false,
  );
  if (!closed) await entry.click();
}

/** The notification toasts' texts (what a failure message should carry when an expected UI is absent). */
export async function toastTexts(page: Page): Promise<string[]> {
  return page
    .locator('.notifications-toasts .notification-list-item-message')
    .allInnerTexts()
    .catch(() => []);
}

/** The text of the open modal dialog, once it shows. */
export async function modalText(page: Page): Promise<string> {
  const box = page.locator('.monaco-dialog-box');
  const shown = await box.waitFor({ state: 'visible', timeout: 60_000 }).then(
    () => true,
    () => false,
  );
  if (!shown) throw new Error(`no modal dialog within 60 s; notifications: ${JSON.stringify(await toastTexts(page))}`);
  return box.innerText();
}

/** Clicks a button of the open modal dialog. */
export async function modalButton(page: Page, label: string): Promise<void> {
  await page.locator('.monaco-dialog-box .monaco-button', { hasText: label }).first().click();
  await page.locator('.monaco-dialog-box').waitFor({ state: 'hidden', timeout: 15_000 });
}

/** The first webview frame (not the workbench itself) whose text matches, e.g. the Markdown preview of a report. */
export async function frameWithText(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<Frame> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await page.waitForTimeout(250)) {
    for (const f of page.frames().filter((x) => x !== page.mainFrame())) {
      const text = await f.evaluate<string>('document.body ? document.body.innerText : ""').catch(() => '');
      if (pattern.test(text)) return f;
    }
  }
  throw new Error(`no frame shows ${String(pattern)}`);
}

/**
 * Skips the rest of the calling suite after one of its tests failed (its tests build on each other),
 * without mocha's `this.bail(true)`, which also skips every later suite that bails once any test of
 * the run has failed, so one failure would hide the other files' results.
 * Call inside a `describe` callback.
 */
export function skipRestAfterFailure(): void {
  let failed = false;
  afterEach(function () {
    if (this.currentTest?.state === 'failed') failed = true;
  });
  beforeEach(function () {
    if (failed) this.skip();
  });
}
