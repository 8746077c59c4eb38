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
import { EventLog } from '../../../../src/core/events/eventLog';
import { summarizeChange } from '../../../../src/core/events/summary';

const canonical = (v: unknown): string => EJSON.stringify(v, { relaxed: false });

/** canonicalText must give exactly bson's text, and bson's texts of `_id` and `documentKey`. */
function same(change: Document): void {
  const got = canonicalText(change);
  assert.equal(got.ejson, canonical(change));
  assert.equal(got.id, change._id === undefined ? '' : canonical(change._id));
  assert.equal(got.documentKey, change.documentKey === undefined ? '' : canonical(change.documentKey));
}

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.1,
  1.5,
  -2.5,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  -(2 ** 63),
  2 ** 64,
  1e300,
  -1e-300,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  NaN,
  Infinity,
  -Infinity,
];

/** Every BSON type the driver can hand over, plus the JS values bson takes. */
function values(): unknown[] {
  return [
    ...NUMBERS,
    'plain',
    '',
    'quote " backslash \\ newline \n tab \t nul \u0000',
    'unicode é ✓ 𝄞 and a lone surrogate \ud800',
    '<script>alert(1)</script>',
    true,
    false,
    null,
    undefined,
    new Date(0),
    new Date(1_700_000_000_123),
    new Date(-1),
    new Date(253402300800001),
    new Date(NaN),
    new ObjectId('6740000001eef00000000001'),
    Long.fromNumber(42),
    Long.fromString('-9223372036854775808'),
    Long.fromString('18446744073709551615', true),
    new Int32(7),
    new Int32(-2147483648),
    new Double(2),
    new Double(-0),
    new Double(0.5),
    new Double(NaN),
    new Timestamp({ t: 1_700_000_000, i: 3 }),
    new Timestamp({ t: 0xffffffff, i: 0xffffffff }),
    Decimal128.fromString('1.10'),
    Decimal128.fromString('-Infinity'),
    new Binary(Buffer.from('bytes'), 0),
    new UUID('0e0a8e0c-6f8d-4e3a-9c3a-4d8f0f7d2c11').toBinary(),
    new Code('function () { return 1 }'),
    new Code('x', { a: 1, d: new Date(5) }),
    new DBRef('coll', new ObjectId('6740000001eef00000000002'), 'db', { extra: 1 }),
    new BSONRegExp('^a.*', 'i'),
    new BSONSymbol('sym'),
    new MinKey(),
    new MaxKey(),
    /js-regex/im,
    new Map<string, unknown>([
      ['m', 1],
      ['n', 'x'],
    ]),
    [],
    [1, 'a', null, undefined, [2, [3]]],
    // eslint-disable-next-line no-sparse-arrays -- a hole is written as null, as bson does
    [1, , 3],
    {},
    { nested: { deeper: { deepest: [{ a: 1 }] } } },
    { 2: 'b', 1: 'a', z: 'z', a: 'a' },
    Object.assign(Object.create(null) as object, { nullProto: 1 }),
    { $oid: 'looks like a wrapper' },
    { 'key "quoted"': 1, 'ké\n': 2 },
  ];
}

