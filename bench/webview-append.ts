// Benchmark (not a test): what each host message costs the inspector webview. The real bundle runs in
// headless Chromium under the panel's CSP with the test harness's fake host, fed through the real
// protocol ('appended' notifications) from inside the page, and it prints, per scenario: the work one
// message causes (listener + the microtasks it queues), frame times (rAF deltas) while appending,
// message → row in the DOM at the next frame, JS heap and DOM/comment nodes left in the list.
//   npx tsx bench/webview-append.ts [--before <git ref>] [--seconds 5] [--rows 100000] [--only <text>] [--json]
// The floods (10k events/s) run until --rows events have been appended (100,000: ten seconds); the
// steady and at-the-cap scenarios run --seconds. The scrolling scenario starts with 100,000 rows in
// the fake host and scrolls back through them (a wheel-sized step every frame, a scrollbar jump every
// 40 frames, so pages come in from the host) while 10k events/s keep arriving. Each scenario also
// prints the renderer main thread's busy share (CDP Performance.getMetrics TaskDuration / wall time):
// frame times are rAF intervals, so at the display's 60 Hz the best p95 is one vsync, 16.7 ms.
// --profile samples the renderer's JavaScript during each scenario and prints its top self times.
// --shots <dir> saves a screenshot of the page at the end of each scenario (to look at).
// --only keeps the scenarios whose name contains the text; --json prints one JSON line on stdout
// (an array of per-scenario figures; the table goes to stderr), for bench/run.ts.
// --before also builds the webview of that commit (webview/ + src/shared/ from `git archive`) and
// prints both, measured in the same run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { startHarness } from '../test/webview/harness-server';

const root = join(__dirname, '..');
const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    seconds: { type: 'string', default: '5' },
    rows: { type: 'string', default: '100000' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    shots: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
// With --json the table moves to stderr and stdout carries only the figures.
if (values.json) console.log = (...args: unknown[]) => console.error(...args);
const seconds = Number(values.seconds);
const rows = Number(values.rows);

interface Scenario {
  name: string;
  /** Messages per second and events per message. */
  rate: number;
  batch: number;
  /** Rows in the log before it starts, and the fake host's count cap (the log evicts beyond it). */
  initial: number;
  cap: number;
  /** Runs until this many events were appended (floods), instead of --seconds. */
  rows?: number;
  /** Scrolls back through the history while appending. */
  scroll?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'steady 1 event/msg, 50 msg/s', rate: 50, batch: 1, initial: 100, cap: 100_000 },
  { name: 'flood 100 events/msg, 100 msg/s (10k ev/s)', rate: 100, batch: 100, initial: 100, cap: 1_000_000, rows },
  { name: 'flood 500 events/msg, 20 msg/s (10k ev/s)', rate: 20, batch: 500, initial: 100, cap: 1_000_000, rows },
  {
    name: 'scrolling back through 100,000 rows, 10k ev/s arriving',
    rate: 100,
    batch: 100,
    initial: 100_000,
    cap: 1_000_000,
    rows: Math.min(rows, 100_000),
    scroll: true,
  },
  { name: 'at the cap: 1 event/msg, 50 msg/s, log full at 10,000', rate: 50, batch: 1, initial: 10_000, cap: 10_000 },
];

