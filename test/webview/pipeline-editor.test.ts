// The pipeline editor in Chromium with the fake host (whose validate/apply use the real checker):
// CodeMirror loads as a lazy chunk and mounts its styles without <style> elements (the panel's CSP has
// no style nonce); typing shows the host's diagnostic at its position; Apply (and Ctrl+Enter) posts
// the text; a refused pipeline says why with the server code; presets; the draft survives a reload;
// the list and details keep their layout with the editor open.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { checkText } from '../../src/vscode/pipeline/pipelineWork';
import { box, fake, launchInspector, ROWS, savedState, shot, until, type InspectorBrowser } from './chromium-page';

const EDITOR = '[data-testid="pipeline-editor"]';
const CONTENT = `${EDITOR} .cm-content`;
const posted = (page: Page, method: string) =>
  fake(page, `posted.filter((m) => m.method === ${JSON.stringify(method)}).map((m) => m.params)`) as Promise<
    Record<string, unknown>[]
  >;

/** The host's own checker, run in Node for the page's fake host. */
async function wireChecker(page: Page): Promise<void> {
  await page.exposeFunction('csiCheckPipeline', (text: string) => {
    const c = checkText(text);
    return c.ok
      ? { ok: true, diagnostics: c.warnings, canonical: c.canonical }
      : { ok: false, diagnostics: c.diagnostics };
  });
}

async function openEditor(page: Page): Promise<void> {
  await wireChecker(page);
  await page.locator('[data-testid="pipeline"]').click();
  await page.locator(CONTENT).waitFor();
}

async function typeText(page: Page, text: string): Promise<void> {
  await page.locator(CONTENT).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // insertText: no auto-closing brackets or completion popups in the way of exact text.
  await page.keyboard.insertText(text);
}

