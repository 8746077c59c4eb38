// The quick filter over raw BSON bytes must give the verdict the EJSON filter gives over the event's
// canonical text, for every event and query: many generated events (every BSON type, nesting, arrays
// of documents, unicode, escapes, odd bytes bson reads its own way) against many queries.
import { strict as assert } from 'node:assert';
import {
  Binary,
  BSON,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
  Decimal128,
  Double,
  EJSON,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  UUID,
  type Document,
} from 'bson';
import { canonicalText } from '../../../../src/core/events/canonicalJson';
import { matchesQuickFilterBson, numberTexts } from '../../../../src/core/pipeline/bsonFilter';
import { matchesQuickFilter, parseQuickFilter, type QuickFilterQuery } from '../../../../src/core/pipeline/quickFilter';

/** A small seeded generator, so a failure names a reproducible case. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCALARS: unknown[] = [
  0,
  -0,
  1,
  -1,
  3,
  5,
  7.5,
  100,
  0.1,
  -2.5,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  2 ** 64,
  1e21,
  1e-7,
  Number.MAX_VALUE,
  NaN,
  Infinity,
  -Infinity,
  new Int32(99999),
  new Double(2),
  new Double(-0),
  Long.fromNumber(42),
  Long.fromString('9007199254740993'),
  Long.fromString('-9223372036854775808'),
  'open',
  'Open',
  'closed',
  'X-1',
  '',
  'say "qty": 99 \\ "x"',
  'line\nbreak\ttab\u0001ctl\u001f',
  'unicode é ✓ 𝄞 ÉCOLE straße',
  'a:b,c{d}[e]',
  'true',
  'null',
  '99999',
  'numberInt',
  '6740000001eef00000000001',
  true,
  false,
  null,
  new Date(0),
  new Date(1_700_000_000_123),
  new Date(-1),
  new ObjectId('6740000001eef00000000001'),
  new ObjectId('aaaaaaaaaaaaaaaaaaaaaaaa'),
  new Timestamp({ t: 1_700_000_000, i: 3 }),
  Decimal128.fromString('1.10'),
  Decimal128.fromString('-Infinity'),
  Decimal128.fromString('1E+3'),
  new Binary(Buffer.from('bytes open'), 0),
  new Binary(Buffer.from([0x0a, 0x6f, 0x70, 0x65, 0x6e]), 0x80),
  new Binary(Buffer.from('ab'), 2),
  new UUID('0e0a8e0c-6f8d-4e3a-9c3a-4d8f0f7d2c11'),
  new Code('function () { return "open" }'),
  new Code('x', { a: 1, s: 'open' }),
  new DBRef('coll', new ObjectId('6740000001eef00000000002'), 'db', { extra: 1 }),
  new DBRef('shop.orders', new ObjectId('6740000001eef00000000003')),
  new BSONRegExp('^op/en\n', 'imx'),
  new BSONRegExp('', 'i'),
  new BSONRegExp('a\u2028b/c\\d"q', 'm'),
  new Code('with scope', { n: 12345, d: new Date(77), bin: new Binary(Buffer.from('scoped')), t: true }),
  new BSONSymbol('sym open'),
  new MinKey(),
  new MaxKey(),
  { $numberInt: '5' },
  { $numberInt: '\t5' },
  { $numberLong: 'x"y' },
  { $numberDouble: 7 },
  { $date: 'yesterday' },
  { $date: { $numberLong: '12' } },
  { $oid: 'looks like a wrapper' },
  { $oid: true },
  { $symbol: null },
  { $ref: 'a.b', $id: 1, x: 2 },
  { 'key "quoted"': 1, 'ké\n': 'v' },
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

const KEYS = ['qty', 'status', 'item', 'sku', 'n', 'tags', 'note', 'when', 'flag', 'none', 'items', 'grid', '0', 'é'];

function value(r: () => number, depth: number): unknown {
  const x = r();
  if (depth < 3 && x < 0.15) return doc(r, depth + 1);
  if (depth < 3 && x < 0.25) {
    const n = Math.floor(r() * 4);
    return Array.from({ length: n }, () => (r() < 0.4 ? doc(r, depth + 1) : value(r, depth + 1)));
  }
  return pick(r, SCALARS);
}

function doc(r: () => number, depth: number): Document {
  const out: Document = {};
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) out[pick(r, KEYS)] = value(r, depth);
  return out;
}

function change(r: () => number, seq: number): Document {
  const op = pick(r, ['insert', 'update', 'delete', 'replace']);
  const c: Document = {
    _id: { _data: `8263${seq.toString(16).padStart(8, '0')}` },
    operationType: op,
    clusterTime: new Timestamp({ t: 1_700_000_000 + seq, i: 1 }),
    wallTime: new Date(1_700_000_000_000 + seq),
  };
  if (op !== 'delete' && r() < 0.9) c.fullDocument = { _id: seq, ...doc(r, 0) };
  c.ns = { db: 'shop', coll: 'orders' };
  c.documentKey = { _id: r() < 0.5 ? seq : new ObjectId() };
  if (op === 'update')
    c.updateDescription = { updatedFields: doc(r, 1), removedFields: r() < 0.5 ? ['gone'] : [], truncatedArrays: [] };
  if (r() < 0.3) c.fullDocumentBeforeChange = doc(r, 0);
  return c;
}

// Bytes BSON.serialize never writes but a server or a slab may hold: built by hand.
const cstr = (s: string) => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
const i32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
};
const el = (type: number, key: string, v: Buffer) => Buffer.concat([Buffer.from([type]), cstr(key), v]);
const str = (s: string) => Buffer.concat([i32(Buffer.byteLength(s) + 1), cstr(s)]);
const rawDoc = (...els: Buffer[]) => {
  const body = Buffer.concat([...els, Buffer.from([0])]);
  return Buffer.concat([i32(body.length + 4), body]);
};
function handMade(): Buffer[] {
  const head = [el(0x03, '_id', rawDoc(el(0x02, '_data', str('8263ff')))), el(0x02, 'operationType', str('insert'))];
  const ns = el(0x03, 'ns', rawDoc(el(0x02, 'db', str('shop')), el(0x02, 'coll', str('orders'))));
  const full = (...els: Buffer[]) => rawDoc(...head, el(0x03, 'fullDocument', rawDoc(...els)), ns);
  return [
    // undefined reads back as null
    full(el(0x06, 'qty', Buffer.alloc(0)), el(0x10, 'n', i32(5))),
    // a duplicate key: bson keeps the last value
    full(el(0x02, 'status', str('open')), el(0x02, 'status', str('closed')), el(0x10, 'qty', i32(7))),
    full(el(0x10, 'qty', i32(99999)), el(0x10, 'qty', i32(3))),
    rawDoc(...head, el(0x02, 'operationType', str('update')), ns),
    // array keys that are not 0, 1, 2: bson numbers the elements itself
    full(el(0x04, 'tags', rawDoc(el(0x02, 'zq', str('open')), el(0x10, 'zq', i32(12))))),
    // a symbol, a DBPointer, a key that is not UTF-8
    full(
      el(0x0e, 'sym', str('open sym')),
      el(0x0c, 'ptr', Buffer.concat([str('shop.orders'), Buffer.alloc(12, 0xab)])),
    ),
    full(Buffer.concat([Buffer.from([0x02, 0x6b, 0xff, 0xfe, 0x00]), str('open')]), el(0x10, 'qty', i32(1))),
    // a string with a NUL and control bytes in it
    full(el(0x02, 'note', str('a\u0000b\nopen\u0007'))),
    // a regex with options JavaScript lacks (bson drops them)
    full(el(0x0b, 're', Buffer.concat([cstr('a/b'), cstr('ilmsux')]))),
    full(el(0x0b, 're', Buffer.concat([cstr('open'), cstr('ix')]))),
    // a date out of Date's range
    full(el(0x09, 'when', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]))),
    // corrupt: a boolean byte of 2, a length past the end
    full(el(0x08, 'flag', Buffer.from([2]))),
    Buffer.concat([full(el(0x10, 'qty', i32(1))).subarray(0, 40), Buffer.alloc(3)]),
  ];
}

const SUMMARY_KEYS = ['{_id: 2}', '{_id: 99999}', '{_id: ObjectId("6740…")}', ''];

interface Case {
  bytes: Buffer;
  start: number;
  end: number;
  summary: { op: string; ns: string; key: string };
  /** Canonical EJSON, undefined when bson cannot read the bytes (no event to match). */
  ejson: string | undefined;
}

