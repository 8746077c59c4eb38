import { strict as assert } from 'node:assert';
import { Decimal128, Double, EJSON, Int32, Long, ObjectId, Timestamp } from 'bson';
import { EventLog } from '../../../../src/core/events/eventLog';

function insert(n: number, pad = '') {
  return {
    _id: { _data: `82${(1700000000 + n).toString(16).toUpperCase()}00000001` },
    operationType: 'insert',
    ns: { db: 'shop', coll: 'orders' },
    documentKey: { _id: n },
    fullDocument: { _id: n, pad },
  };
}

describe('EventLog', () => {
  it('numbers events from 1 and finds them by seq', () => {
    const log = new EventLog({ maxEvents: 10, maxBytes: 1e6 });
    const a = log.append(insert(1));
    const b = log.append(insert(2));
    assert.deepEqual([a.seq, b.seq], [1, 2]);
    assert.equal(log.get(2)?.summary.key, '_id: 2');
    assert.equal(log.get(3), undefined);
    assert.deepEqual([log.firstSeq, log.lastSeq, log.size], [1, 2, 2]);
  });

  it('drops the oldest events beyond the count cap', () => {
    const log = new EventLog({ maxEvents: 3, maxBytes: 1e6 });
    for (let i = 1; i <= 5; i++) log.append(insert(i));
    assert.deepEqual([log.firstSeq, log.lastSeq, log.size, log.evicted], [3, 5, 3, 2]);
    assert.equal(log.get(2), undefined);
    assert.deepEqual(
      log.summaries(1, 10).map((s) => s.seq),
      [3, 4, 5],
    );
  });

  it('drops the oldest events beyond the byte cap and tracks the bytes kept', () => {
    const one = new EventLog({ maxEvents: 100, maxBytes: 1e9 }).append(insert(1, 'x'.repeat(1000))).bytes;
    const log = new EventLog({ maxEvents: 100, maxBytes: one * 3 + 10 });
    for (let i = 1; i <= 6; i++) log.append(insert(i, 'x'.repeat(1000)));
    assert.equal(log.size, 3);
    assert.ok(log.bytes <= one * 3 + 10);
    assert.equal(
      log.bytes,
      [4, 5, 6].map((s) => log.get(s)!.bytes).reduce((a, b) => a + b),
    );
    assert.equal(log.evicted, 3);
  });

  it('keeps the newest event even when it alone exceeds the byte cap', () => {
    const log = new EventLog({ maxEvents: 100, maxBytes: 50 });
    log.append(insert(1, 'y'.repeat(500)));
    log.append(insert(2, 'y'.repeat(500)));
    assert.deepEqual([log.size, log.firstSeq], [1, 2]);
  });

  it('never reuses a seq after clear, and clear resets counts and total', () => {
    const log = new EventLog({ maxEvents: 10, maxBytes: 1e6 });
    log.append(insert(1));
    log.append(insert(2));
    log.clear();
    assert.equal(log.size, 0);
    assert.ok(log.lastSeq < log.firstSeq);
    assert.deepEqual(log.counts(), {});
    assert.equal(log.total, 0);
    assert.equal(log.append(insert(3)).seq, 3);
    assert.deepEqual(
      log.latest(5).map((s) => s.seq),
      [3],
    );
  });

  it('counts operations over everything appended, evicted or not', () => {
    const log = new EventLog({ maxEvents: 2, maxBytes: 1e6 });
    log.append(insert(1));
    log.append(insert(2));
    log.append({ _id: { _data: '82AA' }, operationType: 'update', ns: { db: 'a', coll: 'b' } });
    log.append({ _id: { _data: '82AB' }, operationType: 'delete', ns: { db: 'a', coll: 'b' } });
    assert.deepEqual(log.counts(), { insert: 2, update: 1, delete: 1 });
    assert.equal(log.total, 4);
    assert.equal(log.size, 2);
  });

  it('keeps canonical EJSON types in the stored text and the detail', () => {
    const change = {
      _id: { _data: '826553F1000000002A' },
      operationType: 'insert',
      clusterTime: new Timestamp({ t: 1700000000, i: 42 }),
      ns: { db: 'shop', coll: 'orders' },
      documentKey: { _id: new ObjectId('65a1b2c3d4e5f60718293a4b') },
      fullDocument: {
        _id: new ObjectId('65a1b2c3d4e5f60718293a4b'),
        long: Long.fromString('9007199254740993'),
        int: new Int32(7),
        dbl: new Double(2),
        dec: Decimal128.fromString('1.10'),
        when: new Date('2024-01-01T00:00:00Z'),
      },
    };
    const log = new EventLog({ maxEvents: 10, maxBytes: 1e6 });
    const e = log.append(change);
    const detail = log.detail(e.seq)!;
    assert.match(detail.ejson, /\n {2}"_id"/, 'pretty-printed');
    const back = EJSON.parse(detail.ejson, { relaxed: false });
    const doc = back.fullDocument;
    assert.ok(doc.long instanceof Long && doc.long.toString() === '9007199254740993');
    assert.ok(doc.int instanceof Int32 && doc.int.value === 7);
    assert.ok(doc.dbl instanceof Double && doc.dbl.value === 2);
    assert.ok(doc.dec instanceof Decimal128 && doc.dec.toString() === '1.10');
    assert.ok(doc.when instanceof Date);
    assert.ok(back.clusterTime instanceof Timestamp);
    assert.equal(detail.ejson, EJSON.stringify(change, undefined, 2, { relaxed: false }));
    assert.deepEqual(JSON.parse(detail.token), { _data: '826553F1000000002A' });
    assert.equal(detail.summary.seq, e.seq);
    assert.equal(log.detail(99), undefined);
  });

  it('serves windows of summaries clipped to what is retained', () => {
    const log = new EventLog({ maxEvents: 5, maxBytes: 1e6 });
    for (let i = 1; i <= 8; i++) log.append(insert(i));
    assert.deepEqual(
      log.summaries(2, 3).map((s) => s.seq),
      [4, 5, 6],
    );
    assert.deepEqual(
      log.summaries(7, 10).map((s) => s.seq),
      [7, 8],
    );
    assert.deepEqual(log.summaries(9, 10), []);
    assert.deepEqual(
      log.latest(2).map((s) => s.seq),
      [7, 8],
    );
    assert.deepEqual(
      log.latest(50).map((s) => s.seq),
      [4, 5, 6, 7, 8],
    );
  });

  it('applies lower limits at once', () => {
    const log = new EventLog({ maxEvents: 10, maxBytes: 1e6 });
    for (let i = 1; i <= 10; i++) log.append(insert(i));
    log.setLimits(4, 1e6);
    assert.deepEqual([log.size, log.firstSeq, log.evicted], [4, 7, 6]);
  });

  it('stays consistent across many evictions', () => {
    const log = new EventLog({ maxEvents: 100, maxBytes: 1e9 });
    for (let i = 1; i <= 5000; i++) log.append(insert(i));
    assert.deepEqual([log.firstSeq, log.lastSeq, log.size], [4901, 5000, 100]);
    assert.equal(log.get(4901)?.summary.key, '_id: 4901');
    assert.equal(log.get(5000)?.summary.key, '_id: 5000');
  });

  it('reports the rate over the last five seconds', () => {
    let now = 100_000;
    const log = new EventLog({ maxEvents: 1000, maxBytes: 1e9, now: () => now });
    for (let i = 0; i < 50; i++) log.append(insert(i));
    assert.equal(log.rate(), 10);
    now += 2000;
    for (let i = 0; i < 25; i++) log.append(insert(i));
    assert.equal(log.rate(), 15);
    now += 4000;
    assert.equal(log.rate(), 5);
    now += 10_000;
    assert.equal(log.rate(), 0);
  });
});
