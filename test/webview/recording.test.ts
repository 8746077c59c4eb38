// A recording panel in Chromium (fake host, panel CSP): the controls a recording lacks are gone,
// Export… and Replay… ask the host with the panel's filter and selection, and the masking badge says
// masking is on, listing patterns only. Screenshots in test-results/recording/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { fake, launchInspector, ROWS, type InspectorBrowser } from './chromium-page';

const SHOTS = resolve(__dirname, '../../test-results/recording');
const posted = (page: Page, method: string) =>
  fake(page, `posted.filter((m) => m.method === ${JSON.stringify(method)}).map((m) => m.params)`) as Promise<
    Record<string, unknown>[]
  >;
const shown = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`).count();

describe('recording panel (Chromium, fake host, panel CSP)', function () {
  this.timeout(90_000);
  let ib: InspectorBrowser;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ib = await launchInspector();
  });
  after(async () => ib?.close());
  afterEach(() => ib.checkPages());

  it('a recording shows no pause, stop, restart, clear or options, and says where it came from', async () => {
    const page = await ib.open('?recording=1&initial=40&hostileEvery=0&masking=*.email,payment.card', {
      width: 1100,
      height: 640,
    });
    for (const id of ['pause', 'resume', 'stop', 'restart', 'clear', 'options']) {
      assert.equal(await shown(page, id), 0, `${id} is hidden for a recording`);
    }
    assert.equal(await shown(page, 'export'), 1);
    assert.equal(await shown(page, 'replay'), 1);
    assert.equal(await shown(page, 'order'), 1, 'the list order still toggles');
    const banner = (await page.locator('[data-testid="state-banner"] .banner').innerText()).replace(/\s+/g, ' ');
    assert.match(banner, /Recording from orders\.ndjson: 42 events/);
    assert.match(banner, /Read only/);
    const badge = page.locator('[data-testid="masking-badge"]');
    assert.equal(await badge.innerText(), 'Masked');
    assert.match((await badge.getAttribute('title')) ?? '', /\*\.email, payment\.card/);
    await page.locator(`${ROWS}[data-seq="38"]`).click();
    await page.screenshot({ path: join(SHOTS, 'recording-panel.png') });
    await page.close();
  });

  it('Export… sends the panel filter and the selected event; Replay… asks the host', async () => {
    const page = await ib.open('?recording=1&initial=20&hostileEvery=0');
    assert.equal(await shown(page, 'masking-badge'), 0, 'no badge while masking is off');
    await page.locator(`${ROWS}[data-seq="5"]`).click();
    await page.locator('[data-testid="export"]').click();
    await page.locator('[data-testid="replay"]').click();
    const deadline = Date.now() + 3000;
    while ((await posted(page, 'replayEvents')).length === 0 && Date.now() < deadline) await page.waitForTimeout(50);
    assert.deepEqual(await posted(page, 'exportEvents'), [{ ops: [], seqs: [5] }]);
    assert.deepEqual(await posted(page, 'replayEvents'), [{}]);
    await page.close();
  });

  it('a live watch keeps its controls and gets the export buttons too', async () => {
    const page = await ib.open('?initial=5&hostileEvery=0', { width: 1100, height: 400 });
    for (const id of ['pause', 'stop', 'clear', 'options', 'export', 'replay']) {
      assert.equal(await shown(page, id), 1, `${id} is shown for a live watch`);
    }
    await page.screenshot({ path: join(SHOTS, 'live-panel-toolbar.png') });
    await page.close();
  });
});
