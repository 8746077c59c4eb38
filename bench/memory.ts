// Benchmark (not a test), issue 13 P5: what the event log costs in memory, and the cost of one append.
//  - memory growth (V8 heap + external: ArrayBuffers and Buffers count, nothing hides outside the heap)
//    of an EventLog holding N ~1 KB change events (mixed inserts / updates with pre- and post-images,
//    as the driver hands them over: deserialized from BSON), divided by their BSON bytes;
//  - the byte cap's error: a log capped at --cap-mb filled with twice that many bytes; its memory growth
//    against the cap (the setting promises megabytes of memory to the person who sets it);
//  - µs per EventLog.append (the log's share of P1's core path), and per summary of 1,000 events
//    (what the list asks for; the log makes them from BSON on demand); then both again while a list
//    is showing (the log then makes each new event's summary as it comes).
//   npx tsx --expose-gc bench/memory.ts [--events 100000] [--cap-mb 32] [--before <git ref>] [--json]
// 1,000,000 events need ~1.1 GB for the log itself (and ~2 GB with the old string log, --before).
// --before also measures the EventLog of that commit (src/ from `git archive`) in the same run; each
// variant runs in a fresh child process so one's garbage cannot count against the other.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BSON, Long, ObjectId, Timestamp, type Document } from 'bson';

const root = join(__dirname, '..');
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    'cap-mb': { type: 'string', default: '32' },
    before: { type: 'string' },
    json: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});
const EVENTS = Number(values.events);
const CAP_MB = Number(values['cap-mb']);

/** Event n as BSON: an insert (n even) or an update with pre- and post-images (n odd), ~1 KB. */
function eventBytes(n: number): Uint8Array {
  const id = n >> 1;
  const post = {
    _id: new ObjectId(id.toString(16).padStart(24, '0')),
    sku: `SKU-${id % 977}`,
    status: n % 2 ? 'paid' : 'new',
    qty: id % 50,
    total: Long.fromNumber(id * 100),
    at: new Date(1_700_000_000_000 + id * 1000),
    customer: { name: `Customer ${id}`, email: `c${id}@example.com`, city: 'Springfield' },
    items: Array.from({ length: 2 }, (_, i) => ({ sku: `I-${(id + i) % 311}`, qty: i + 1, price: 9.99 + i })),
    comment: 'lorem ipsum dolor sit amet '.repeat(n % 2 ? 3 : 14),
  };
  const common = {
    _id: { _data: (0x8265000000n + BigInt(n)).toString(16).toUpperCase().padEnd(120, '0') },
    clusterTime: new Timestamp({ t: 1_700_000_000 + (n >> 4), i: n & 15 }),
    wallTime: new Date(1_700_000_000_000 + n),
    ns: { db: 'shop', coll: 'orders' },
    documentKey: { _id: post._id },
  };
  const change =
    n % 2
      ? {
          ...common,
          operationType: 'update',
          updateDescription: {
            updatedFields: { status: 'paid', qty: post.qty },
            removedFields: [],
            truncatedArrays: [],
          },
          fullDocument: post,
          fullDocumentBeforeChange: { ...post, status: 'new', qty: post.qty - 1 },
        }
      : { ...common, operationType: 'insert', fullDocument: post };
  return BSON.serialize(change);
}

interface ChildResult {
  events: number;
  bsonBytes: number;
  heapGrowth: number;
  rssGrowth: number;
  countedBytes: number;
  appendUs: number;
  summaryUs: number;
  listingAppendUs: number;
  listedSummaryUs: number;
  cap: { capBytes: number; bsonBytesAppended: number; heapGrowth: number; countedBytes: number; kept: number };
}

/** What the process holds for JS: the V8 heap and the memory of ArrayBuffers/Buffers outside it. */
function held(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('the child needs --expose-gc');
  // Freed ArrayBuffers leave `external` a little after the collection: let that finish too.
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 3; i++) {
    g();
    Atomics.wait(pause, 0, 0, 30);
  }
}

