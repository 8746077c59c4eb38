// The inspector's layout in real VS Code at three window sizes (800×500, 1280×800, 1920×1080): the
// packaged .vsix in code-server, the built-in Sandbox with its demo traffic, an event opened. Each
// size is screenshotted (test-results/persist/layout-*.png, to look at) and checked for what a
// person trips over: the details header overlapping the rows, "Jump to latest" covering the
// header, the details buttons cut off, the list with no room, the panel's title cut ("sho…") or its
// toolbar running off the panel, the document key cut (`_id: ObjectId('6b…`) while other columns
// waste width, and the details key's underscore clipped by its own line box.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repoRoot } from '../../scripts/code-server';
import { pickQuickItem, runCommand } from '../../scripts/chromium';
import {
  closeWorkbench,
  openWorkbench,
  skipRestAfterFailure,
  webviewFrame,
  webviewInnerFrame,
  type Workbench,
} from './workbench';

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

/** Every element matching a selector, in open shadow roots too (the page's helper, as a string). */
const DEEP_ALL = `const deepAll = (root, sel) => {
  const out = Array.from(root.querySelectorAll(sel));
  for (const el of Array.from(root.querySelectorAll('*'))) if (el.shadowRoot) out.push(...deepAll(el.shadowRoot, sel));
  return out;
};`;

interface HeadingFit {
  text: string;
  scrollWidth: number;
  clientWidth: number;
}

/** The toolbar's title: its text and whether it is cut (scrollWidth beyond its box). */
const HEADING = `(() => {
  ${DEEP_ALL}
  const h = deepAll(document, 'csi-toolbar')[0]?.shadowRoot?.querySelector('.heading');
  return h ? { text: h.textContent.trim(), scrollWidth: h.scrollWidth, clientWidth: h.clientWidth } : undefined;
})()`;

/** Toolbar buttons (its own and the bookmark / recording ones) cut or running past the panel's edge. */
const TOOLBAR_OUTSIDE = `(() => {
  ${DEEP_ALL}
  const bar = deepAll(document, 'csi-toolbar')[0];
  if (!bar) return ['(no toolbar)'];
  const bad = [];
  for (const b of deepAll(bar.shadowRoot, 'vscode-toolbar-button')) {
    const r = b.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.right > window.innerWidth + 0.5 || r.left < -0.5 || b.scrollWidth > r.width + 1)
      bad.push((b.getAttribute('label') || b.textContent || '').trim() + ' ' + Math.round(r.left) + '..' + Math.round(r.right) + '/' + window.innerWidth);
  }
  return bad;
})()`;

interface KeyCell {
  text: string;
  scrollWidth: number;
  clientWidth: number;
  nsWidth: number;
  changesWidth: number;
  /** How far the last cell runs past the list's visible width (px; > 0: cut off by the panel's edge). */
  past: number;
}

/** The document-key cells of the rows shown, with the widths of the namespace and changes cells beside. */
const KEY_CELLS = `(() => {
  ${DEEP_ALL}
  return deepAll(document, '[data-testid="event-row"]').map((row) => {
    const key = row.querySelector('.key');
    const ns = row.querySelector('.ns');
    const ch = row.querySelector('.changed');
    const scroller = row.closest('[data-testid="event-scroller"]');
    const right = scroller ? scroller.getBoundingClientRect().left + scroller.clientWidth : window.innerWidth;
    return {
      past: ch ? Math.round(ch.getBoundingClientRect().right - right) : 0,
      text: key ? key.textContent : '',
      scrollWidth: key ? key.scrollWidth : 0,
      clientWidth: key ? key.clientWidth : 0,
      nsWidth: ns ? ns.getBoundingClientRect().width : 0,
      changesWidth: ch ? ch.getBoundingClientRect().width : 0,
    };
  });
})()`;

/**
 * The details header's key: how far its glyphs reach below its box (px; > 0: cut). The box clips its
 * content (overflow: hidden) and, with line-height normal, is only as tall as the font's ascent + descent,
 * while the underscore of `_id` reaches lower: it vanished ("id: ObjectId(…)"). The baseline sits half
 * the leading plus the font's ascent below the box's top.
 */
const DETAILS_KEY_BOX = `(() => {
  ${DEEP_ALL}
  const k = deepAll(document, '[data-testid="details-key"]')[0];
  if (!k) return undefined;
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = getComputedStyle(k).font;
  const m = ctx.measureText(k.textContent || '_');
  const height = k.getBoundingClientRect().height;
  const leading = height - (m.fontBoundingBoxAscent + m.fontBoundingBoxDescent);
  const inkBottom = leading / 2 + m.fontBoundingBoxAscent + m.actualBoundingBoxDescent;
  return { text: k.textContent, height, below: Math.round((inkBottom - height) * 10) / 10 };
})()`;

describe('inspector layout at three window sizes (E2E)', function () {
  skipRestAfterFailure();
  let wb: Workbench | undefined;
  let page: Page;

  before(async function () {
    this.timeout(600_000);
    mkdirSync(shots, { recursive: true });
    // Generous waits inside: eight helpers share two cores, and the first load of the workbench is the slowest.
    wb = await openWorkbench('layout', {}, { viewport: { ...SIZES[1] }, waitUntil: 'domcontentloaded' });
    page = wb.page;
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(wb);
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

      const inner = await webviewInnerFrame(page);
      // The title names the whole watch (namespace and connection) at every size: the buttons wrap or
      // drop their labels first.
      const heading = await inner.evaluate<HeadingFit | undefined>(HEADING);
      assert.ok(heading, 'the toolbar has a title');
      assert.equal(heading.text, 'shop.orders · Sandbox', 'the title names the namespace and the connection');
      assert.ok(
        heading.scrollWidth <= heading.clientWidth + 1,
        `the title is cut: ${heading.scrollWidth}px of text in ${heading.clientWidth}px`,
      );
      assert.deepEqual(await inner.evaluate<string[]>(TOOLBAR_OUTSIDE), [], 'toolbar buttons cut or past the panel');

      // The document key gets the width its text needs; every shown row's key is an ObjectId.
      const keys = (await inner.evaluate<KeyCell[]>(KEY_CELLS)).filter((k) => /ObjectId\(/.test(k.text));
      assert.ok(keys.length >= 3, `rows with an ObjectId key are shown (${keys.length})`);
      for (const k of keys) {
        assert.ok(k.past <= 0, `the columns run ${k.past}px past the list (${JSON.stringify(k)})`);
        if (size.width >= 1280)
          assert.ok(
            k.scrollWidth <= k.clientWidth,
            `the key "${k.text}" is cut: ${k.scrollWidth}px in ${k.clientWidth}px`,
          );
        else
          // A narrow panel cannot show every column whole: the key still gets the widest flexible column.
          assert.ok(
            k.clientWidth >= 120 && k.clientWidth >= k.nsWidth && k.clientWidth >= k.changesWidth,
            `the key has the widest flexible column (${JSON.stringify(k)})`,
          );
      }
      const dk = await inner.evaluate<{ text: string; height: number; below: number } | undefined>(DETAILS_KEY_BOX);
      assert.ok(dk, 'the details header shows the key');
      assert.match(dk.text, /^_id: ObjectId\(/);
      assert.ok(dk.below <= 0, `the details key's glyphs reach ${dk.below}px below its ${dk.height}px box (cut)`);
    });
  }
});