// Runs in the page (as text: the panel CSP forbids eval, CDP's evaluate is allowed). It posts 'appended'
// notifications itself, built from one summary (cloned through JSON like postMessage does), so the fake
// host's event generation does not load the page. Times every message from a capture listener (runs
// before the bridge's) to the end of the microtasks it queued (Lit's updates), frames by rAF, and the
// first frame at which the newest row is in the list's DOM; counts the list's DOM before and after.
const driver = (s: Scenario, ms: number) => String.raw`(async () => {
  const list = () => document.querySelector('csi-inspector').shadowRoot.querySelector('csi-event-list').shadowRoot;
  const count = () => { let nodes = 0, comments = 0; const walk = (n) => { nodes++; if (n.nodeType === 8) comments++; n.childNodes.forEach(walk); }; walk(list()); return { nodes, comments }; };
  const at0 = count();
  const costs = [], frames = [], paints = [];
  let pendingFrames = 0, scrolledFrames = 0;
  window.benchJump = () => { const sc = list().querySelector('.scroller'); sc.scrollTop = Math.random() * (sc.scrollHeight - sc.clientHeight) * 0.9; };
  let start = 0;
  window.addEventListener('message', () => { start = performance.now(); }, true);
  window.addEventListener('message', () => {
    const t0 = start;
    queueMicrotask(() => queueMicrotask(() => Promise.resolve().then(() => Promise.resolve()).then(() => costs.push(performance.now() - t0))));
  });
  let last = performance.now(), running = true;
  const frame = (t) => {
    frames.push(t - last);
    last = t;
    if (${!!s.scroll}) {
      // A wheel-sized step up every frame; every 40th frame a jump, as a drag on the scrollbar does.
      // The wheel steps come from the bench as real input (page.mouse.wheel), through the browser's
      // scrolling as a person's would; the page only counts frames that show a row still on its way.
      scrolledFrames++;
      if (list().querySelector('.row.pending')) pendingFrames++;
    }
    if (running) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  let seq = window.fakeHost.lastSeq();
  const cap = ${s.cap};
  const one = { seq: 0, time: new Date().toISOString(), op: 'update', ns: 'shop.orders', key: "_id: ObjectId('6740000001eef00000000001')", changed: 'set status, items.1.qty', bytes: 300, hasPre: false, hasPost: true };
  // Rows this driver appends are paged back from the fake host like its own (scrolling reads them).
  window.fakeHost.extendTo(seq + ${(s.rows ?? 0) * 2 + 1_000_000}, one);
  const post = (n) => {
    const summaries = [];
    for (let i = 0; i < n; i++) summaries.push({ ...one, seq: ++seq });
    const params = { summaries, firstSeq: Math.max(1, seq - cap + 1), lastSeq: seq, counts: { update: seq }, total: seq, rate: 0, evicted: Math.max(0, seq - cap) };
    window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(JSON.stringify({ kind: 'notify', method: 'appended', params })) }));
  };
  const begin = performance.now();
  let sent = 0;
  await new Promise((done) => {
    const timer = setInterval(() => {
      if (performance.now() - begin > ${ms}) { clearInterval(timer); done(); return; }
      if (${s.rows ?? 0} > 0 && sent * ${s.batch} >= ${s.rows ?? 0}) { clearInterval(timer); done(); return; }
      post(${s.batch});
      sent++;
      if (${!!s.scroll}) return;
      const want = seq, t0 = performance.now();
      const look = () => {
        if (list().querySelector('[data-seq="' + want + '"]')) paints.push(performance.now() - t0);
        else if (performance.now() - t0 < 3000) requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    }, ${1000 / s.rate});
  });
  await new Promise((r) => setTimeout(r, 500));
  running = false;
  const at1 = count();
  return { costs, frames, paints, sent, at0, at1, events: seq, pendingFrames, scrolledFrames, heap: performance.memory ? performance.memory.usedJSHeapSize : 0 };
})()`;

interface ScenarioFigures {
  label: string;
  scenario: string;
  eventsPerSecond: number;
  msgs: number;
  events: number;
  msgCostP95Ms: number;
  frameP50Ms: number;
  frameP95Ms: number;
  frameMaxMs: number;
  /** Frames that missed at least one vsync (rAF interval over 1.5 × 16.7 ms), %. */
  slowFramePct: number;
  paintP50Ms: number;
  paintP95Ms: number;
  paintsSeen: number;
  heapMb: number;
  /** Renderer main thread busy share over the scenario, %. */
  busyPct: number;
  scroll: boolean;
  /** Scrolling: share of frames that showed a row still waiting for its page, %. */
  pendingFramePct?: number;
}
const collected: ScenarioFigures[] = [];

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f = (n: number) => (Number.isNaN(n) ? '–' : n.toFixed(1));

/** Top self times of a CPU profile (CDP Profiler), by function and place. */
function printProfile(profile: {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}): void {
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (deltas[i] ?? 0));
  const byName = new Map<string, number>();
  for (const n of profile.nodes) {
    const us = self.get(n.id) ?? 0;
    if (!us) continue;
    const f = n.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    byName.set(name, (byName.get(name) ?? 0) + us);
  }
  const total = [...byName.values()].reduce((a, b) => a + b, 0);
  for (const [name, us] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`  ${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`);
}