function child(src: string): ChildResult {
  /* eslint-disable-next-line @typescript-eslint/no-require-imports -- the EventLog of the commit measured */
  const { EventLog } = require(join(src, 'core/events/eventLog')) as typeof import('../src/core/events/eventLog');
  const read = { fullDocument: 'whenAvailable', fullDocumentBeforeChange: 'whenAvailable' } as const;
  // Warm up (JIT, bson's lazy require) on a log that is dropped before the measurement.
  const warm = new EventLog({ maxEvents: 1000, maxBytes: 1 << 30 });
  for (let n = 0; n < 3000; n++) warm.append(BSON.deserialize(eventBytes(n)) as Document, read);
  warm.summaries(warm.firstSeq, warm.size);
  // Emptied now: left to the collector, it went during the measurement and hid ~4 MB of the log's.
  warm.clear();

  // Heap per event held: the events are made one by one, so only the log keeps anything.
  const log = new EventLog({ maxEvents: EVENTS, maxBytes: Number.MAX_SAFE_INTEGER });
  gc();
  const heap0 = held();
  const rss0 = process.memoryUsage().rss;
  let bsonBytes = 0;
  let appendNs = 0n;
  for (let n = 0; n < EVENTS; n++) {
    const bytes = eventBytes(n);
    bsonBytes += bytes.length;
    const change = BSON.deserialize(bytes) as Document;
    const t = process.hrtime.bigint();
    log.append(change, read);
    appendNs += process.hrtime.bigint() - t;
  }
  gc();
  const heapGrowth = held() - heap0;
  const rssGrowth = process.memoryUsage().rss - rss0;
  const countedBytes = log.bytes;
  if (log.size !== EVENTS) throw new Error(`the log kept ${log.size} of ${EVENTS}`);
  // Cold summaries (the first time the list asks for them; the log remembers the last ones it
  // made): windows of 1,000 apart from each other, the median of five.
  const listed = Math.min(1000, Math.floor(EVENTS / 5));
  const windows: number[] = [];
  for (let w = 0; w < 5; w++) {
    const from = log.lastSeq - (w + 1) * Math.floor(EVENTS / 5) + 1;
    const t0 = process.hrtime.bigint();
    if (log.summaries(from, listed).length !== listed) throw new Error('summaries');
    windows.push(Number(process.hrtime.bigint() - t0));
  }
  const summaryNs = windows.sort((a, b) => a - b)[2];
  // Appends while a list is showing (it asked for summaries just now), then that list's next window.
  const more = Math.min(5000, EVENTS);
  let listingNs = 0n;
  log.summaries(log.lastSeq, 1);
  for (let n = EVENTS; n < EVENTS + more; n++) {
    const change = BSON.deserialize(eventBytes(n)) as Document;
    const t = process.hrtime.bigint();
    log.append(change, read);
    listingNs += process.hrtime.bigint() - t;
  }
  const t1 = process.hrtime.bigint();
  log.summaries(log.lastSeq - listed + 1, listed);
  const listedNs = Number(process.hrtime.bigint() - t1);
  log.clear();
  gc();

  // The byte cap: twice the cap's worth of BSON through a log capped at CAP_MB.
  const capBytes = CAP_MB * 1024 * 1024;
  const capped = new EventLog({ maxEvents: 10_000_000, maxBytes: capBytes });
  gc();
  const heap1 = held();
  let appended = 0;
  for (let n = 0; appended < 2 * capBytes; n++) {
    const bytes = eventBytes(n);
    appended += bytes.length;
    capped.append(BSON.deserialize(bytes) as Document, read);
  }
  gc();
  const capHeap = held() - heap1;
  return {
    events: EVENTS,
    bsonBytes,
    heapGrowth,
    rssGrowth,
    countedBytes,
    appendUs: Number(appendNs) / 1000 / EVENTS,
    summaryUs: summaryNs / 1000 / listed,
    listingAppendUs: Number(listingNs) / 1000 / more,
    listedSummaryUs: listedNs / 1000 / listed,
    cap: { capBytes, bsonBytesAppended: appended, heapGrowth: capHeap, countedBytes: capped.bytes, kept: capped.size },
  };
}

