// EventLog.quickFieldsAt (the op / ns / key texts the quick filter reads without decoding an event) and
// matchLog over the stored BSON: the same as the summaries and the EJSON filter, events kept as text included.
import { strict as assert } from 'node:assert';
import { Double, Int32, ObjectId, type Document } from 'bson';
import { EventLog } from '../../../../src/core/events/eventLog';
import { matchesQuickFilter, parseQuickFilter } from '../../../../src/core/pipeline/quickFilter';
import { matchLog } from '../../../../src/core/pipeline/quickFilterLog';

function events(): Document[] {
  const out: Document[] = [];
  for (let i = 0; i < 60; i++) {
    const key =
      i % 3 === 0
        ? { _id: new ObjectId(`6740000000000000000000${(i + 10).toString(16).padStart(2, '0')}`) }
        : i % 3 === 1
          ? { _id: i }
          : { _id: `it's "${i}"`, tenant: 't' };
    out.push({
      _id: { _data: `82${i.toString(16).padStart(4, '0')}` },
      operationType: i % 4 === 0 ? 'update' : 'insert',
      fullDocument: { ...key, qty: new Int32(i), note: i % 5 === 0 ? 'open door' : 'closed' },
      ns: { db: i % 2 ? 'shop' : 'crm', coll: i % 7 ? 'orders' : 'people' },
      documentKey: key,
    });
  }
  // No documentKey, no ns, an operation of its own.
  out.push({ _id: { _data: '8201' }, operationType: 'invalidate' });
  out.push({ _id: { _data: '8202' }, operationType: 'drop', ns: { db: 'shop', coll: 'orders' } });
  // Kept as text: a whole-number Double would come back from BSON as an Int32 in the EJSON.
  out.push({
    _id: { _data: '8203' },
    operationType: 'insert',
    fullDocument: { _id: 7, w: new Double(3), note: 'open' },
    ns: { db: 'shop', coll: 'orders' },
    documentKey: { _id: 7 },
  });
  return out;
}

describe('EventLog quick fields and matchLog over BSON', () => {
  it("gives every event's op, ns and key as its summary has them, and no key when not asked", () => {
    const log = new EventLog({ maxEvents: 1000, maxBytes: 64 << 20 });
    for (const e of events()) log.append(e);
    const into = { op: '', ns: '', key: '' };
    for (let seq = log.firstSeq; seq <= log.lastSeq; seq++) {
      assert.equal(log.quickFieldsAt(seq, into, false), true);
      assert.equal(into.key, '');
      assert.equal(log.quickFieldsAt(seq, into), true);
      const s = log.summaryAt(seq)!;
      assert.deepEqual(into, { op: s.op, ns: s.ns, key: s.key }, `seq ${seq}`);
    }
    assert.equal(log.quickFieldsAt(log.lastSeq + 1, into), false);
    assert.equal(log.quickFieldsAt(0, into), false);
  });

  it('counts the key texts it keeps in its bytes, and gives them back on eviction and clear', () => {
    const log = new EventLog({ maxEvents: 40, maxBytes: 64 << 20 });
    for (const e of events().slice(0, 40)) log.append(e);
    const before = log.bytes;
    const into = { op: '', ns: '', key: '' };
    let chars = 0;
    for (let seq = log.firstSeq; seq <= log.lastSeq; seq++) {
      log.quickFieldsAt(seq, into);
      chars += into.key.length;
    }
    assert.ok(log.bytes >= before + chars, `${log.bytes} >= ${before} + ${chars}`);
    const held = log.bytes;
    // Asking again keeps no second copy.
    for (let seq = log.firstSeq; seq <= log.lastSeq; seq++) log.quickFieldsAt(seq, into);
    assert.equal(log.bytes, held);
    log.clear();
    for (const e of events().slice(0, 40)) log.append(e);
    assert.equal(log.bytes, before);
  });

  it('matches what the EJSON filter matches on every event, for text, field and chip queries', () => {
    const log = new EventLog({ maxEvents: 1000, maxBytes: 64 << 20 });
    for (const e of events()) log.append(e);
    const queries: [string, string[]][] = [
      ['open', []],
      ['shop.orders', []],
      ["ObjectId('67400000", []],
      ['_id: 7', []],
      ["it's", []],
      ['fullDocument.qty > 30', []],
      ['fullDocument.w = 3', []],
      ['fullDocument.note = open', ['insert']],
      ['', ['invalidate', 'drop']],
      ['crm people', ['update']],
    ];
    for (const [text, ops] of queries) {
      const parsed = parseQuickFilter(text, ops);
      assert.ok(parsed.ok, text);
      const got: number[] = [];
      matchLog(log, parsed.query, 1, got);
      const want: number[] = [];
      for (let seq = log.firstSeq; seq <= log.lastSeq; seq++)
        if (matchesQuickFilter(log.get(seq)!, parsed.query)) want.push(seq);
      assert.deepEqual(got, want, `${text} ${ops.join(',')}`);
      assert.ok(want.length > 0, `the query ${JSON.stringify(text)} matches something`);
    }
  });
});
