// The log records where fullDocument, updateDescription and fullDocumentBeforeChange start in an event's
// canonical EJSON; quick-filter field clauses jump there. Each offset must point at exactly that value,
// and a filter that jumps must match exactly the events a filter walking from the first key matches.
import { strict as assert } from 'node:assert';
import { Decimal128, Int32, Long, ObjectId, Timestamp } from 'bson';
import { canonicalText } from '../../../../src/core/events/canonicalJson';
import { INDEXED_KEYS } from '../../../../src/core/events/indexedKeys';
import { skipValue } from '../../../../src/core/pipeline/ejsonText';
import { filterPage, parseQuickFilter, type QuickFilterEvent } from '../../../../src/core/pipeline/quickFilter';

function changes(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < 60; i++) {
    const doc = {
      _id: new ObjectId(i.toString(16).padStart(24, '0')),
      status: ['open', 'closed', 'a "quoted" } value'][i % 3],
      qty: [new Int32(i), Long.fromNumber(i * 3), i + 0.5, Decimal128.fromString(String(i))][i % 4],
      items: [{ sku: `S${i}`, qty: new Int32(i % 5) }],
    };
    const c: Record<string, unknown> = {
      _id: { _data: `82${i}` },
      operationType: ['insert', 'update', 'delete', 'replace'][i % 4],
      clusterTime: new Timestamp({ t: 1_700_000_000 + i, i: 1 }),
      wallTime: new Date(1_700_000_000_000 + i),
    };
    if (i % 5 !== 4) c.fullDocument = i % 7 === 6 ? null : doc;
    c.ns = { db: 'shop', coll: 'orders' };
    c.documentKey = { _id: doc._id };
    if (i % 4 === 1) c.updateDescription = { updatedFields: { status: doc.status, qty: doc.qty }, removedFields: [] };
    if (i % 3 === 0) c.fullDocumentBeforeChange = { ...doc, status: 'before' };
    if (i === 11) c.fullDocument = undefined;
    out.push(c);
  }
  return out;
}

describe('indexed top-level value offsets', () => {
  it('point at exactly the value of each indexed key, and say -1 for a key the event lacks', () => {
    for (const c of changes()) {
      const { ejson, valueAt } = canonicalText(c);
      assert.ok(valueAt);
      const parsed = JSON.parse(ejson) as Record<string, unknown>;
      INDEXED_KEYS.forEach((key, k) => {
        if (!(key in parsed)) return assert.equal(valueAt[k], -1, key);
        const end = skipValue(ejson, valueAt[k]);
        assert.ok(ejson.slice(0, valueAt[k]).endsWith(`${JSON.stringify(key)}:`), key);
        assert.deepEqual(JSON.parse(ejson.slice(valueAt[k], end)), parsed[key], key);
      });
    }
  });

  it('let field clauses match exactly what walking from the first key matches', () => {
    const jumping: QuickFilterEvent[] = changes().map((c, i) => {
      const { ejson, valueAt } = canonicalText(c);
      return { seq: i + 1, summary: { op: String(c.operationType), ns: 'shop.orders', key: '' }, ejson, valueAt };
    });
    const walking = jumping.map(({ valueAt: _v, ...e }) => e);
    const clauses = [
      'fullDocument.qty > 20',
      'fullDocument.qty <= 7',
      'fullDocument.status = open',
      'fullDocument.status != closed',
      'fullDocument = null',
      'fullDocument.items.qty = 3',
      'fullDocument.missing = 1',
      'updateDescription.updatedFields.status = open',
      'updateDescription.updatedFields.qty >= 9',
      'fullDocumentBeforeChange.status = before',
      'fullDocumentBeforeChange.qty < 30 fullDocument.qty >= 10',
      'operationType = update',
    ];
    let nonEmpty = 0;
    for (const text of clauses) {
      const p = parseQuickFilter(text);
      assert.ok(p.ok, text);
      const a = filterPage(jumping, p.query, { limit: 1000 }).seqs;
      const b = filterPage(walking, p.query, { limit: 1000 }).seqs;
      assert.deepEqual(a, b, text);
      if (a.length > 0 && a.length < jumping.length) nonEmpty++;
    }
    // The clauses tell events apart (a filter matching all or none would prove little).
    assert.ok(nonEmpty >= 8, `only ${nonEmpty} clauses matched some but not all events`);
  });
});