function runChild(src: string): ChildResult {
  const out = execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/tsx/dist/cli.mjs'),
      '--expose-gc',
      __filename,
      '--child',
      src,
      '--events',
      String(EVENTS),
      '--cap-mb',
      String(CAP_MB),
    ],
    {
      encoding: 'utf8',
      cwd: root,
      maxBuffer: 16 << 20,
      // A million events of the old log need more than V8's default old space.
      env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=6144`.trim() },
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

interface Figures {
  heapRatio: number;
  rssRatio: number;
  heapBytesPerEvent: number;
  bsonBytesPerEvent: number;
  capErrorPct: number;
  capCountedErrorPct: number;
  /** What the log itself counts (its `bytes`) over the BSON bytes: its slabs and records (EJSON bytes before). */
  countedRatio: number;
  appendUs: number;
  summaryUs: number;
  listingAppendUs: number;
  listedSummaryUs: number;
}

function figures(r: ChildResult): Figures {
  return {
    heapRatio: r.heapGrowth / r.bsonBytes,
    rssRatio: r.rssGrowth / r.bsonBytes,
    heapBytesPerEvent: r.heapGrowth / r.events,
    bsonBytesPerEvent: r.bsonBytes / r.events,
    // Signed: positive when the log holds more memory than the cap allows.
    capErrorPct: ((r.cap.heapGrowth - r.cap.capBytes) / r.cap.capBytes) * 100,
    capCountedErrorPct: ((r.cap.countedBytes - r.cap.capBytes) / r.cap.capBytes) * 100,
    countedRatio: r.countedBytes / r.bsonBytes,
    appendUs: r.appendUs,
    summaryUs: r.summaryUs,
    listingAppendUs: r.listingAppendUs,
    listedSummaryUs: r.listedSummaryUs,
  };
}

function main(): void {
  if (values.child) {
    process.stdout.write(JSON.stringify(child(values.child)) + '\n');
    return;
  }
  if (!Number.isInteger(EVENTS) || EVENTS < 1 || !(CAP_MB > 0))
    throw new Error('--events and --cap-mb take positive numbers');
  const load0 = loadavg()[0];
  let beforeDir: string | undefined;
  try {
    let before: Figures | undefined;
    if (values.before) {
      beforeDir = mkdtempSync(join(tmpdir(), 'csi-before-'));
      const tar = execFileSync('git', ['-C', root, 'archive', values.before, 'src'], { maxBuffer: 256 << 20 });
      execFileSync('tar', ['-x', '-C', beforeDir], { input: tar });
      symlinkSync(join(root, 'node_modules'), join(beforeDir, 'node_modules'));
      before = figures(runChild(join(beforeDir, 'src')));
    }
    const now = figures(runChild(join(root, 'src')));
    const result = {
      events: EVENTS,
      capMb: CAP_MB,
      ...now,
      ...(before ? { before: values.before, beforeFigures: before } : {}),
      loadAverage: [load0, loadavg()[0]],
      cores: cpus().length,
    };
    if (values.json) {
      process.stdout.write(JSON.stringify(result) + '\n');
      return;
    }
    const line = (label: string, f: Figures): void => {
      console.log(
        [
          label.padEnd(8),
          `${EVENTS} events of ${f.bsonBytesPerEvent.toFixed(0)} B BSON`,
          `heap+external ${f.heapBytesPerEvent.toFixed(0)} B/event = ${f.heapRatio.toFixed(3)}× BSON (target <= 1.25)`,
          `log counts ${f.countedRatio.toFixed(3)}×`,
          `RSS ${f.rssRatio.toFixed(2)}×`,
          `cap ${CAP_MB} MB: held ${f.capErrorPct >= 0 ? '+' : ''}${f.capErrorPct.toFixed(1)} % (target within 5 %), counted ${f.capCountedErrorPct.toFixed(2)} %`,
          `append ${f.appendUs.toFixed(2)} µs/event`,
          `summary ${f.summaryUs.toFixed(2)} µs`,
          `list showing: append ${f.listingAppendUs.toFixed(2)} + summary ${f.listedSummaryUs.toFixed(2)} µs`,
        ].join(' | '),
      );
    };
    if (before) line('before', before);
    line('now', now);
    console.log(
      `load average (1 min) before / after: ${load0.toFixed(2)} / ${loadavg()[0].toFixed(2)} on ${cpus().length} cores`,
    );
  } finally {
    if (beforeDir) rmSync(beforeDir, { recursive: true, force: true });
  }
}

main();
