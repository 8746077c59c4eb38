// The one mongosh-style value renderer, over every BSON type: values are built with the real `bson`
// package, turned into canonical EJSON as the host sends them, and must read as mongosh 2.12 prints
// them (checked by hand with `mongosh --nodb`, `print(EJSON.parse(text, { relaxed: false }))`).
import assert from 'node:assert/strict';
import {
  Binary,
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
} from 'bson';
import { childPath, childrenOf, fieldsText, leafOf, shellText, type Json } from '../../src/shared/bsonText';
import { copyAs, relaxedEjson } from '../../webview/shared/copy-formats';

const canonical = (v: unknown): Json => JSON.parse(EJSON.stringify({ v }, { relaxed: false })).v as Json;
const shell = (v: unknown) => shellText(canonical(v));
const OID = '6740000001eef00000000001';

describe('mongosh-style BSON text (rows, details, copies)', () => {
  const cases: [string, unknown, string][] = [
    ['ObjectId', new ObjectId(OID), `ObjectId('${OID}')`],
    ['Date', new Date(1700000000123), "ISODate('2023-11-14T22:13:20.123Z')"],
    ['a date before 1970', new Date(-1e11), "ISODate('1966-10-31T14:13:20.000Z')"],
    ['Long beyond 2^53, every digit', Long.fromString('9007199254740993'), "Long('9007199254740993')"],
    ['Int32 (as mongosh shows a server document)', new Int32(42), '42'],
    ['fractional Double', new Double(0.25), '0.25'],
    ['whole Double, kept apart from Int32', new Double(1), 'Double(1)'],
    ['negative zero', new Double(-0), 'Double(-0)'],
    ['-Infinity', new Double(-Infinity), '-Infinity'],
    ['NaN', new Double(NaN), 'NaN'],
    ['Decimal128 keeps its trailing zero', Decimal128.fromString('1.10'), "Decimal128('1.10')"],
    ['Binary subtype 0', new Binary(Buffer.from([0, 1]), 0), "Binary.createFromBase64('AAE=', 0)"],
    ['Binary user subtype', new Binary(Buffer.from([0, 1]), 128), "Binary.createFromBase64('AAE=', 128)"],
    [
      'UUID (subtype 4)',
      new UUID('01234567-89ab-cdef-0123-456789abcdef'),
      "UUID('01234567-89ab-cdef-0123-456789abcdef')",
    ],
    [
      'MD5 (subtype 5)',
      new Binary(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), 5),
      "MD5('0123456789abcdef0123456789abcdef')",
    ],
    [
      'legacy UUID (subtype 3)',
      new Binary(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), 3),
      "Binary.createFromBase64('ASNFZ4mrze8BI0VniavN7w==', 3)",
    ],
    ['Timestamp', new Timestamp({ t: 1700000000, i: 3 }), 'Timestamp({ t: 1700000000, i: 3 })'],
    ['regex with a slash', new BSONRegExp('a/b', 'i'), "BSONRegExp('a/b', 'i')"],
    ['regex with a non-JS flag', new BSONRegExp('a b', 'x'), "BSONRegExp('a b', 'x')"],
    ['MinKey', new MinKey(), 'MinKey()'],
    ['MaxKey', new MaxKey(), 'MaxKey()'],
    ['Symbol', new BSONSymbol('s'), "BSONSymbol('s')"],
    ['Code', new Code('function(){}'), "Code('function(){}')"],
    ['Code with scope', new Code('f()', { x: new Int32(1) }), "Code('f()', { x: 1 })"],
    ['DBRef', new DBRef('c', new ObjectId(OID), 'd'), `DBRef('c', ObjectId('${OID}'), 'd')`],
    ['null', null, 'null'],
    ['boolean', true, 'true'],
    ['string with both quotes and a newline', 'it\'s "q"\n', "'it\\'s \"q\"\\n'"],
    ['string with one kind of quote', "it's", '"it\'s"'],
    ['array', [new Int32(1), 'a', { b: null }], "[ 1, 'a', { b: null } ]"],
    ['document with a key that needs quotes', { 'we-ird': true, ok: 1 }, "{ 'we-ird': true, ok: 1 }"],
    ['empty containers', { a: {}, b: [] }, '{ a: {}, b: [] }'],
  ];
  for (const [what, value, want] of cases) {
    it(`renders ${what} as ${want}`, () => assert.equal(shell(value), want));
  }

  it('reads the DBPointer and $undefined wrappers that only old data carries', () => {
    assert.equal(
      shellText({ $dbPointer: { $ref: 'db.c', $id: { $oid: OID } } }),
      `DBRef('c', ObjectId('${OID}'), 'db')`,
    );
    assert.equal(shellText({ $undefined: true }), 'undefined');
  });

  it('gives each leaf its BSON kind, shortens huge text for display and copies it whole', () => {
    assert.equal(leafOf(canonical(new Int32(3)))?.kind, 'int32');
    assert.equal(leafOf(canonical(new Double(3)))?.kind, 'double');
    assert.equal(leafOf(canonical(new UUID()))?.kind, 'uuid');
    assert.equal(leafOf({ a: 1 }), undefined);
    const big = leafOf('x'.repeat(5000))!;
    assert.ok(big.text.length < 1100 && big.text.endsWith('(5002 chars)'));
    assert.equal(big.copy.length, 5002);
  });

  it('treats a document that merely has a $-key among others as a document, not a wrapper', () => {
    assert.equal(leafOf({ $oid: 'x', other: 1 }), undefined);
    assert.deepEqual(
      childrenOf({ $oid: 'x', other: 1 }).map(([k]) => k),
      ['$oid', 'other'],
    );
    assert.deepEqual(childrenOf({ $oid: OID }), []);
  });

  it('breaks a long document over indented lines when asked, as mongosh prints one', () => {
    const doc = canonical({ _id: new ObjectId(OID), status: 'paid', items: [{ sku: 'a-1', qty: new Int32(2) }] });
    assert.equal(
      shellText(doc, '  '),
      `{\n  _id: ObjectId('${OID}'),\n  status: 'paid',\n  items: [ { sku: 'a-1', qty: 2 } ]\n}`,
    );
  });

  it('writes a document key as its top-level fields, the same text the details header shows', () => {
    assert.equal(
      fieldsText(canonical({ _id: new ObjectId(OID), region: 'eu' })),
      `_id: ObjectId('${OID}'), region: 'eu'`,
    );
    assert.equal(childPath(childPath(childPath('', 'fullDocument'), 'items'), 2), 'fullDocument.items.2');
  });
});

