// The XSS corpus (test/fixtures/xss.ts) in the packaged extension in code-server's real VS Code: a
// database named with a payload, collections named with payloads, documents holding every payload in
// values and keys, written to the sandbox with the driver and watched at database scope from a
// connection whose password is planted. Every row is walked with the keyboard and opened, and its
// details must show that row's payloads as text (values as the shell quotes them, keys as they are); the corpus is
// then typed into the pipeline editor (applied, and as a stage name it rejects) and into a bookmark
// label. After all that no frame may have a __pwned flag, a dialog, or an element made from content;
// and the planted password must appear in no screen text, log, webview message (both ways, recorded
// in every frame) or file of VS Code's user data (global and workspace state).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Locator, Page } from 'playwright-core';
import type { CodeServer } from '../../scripts/code-server';
import { pickQuickItem, runCommand, treeRow } from '../../scripts/chromium';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { quote } from '../../src/shared/bsonText';
import { INJECTED_MARKERS, XSS_NAMES, XSS_PAYLOADS } from '../fixtures/xss';
import { grepSecret, PLANTED_PASSWORD } from '../helpers/secretGrep';
import {
  addConnectionFromPalette,
  closeWorkbench,
  deepCount,
  deepScripts,
  deepText,
  openWorkbench,
  screenshot,
  skipRestAfterFailure,
  webviewFrame,
  webviewInnerFrame,
  type Workbench,
} from './workbench';

const DB = XSS_NAMES[0];
const NAME = 'XSS Sandbox';
const EDITOR = '[data-testid="pipeline-editor"]';
/** Field names may not hold '.' or NUL or start with '$' in MongoDB; the rest of each payload stays. */
const asKey = (p: string) => p.replace(/\./g, '·').replace(/^\$/, '＄').split('\u0000').join('␀');
/** The collection payload i is written to. */
const collOf = (i: number) => XSS_NAMES[i % XSS_NAMES.length];
/** A bookmark label made of payloads (VS Code's input box takes one line). */
const LABEL = `${XSS_PAYLOADS[9].text} ${XSS_PAYLOADS[27].text} ${XSS_PAYLOADS[53].text}`;

/**
 * The text of one element and its open shadow roots. No named inner functions: tsx compiles this
 * file with esbuild's keepNames, whose `__name` helper does not exist inside the page.
 */
const textOf = (l: Locator): Promise<string> =>
  l.evaluate((el) => {
    const parts: string[] = [];
    const stack: Node[] = [el];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
      const kids: Node[] = Array.from(node.childNodes);
      if (node instanceof Element && node.shadowRoot) kids.unshift(node.shadowRoot);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    return parts.join('');
  });

/**
 * Records every message the webview's frames post (its traffic both ways: the outer frame forwards
 * the host's messages to the inner one and the inner one's to the host), at the sender: VS Code fills the inner frame
 * with document.open(), which drops listeners but keeps the window and its patched postMessage.
 */
const RECORD_MESSAGES = `(() => {
  const record = window.__csiRecordMessage;
  // Webview frames only: the workbench's own MessagePorts carry its worker traffic (large buffers).
  if (typeof record !== 'function' || window.top === window) return;
  const text = (d) => { try { return typeof d === 'string' ? d : JSON.stringify(d); } catch { return String(d); } };
  const wrap = (target) => {
    const original = target && target.postMessage;
    if (typeof original !== 'function') return;
    target.postMessage = function (data, ...rest) {
      const t = text(data);
      if (t) record(location.origin + ' ' + t.slice(0, 200000));
      return original.call(this, data, ...rest);
    };
  };
  wrap(window);
  wrap(MessagePort.prototype);
  if (typeof BroadcastChannel !== 'undefined') wrap(BroadcastChannel.prototype);
})()`;

