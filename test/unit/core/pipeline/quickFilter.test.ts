// The client-side quick filter: op chips, free text, field clauses with canonical EJSON numbers, paging.
import { strict as assert } from 'node:assert';
import { EJSON, Int32, Long } from 'bson';
import { filterPage, parseQuickFilter, type QuickFilterEvent } from '../../../../src/core/pipeline/quickFilter';

function ev(seq: number, op: string, doc: Record<string, unknown>): QuickFilterEvent {
  const change = {
    _id: { _data: `T${seq}` },
    operationType: op,
    ns: { db: 'shop', coll: 'orders' },
    fullDocument: doc,
  };
  return {
    seq,
    summary: { op, ns: 'shop.orders', key: `{_id: ${seq}}` },
    ejson: EJSON.stringify(change, { relaxed: false }),
  };
}

const events = [
  ev(1, 'insert', { status: 'open', qty: new Int32(3), tags: ['a', 'b'] }),
  ev(2, 'update', { status: 'closed', qty: new Long(12) }),
  ev(3, 'insert', { status: 'Open', qty: 7.5, item: { sku: 'X-1' } }),
  ev(4, 'delete', {}),
];

function seqs(text: string, ops?: string[]): number[] {
  const p = parseQuickFilter(text, ops);
  assert.ok(p.ok, JSON.stringify(p));
  return filterPage(events, p.query, { limit: 100 }).seqs;
}

describe('quick filter', () => {
  it('op chips limit operation types; empty chips mean all', () => {
    assert.deepEqual(seqs('', ['insert']), [1, 3]);
    assert.deepEqual(seqs('', []), [1, 2, 3, 4]);
  });
  it('free text is case-insensitive over key, namespace and document, all terms required', () => {
    assert.deepEqual(seqs('open'), [1, 3]);
    assert.deepEqual(seqs('OPEN x-1'), [3]);
    assert.deepEqual(seqs('{_id: 2}'), [2]);
  });
  it('field = value compares typed values, through arrays and nested paths', () => {
    assert.deepEqual(seqs('fullDocument.status = open'), [1]);
    assert.deepEqual(seqs('fullDocument.status="Open"'), [3]);
    assert.deepEqual(seqs('fullDocument.qty = 3'), [1]);
    assert.deepEqual(seqs('fullDocument.tags = b'), [1]);
    assert.deepEqual(seqs('fullDocument.item.sku = X-1'), [3]);
  });
  it('> and < compare Int32, Long and Double as numbers', () => {
    assert.deepEqual(seqs('fullDocument.qty > 5'), [2, 3]);
    assert.deepEqual(seqs('fullDocument.qty < 5'), [1]);
    assert.deepEqual(seqs('fullDocument.qty > 5', ['update']), [2]);
  });
  it('pages from a seq and says where the next page starts', () => {
    const p = parseQuickFilter('');
    assert.ok(p.ok);
    assert.deepEqual(filterPage(events, p.query, { limit: 2 }), { seqs: [1, 2], scanned: 2, next: 3 });
    assert.deepEqual(filterPage(events, p.query, { fromSeq: 3, limit: 2 }).seqs, [3, 4]);
  });
  it('a comparison with a boolean is refused with a code, a sentence and what to do', () => {
    const p = parseQuickFilter('a.b > true');
    assert.equal(p.ok, false);
    if (!p.ok) {
      assert.equal(p.code, 'quickFilter.badClause');
      assert.match(p.action, /field\.path = value/);
    }
  });
});
