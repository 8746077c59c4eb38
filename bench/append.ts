// Benchmark (not a test): CPU µs per EventLog.append of the same ~1 KB change events, this tree against
// another commit's EventLog in the same process, interleaved in rounds so a change of the machine's
// load hits both alike; prints the best and the median round of each.
//   npx tsx bench/append.ts --before <git ref> [--events 5000] [--rounds 15]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BSON, Long, ObjectId, Timestamp, type Document } from 'bson';

const root = join(__dirname, '..');
const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    events: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '15' },
  },
});
type Log = import('../src/core/events/eventLog').EventLog;
type LogClass = typeof import('../src/core/events/eventLog').EventLog;

function change(n: number): Document {
  const id = n >> 1;
  const post = {
    _id: new ObjectId(id.toString(16).padStart(24, '0')),
    sku: `SKU-${id % 977}`,
    status: 'paid',
    qty: id % 50,
    total: Long.fromNumber(id * 100),
    at: new Date(1_700_000_000_000 + id),
    customer: { name: `Customer ${id}`, email: `c${id}@example.com`, city: 'Springfield' },
    items: [
      { sku: 'a', qty: 1, price: 9.99 },
      { sku: 'b', qty: 2, price: 10.99 },
    ],
    comment: 'lorem ipsum dolor sit amet '.repeat(n % 2 ? 3 : 14),
  };
  const common = {
    _id: { _data: (0x8265000000n + BigInt(n)).toString(16).toUpperCase().padEnd(120, '0') },
    clusterTime: new Timestamp({ t: 1_700_000_000 + (n >> 4), i: n & 15 }),
    wallTime: new Date(1_700_000_000_000 + n),
    ns: { db: 'shop', coll: 'orders' },
    documentKey: { _id: post._id },
  };
  const doc =
    n % 2
      ? {
          ...common,
          operationType: 'update',
          updateDescription: { updatedFields: { status: 'paid' }, removedFields: [], truncatedArrays: [] },
          fullDocument: post,
          fullDocumentBeforeChange: { ...post, status: 'new' },
        }
      : { ...common, operationType: 'insert', fullDocument: post };
  return BSON.deserialize(BSON.serialize(doc));
}

function round(log: Log, events: Document[]): number {
  // CPU time, not wall time: on a shared machine the wall clock mostly measures the other processes.
  const t0 = process.cpuUsage();
  for (const e of events) log.append(e);
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / events.length;
}

function main(): void {
  if (!values.before) throw new Error('--before <git ref> is required');
  const dir = mkdtempSync(join(tmpdir(), 'csi-before-'));
  try {
    const tar = execFileSync('git', ['-C', root, 'archive', values.before, 'src'], { maxBuffer: 256 << 20 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    /* eslint-disable @typescript-eslint/no-require-imports -- the EventLog of two commits, by path */
    const Before = (require(join(dir, 'src/core/events/eventLog')) as { EventLog: LogClass }).EventLog;
    const Now = (require(join(root, 'src/core/events/eventLog')) as { EventLog: LogClass }).EventLog;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const events = Array.from({ length: Number(values.events) }, (_, n) => change(n));
    // Logs of the default size, so eviction runs as it does by default; warmed up before timing.
    const logs = {
      before: new Before({ maxEvents: 10_000, maxBytes: 64 << 20 }),
      now: new Now({ maxEvents: 10_000, maxBytes: 64 << 20 }),
    };
    round(logs.before, events);
    round(logs.now, events);
    const times: Record<'before' | 'now', number[]> = { before: [], now: [] };
    const load0 = loadavg()[0];
    for (let r = 0; r < Number(values.rounds); r++) {
      const order = r % 2 ? (['now', 'before'] as const) : (['before', 'now'] as const);
      for (const k of order) times[k].push(round(logs[k], events));
    }
    for (const k of ['before', 'now'] as const) {
      const s = [...times[k]].sort((a, b) => a - b);
      console.log(
        `${(k === 'before' ? `at ${values.before}` : 'now').padEnd(16)} append best ${s[0].toFixed(2)} µs, median ${s[s.length >> 1].toFixed(2)} µs (${s.length} rounds of ${events.length})`,
      );
    }
    console.log(`load average (1 min) ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)} on ${cpus().length} cores`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
