// Quick-filter speed over 100,000 buffered ~1 KB events (target: <= 100 ms per query). Prints figures.
import { EJSON, Int32 } from 'bson';
import { filterPage, parseQuickFilter, type QuickFilterEvent } from '../src/core/pipeline/quickFilter';

const N = 100_000;
const ops = ['insert', 'update', 'delete', 'replace'];
const pad = 'x'.repeat(800);
const events: QuickFilterEvent[] = [];
for (let i = 1; i <= N; i++) {
  const op = ops[i % 4];
  const change = {
    _id: { _data: `8263${i.toString(16).padStart(12, '0')}` },
    operationType: op,
    ns: { db: 'shop', coll: 'orders' },
    documentKey: { _id: i },
    fullDocument: { _id: i, status: i % 10 === 0 ? 'open' : 'closed', qty: new Int32(i % 100), note: pad },
  };
  events.push({
    seq: i,
    summary: { op, ns: 'shop.orders', key: `{_id: ${i}}` },
    ejson: EJSON.stringify(change, { relaxed: false }),
  });
}
const avg = events.reduce((s, e) => s + e.ejson.length, 0) / N;
console.log(`${N} events, average ${avg.toFixed(0)} bytes of canonical EJSON`);

const queries: [string, string[]][] = [
  ['', ['insert']],
  ['open', []],
  ['{_id: 99999}', []],
  ['fullDocument.status = open', []],
  ['fullDocument.qty > 95', []],
  ['fullDocument.qty > 95', ['update']],
];
for (const [text, chips] of queries) {
  const p = parseQuickFilter(text, chips);
  if (!p.ok) throw new Error(p.message);
  const runs: number[] = [];
  let matched = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    matched = filterPage(events, p.query, { limit: N }).seqs.length;
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  runs.sort((a, b) => a - b);
  console.log(
    `${JSON.stringify(text).padEnd(30)} chips=${chips.join(',') || '-'}  matched ${matched}  median ${runs[2].toFixed(1)} ms  max ${runs[4].toFixed(1)} ms`,
  );
}
