import { strict as assert } from 'node:assert';
import { BSON, Decimal128, Double, EJSON, Int32, Long, ObjectId, Timestamp, type Document } from 'bson';
import { canonicalText } from '../../../../src/core/events/canonicalJson';
import { EventLog, RECORD_BYTES, slabSizeFor } from '../../../../src/core/events/eventLog';
import { summarizeChange } from '../../../../src/core/events/summary';

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

  it('drops the oldest events beyond the byte cap, which counts the slabs and records it holds', () => {
    const cap = 64 << 10; // 1 KB slabs would be below the 4 KB floor: 4 KB slabs, ~3 events each
    assert.equal(slabSizeFor(cap), 4096);
    const log = new EventLog({ maxEvents: 1000, maxBytes: cap });
    const bsonBytes = BSON.serialize(insert(1, 'x'.repeat(1000))).length;
    for (let i = 1; i <= 200; i++) {
      log.append(insert(i, 'x'.repeat(1000)));
      assert.ok(log.bytes <= cap, `held ${log.bytes} > cap after ${i}`);
    }
    // What is held: whole slabs, plus the ring of records; at most ~2 slabs short of the cap.
    const slabs = new Set<Uint8Array>();
    for (let s = log.firstSeq; s <= log.lastSeq; s++) slabs.add(log.bsonAt(s)!.buf);
    const ring = log.bytes - [...slabs].reduce((n, b) => n + b.length, 0);
    assert.equal(ring % RECORD_BYTES, 0, 'the rest is whole records');
    assert.ok(ring / RECORD_BYTES >= log.size);
    assert.ok(log.bytes >= cap - 2 * 4096 - ring, `held ${log.bytes}: the cap is used`);
    assert.ok(log.size >= 40 && log.size < cap / bsonBytes, `size ${log.size}`);
    assert.equal(log.evicted + log.size, 200);
    assert.equal(log.get(log.firstSeq)!.bytes, bsonBytes, "an event's bytes are its BSON's");
    for (let s = log.firstSeq; s <= log.lastSeq; s++) assert.equal(log.get(s)!.summary.key, `_id: ${s}`);
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

  it('serves every retained event intact across slab boundaries while evicting by count', () => {
    const log = new EventLog({ maxEvents: 37, maxBytes: 256 << 10 }); // 4 KB slabs
    const changes = new Map<number, Document>();
    for (let i = 1; i <= 500; i++) {
      const change = insert(i, 'p'.repeat((i * 131) % 1500));
      changes.set(log.append(change).seq, change);
      if (i % 50 !== 0) continue;
      assert.equal(log.size, Math.min(i, 37));
      const slabs = new Set<Uint8Array>();
      for (let s = log.firstSeq; s <= log.lastSeq; s++) {
        const at = log.bsonAt(s)!;
        slabs.add(at.buf);
        const change = changes.get(s)!;
        assert.deepEqual(BSON.deserialize(at.buf.subarray(at.start, at.end)), change, `#${s} bytes`);
        assert.equal(log.get(s)!.ejson, EJSON.stringify(change, { relaxed: false }), `#${s} text`);
      }
      assert.ok(slabs.size > 3, 'the events span several slabs');
    }
    assert.equal(log.bsonAt(log.firstSeq - 1), undefined);
  });

  it('makes ejson, token, valueAt and summary on access, equal to what the log stored before', () => {
    let now = 1_700_000_000_000;
    const log = new EventLog({ maxEvents: 100, maxBytes: 1 << 20, now: () => now });
    const read = { fullDocument: 'updateLookup', fullDocumentBeforeChange: 'whenAvailable' } as const;
    const change = {
      _id: { _data: '82655' },
      operationType: 'update',
      clusterTime: new Timestamp({ t: 1_700_000_000, i: 2 }),
      ns: { db: 'shop', coll: 'orders' },
      documentKey: { _id: new ObjectId('65a1b2c3d4e5f60718293a4b') },
      updateDescription: { updatedFields: { qty: 5, big: 2 ** 40, half: 0.5 }, removedFields: ['x'] },
      fullDocument: { _id: new ObjectId('65a1b2c3d4e5f60718293a4b'), total: Long.fromNumber(7), at: new Date(5) },
      fullDocumentBeforeChange: null,
      lsid: { id: new BSON.UUID('0e0a8e0c-6f8d-4e3a-9c3a-4d8f0f7d2c11').toBinary() },
      txnNumber: 3,
    };
    // As the driver hands events over: decoded from BSON with its defaults.
    const driverDoc = BSON.deserialize(BSON.serialize(change));
    now += 1;
    const seq = log.append(driverDoc, read).seq;
    for (let i = 0; i < 5; i++) log.append(insert(i));
    const e = log.get(seq)!;
    const before = canonicalText(driverDoc);
    assert.equal(e.ejson, before.ejson);
    assert.equal(e.token, before.id);
    assert.deepEqual(e.valueAt, before.valueAt);
    assert.deepEqual(e.read, read);
    const bytes = BSON.serialize(driverDoc).length;
    assert.deepEqual(e.summary, summarizeChange(driverDoc, seq, bytes, now, before.documentKey));
    assert.equal(e.summary.txn?.key.endsWith(':3'), true);
    assert.deepEqual(log.summaryAt(seq), e.summary);
    assert.equal(log.opAt(seq), 'update');
    assert.equal(log.tokenAt(seq), '{"_data":"82655"}');
    assert.equal(log.get(seq + 1)!.read, undefined);
  });

  it('keeps events as text when the BSON round trip would change them, or bson cannot write them', () => {
    const log = new EventLog({ maxEvents: 100, maxBytes: 1 << 20 });
    const wrapper = { _id: { _data: '01' }, operationType: 'insert', fullDocument: { d: new Double(2) } };
    const nul = { _id: { _data: '02' }, operationType: 'insert', fullDocument: { 'a\u0000b': 1 } };
    const a = log.append(wrapper).seq;
    const b = log.append(nul).seq;
    const bytesWithText = log.bytes;
    log.append(insert(3));
    assert.equal(log.get(a)!.ejson, EJSON.stringify(wrapper, { relaxed: false }));
    assert.match(log.get(a)!.ejson, /"\$numberDouble":"2.0"/);
    assert.ok(log.bsonAt(a), 'its BSON is kept too, for the quick filter');
    assert.equal(log.get(b)!.ejson, EJSON.stringify(nul, { relaxed: false }));
    assert.equal(log.bsonAt(b), undefined, 'bson refuses a key with a NUL');
    assert.equal(log.get(b)!.summary.op, 'insert');
    assert.equal(log.tokenAt(b), '{"_data":"02"}');
    // Their text is counted, and given back when they go.
    log.setLimits(1, 1 << 20);
    assert.ok(log.bytes < bytesWithText);
    assert.equal(log.get(a), undefined);
  });

  it('stores an empty change and events bigger than a slab (each its own slab, freed when evicted)', () => {
    const log = new EventLog({ maxEvents: 100, maxBytes: 1 << 20 }); // 16 KB slabs
    const empty = log.append({});
    assert.deepEqual([empty.ejson, empty.token, empty.summary.op, empty.summary.key], ['{}', '', 'unknown', '']);
    assert.equal(log.get(empty.seq)!.ejson, '{}');
    assert.equal(log.get(empty.seq)!.token, '');
    assert.equal(log.bsonAt(empty.seq)!.end - log.bsonAt(empty.seq)!.start, 5);
    const big = insert(2, 'b'.repeat(100_000));
    const seq = log.append(big).seq;
    const at = log.bsonAt(seq)!;
    assert.deepEqual([at.start, at.end, at.buf.length], [0, at.buf.length, BSON.serialize(big).length]);
    log.append(insert(3));
    assert.notEqual(log.bsonAt(seq + 1)!.buf, at.buf, 'the next event starts a new slab');
    assert.equal(log.get(seq)!.ejson, EJSON.stringify(big, { relaxed: false }));
    const held = log.bytes;
    log.setLimits(1, 1 << 20);
    assert.ok(held - log.bytes >= 100_000, 'the big slab went with its event');
    // A single event bigger than the cap stays, alone.
    const huge = log.append(insert(4, 'h'.repeat(2 << 20)));
    assert.deepEqual([log.size, log.firstSeq], [1, huge.seq]);
    assert.equal(log.get(huge.seq)!.summary.key, '_id: 4');
  });

  it('a view stays readable after its event is evicted (slabs are never rewritten)', () => {
    const log = new EventLog({ maxEvents: 3, maxBytes: 64 << 10 });
    const first = log.append(insert(1, 'v'.repeat(900)));
    const held = log.get(first.seq)!;
    for (let i = 2; i <= 200; i++) log.append(insert(i, 'w'.repeat(900)));
    assert.equal(log.get(first.seq), undefined);
    assert.equal(held.ejson, EJSON.stringify(insert(1, 'v'.repeat(900)), { relaxed: false }));
    assert.equal(held.summary.key, '_id: 1');
  });

  it('clear gives back every slab and record; setLimits re-sizes slabs and the ring', () => {
    const log = new EventLog({ maxEvents: 5000, maxBytes: 64 << 20 });
    for (let i = 1; i <= 3000; i++) log.append(insert(i, 'c'.repeat(200)));
    assert.ok(log.bytes >= 3000 * (RECORD_BYTES + 200));
    log.setLimits(10, 64 << 20);
    assert.equal(log.size, 10);
    assert.ok(log.bytes <= slabSizeFor(64 << 20) + 64 * RECORD_BYTES, `records given back: ${log.bytes}`);
    log.clear();
    assert.equal(log.bytes, 0);
    assert.equal(log.summaries(0, 10).length, 0);
    const e = log.append(insert(7));
    assert.equal(log.get(e.seq)!.summary.key, '_id: 7');
    assert.ok(log.bytes > 0 && log.bytes <= slabSizeFor(64 << 20) + 64 * RECORD_BYTES, `held ${log.bytes}`);
    log.setLimits(10, 1 << 20);
    for (let i = 0; i < 20; i++) log.append(insert(i, 'd'.repeat(3000)));
    assert.ok(log.bytes <= 1 << 20, `held ${log.bytes}`);
    assert.equal(log.size, 10);
    assert.ok(log.bsonAt(log.lastSeq)!.buf.length <= slabSizeFor(1 << 20), 'new slabs take the new size');
  });

  it('grows its slabs with what it holds: a quiet watch holds kilobytes, a full one slabs of 1/64 of its cap', () => {
    const log = new EventLog({ maxEvents: 100_000, maxBytes: 256 << 20 });
    log.append(insert(1));
    assert.ok(log.bytes <= 8 << 10, `one small event holds ${log.bytes} B`);
    const cap = 2 << 20;
    log.setLimits(100_000, cap);
    for (let i = 2; i <= 4000; i++) log.append(insert(i, 'g'.repeat(1000)));
    assert.equal(log.bsonAt(log.lastSeq)!.buf.length, slabSizeFor(cap));
    assert.ok(log.bytes <= cap && log.bytes >= cap * 0.95, `held ${log.bytes}`);
  });

  it('makes new summaries as events come while a list is showing, and later from BSON otherwise', () => {
    let now = 50_000;
    const log = new EventLog({ maxEvents: 100, maxBytes: 1 << 20, now: () => now });
    const quiet = log.append(insert(1));
    assert.equal(log.summaryAt(quiet.seq)!.key, '_id: 1', 'made from the BSON');
    log.latest(10);
    const shown = log.append(insert(2));
    assert.equal(log.summaryAt(shown.seq), shown.summary, 'the one made on append');
    now += 2500;
    const later = log.append(insert(3));
    assert.equal(log.summaryAt(later.seq)!.key, '_id: 3');
    assert.notEqual(log.summaryAt(later.seq), later.summary, 'the list stopped asking: made again from the BSON');
    assert.deepEqual(log.summaryAt(later.seq), later.summary);
  });

  it('finds the earlier events of the same document by their ns and documentKey bytes', () => {
    const log = new EventLog({ maxEvents: 100, maxBytes: 1 << 20 });
    const ev = (n: number, coll: string, id: unknown, extra: Document = {}) =>
      log.append({
        _id: { _data: `0${n}` },
        operationType: 'update',
        ns: { db: 'a', coll },
        documentKey: { _id: id },
        ...extra,
      }).seq;
    const a1 = ev(1, 'x', 1);
    ev(2, 'y', 1); // another collection
    ev(3, 'x', 2); // another document
    const a2 = ev(4, 'x', 1, { fullDocument: { big: 'z'.repeat(5000) } });
    const kept = ev(5, 'x', 1, { w: new Double(3) }); // kept as text, and as BSON
    const textOnly = ev(6, 'x', 1, { fullDocument: { 'nul\u0000key': 1 } }); // kept as text only
    const target = ev(7, 'x', 1);
    assert.equal(log.bsonAt(textOnly), undefined);
    assert.deepEqual(log.sameDocumentBefore(target), [a1, a2, kept, textOnly]);
    assert.deepEqual(log.sameDocumentBefore(textOnly), [a1, a2, kept]);
    assert.deepEqual(log.sameDocumentBefore(a1), []);
    log.append({ operationType: 'drop', ns: { db: 'a', coll: 'x' } });
    assert.deepEqual(log.sameDocumentBefore(log.lastSeq), [], 'no documentKey, no history');
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

describe('EventLog with the server bytes of an event', () => {
  const event = (n: number, pad = 0): Document => ({
    _id: { _data: `82${String(n).padStart(8, '0')}` },
    operationType: 'insert',
    clusterTime: new Timestamp({ t: 1_700_000_000 + n, i: 1 }),
    ns: { db: 'shop', coll: 'orders' },
    documentKey: { _id: n },
    fullDocument: { _id: n, whole: new Double(2), big: Long.fromNumber(7), pad: 'x'.repeat(pad) },
  });
  const decoded = (bytes: Uint8Array): Document => BSON.deserialize(bytes, { promoteLongs: false, bsonRegExp: true });
  const stored = (log: EventLog, seq: number): Buffer => {
    const s = log.bsonAt(seq)!;
    return Buffer.from(s.buf.subarray(s.start, s.end));
  };

  it('keeps a copy of the given bytes, not a serialization of the document, in slabs and on their own', () => {
    const log = new EventLog({ maxEvents: 1000, maxBytes: 1024 * 1024 });
    const sizes = [0, 10, 200_000, 20, 5000];
    const wire = sizes.map((pad, i) => Buffer.from(BSON.serialize(event(i + 1, pad))));
    sizes.forEach((_, i) => log.append(decoded(wire[i]), undefined, wire[i]));
    const copies = wire.map((w) => Buffer.from(w));
    // The reader's bytes belong to a whole driver reply that is reused or freed: the log copied them.
    for (const w of wire) w.fill(0);
    for (let i = 0; i < sizes.length; i++) {
      assert.ok(stored(log, i + 1).equals(copies[i]), `event ${i + 1} holds the bytes it was given`);
      // A whole double stays a double: a serialization of the decoded document would write an int32.
      assert.equal(stored(log, i + 1).includes(Buffer.from([0x01, ...Buffer.from('whole'), 0])), true);
      assert.equal(log.get(i + 1)!.summary.bytes, copies[i].length);
    }
    assert.equal(log.get(3)!.ejson, canonicalText(decoded(copies[2])).ejson);
  });

  it('counts the copied bytes against its byte cap like serialized ones', () => {
    const a = new EventLog({ maxEvents: 100_000, maxBytes: 256 * 1024 });
    const b = new EventLog({ maxEvents: 100_000, maxBytes: 256 * 1024 });
    for (let n = 1; n <= 400; n++) {
      const wire = BSON.serialize(event(n, 900));
      a.append(decoded(wire), undefined, wire);
      b.append(decoded(wire));
    }
    assert.ok(a.size < 400 && a.size > 50, `the cap evicted: ${a.size} kept`);
    assert.ok(Math.abs(a.size - b.size) <= 2, `${a.size} vs ${b.size} kept`);
  });
});