describe('canonicalText (the log’s one-pass canonical EJSON)', () => {
  it('writes every BSON type and JS value exactly as EJSON.stringify does', () => {
    for (const v of values())
      same({ _id: { _data: '8265' }, operationType: 'insert', value: v, documentKey: { _id: v } });
  });

  it('writes whole events read back from BSON (what the driver hands over) as bson does', () => {
    const vs = values().filter((v) => !(v instanceof Map) && !(v instanceof RegExp) && v !== undefined);
    for (let n = 0; n < vs.length; n++) {
      const change = {
        _id: { _data: `8265${n.toString(16)}` },
        operationType: n % 2 ? 'update' : 'insert',
        clusterTime: new Timestamp({ t: 1_700_000_000 + n, i: 1 }),
        wallTime: new Date(1_700_000_000_000 + n),
        ns: { db: 'shop', coll: 'orders' },
        documentKey: { _id: new ObjectId() },
        updateDescription: { updatedFields: { [`f${n}`]: vs[n] }, removedFields: ['gone'], truncatedArrays: [] },
        fullDocument: { a: vs[n], b: [vs[n], { c: vs[(n + 1) % vs.length] }] },
      };
      same(BSON.deserialize(BSON.serialize(change)));
      same(BSON.deserialize(BSON.serialize(change), { promoteValues: false }));
      same(BSON.deserialize(BSON.serialize(change), { useBigInt64: true }));
    }
  });

  it('keeps bson’s text for keys that are integers, __proto__ and undefined values', () => {
    const withProto = JSON.parse('{"__proto__": {"x": 1}, "b": 2}') as Document;
    same({ _id: 1, odd: withProto, u: undefined, arr: [undefined], 10: 'ten', 9: 'nine' });
    same({ _id: undefined, documentKey: undefined, operationType: 'drop' });
    same({ _id: null, documentKey: null });
    same({ operationType: 'noId' });
  });

  it('leaves what it does not know to bson and gives the same text or the same error', () => {
    same({ _id: 1, big: 12345678901234567890n, neg: -5n });
    same({ _id: 1, f: () => 1, s: Symbol('s'), arr: [() => 1, Symbol('t')] });
    same({ _id: 1, withToJSON: { toJSON: () => 'replaced', a: 1 } });
    same({ _id: 1, buf: Buffer.from('ab'), typed: new Uint8Array([1, 2]) });
    class Custom {
      a = 1;
    }
    same({ _id: 1, custom: new Custom() });
    let deep: Document = { leaf: 1 };
    for (let i = 0; i < 500; i++) deep = { d: deep, arr: [i] };
    same({ _id: 1, deep });
    const cyclic: Document = { _id: 1, a: { b: {} } };
    (cyclic.a as Document).b = cyclic;
    assert.throws(() => canonical(cyclic), /circular/i);
    assert.throws(() => canonicalText(cyclic), /circular/i);
    // A BSON value of another bson major version: bson refuses it, so does the log.
    const foreign = { _bsontype: 'ObjectId', [Symbol.for('@@mdb.bson.version')]: 4, id: Buffer.alloc(12) };
    assert.throws(() => canonical({ x: foreign }));
    assert.throws(() => canonicalText({ x: foreign }));
  });
});

describe('EventLog stores what it stored before the one-pass text', () => {
  it('gives the same ejson, token and summary as bson’s own serialisation, from its BSON and from the appended view', () => {
    const log = new EventLog({ maxEvents: 100, maxBytes: 1e9 });
    const vs = values();
    for (let n = 0; n < vs.length; n++) {
      const change = {
        _id: { _data: `8265${n}` },
        operationType: 'update',
        ns: { db: 'shop', coll: 'orders' },
        documentKey: { _id: vs[n] },
        updateDescription: { updatedFields: { x: vs[n] } },
        fullDocument: { _id: vs[n], x: vs[n] },
      };
      const appended = log.append(change);
      const ejson = canonical(change);
      const bsonBytes = BSON.serialize(change, { ignoreUndefined: false }).length;
      // The appended view reads the document it was given; get() reads the stored BSON (or kept text).
      for (const [how, e] of [
        ['appended', appended],
        ['stored', log.get(appended.seq)!],
      ] as const) {
        const what = `${how} value #${n}`;
        assert.equal(e.ejson, ejson, what);
        assert.equal(e.token, canonical(change._id), what);
        assert.equal(log.tokenAt(e.seq), canonical(change._id), what);
        assert.equal(e.bytes, bsonBytes, `${what}: an event's size is its BSON's`);
        const time = new Date(e.summary.time).getTime();
        assert.deepEqual(e.summary, summarizeChange(change, e.seq, bsonBytes, time), what);
        assert.deepEqual(log.summaryAt(e.seq), e.summary, what);
        assert.equal(log.opAt(e.seq), 'update');
      }
    }
  });
});
