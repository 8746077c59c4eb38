// Launches Debian's Chromium headless through playwright-core (no browser download), with its
// profile and HOME/TMPDIR in a scratch folder, and helpers to open and drive the VS Code workbench.
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found; run: bash scripts/setup-machine.sh (installs Debian chromium)');
  return found;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchChromium(scratchDir: string, viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const profile = join(scratchDir, 'chromium-profile');
  const tmp = join(scratchDir, 'chromium-tmp');
  mkdirSync(profile, { recursive: true });
  mkdirSync(tmp, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport,
    env: { ...process.env, HOME: scratchDir, TMPDIR: tmp } as Record<string, string>,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--disable-crash-reporter',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, close: () => context.close() };
}

/** Waits until the workbench has rendered its activity bar and status bar. */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * Runs a command from the palette by its full title as shown there ("Change Streams: Add Connection…").
 * Retries while the workbench is still registering the extension's contributions.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Keys typed while a webview (a panel, a Markdown preview) has focus go to its frame, which need
    // not forward F1: hand the focus back to the workbench's own document first.
    await page
      .evaluate(
        "(() => { const a = document.activeElement; if (a && a.tagName === 'IFRAME') { a.blur(); window.focus(); } })()",
      )
      .catch(() => undefined);
    await page.keyboard.press('F1');
    const opened = await input.waitFor({ state: 'visible', timeout: 5000 }).then(
      () => true,
      () => false,
    );
    if (opened) {
      await input.fill(`>${title}`);
      const found = await row.waitFor({ state: 'visible', timeout: 5000 }).then(
        () => true,
        () => false,
      );
      if (found) break;
      await page.keyboard.press('Escape');
    }
    if (Date.now() > deadline)
      throw new Error(`the command "${title}" did not show in the palette within ${timeoutMs} ms`);
    await page.waitForTimeout(1000);
  }
  await page.keyboard.press('Enter');
}

/** A regexp matching `text` exactly, give or take surrounding whitespace. */
export function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** Picks the item of the open quick pick whose label is exactly `label` (icons aside). */
export async function pickQuickItem(page: Page, label: string, timeoutMs = 20_000): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(label) }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click();
}

/** The side bar tree row whose label is exactly `text` (hasText alone is a case-insensitive substring). */
export function treeRow(page: Page, text: string): Locator {
  return page
    .locator('.part.sidebar .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(text) }) })
    .first();
}