function cases(): Case[] {
  const r = rng(7);
  const docs: Buffer[] = [];
  for (let seq = 1; seq <= 400; seq++) docs.push(Buffer.from(BSON.serialize(change(r, seq))));
  docs.push(...handMade());
  // One big buffer, as the slab store holds events.
  const bytes = Buffer.concat(docs);
  const out: Case[] = [];
  let at = 0;
  for (let i = 0; i < docs.length; i++) {
    const end = at + docs[i].length;
    let ejson: string | undefined;
    let op = 'insert';
    try {
      const event = BSON.deserialize(docs[i]);
      ejson = canonicalText(event).ejson;
      op = String(event.operationType);
    } catch {
      ejson = undefined;
    }
    out.push({ bytes, start: at, end, summary: { op, ns: 'shop.orders', key: SUMMARY_KEYS[i % 4] }, ejson });
    at = end;
  }
  return out;
}

/** Every query of the EJSON filter's own tests. */
const TEST_QUERIES: [string, string[]?][] = [
  ['', ['insert']],
  ['', []],
  ['open'],
  ['OPEN x-1'],
  ['{_id: 2}'],
  ['fullDocument.status = open'],
  ['fullDocument.status="Open"'],
  ['fullDocument.qty = 3'],
  ['fullDocument.tags = b'],
  ['fullDocument.item.sku = X-1'],
  ['fullDocument.qty > 5'],
  ['fullDocument.qty < 5'],
  ['fullDocument.qty > 5', ['update']],
  ['fullDocument.qty > 50'],
  ['fullDocument.other.qty > 50'],
  ['fullDocument.qty = 99'],
  ['fullDocument.items.sku = B'],
  ['fullDocument.items.n >= 9'],
  ['fullDocument.items.n > 9'],
  ['fullDocument.qty != 5'],
  ['fullDocument.qty <= 5'],
  ['fullDocument.flag = true'],
  ['fullDocument.none = null'],
  ['fullDocument.note = "say \\"qty\\": 99 \\\\ \\"x\\""'],
  [`fullDocument.when > ${Date.UTC(2026, 0, 1)}`],
  ['"say "'],
  ['fullDocument.qty = 5'],
  ['"fullDocument.qty = 5"'],
  ['"flag" true'],
  ['fullDocument.qty > 3'],
  ['fullDocument.qty < 100'],
  ['fullDocument.items.sku != A'],
  ['fullDocument.grid = 1'],
  // and the bench's
  ['nothing-matches-this'],
  ['_id: 99999'],
  ['"status":"open"'],
  ['fullDocument.status != closed'],
  ['fullDocument.qty > 95'],
  ['fullDocument.qty >= 0'],
  ['fullDocument.qty < 5 open'],
  ['updateDescription.updatedFields.status = closed'],
];

