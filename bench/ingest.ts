// Benchmark (not a test), issue 13 P1: events/s through the extension's core path (driver → Watch →
// WatchSession → EventLog, the panel host stubbed by a listener that collects each summary) divided
// by the raw driver consuming the same pre-written stream (`for await`, counting), same sandbox, same
// run. Both start at the operation time taken before the writes, so they read the same events: mixed
// inserts and updates of ~1 KB documents, read with pre- and post-images.
//   npx tsx bench/ingest.ts [--events 200000] [--rounds 3] [--before <git ref>] [--batch-size <n>] [--json]
// The sandbox runs in its own process (src/sandbox/cli.ts), as a server would: in-process it would
// share this process's one thread with the consumer it measures. --before also runs the core path of
// that commit (src/ from `git archive`), in the same run and against the same stream.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { MongoClient, type Document, type Timestamp } from 'mongodb';

const root = join(__dirname, '..');
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '3' },
    before: { type: 'string' },
    'batch-size': { type: 'string' },
    json: { type: 'boolean', default: false },
    // --only core|raw runs one variant (for a profile of it: npx tsx --cpu-prof bench/ingest.ts --only core).
    only: { type: 'string' },
  },
});
const EVENTS = Number(values.events);
const ROUNDS = Number(values.rounds);
const say = (s: string): void => {
  // --json keeps stdout for the one JSON line; progress goes to stderr.
  (values.json ? process.stderr : process.stdout).write(s + '\n');
};

/** The product's default caps (package.json contributes), so eviction costs what it costs by default. */
function defaultLimits(): { maxEvents: number; maxBytes: number } {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: number }> } };
  };
  const props = pkg.contributes.configuration.properties;
  const maxEvents = props['changeStreamInspector.eventLog.maxEvents']?.default ?? 10_000;
  const maxMb = props['changeStreamInspector.eventLog.maxMegabytes']?.default ?? 64;
  return { maxEvents, maxBytes: maxMb * 1024 * 1024 };
}

