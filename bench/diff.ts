// Benchmark (prints figures, asserts nothing): the image diff of one ~5 MB document with a
// few-percent change, and of 10,000 small documents. Run: npm run bench:diff
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BSON, Decimal128, Int32, Long, ObjectId, type Document } from 'bson';
import { diffCanonical, diffImages } from '../src/core/diff/imageDiff';
import { toCanonical } from '../src/core/diff/canonical';

let seed = 42;
const rand = (n: number): number => Math.floor((seed = (seed * 1103515245 + 12345) % 2147483648) / 65536) % n;

function lineItem(i: number): Document {
  return {
    _id: new ObjectId(),
    sku: `SKU-${String(i).padStart(6, '0')}`,
    title: `Item number ${i} with a name of some length`,
    qty: new Int32(1 + rand(9)),
    price: Decimal128.fromString(`${rand(1000)}.${rand(100)}`),
    addedAt: new Date(1_700_000_000_000 + i * 1000),
    tags: ['blue', 'large', `batch-${rand(50)}`],
    meta: { warehouse: `W${rand(20)}`, weight: 0.5 + rand(100) / 10, fragile: rand(2) === 0 },
  };
}

function bigOrder(items: number): Document {
  return {
    _id: new ObjectId(),
    customer: { name: 'Ada', email: 'ada@example.com', address: { city: 'Oslo', zip: '0150' } },
    status: 'open',
    version: Long.fromNumber(1),
    items: Array.from({ length: items }, (_, i) => lineItem(i)),
  };
}

/** ~3% of items edited in place, 1% appended, the status and version changed. */
function edited(doc: Document, removeInMiddle: number): Document {
  const next = BSON.deserialize(BSON.serialize(doc), { promoteValues: false });
  const items = next.items as Document[];
  for (let k = 0; k < items.length * 0.03; k++) {
    const item = items[rand(items.length)]!;
    item.qty = new Int32(item.qty.value + 1);
    if (k % 3 === 0) item.meta.fragile = !item.meta.fragile;
  }
  for (let k = 0; k < items.length * 0.01; k++) items.push(lineItem(items.length + k));
  for (let k = 0; k < removeInMiddle; k++) items.splice(Math.floor(items.length / 2) + k * 7, 1);
  next.status = 'paid';
  next.version = Long.fromNumber(2);
  return next;
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const out = fn();
  return [out, performance.now() - t];
}

const ms = (x: number): string => `${x.toFixed(2)} ms`;

function large(removeInMiddle: number, label: string): void {
  const before = BSON.deserialize(BSON.serialize(bigOrder(17_000)), { promoteValues: false });
  const after = edited(before, removeInMiddle);
  const mb = BSON.calculateObjectSize(before) / 1e6;
  const runs: number[] = [];
  let canonMs = 0;
  let result;
  for (let r = 0; r < 5; r++) {
    const [[b, a], c] = time(() => [toCanonical(before), toCanonical(after)] as const);
    canonMs = c;
    const [d, t] = time(() => diffCanonical(b, a));
    result = d;
    runs.push(t);
  }
  runs.sort((x, y) => x - y);
  // The event log keeps canonical EJSON text: JSON.parse of it is the canonical tree, no EJSON pass.
  const texts = [JSON.stringify(toCanonical(before)), JSON.stringify(toCanonical(after))];
  const [, parseMs] = time(() => texts.map((t) => JSON.parse(t) as unknown));
  console.log(
    `${label}: ${mb.toFixed(2)} MB BSON, ${result!.changes.length} changes (${JSON.stringify(result!.counts)}), ` +
      `positional arrays: ${result!.positionalArrays.length}`,
  );
  console.log(
    `  EJSON.serialize of both sides ${ms(canonMs)} (JSON.parse of their logged text ${ms(parseMs)}); diff median ${ms(runs[2]!)} (min ${ms(runs[0]!)}, max ${ms(runs[4]!)}) over 5 runs`,
  );
}

function small(): void {
  const pairs: [Document, Document][] = [];
  for (let i = 0; i < 10_000; i++) {
    const before: Document = {
      _id: new ObjectId(),
      status: 'open',
      qty: new Int32(rand(10)),
      total: Decimal128.fromString(`${rand(500)}.00`),
      customer: { name: `c${i}`, city: 'Oslo' },
      lines: [
        { _id: 1, sku: 'a', n: new Int32(1) },
        { _id: 2, sku: 'b', n: new Int32(2) },
      ],
      updatedAt: new Date(1_700_000_000_000 + i),
    };
    const after = BSON.deserialize(BSON.serialize(before), { promoteValues: false });
    after.status = 'paid';
    after.lines[1].n = new Int32(3);
    if (i % 4 === 0) after.lines.push({ _id: 3, sku: 'c', n: new Int32(1) });
    pairs.push([before, after]);
  }
  const times: number[] = [];
  const t0 = performance.now();
  for (const [b, a] of pairs) times.push(time(() => diffImages(b, a))[1]);
  const total = performance.now() - t0;
  times.sort((x, y) => x - y);
  const q = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  console.log(
    `10,000 small documents (~${BSON.calculateObjectSize(pairs[0]![0])} B), diffImages incl. canonical EJSON:`,
  );
  console.log(`  median ${ms(q(0.5))}, p95 ${ms(q(0.95))}, p99 ${ms(q(0.99))}, total ${ms(total)}`);
}

console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${cpus().length} cores`,
);
large(0, '5 MB order, in-place edits + appends');
large(5, '5 MB order, same + 5 removals mid-array');
small();
