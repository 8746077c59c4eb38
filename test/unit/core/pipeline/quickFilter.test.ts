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
      assert.match(p.action, /with a number or text/);
      assert.equal(p.column, 1);
    }
  });
});

describe('quick filter: syntax and the text walk', () => {
  const more = [
    ev(10, 'insert', {
      qty: new Int32(5),
      items: [
        { sku: 'A', n: new Int32(2) },
        { sku: 'B', n: new Int32(9) },
      ],
    }),
    ev(11, 'update', { qty: new Long(40), note: 'say "qty": 99 \\ "x"', when: new Date(Date.UTC(2026, 0, 2)) }),
    ev(12, 'insert', { other: { qty: new Int32(500) }, flag: true, none: null }),
    ev(13, 'insert', { qty: [new Int32(1), new Int32(300)], grid: [[1, 2]] }),
  ];
  function run(text: string): number[] {
    const p = parseQuickFilter(text);
    assert.ok(p.ok, JSON.stringify(p));
    return filterPage(more, p.query, { limit: 100 }).seqs;
  }
  it('reads the value at the path, not the same key elsewhere nor inside a string', () => {
    assert.deepEqual(
      run('fullDocument.qty > 50'),
      [13],
      'other.qty = 500 and the note text do not count; an array element does',
    );
    assert.deepEqual(run('fullDocument.other.qty > 50'), [12]);
    assert.deepEqual(run('fullDocument.qty = 99'), []);
  });
  it('looks into arrays of sub-documents one level deep', () => {
    assert.deepEqual(run('fullDocument.items.sku = B'), [10]);
    assert.deepEqual(run('fullDocument.items.n >= 9'), [10]);
    assert.deepEqual(run('fullDocument.items.n > 9'), []);
  });
  it('supports != >= <= , true / false / null, quoted values and dates as epoch ms', () => {
    assert.deepEqual(run('fullDocument.qty != 5'), [11, 13]);
    assert.deepEqual(run('fullDocument.qty <= 5'), [10, 13]);
    assert.deepEqual(run('fullDocument.flag = true'), [12]);
    assert.deepEqual(run('fullDocument.none = null'), [12]);
    assert.deepEqual(run('fullDocument.note = "say \\"qty\\": 99 \\\\ \\"x\\""'), [11]);
    assert.deepEqual(run(`fullDocument.when > ${Date.UTC(2026, 0, 1)}`), [11]);
  });
  it('a quoted phrase is one free-text term, spaces and = included', () => {
    assert.deepEqual(run('"say "'), [11]);
    assert.deepEqual(run('fullDocument.qty = 5'), [10]);
    assert.deepEqual(run('"fullDocument.qty = 5"'), [], 'quoted: the text itself, which no event holds');
    assert.deepEqual(run('"flag" true'), [12]);
  });
  it('agrees with a full JSON.parse lookup on every clause of a sample', () => {
    const clauses = [
      'fullDocument.qty > 3',
      'fullDocument.qty < 100',
      'fullDocument.items.sku != A',
      'fullDocument.grid = 1',
    ];
    for (const c of clauses) {
      const p = parseQuickFilter(c);
      assert.ok(p.ok);
      const viaParse = more
        .filter((e) => {
          const f = p.query.fields[0];
          let cur: unknown[] = [JSON.parse(e.ejson)];
          for (const seg of f.path)
            cur = cur
              .flatMap((x) => (Array.isArray(x) ? x : [x]))
              .flatMap((x) =>
                x !== null && typeof x === 'object' && seg in (x as object)
                  ? [(x as Record<string, unknown>)[seg]]
                  : [],
              );
          return cur.length > 0;
        })
        .map((e) => e.seq);
      const got = filterPage(more, p.query, { limit: 100 }).seqs;
      assert.ok(
        got.every((s) => viaParse.includes(s)),
        `${c}: only events having the path match (${got} ⊆ ${viaParse})`,
      );
    }
  });
  it('says where a clause is broken: no value, no field, an unclosed quote', () => {
    const cases: [string, RegExp, number][] = [
      ['open fullDocument.qty >', /needs a value/, 6],
      ['> 5', /has no field before it/, 1],
      ['status = "open', /not closed/, 10],
      ['a..b = 1', /empty part/, 1],
    ];
    for (const [text, message, column] of cases) {
      const p = parseQuickFilter(text);
      assert.equal(p.ok, false, text);
      if (!p.ok) {
        assert.match(p.message, message, text);
        assert.equal(p.column, column, text);
        assert.ok(p.action.length > 10, 'says what to do');
      }
    }
  });
});