describe('pipeline editor webview (Chromium, fake host)', function () {
  this.timeout(90_000);
  let ib: InspectorBrowser;

  before(async () => {
    ib = await launchInspector();
  });
  after(async () => ib?.close());
  afterEach(() => ib.checkPages());

  it('loads CodeMirror lazily and mounts its styles as adopted stylesheets, not <style> elements', async () => {
    const page = await ib.open('?initial=3&hostileEvery=0');
    const chunks: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/dist/chunks/')) chunks.push(new URL(r.url()).pathname);
    });
    assert.equal(await page.evaluate(`!!customElements.get('csi-pipeline-editor')`), false, 'not loaded at start');
    await openEditor(page);
    assert.ok(
      chunks.some((c) => /pipeline-editor-\w+\.js$/.test(c)),
      `the chunk was fetched: ${chunks.join(', ')}`,
    );
    const styles = await page.evaluate(`(() => {
      const app = document.querySelector('csi-inspector');
      const host = app.shadowRoot.querySelector('csi-pipeline-editor');
      const inDoc = document.querySelectorAll('style').length;
      const inShadow = host.shadowRoot.querySelectorAll('style').length;
      const adopted = host.shadowRoot.adoptedStyleSheets.length;
      const ed = host.shadowRoot.querySelector('.cm-editor');
      return { inDoc, inShadow, adopted, display: getComputedStyle(ed).display, ws: getComputedStyle(host.shadowRoot.querySelector('.cm-content')).whiteSpace };
    })()`);
    const s = styles as { inDoc: number; inShadow: number; adopted: number; display: string; ws: string };
    assert.equal(s.inDoc, 0, 'no <style> in the document');
    assert.equal(s.inShadow, 0, 'no <style> in the shadow root');
    assert.ok(s.adopted >= 2, `lit + CodeMirror sheets adopted (${s.adopted})`);
    assert.equal(s.display, 'flex', "CodeMirror's base theme is in effect");
    assert.match(s.ws, /pre/);
    await page.close();
  });

  it('shows the host diagnostic at its position while typing, and Apply posts nothing broken', async () => {
    const page = await ib.open('?initial=3&hostileEvery=0');
    await openEditor(page);
    const text = "[\n  { $match: { operationType: 'insert' } },\n  { $group: { _id: 1 } }\n]";
    await typeText(page, text);
    const lint = page.locator(`${EDITOR} .cm-lintRange-error`);
    await lint.waitFor({ timeout: 5000 });
    assert.equal(await lint.first().textContent(), '$group', 'underlined exactly the stage name');
    const validations = await posted(page, 'validatePipeline');
    assert.ok(validations.length >= 1, 'the host was asked');
    assert.ok(validations.length <= 3, `debounced: ${validations.length} requests for one paste`);
    // The lint marker sits on line 3 of the gutter.
    const marker = page.locator(`${EDITOR} .cm-lint-marker-error`);
    await marker.waitFor();
    const line3 = await box(page.locator(`${EDITOR} .cm-line`).nth(2));
    const m = await box(marker.first());
    assert.ok(Math.abs(m.y + m.height / 2 - (line3.y + line3.height / 2)) < line3.height, 'gutter marker on line 3');
    await page.locator(`${EDITOR} [data-testid="pipeline-apply"]`).click();
    const outcome = page.locator(`${EDITOR} [data-testid="pipeline-outcome"]`);
    await until(
      page,
      `(() => { const e = document.querySelector('csi-inspector').shadowRoot.querySelector('csi-pipeline-editor'); return e && e.shadowRoot.querySelector('[data-testid="pipeline-outcome"]'); })()`,
    );
    const said = (await outcome.textContent()) ?? '';
    assert.match(said, /Line 3, column 5/);
    assert.match(said, /\$group/);
    assert.match(said, /running pipeline continues/);
    await shot(page, 'pipeline-diagnostic');
    await page.close();
  });

  it('Apply and Ctrl+Enter post the text; the running badge follows; a refused pipeline shows the server code', async () => {
    const page = await ib.open('?initial=3&hostileEvery=0');
    await openEditor(page);
    const good = "[ { $match: { 'fullDocument.total': { $gte: 100 } } } ]";
    await typeText(page, good);
    await page.keyboard.press('Control+Enter');
    await until(page, `window.fakeHost.posted.some((m) => m.method === 'applyPipeline')`);
    const applied = await posted(page, 'applyPipeline');
    assert.deepEqual(applied, [{ text: good }]);
    const badge = page.locator(`${EDITOR} [data-testid="pipeline-running"]`);
    await until(
      page,
      `document.querySelector('csi-inspector').shadowRoot.querySelector('csi-pipeline-editor').shadowRoot.querySelector('[data-testid="pipeline-running"]').textContent.includes('1 stage running')`,
    );
    assert.match((await badge.textContent()) ?? '', /1 stage running/);
    await typeText(page, "[ { $match: { $where: 'true' } } ]");
    assert.match((await badge.textContent()) ?? '', /edited/, 'the draft differs from what runs');
    await page.locator(`${EDITOR} [data-testid="pipeline-apply"]`).click();
    const outcome = page.locator(`${EDITOR} [data-testid="pipeline-outcome"]`);
    await outcome.filter({ hasText: 'refused' }).waitFor();
    const said = (await outcome.textContent()) ?? '';
    assert.match(said, /PIPELINE_REFUSED, server code 40324/);
    assert.match(said, /previous pipeline is still running/);
    assert.match((await badge.textContent()) ?? '', /1 stage running/, 'the old pipeline still runs');
    await shot(page, 'pipeline-refused');
    await page.close();
  });

  it('offers completions from the host (stages, fields) and presets fill the editor', async () => {
    const page = await ib.open('?initial=3&hostileEvery=0');
    await openEditor(page);
    await typeText(page, '[ { $ma');
    await page.keyboard.press('Control+Space');
    const option = page.locator(`${EDITOR} .cm-tooltip-autocomplete li`).filter({ hasText: '$match' });
    await option.first().waitFor();
    await typeText(page, "[ { $match: { 'fullDocument.to");
    await page.keyboard.press('Control+Space');
    await page
      .locator(`${EDITOR} .cm-tooltip-autocomplete li`)
      .filter({ hasText: 'fullDocument.total' })
      .first()
      .waitFor();
    await page.keyboard.press('Escape');
    await page
      .locator(`${EDITOR} [data-testid="pipeline-presets"]`)
      .selectOption({ label: 'Only some operation types' });
    await until(
      page,
      `document.querySelector('csi-inspector').shadowRoot.querySelector('csi-pipeline-editor').text.includes("'insert', 'update', 'replace', 'delete'")`,
    );
    await page.close();
  });

  it('keeps the draft in the view state across a reload, and the list and details keep their layout', async () => {
    const page = await ib.open('?initial=30&hostileEvery=0', { width: 900, height: 760 });
    await openEditor(page);
    const draft = "[ { $match: { operationType: 'delete' } } ]";
    await typeText(page, draft);
    await until(
      page,
      `JSON.parse(sessionStorage.getItem('csi-harness-state') || '{}').pipelineDraft === ${JSON.stringify(draft)}`,
      3000,
    );
    const state = (await savedState(page)) as { pipelineOpen?: boolean };
    assert.equal(state.pipelineOpen, true);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator(CONTENT).waitFor();
    assert.equal(
      await page.evaluate(
        `document.querySelector('csi-inspector').shadowRoot.querySelector('csi-pipeline-editor').text`,
      ),
      draft,
    );
    await page.locator(ROWS).last().click();
    const editor = await box(page.locator(EDITOR));
    const list = await box(page.locator('[data-testid="event-scroller"]'));
    const details = await box(page.locator('[data-testid="event-details"]'));
    assert.ok(list.y >= editor.y + editor.height - 1, 'the list starts below the editor');
    assert.ok(list.height >= 100, `the list keeps room (${list.height}px)`);
    assert.ok(
      details.y >= list.y + list.height - 1 || details.x >= list.x + list.width - 1,
      'details never over the list',
    );
    assert.ok(editor.x + editor.width <= 900 + 1, 'the editor fits the width');
    const apply = await box(page.locator(`${EDITOR} [data-testid="pipeline-apply"]`));
    assert.ok(apply.x + apply.width <= 900, 'Apply is not cut off');
    await shot(page, 'pipeline-layout');
    await page.close();
  });
});