describe('copy formats', () => {
  const doc = {
    n: new Int32(7),
    d: new Double(2.5),
    whole: new Double(3),
    l: Long.fromNumber(12),
    at: new Date(1700000000123),
    old: new Date(-1e14),
    id: new ObjectId(OID),
    bin: new Binary(Buffer.from([1, 2, 3]), 0),
    ts: new Timestamp({ t: 5, i: 6 }),
    arr: [new Int32(1), { x: new Double(0.5) }],
  };

  it('derives relaxed EJSON from canonical exactly as bson writes it', () => {
    const fromCanonical = relaxedEjson(canonical(doc));
    const fromBson = JSON.parse(EJSON.stringify({ v: doc }, { relaxed: true })).v;
    assert.deepEqual(fromCanonical, fromBson);
  });

  it('keeps a Long beyond 2^53 as $numberLong in relaxed EJSON rather than rounding it', () => {
    assert.deepEqual(relaxedEjson(canonical(Long.fromString('9007199254740993'))), { $numberLong: '9007199254740993' });
  });

  it('copies the same value as shell text, relaxed EJSON or canonical EJSON', () => {
    const v = canonical({ at: new Date(0), n: Long.fromNumber(5) });
    assert.equal(copyAs(v, 'shell'), "{ at: ISODate('1970-01-01T00:00:00.000Z'), n: Long('5') }");
    assert.equal(copyAs(v, 'relaxed'), '{\n  "at": {\n    "$date": "1970-01-01T00:00:00.000Z"\n  },\n  "n": 5\n}');
    assert.deepEqual(JSON.parse(copyAs(v, 'canonical')), {
      at: { $date: { $numberLong: '0' } },
      n: { $numberLong: '5' },
    });
    assert.equal(copyAs('<b>raw</b>', 'shell'), '<b>raw</b>', 'a string copies as itself');
  });
});