async function startSandboxProcess(oplogSize: number): Promise<{ uri: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'src/sandbox/cli.ts'), '--oplog-size', String(oplogSize)],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const uri = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /mongodb:\/\/\S+/.exec(out);
      if (m) resolve(m[0]);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code}) before listening: ${out}`)));
  });
  return { uri, child };
}

/** ~1 KB documents: a few scalars, a nested address and an items array. */
function doc(n: number): Document {
  return {
    n,
    sku: `SKU-${n % 977}`,
    status: 'new',
    qty: n % 50,
    at: new Date(1_700_000_000_000 + n * 1000),
    customer: {
      name: `Customer ${n}`,
      email: `c${n}@example.com`,
      address: { street: `${n} Main St`, city: 'Springfield', zip: String(10000 + (n % 90000)) },
    },
    items: Array.from({ length: 6 }, (_, i) => ({
      sku: `I-${(n + i) % 311}`,
      qty: i + 1,
      price: 9.99 + i,
      note: 'x'.repeat(40),
    })),
    comment: 'lorem ipsum dolor sit amet '.repeat(12),
  };
}

/** Writes EVENTS events (per chunk of 500: the inserts, then one update of each) and returns the time before them. */
async function prewrite(uri: string, db: string, coll: string): Promise<Timestamp> {
  const client = new MongoClient(uri);
  try {
    await client.connect();
    const d = client.db(db);
    await d.createCollection(coll, { changeStreamPreAndPostImages: { enabled: true } });
    const c = d.collection(coll);
    const hello = (await d.command({ ping: 1 })) as { operationTime?: Timestamp };
    if (!hello.operationTime) throw new Error('the server returned no operationTime');
    const chunk = 500;
    let written = 0;
    for (let base = 0; written < EVENTS; base += chunk) {
      const inserts = Math.min(chunk, Math.ceil((EVENTS - written) / 2));
      await c.insertMany(Array.from({ length: inserts }, (_, i) => ({ _id: base + i, ...doc(base + i) })) as never[], {
        ordered: false,
      });
      written += inserts;
      const updates = Math.min(inserts, EVENTS - written);
      if (updates > 0) {
        await c.updateMany({ _id: { $gte: base, $lt: base + updates } } as never, {
          $set: { status: 'paid', paidAt: new Date() },
          $inc: { qty: 1 },
        });
        written += updates;
      }
    }
    return hello.operationTime;
  } finally {
    await client.close();
  }
}

/** --batch-size sets the change stream's batchSize for both the raw driver and the core path. */
const BATCH_SIZE = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
const OPTIONS = {
  fullDocument: 'whenAvailable' as const,
  fullDocumentBeforeChange: 'whenAvailable' as const,
  showExpandedEvents: false,
  ...(BATCH_SIZE !== undefined ? { batchSize: BATCH_SIZE } : {}),
};

/**
 * Events per second (wall clock), this process's CPU time per event in µs (the consumer's own cost)
 * and the sandbox's (the server's cost; NaN where /proc is missing). With 2 cores and the two
 * processes overlapping, the wall time per event is at best the larger of the two CPU costs.
 */
interface Rate {
  perSecond: number;
  cpuUsPerEvent: number;
  serverCpuUsPerEvent: number;
  /** GC pauses of this process per event in µs (included in cpuUsPerEvent). */
  gcUsPerEvent: number;
}

/** CPU time in µs of a process and its descendants (tsx runs the sandbox in a child), from /proc. */
function treeCpuUs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  // Read by hand: Node has no API for another process's CPU time.
  try {
    const stats = new Map<number, { ppid: number; ticks: number }>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const text = readFileSync(`/proc/${name}/stat`, 'utf8');
        const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
        // Fields after the command: state ppid ... utime (14th of the line) stime (15th).
        stats.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
      } catch {
        // The process ended meanwhile.
      }
    }
    let ticks = 0;
    const todo = [pid];
    while (todo.length) {
      const p = todo.pop()!;
      ticks += stats.get(p)?.ticks ?? 0;
      for (const [child, st] of stats) if (st.ppid === p) todo.push(child);
    }
    return ticks * 10_000; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

let serverPid: number | undefined;

/** Milliseconds this process spent in garbage collection so far (part of its CPU time). */
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

function mark(): { t0: number; cpu0: NodeJS.CpuUsage; server0: number; gc0: number } {
  return { t0: performance.now(), cpu0: process.cpuUsage(), server0: treeCpuUs(serverPid), gc0: gcMs };
}

function rate({ t0, cpu0, server0, gc0 }: ReturnType<typeof mark>): Rate {
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    perSecond: EVENTS / s,
    cpuUsPerEvent: (cpu.user + cpu.system) / EVENTS,
    serverCpuUsPerEvent: (treeCpuUs(serverPid) - server0) / EVENTS,
    gcUsPerEvent: ((gcMs - gc0) * 1000) / EVENTS,
  };
}

async function raw(uri: string, db: string, coll: string, at: Timestamp): Promise<Rate> {
  const client = new MongoClient(uri);
  try {
    await client.connect();
    const m0 = mark();
    const stream = client
      .db(db)
      .collection(coll)
      .watch([], { ...OPTIONS, startAtOperationTime: at });
    let n = 0;
    for await (const e of stream) {
      void e;
      if (++n === EVENTS) break;
    }
    const r = rate(m0);
    await stream.close();
    return r;
  } finally {
    await client.close();
  }
}

interface CoreModules {
  EventLog: typeof import('../src/core/events/eventLog').EventLog;
  WatchSession: typeof import('../src/core/watch/watchSession').WatchSession;
  Watch: typeof import('../src/core/watch/watch').Watch;
}

function coreModules(src: string): CoreModules {
  /* eslint-disable @typescript-eslint/no-require-imports -- the core of another commit is required from its path */
  return {
    EventLog: (require(join(src, 'core/events/eventLog')) as typeof import('../src/core/events/eventLog')).EventLog,
    WatchSession: (require(join(src, 'core/watch/watchSession')) as typeof import('../src/core/watch/watchSession'))
      .WatchSession,
    Watch: (require(join(src, 'core/watch/watch')) as typeof import('../src/core/watch/watch')).Watch,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

async function core(m: CoreModules, uri: string, db: string, coll: string, at: Timestamp): Promise<Rate> {
  const client = new MongoClient(uri);
  const noop = (): void => undefined;
  const logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop };
  try {
    await client.connect();
    const log = new m.EventLog(defaultLimits());
    const target = { connectionId: 'bench', connectionName: 'bench', scope: 'collection' as const, db, coll };
    const watch = new m.Watch(
      'bench',
      target,
      OPTIONS,
      log,
      (id, t, o, l) =>
        new m.WatchSession({ id, client: () => Promise.resolve(client), target: t, options: o, log: l, logger }),
    );
    // The panel host's part, stubbed: it keeps each appended summary until its next post.
    let pending: unknown[] = [];
    let n = 0;
    const m0 = mark();
    const done = new Promise<void>((resolve) => {
      watch.onDidAppend((e) => {
        pending.push(e.summary);
        if (pending.length >= 1000) pending = [];
        if (++n === EVENTS) resolve();
      });
    });
    await watch.start({ kind: 'atTime', seconds: at.t, increment: at.i });
    await done;
    const r = rate(m0);
    await watch.stop();
    if (log.total !== EVENTS) throw new Error(`the log holds ${log.total} events, expected ${EVENTS}`);
    return r;
  } finally {
    await client.close();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main(): Promise<void> {
  if (!Number.isInteger(EVENTS) || EVENTS < 2 || !Number.isInteger(ROUNDS) || ROUNDS < 1) {
    throw new Error('--events takes an integer >= 2, --rounds a positive integer');
  }
  if (BATCH_SIZE !== undefined && !(Number.isInteger(BATCH_SIZE) && BATCH_SIZE > 0)) {
    throw new Error('--batch-size takes a positive integer');
  }
  const load0 = loadavg()[0];
  const { uri, child } = await startSandboxProcess(EVENTS + 10_000);
  serverPid = child.pid;
  let beforeDir: string | undefined;
  try {
    const db = 'csi_bench';
    const coll = 'ingest';
    const w0 = performance.now();
    const at = await prewrite(uri, db, coll);
    say(`pre-wrote ${EVENTS} events in ${((performance.now() - w0) / 1000).toFixed(1)} s`);
    const now = coreModules(join(root, 'src'));
    let before: CoreModules | undefined;
    if (values.before) {
      beforeDir = mkdtempSync(join(tmpdir(), 'csi-before-'));
      const tar = execFileSync('git', ['-C', root, 'archive', values.before, 'src'], { maxBuffer: 256 << 20 });
      execFileSync('tar', ['-x', '-C', beforeDir], { input: tar });
      symlinkSync(join(root, 'node_modules'), join(beforeDir, 'node_modules'));
      before = coreModules(join(beforeDir, 'src'));
    }
    const runs: Record<'raw' | 'core' | 'before', Rate[]> = { raw: [], core: [], before: [] };
    const show = (what: string, r: Rate): string =>
      `${what} ${Math.round(r.perSecond)} events/s, ${r.cpuUsPerEvent.toFixed(1)} µs CPU/event (GC ${r.gcUsPerEvent.toFixed(1)}; sandbox ${r.serverCpuUsPerEvent.toFixed(1)})`;
    // Interleaved rounds, so a change of the machine's load hits every variant alike.
    for (let r = 0; r < ROUNDS; r++) {
      if (values.only !== 'core') {
        runs.raw.push(await raw(uri, db, coll, at));
        say(show(`round ${r + 1}: raw driver`, runs.raw[r]));
      }
      if (values.only === 'raw') continue;
      // Odd rounds run the --before commit first: a control run (--before HEAD) showed the slot after
      // raw a few per cent faster than the next one, so the order alternates to cancel that.
      const order: ('core' | 'before')[] = before && r % 2 === 1 ? ['before', 'core'] : ['core', 'before'];
      for (const k of order) {
        if (k === 'core') {
          runs.core.push(await core(now, uri, db, coll, at));
          say(show(`round ${r + 1}: core path`, runs.core[r]));
        } else if (before) {
          runs.before.push(await core(before, uri, db, coll, at));
          say(show(`round ${r + 1}: core path at ${values.before}`, runs.before[r]));
        }
      }
    }
    if (values.only) return;
    const rateOf = (k: keyof typeof runs): number => median(runs[k].map((x) => x.perSecond));
    // Each round's core run is paired with the raw run just before it: the median of those ratios
    // cancels the load drifting between rounds, which a ratio of medians would not.
    const pairedRatio = (k: 'core' | 'before'): number =>
      median(runs[k].map((x, i) => x.perSecond / runs.raw[i].perSecond));
    const pairedCpuRatio = (k: 'core' | 'before'): number =>
      median(runs[k].map((x, i) => runs.raw[i].cpuUsPerEvent / x.cpuUsPerEvent));
    const cpuOf = (k: keyof typeof runs): number => median(runs[k].map((x) => x.cpuUsPerEvent));
    const serverCpuOf = (k: keyof typeof runs): number => median(runs[k].map((x) => x.serverCpuUsPerEvent));
    const result = {
      events: EVENTS,
      rounds: ROUNDS,
      batchSize: BATCH_SIZE ?? null,
      rawPerSecond: rateOf('raw'),
      corePerSecond: rateOf('core'),
      ratio: pairedRatio('core'),
      rawCpuUsPerEvent: cpuOf('raw'),
      coreCpuUsPerEvent: cpuOf('core'),
      rawServerCpuUsPerEvent: serverCpuOf('raw'),
      coreServerCpuUsPerEvent: serverCpuOf('core'),
      /** What the ratio would be if this process were the bottleneck: raw CPU per event / core CPU per event. */
      cpuRatio: pairedCpuRatio('core'),
      ...(before
        ? {
            before: values.before,
            beforePerSecond: rateOf('before'),
            beforeRatio: pairedRatio('before'),
            beforeCpuUsPerEvent: cpuOf('before'),
            beforeCpuRatio: pairedCpuRatio('before'),
          }
        : {}),
      loadAverage: [load0, loadavg()[0]],
      cores: cpus().length,
    };
    if (values.json) {
      process.stdout.write(JSON.stringify(result) + '\n');
    } else {
      console.log(
        `events: ${EVENTS} (mixed inserts/updates, ~1 KB documents, pre- and post-images), ${ROUNDS} rounds, batchSize ${BATCH_SIZE ?? 'default'}`,
      );
      console.log(
        `raw driver:  median ${Math.round(result.rawPerSecond)} events/s, ${result.rawCpuUsPerEvent.toFixed(1)} µs CPU/event (sandbox ${result.rawServerCpuUsPerEvent.toFixed(1)})`,
      );
      console.log(
        `core path:   median ${Math.round(result.corePerSecond)} events/s, ${result.coreCpuUsPerEvent.toFixed(1)} µs CPU/event (sandbox ${result.coreServerCpuUsPerEvent.toFixed(1)})`,
      );
      console.log(
        `ratio:       ${result.ratio.toFixed(3)} (target >= 0.95; median of the rounds' core / raw); CPU ratio ${result.cpuRatio.toFixed(3)}`,
      );
      if (before)
        console.log(
          `at ${values.before}: median ${Math.round(result.beforePerSecond!)} events/s, ${result.beforeCpuUsPerEvent!.toFixed(1)} µs CPU/event, ratio ${result.beforeRatio!.toFixed(3)}, CPU ratio ${result.beforeCpuRatio!.toFixed(3)}`,
        );
      console.log(
        `load average (1 min) before / after: ${load0.toFixed(2)} / ${loadavg()[0].toFixed(2)} on ${cpus().length} cores`,
      );
    }
  } finally {
    child.kill('SIGTERM');
    if (beforeDir) rmSync(beforeDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