/** Queries made from the events themselves: pieces of their EJSON and bytes, paths and values in them. */
function generatedQueries(all: Case[]): [string, string[]?][] {
  const r = rng(11);
  const out: [string, string[]?][] = [];
  const texts = all.filter((c) => c.ejson !== undefined).map((c) => c.ejson!);
  const quote = (s: string) => JSON.stringify(s);
  for (let i = 0; i < 250; i++) {
    const t = pick(r, texts);
    const len = 1 + Math.floor(r() * 8);
    const at = Math.floor(r() * (t.length - len));
    let piece = t.slice(at, at + len);
    if (r() < 0.3) piece = piece.toUpperCase();
    out.push([quote(piece)]);
  }
  for (let i = 0; i < 60; i++) {
    const c = pick(r, all);
    const at = c.start + Math.floor(r() * (c.end - c.start - 6));
    out.push([quote(c.bytes.toString('latin1', at, at + 1 + Math.floor(r() * 5)))]);
  }
  const words = [
    '026',
    '2026',
    '00',
    '0000',
    '857142',
    '4294967295',
    '9007199254740993',
    '9007199254740992',
    '-9223372036854775808',
    '1700000000123',
    '100',
    '1}',
    '3}',
    '12}',
    '{_id: 3}',
    '1700000012',
    '1700000000012',
    '-1',
    '(?:)',
    'u2028',
    '2028b',
    '/c',
    'im',
    'gim',
    '$db',
    'db',
    'orders',
    '12345',
    'c2nvcgvk',
    'scope',
    '77',
    'zq',
    '-0.0',
    '0.0',
    'numberdouble',
    'open',
    'sym',
    'numberint',
    'oid',
    'true',
    'null',
    'e',
    '1',
    '99999',
    'é',
    'ÉCOLE',
    'STRASSE',
    '𝄞',
    'x-1',
  ];
  for (const w of words) out.push([w], [quote(w)]);
  out.push(['{'], ['}'], [':'], ['\\'], ['"\\n"'], ['"\\u0001"'], ['u00'], ['nopen'], ['"\\ud834"'], ['"\\ufffd"']);
  const paths = [
    'fullDocument.qty',
    'fullDocument.status',
    'fullDocument.tags',
    'fullDocument.items.sku',
    'fullDocument.items.n',
    'fullDocument.item.sku',
    'fullDocument.grid.0',
    'fullDocument.grid.length',
    'fullDocument.when',
    'fullDocument.flag',
    'fullDocument.none',
    'fullDocument.qty.$numberInt',
    'fullDocument._id',
    'fullDocument.é',
    'fullDocument.n',
    'fullDocument.note',
    'fullDocument.sym',
    'fullDocument.re',
    'fullDocumentBeforeChange.status',
    'fullDocumentBeforeChange.items.qty',
    'updateDescription.updatedFields.status',
    'updateDescription.updatedFields.qty',
    'updateDescription.removedFields',
    'documentKey._id',
    'ns.coll',
    'operationType',
    'clusterTime',
    'wallTime',
    '_id._data',
  ];
  const vals = [
    '5',
    '3',
    '0',
    '-0',
    '7.5',
    '99999',
    '1e21',
    '2147483648',
    '9007199254740993',
    'open',
    '"Open"',
    'closed',
    'true',
    'false',
    'null',
    '"null"',
    'NaN',
    'Infinity',
    '"-Infinity"',
    '6740000001eef00000000001',
    '1700000000123',
    '"1.10"',
    '1.1',
    '1000',
    'yesterday',
    '12',
    'orders',
    'x',
    '"say \\"qty\\": 99 \\\\ \\"x\\""',
  ];
  const cmps = ['=', '!=', '>', '>=', '<', '<='];
  for (const p of paths)
    for (let i = 0; i < 12; i++) {
      const v = pick(r, vals);
      const cmp = pick(r, cmps);
      const q = `${p} ${cmp} ${v}`;
      if (parseQuickFilter(q).ok) out.push([q]);
    }
  for (let i = 0; i < 40; i++)
    out.push([`${pick(r, paths)} ${pick(r, cmps)} ${pick(r, vals)} ${pick(r, words)}`, r() < 0.3 ? ['update'] : []]);
  return out.filter(([t]) => parseQuickFilter(t).ok);
}

