// The inspector's layout in real VS Code at three window sizes (800×500, 1280×800, 1920×1080): the
// packaged .vsix in code-server, the built-in Sandbox with its demo traffic, an event opened. Each
// size is screenshotted (test-results/persist/layout-*.png, to look at) and checked for what a
// person trips over: the details header overlapping the rows, "Jump to latest" covering the
// header, the details buttons cut off, the list with no room.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repoRoot, startCodeServer, type CodeServer } from '../../scripts/code-server';
import { launchChromium, pickQuickItem, runCommand, waitForWorkbench, type Browser } from '../../scripts/chromium';
import { ensureVsix, webviewFrame, webviewInnerFrame, skipRestAfterFailure } from './workbench';

const shots = join(repoRoot, 'test-results', 'persist');
const SIZES = [
  { width: 800, height: 500 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function box(l: Locator): Promise<Box | undefined> {
  return (await l.count()) > 0 && (await l.first().isVisible())
    ? ((await l.first().boundingBox()) ?? undefined)
    : undefined;
}

/**
 * Buttons of the details pane whose text is cut (scrollWidth beyond their width) or that run past the
 * pane. A string, not a function: tsx's keepNames helper `__name` does not exist inside the page.
 */
const CUT_BUTTONS = `(() => {
  const find = (root) => {
    const hit = root.querySelector('[data-testid="event-details"]');
    if (hit) return hit;
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const inner = el.shadowRoot && find(el.shadowRoot);
      if (inner) return inner;
    }
    return null;
  };
  const pane = find(document);
  if (!pane) return ['(no details pane)'];
  const paneBox = pane.getBoundingClientRect();
  const bad = [];
  const walk = (root) => {
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (el.shadowRoot) walk(el.shadowRoot);
      const tag = el.tagName.toLowerCase();
      if (tag !== 'button' && tag !== 'vscode-button') continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (el.scrollWidth > r.width + 1 || r.right > paneBox.right + 1) bad.push((el.textContent || '').trim() || el.getAttribute('title') || tag);
    }
  };
  walk(pane);
  if (pane.shadowRoot) walk(pane.shadowRoot);
  return bad;
})()`;

async function cutButtons(page: Page): Promise<string[]> {
  return (await webviewInnerFrame(page)).evaluate<string[]>(CUT_BUTTONS);
}

describe('inspector layout at three window sizes (E2E)', function () {
  skipRestAfterFailure();
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  before(async function () {
    this.timeout(600_000);
    mkdirSync(shots, { recursive: true });
    const vsix = ensureVsix();
    server = await startCodeServer({ label: 'layout', vsix: [vsix] });
    browser = await launchChromium(join(server.runDir, 'browser'), { ...SIZES[1] });
    page = browser.page;
    // Generous: eight helpers share two cores, and the first load of the workbench is the slowest.
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspaceDir)}`, {
      timeout: 180_000,
      waitUntil: 'domcontentloaded',
    });
    await waitForWorkbench(page, 180_000);
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  it('watches shop.orders on the built-in Sandbox and opens an event', async function () {
    this.timeout(180_000);
    await runCommand(page, 'Change Streams: Watch Collection…');
    await pickQuickItem(page, 'Sandbox', 60_000);
    await pickQuickItem(page, 'shop', 60_000);
    await pickQuickItem(page, 'orders', 60_000);
    const frame = webviewFrame(page);
    await frame.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    await frame.locator('[data-testid="event-row"]').nth(3).waitFor({ timeout: 60_000 });
    await frame.locator('[data-testid="event-row"]').first().click();
    await frame.locator('[data-testid="event-details"]').waitFor({ timeout: 15_000 });
    // Pause so the rows stay put while the sizes are checked.
    await runCommand(page, 'Change Streams: Pause/Resume Watch');
    await frame
      .locator('[data-testid="state-banner"][data-state="paused"]')
      .waitFor({ state: 'attached', timeout: 15_000 });
  });

  for (const size of SIZES) {
    it(`lays out at ${size.width}×${size.height}: header, rows, details and buttons apart and whole`, async function () {
      this.timeout(60_000);
      await page.setViewportSize(size);
      await page.waitForTimeout(1500);
      const frame = webviewFrame(page);
      const file = join(shots, `layout-${size.width}x${size.height}.png`);
      await page.screenshot({ path: file });
      console.log(`layout: ${file}`);

      const details = await box(frame.locator('[data-testid="event-details"]'));
      const header = await box(frame.locator('[data-testid="list-header"]'));
      const scroller = await box(frame.locator('[data-testid="event-scroller"]'));
      assert.ok(details, 'the details pane is shown');
      assert.ok(scroller && scroller.height >= 40, `the list keeps room for rows (${JSON.stringify(scroller)})`);
      const rows = frame.locator('[data-testid="event-row"]');
      for (let i = 0; i < Math.min(await rows.count(), 6); i++) {
        const r = await box(rows.nth(i));
        if (r && r.y + r.height <= scroller.y + scroller.height)
          assert.ok(!overlaps(r, details), `row ${i} lies under the details pane`);
      }
      if (header) assert.ok(!overlaps(header, details), 'the list header overlaps the details pane');
      const jump = await box(frame.locator('[data-testid="jump-latest"]'));
      if (jump && header) assert.ok(!overlaps(jump, header), '"Jump to latest" covers the list header');
      assert.deepEqual(await cutButtons(page), [], 'details buttons cut off or running past the pane');
    });
  }
});
