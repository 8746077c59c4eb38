// Benchmark (prints figures, asserts nothing): export of 100,000 buffered ~1 KB events to NDJSON and to
// an EJSON array (time, largest single write, heap growth), their import back, and the cost of field
// masking per event. Run: npx tsx bench/recording.ts — figures are ratios within one run.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Decimal128, Int32, Long, ObjectId, Timestamp, type Document } from 'bson';
import { EventLog } from '../src/core/events/eventLog';
import { compileMasking, exportRecording, RecordingReader } from '../src/core/recording';

const N = Number(process.env.N ?? 100_000);

function change(i: number): Document {
  return {
    _id: { _data: `82${i.toString(16).padStart(16, '0')}2B042C0100296E5A1004` },
    operationType: i % 3 === 0 ? 'update' : 'insert',
    clusterTime: new Timestamp({ t: 1_764_633_600 + i, i: 1 }),
    wallTime: new Date(1_764_633_600_000 + i),
    ns: { db: 'shop', coll: 'orders' },
    documentKey: { _id: new ObjectId() },
    fullDocument: {
      _id: new ObjectId(),
      customer: { name: `Customer ${i}`, email: `c${i}@example.com`, address: { city: 'Oslo', zip: '0150' } },
      payment: { card: '4111111111111111', amount: Decimal128.fromString(`${i % 1000}.99`) },
      qty: new Int32(i % 9),
      version: Long.fromNumber(i),
      items: Array.from({ length: 4 }, (_, k) => ({ sku: `SKU-${k}-${i}`, price: Decimal128.fromString('9.90') })),
      note: 'x'.repeat(200),
    },
  };
}

async function main(): Promise<void> {
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (figures are noisy under load)`,
  );
  const log = new EventLog({ maxEvents: N, maxBytes: 4 * 1024 * 1024 * 1024 });
  const masking = compileMasking(['*.email', 'payment.card', '**.ssn'], { markChanges: true });
  const raw = Array.from({ length: 2000 }, (_, i) => change(i));
  let t = performance.now();
  for (const c of raw) masking.mask(c);
  const maskUs = ((performance.now() - t) * 1000) / raw.length;
  t = performance.now();
  for (const c of raw) log.append(c);
  const appendUs = ((performance.now() - t) * 1000) / raw.length;
  console.log(`masking: ${maskUs.toFixed(1)} µs/event vs log.append ${appendUs.toFixed(1)} µs/event`);
  for (let i = raw.length; i < N; i++) log.append(change(i));
  console.log(`buffered ${log.size} events, ${(log.bytes / 1024 / 1024).toFixed(1)} MB of EJSON`);
  const source = {
    target: { connectionId: 'c', connectionName: 'bench', scope: 'collection' as const, db: 'shop', coll: 'orders' },
    options: { fullDocument: 'default' as const, fullDocumentBeforeChange: 'off' as const, showExpandedEvents: false },
    log,
  };
  for (const format of ['ndjson', 'json'] as const) {
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let peak = heap0;
    let largest = 0;
    let bytes = 0;
    const chunks: number[] = [];
    t = performance.now();
    await exportRecording(
      source,
      { kind: 'all' },
      {
        write: async (c) => {
          largest = Math.max(largest, c.length);
          bytes += c.length;
          chunks.push(c.length);
          peak = Math.max(peak, process.memoryUsage().heapUsed);
          await new Promise((r) => setImmediate(r));
        },
      },
      { format },
    );
    const ms = performance.now() - t;
    console.log(
      `export ${format}: ${ms.toFixed(0)} ms for ${N} events (${(bytes / 1024 / 1024).toFixed(1)} MB in ${chunks.length} writes, ` +
        `largest write ${(largest / 1024).toFixed(0)} KB, heap growth at peak ${((peak - heap0) / 1024 / 1024).toFixed(1)} MB)`,
    );
  }
  // Import back, fed in 256 KB pieces as the file stream does.
  const lines: string[] = [];
  for (let s = log.firstSeq; s <= log.lastSeq; s++) lines.push(log.get(s)!.ejson);
  const text = lines.join('\n');
  let n = 0;
  const reader = new RecordingReader(() => n++);
  t = performance.now();
  for (let i = 0; i < text.length; i += 256 * 1024) reader.push(text.slice(i, i + 256 * 1024));
  reader.end();
  console.log(`import ndjson: ${(performance.now() - t).toFixed(0)} ms for ${n} events`);
}

void main();