function check(all: Case[], text: string, ops: string[] | undefined): number {
  const p = parseQuickFilter(text, ops);
  assert.ok(p.ok, `${text}: ${JSON.stringify(p)}`);
  const q: QuickFilterQuery = p.query;
  let matched = 0;
  for (const [i, c] of all.entries()) {
    const got = matchesQuickFilterBson(c.bytes, c.start, c.end, c.summary, q);
    // The same with the number texts the log keeps for terms of digits (made here for the event).
    const kept = matchesQuickFilterBson(c.bytes, c.start, c.end, c.summary, q, () =>
      numberTexts(c.bytes, c.start, c.end),
    );
    // Bytes bson cannot read have no EJSON to agree with: they only must not throw.
    if (c.ejson === undefined) continue;
    const want = matchesQuickFilter({ seq: i, summary: c.summary, ejson: c.ejson }, q);
    if (got !== want || kept !== want)
      assert.fail(
        `${JSON.stringify(text)} on event ${i}: BSON says ${got} (with number texts ${kept}), EJSON says ${want}\n${c.ejson ?? '(unreadable)'}`,
      );
    if (want) matched++;
  }
  return matched;
}

describe('quick filter over BSON bytes (matchesQuickFilterBson)', function () {
  this.timeout(60_000);
  const all = cases();

  it('reads every hand-made odd document as bson does (some are unreadable)', () => {
    const odd = all.slice(400);
    assert.ok(odd.some((c) => c.ejson === undefined));
    assert.ok(odd.filter((c) => c.ejson !== undefined).length >= 10);
  });

  it('gives the EJSON verdict for every query of the EJSON filter’s tests and the bench', () => {
    let some = 0;
    for (const [text, ops] of TEST_QUERIES) if (check(all, text, ops) > 0) some++;
    assert.ok(some > TEST_QUERIES.length / 2, 'most queries match some events');
  });

  it('gives the EJSON verdict for queries made from the events’ own text, bytes, paths and values', () => {
    const qs = generatedQueries(all);
    assert.ok(qs.length > 500, `${qs.length} queries`);
    let some = 0;
    for (const [text, ops] of qs) if (check(all, text, ops) > 0) some++;
    assert.ok(some > qs.length / 3, `${some} of ${qs.length} queries match some events`);
  });

  it('gives the EJSON verdict for terms of digits taken from the events’ text (numbers, dates, ids)', () => {
    const r = rng(7);
    const terms = new Set<string>();
    for (const c of all) {
      const runs = c.ejson?.match(/\d+/g) ?? [];
      for (let k = 0; k < 3 && runs.length > 0; k++) {
        const run = pick(r, runs);
        const from = Math.floor(r() * run.length);
        terms.add(run.slice(from, from + 1 + Math.floor(r() * 6)));
      }
    }
    assert.ok(terms.size > 100, `${terms.size} terms`);
    let some = 0;
    for (const t of terms) if (check(all, t, undefined) > 0) some++;
    assert.equal(some, terms.size, 'each term is in some event');
  });

  it('finds the event a test names and only it (a check that could break)', () => {
    const p = parseQuickFilter('fullDocument.qty = 99999 open');
    assert.ok(p.ok);
    const one = Buffer.from(
      BSON.serialize({ _id: { _data: 'a' }, operationType: 'insert', fullDocument: { qty: 99999, s: 'Open' } }),
    );
    const other = Buffer.from(
      BSON.serialize({ _id: { _data: 'b' }, operationType: 'insert', fullDocument: { qty: 9999, s: 'Open' } }),
    );
    const both = Buffer.concat([one, other]);
    const summary = { op: 'insert', ns: 'shop.orders', key: '' };
    assert.equal(matchesQuickFilterBson(both, 0, one.length, summary, p.query), true);
    assert.equal(matchesQuickFilterBson(both, one.length, both.length, summary, p.query), false);
    assert.equal(EJSON.stringify(BSON.deserialize(one), { relaxed: false }).includes('99999'), true);
  });
});