function logText(server: CodeServer): string {
  const texts: string[] = [readFileSync(server.logFile, 'utf8')];
  const logs = join(server.userDataDir, 'logs');
  for (const f of readdirSync(logs, { recursive: true }) as string[]) {
    const p = join(logs, f);
    if (statSync(p).isFile()) texts.push(readFileSync(p, 'utf8'));
  }
  return texts.join('\n');
}

/** Every file VS Code keeps state in (globalStorage/workspaceStorage state.vscdb, …) but the logs, by path. */
function stateFiles(server: CodeServer): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const f of readdirSync(server.userDataDir, { recursive: true }) as string[]) {
    const p = join(server.userDataDir, f);
    if (f.startsWith('logs') || f.startsWith('CachedExtensionVSIXs') || !statSync(p).isFile()) continue;
    if (statSync(p).size < 50 * 1024 * 1024) out[f] = readFileSync(p);
  }
  return out;
}

/** Polls until `check` returns a value (not undefined), or fails with what `describe` says. */
async function until<T>(
  page: Page,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  describe: () => Promise<string> | string,
): Promise<T> {
  for (const end = Date.now() + timeoutMs; ;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms: ${await describe()}`);
    await page.waitForTimeout(200);
  }
}

describe('XSS corpus and planted password in code-server (E2E security)', function () {
  skipRestAfterFailure();
  this.timeout(300_000);
  let sandbox: Sandbox;
  let client: MongoClient;
  let server: CodeServer;
  let wb: Workbench | undefined;
  let page: Page;
  const dialogs: string[] = [];
  const traffic: string[] = [];

  const details = () => webviewFrame(page).locator('[data-testid="event-details"]');
  const detailsText = () => textOf(details());
  const insertCount = async () =>
    Number(
      await webviewFrame(page)
        .locator('[data-testid="op-counts"] [data-op="insert"]')
        .getAttribute('data-count', { timeout: 1000 }),
    );

  before(async function () {
    this.timeout(900_000);
    sandbox = await startSandbox({ port: 0, users: [{ user: 'alice', password: PLANTED_PASSWORD }] });
    client = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    await client
      .db(DB)
      .collection(XSS_NAMES[1])
      .insertOne({ _id: 'seed' } as never);
    wb = await openWorkbench(
      'e2e-security',
      { 'changeStreamInspector.sandbox.demoTraffic': false },
      {
        beforeLoad: async (browser) => {
          await browser.context.exposeBinding('__csiRecordMessage', (_source, text: string) => {
            traffic.push(text);
          });
          await browser.context.addInitScript(RECORD_MESSAGES);
          browser.page.on('dialog', (d) => {
            dialogs.push(d.message());
            void d.dismiss();
          });
        },
      },
    );
    server = wb.server;
    page = wb.page;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, 'security-failed');
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(wb);
    await client?.close(true).catch(() => undefined);
    await sandbox?.stop();
  });

  it('watches a database named with a payload, from a connection with the planted password', async () => {
    const uri = sandbox.uri.replace('mongodb://', `mongodb://alice:${encodeURIComponent(PLANTED_PASSWORD)}@`);
    await addConnectionFromPalette(page, uri, NAME);
    await runCommand(page, 'Change Streams: Watch Database…');
    await pickQuickItem(page, NAME, 60_000);
    await pickQuickItem(page, DB, 60_000);
    await webviewFrame(page).locator('body[data-ready="true"]').waitFor({ timeout: 90_000 });
    await webviewFrame(page)
      .locator('[data-testid="state-banner"][data-state="streaming"]')
      .waitFor({ state: 'attached', timeout: 60_000 });
  });

  it('shows every payload written into values, keys and collection names as rows', async () => {
    const db = client.db(DB);
    for (const [i, p] of XSS_PAYLOADS.entries()) {
      await db.collection(collOf(i)).insertOne({
        _id: `xss-${i}`,
        value: p.text,
        [asKey(p.text)]: p.text,
        nested: { list: [p.text] },
      } as never);
    }
    await until(
      page,
      async () => ((await insertCount()) >= XSS_PAYLOADS.length ? true : undefined),
      120_000,
      async () => `the panel counts ${await insertCount().catch(() => NaN)} inserts of ${XSS_PAYLOADS.length}`,
    );
    await screenshot(page, 'security-01-rows');
  });

  it('opens every row with the keyboard and shows its payloads as text, as the shell quotes them', async () => {
    await webviewFrame(page).locator('[data-testid="event-row"]').first().click();
    await page.keyboard.press('Home');
    const idIn = (text: string) => /'xss-(\d+)'/.exec(text)?.[1];
    const seen = new Map<number, string>();
    let previous: string | undefined;
    for (let step = 0; step < XSS_PAYLOADS.length; step++) {
      // The details pane shows the newly selected row: wait for its _id to change, not for a time.
      const text = await until(
        page,
        async () => {
          const t = await detailsText();
          const id = idIn(t);
          return id !== undefined && id !== previous ? t : undefined;
        },
        30_000,
        () => `the details pane still shows xss-${previous} after step ${step}`,
      );
      previous = idIn(text)!;
      seen.set(Number(previous), text);
      if (step === 40) await screenshot(page, 'security-02-details');
      await webviewFrame(page).locator('[data-testid="event-row"][aria-selected="true"]').focus();
      await page.keyboard.press('ArrowDown');
    }
    assert.deepEqual(
      [...seen.keys()].sort((a, b) => a - b),
      XSS_PAYLOADS.map((_, i) => i),
      'the keyboard walk opened every row once',
    );
    const wrong: string[] = [];
    for (const [i, text] of seen) {
      const p = XSS_PAYLOADS[i].text;
      const expected = { value: quote(p), key: asKey(p), collection: quote(collOf(i)), database: quote(DB) };
      for (const [what, shown] of Object.entries(expected))
        if (!text.includes(shown)) wrong.push(`xss-${i} ${what}: ${JSON.stringify(shown)} not in the details`);
    }
    assert.deepEqual(wrong, [], 'payloads not shown as text');
  });

  it('takes the corpus as pipeline text: applies it as data, shows a payload stage name in its error', async () => {
    await webviewFrame(page).locator('[data-testid="pipeline"]').click();
    const content = webviewFrame(page).locator(`${EDITOR} .cm-content`);
    await content.waitFor({ timeout: 30_000 });
    const type = async (text: string) => {
      await content.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(text);
    };
    const outcome = (hasText: string) =>
      webviewFrame(page).locator(`${EDITOR} [data-testid="pipeline-outcome"]`, { hasText });

    const stage = XSS_PAYLOADS[27].text; // <svg onload=…>
    await type(`[\n  { $match: { operationType: 'insert' } },\n  { ${JSON.stringify(stage)}: {} }\n]`);
    await webviewFrame(page).locator(`${EDITOR} [data-testid="pipeline-apply"]`).click();
    await outcome('Line 3').waitFor({ timeout: 30_000 });
    const error = await textOf(outcome('Line 3'));
    assert.ok(error.includes(stage), `the error names the stage as text: ${error}`);
    await screenshot(page, 'security-03-pipeline-error');

    const values = XSS_PAYLOADS.map((p) => JSON.stringify(p.text)).join(',\n      ');
    await type(`[\n  { $match: { 'fullDocument.value': { $in: [\n      ${values}\n    ] } } }\n]`);
    await page.keyboard.press('Control+Enter');
    await outcome('Applied').waitFor({ timeout: 30_000 });
    const editorText = await textOf(content);
    const notInEditor = XSS_PAYLOADS.filter((p) => !editorText.includes(JSON.stringify(p.text))).map((p) => p.text);
    assert.deepEqual(notInEditor, [], 'payloads the pipeline editor did not show as typed');
    // The payload strings reached the server as data: a matching document arrives, the other does not.
    await client
      .db(DB)
      .collection(collOf(0))
      .insertMany([
        { _id: 'not-in-corpus', value: 'plain' },
        { _id: 'in-corpus', value: XSS_PAYLOADS[44].text },
      ] as never);
    await webviewFrame(page)
      .locator('[data-testid="event-row"]', { hasText: "'in-corpus'" })
      .waitFor({ timeout: 60_000 });
    assert.equal(
      await webviewFrame(page).locator('[data-testid="event-row"]', { hasText: "'not-in-corpus'" }).count(),
      0,
      'the applied $match let a document outside the corpus through',
    );
    await screenshot(page, 'security-04-pipeline-applied');
  });

  it('shows a bookmark label made of payloads as text, in the panel and the Bookmarks view', async () => {
    await webviewFrame(page).locator('[data-testid="event-row"]', { hasText: "'in-corpus'" }).click();
    await until(
      page,
      async () => ((await detailsText()).includes("'in-corpus'") ? true : undefined),
      30_000,
      () => 'the details pane did not open in-corpus',
    );
    await details().locator('[data-testid="bookmark-event"]').click();
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(LABEL);
    await page.keyboard.press('Enter');
    const badge = details().locator('[data-testid="bookmark-badge"]');
    await badge.waitFor({ timeout: 30_000 });
    assert.equal((await textOf(badge)).trim(), LABEL);
    await page.locator('.part.activitybar [aria-label^="Change Streams"]').first().click();
    await treeRow(page, LABEL).waitFor({ timeout: 30_000 });
    await screenshot(page, 'security-05-bookmark');
  });

  it('runs nothing from content in any frame', async () => {
    const inner = await webviewInnerFrame(page);
    assert.deepEqual(dialogs, [], 'a dialog fired');
    const frames = page.frames();
    assert.ok(frames.length >= 3, `the workbench and the webview's two frames: ${frames.length}`);
    for (const f of frames)
      assert.equal(await f.evaluate<string>('typeof window.__pwned').catch(() => 'undefined'), 'undefined', f.url());
    for (const sel of ['img[src="x"]', 'svg[onload]', 'iframe[srcdoc]', 'details[ontoggle]', 'a[href^="javascript"]'])
      assert.equal(await deepCount(inner, sel), 0, `an element ${sel} exists in the webview`);
    for (const attr of INJECTED_MARKERS) {
      assert.equal(await deepCount(inner, `[${attr}]`), 0, `an element with ${attr} exists in the webview`);
      assert.equal(await deepCount(page, `[${attr}]`), 0, `an element with ${attr} exists in the workbench`);
    }
    const planted = (await deepScripts(inner)).filter((h) => h.includes('__pwned'));
    assert.deepEqual(planted, [], 'a <script> from content exists in the webview');
    assert.equal(await deepCount(page, 'img[src="x"]'), 0, 'an <img src=x> exists in the workbench');
  });

  it('shows, logs, sends and stores the planted password nowhere', async () => {
    await runCommand(page, 'Change Streams: Show Log');
    await page
      .locator('.part.panel .monaco-editor .view-lines', { hasText: NAME })
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'security-06-log');
    const sources = {
      workbench: await deepText(page),
      webview: await deepText(await webviewInnerFrame(page)),
      logs: logText(server),
      webviewTraffic: traffic,
      ...stateFiles(server),
    };
    // Each source must hold what it is about, or an empty one would pass the grep by accident.
    assert.ok(sources.workbench.includes(NAME), 'the workbench never showed the connection');
    assert.ok(sources.logs.includes(NAME), 'the log never named the connection');
    // Both ways: the host's notifications with the events, the webview's requests for one.
    assert.ok(
      traffic.some((t) => t.includes('"appended"') && t.includes('in-corpus')),
      `the recorded webview traffic (${traffic.length} messages) never carried an event to the webview`,
    );
    assert.ok(
      traffic.some((t) => t.includes('"getEvent"')),
      `the recorded webview traffic (${traffic.length} messages) never carried a request from the webview`,
    );
    assert.deepEqual(grepSecret(sources), [], 'the planted password is visible, logged, sent or stored');
  });
});