async function measure(browser: Browser, label: string, entry: string | undefined): Promise<void> {
  const harness = await startHarness(entry);
  try {
    for (const s of SCENARIOS.filter((x) => values.only === undefined || x.name.includes(values.only))) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(`${harness.url}?initial=${s.initial}&cap=${s.cap}&hostileEvery=0`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await page.waitForTimeout(500);
      const ms = s.rows ? (s.rows / (s.rate * s.batch)) * 1000 + 2000 : seconds * 1000;
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const busy = async () => {
        const m = (await cdp.send('Performance.getMetrics')).metrics;
        return { task: m.find((x) => x.name === 'TaskDuration')?.value ?? NaN, at: performance.now() };
      };
      if (values.profile) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      const b0 = await busy();
      let scrolling = !!s.scroll;
      const wheel = scrolling ? scrollLoop() : Promise.resolve();
      async function scrollLoop(): Promise<void> {
        const box = await page.locator('csi-inspector csi-event-list .scroller').boundingBox();
        if (!box) throw new Error('no event list on the page');
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        // A wheel notch up every frame (~16 ms), and every 40th a jump as a drag on the scrollbar makes.
        for (let i = 1; scrolling; i++) {
          if (i % 40 === 0) await page.evaluate('window.benchJump()');
          else await page.mouse.wheel(0, -120);
          await new Promise((r) => setTimeout(r, 16));
        }
      }
      const r = (await page.evaluate(driver(s, ms)).finally(() => (scrolling = false))) as {
        costs: number[];
        frames: number[];
        paints: number[];
        sent: number;
        at0: { nodes: number; comments: number };
        at1: { nodes: number; comments: number };
        events: number;
        pendingFrames: number;
        scrolledFrames: number;
        heap: number;
      };
      await wheel;
      const b1 = await busy();
      if (values.shots)
        await page.screenshot({ path: join(values.shots, `${label}-${s.name.replace(/[^a-z0-9]+/gi, '-')}.png`) });
      if (values.profile) printProfile((await cdp.send('Profiler.stop')).profile);
      const busyPct = ((b1.task - b0.task) * 1000 * 100) / (b1.at - b0.at);
      collected.push({
        label,
        scenario: s.name,
        eventsPerSecond: s.rate * s.batch,
        msgs: r.sent,
        events: r.events,
        msgCostP95Ms: pct(r.costs, 95),
        frameP50Ms: pct(r.frames, 50),
        frameP95Ms: pct(r.frames, 95),
        frameMaxMs: Math.max(...r.frames),
        slowFramePct: (100 * r.frames.filter((x) => x > 25).length) / Math.max(1, r.frames.length),
        paintP50Ms: pct(r.paints, 50),
        paintP95Ms: pct(r.paints, 95),
        paintsSeen: r.paints.length,
        heapMb: r.heap / 1e6,
        busyPct,
        scroll: !!s.scroll,
        ...(s.scroll ? { pendingFramePct: (100 * r.pendingFrames) / Math.max(1, r.scrolledFrames) } : {}),
      });
      // Frames longer than a second mean the page froze; they count, they are not outliers.
      console.log(
        [
          label.padEnd(8),
          s.name.padEnd(54),
          `msgs ${String(r.sent).padStart(4)}`,
          `msg cost p50 ${f(pct(r.costs, 50))} p95 ${f(pct(r.costs, 95))} ms`,
          `frame p50 ${f(pct(r.frames, 50))} p95 ${f(pct(r.frames, 95))} max ${f(Math.max(...r.frames))} ms, ${f((100 * r.frames.filter((x) => x > 25).length) / Math.max(1, r.frames.length))} % missed a vsync`,
          `msg→row p50 ${f(pct(r.paints, 50))} p95 ${f(pct(r.paints, 95))} ms (${r.paints.length} seen)`,
          `heap ${(r.heap / 1e6).toFixed(0)} MB`,
          `main thread busy ${busyPct.toFixed(0)} %`,
          ...(s.scroll
            ? [`frames showing a pending row ${((100 * r.pendingFrames) / Math.max(1, r.scrolledFrames)).toFixed(1)} %`]
            : []),
          `list DOM nodes ${r.at0.nodes} → ${r.at1.nodes}, comments ${r.at0.comments} → ${r.at1.comments}`,
          `events ${r.events}`,
        ].join(' | '),
      );
      await page.close();
    }
  } finally {
    await harness.close();
  }
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info', '--disable-dev-shm-usage'],
  });
  let before: string | undefined;
  try {
    if (values.before) {
      before = mkdtempSync(join(tmpdir(), 'csi-before-'));
      const tar = execFileSync('git', ['-C', root, 'archive', values.before, 'webview', 'src/shared'], {
        maxBuffer: 64 << 20,
      });
      execFileSync('tar', ['-x', '-C', before], { input: tar });
      symlinkSync(join(root, 'node_modules'), join(before, 'node_modules'));
      await measure(browser, 'before', join(before, 'webview/main.ts'));
    }
    await measure(browser, 'now', undefined);
  } finally {
    await browser.close();
    if (before) rmSync(before, { recursive: true, force: true });
  }
  console.log(`(${seconds} s per scenario; Chromium ${browser.version()}; ${process.platform} ${process.arch})`);
  if (values.json) process.stdout.write(JSON.stringify(collected) + '\n');
}

void main();
