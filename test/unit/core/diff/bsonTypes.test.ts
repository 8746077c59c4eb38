import { strict as assert } from 'node:assert';
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  UUID,
} from 'bson';
import { diffImages } from '../../../../src/core/diff/imageDiff';
import { bsonTypeOf, toCanonical } from '../../../../src/core/diff/canonical';

// One pair of distinct values per BSON type (a, b), and the $type name of both.
const oid = '65a1b2c3d4e5f60718293a4b';
const cases: [string, () => unknown, () => unknown, string][] = [
  ['ObjectId', () => new ObjectId(oid), () => new ObjectId('65a1b2c3d4e5f60718293a4c'), 'objectId'],
  ['Date', () => new Date(0), () => new Date(1), 'date'],
  ['Decimal128', () => Decimal128.fromString('1.10'), () => Decimal128.fromString('1.1'), 'decimal'],
  ['Long', () => Long.fromString('9007199254740993'), () => Long.fromString('9007199254740992'), 'long'],
  ['Int32', () => new Int32(1), () => new Int32(2), 'int'],
  ['Double', () => new Double(1.5), () => new Double(2.5), 'double'],
  ['Timestamp', () => new Timestamp({ t: 1, i: 1 }), () => new Timestamp({ t: 1, i: 2 }), 'timestamp'],
  ['Binary', () => new Binary(Buffer.from('ab')), () => new Binary(Buffer.from('ac')), 'binData'],
  [
    'UUID',
    () => new UUID('0e5c5bc1-94a4-4e1c-8d54-7c2b8f5e7c01'),
    () => new UUID('0e5c5bc1-94a4-4e1c-8d54-7c2b8f5e7c02'),
    'binData',
  ],
  ['Regex', () => new BSONRegExp('^a', 'i'), () => new BSONRegExp('^a', 'im'), 'regex'],
  ['Code', () => new Code('f()'), () => new Code('g()'), 'javascript'],
  ['Code with scope', () => new Code('f()', { x: 1 }), () => new Code('f()', { x: 2 }), 'javascriptWithScope'],
  ['Symbol', () => new BSONSymbol('a'), () => new BSONSymbol('b'), 'symbol'],
  ['string', () => 'a', () => 'b', 'string'],
  ['bool', () => true, () => false, 'bool'],
];

describe('diffImages over every BSON type', () => {
  for (const [name, a, b, type] of cases) {
    it(`${name}: an equal value is unchanged, a different one is one change of the whole value`, () => {
      assert.equal(diffImages({ v: a() }, { v: a() }).identical, true);
      const d = diffImages({ v: a() }, { v: b() });
      assert.equal(d.changes.length, 1);
      const [c] = d.changes;
      assert.equal(c!.kind, 'changed');
      assert.deepEqual(c!.path, ['v'], 'a type wrapper is never descended into');
      assert.deepEqual([c!.before, c!.after], [toCanonical(a()), toCanonical(b())]);
      assert.equal(c!.beforeType, type);
      assert.equal(c!.typeChanged, undefined);
    });
  }

  it('Double: -0 differs from 0, NaN equals NaN, Infinity differs from -Infinity', () => {
    assert.equal(diffImages({ v: new Double(-0) }, { v: new Double(0) }).changes.length, 1);
    assert.equal(diffImages({ v: new Double(NaN) }, { v: new Double(NaN) }).identical, true);
    const inf = diffImages({ v: new Double(Infinity) }, { v: new Double(-Infinity) }).changes[0]!;
    assert.deepEqual([inf.before, inf.after], [{ $numberDouble: 'Infinity' }, { $numberDouble: '-Infinity' }]);
  });

  it('the same number in another numeric type is a change with the type flagged', () => {
    const d = diffImages(
      { a: new Int32(1), b: new Double(1), c: Long.fromNumber(1), d: new Int32(7) },
      { a: Long.fromNumber(1), b: Decimal128.fromString('1'), c: new Double(1), d: new Int32(7) },
    );
    assert.deepEqual(
      d.changes.map((c) => `${c.dotted}:${c.typeChanged?.before}->${c.typeChanged?.after}`),
      ['a:int->long', 'b:double->decimal', 'c:long->double'],
    );
  });

  it('UUID and generic binary with the same bytes are different values', () => {
    const bytes = new UUID('0e5c5bc1-94a4-4e1c-8d54-7c2b8f5e7c01').buffer;
    const d = diffImages({ v: new UUID('0e5c5bc1-94a4-4e1c-8d54-7c2b8f5e7c01') }, { v: new Binary(bytes, 0) });
    assert.equal(d.changes.length, 1);
    assert.deepEqual((d.changes[0]!.before as { $binary: { subType: string } }).$binary.subType, '04');
  });

  it('MinKey, MaxKey, null, DBRef and undefined-as-null', () => {
    const d = diffImages(
      { a: new MinKey(), b: null, r: new DBRef('c', new ObjectId(oid)), m: new MaxKey() },
      { a: new MaxKey(), b: new MinKey(), r: new DBRef('d', new ObjectId(oid)), m: new MaxKey() },
    );
    assert.deepEqual(
      d.changes.map((c) => [c.dotted, c.beforeType, c.afterType]),
      [
        ['a', 'minKey', 'maxKey'],
        ['b', 'null', 'minKey'],
        ['r', 'object', 'object'],
      ],
    );
    assert.deepEqual(d.changes[2]!.after, { $ref: 'd', $id: { $oid: oid } }, 'a DBRef is one value');
  });

  it('names the type of every canonical value', () => {
    assert.equal(bsonTypeOf({ $numberInt: '1' }), 'int');
    assert.equal(bsonTypeOf({ $date: { $numberLong: '0' } }), 'date');
    assert.equal(bsonTypeOf({ $regex: 'a', $options: '' }), 'regex');
    assert.equal(bsonTypeOf({ $oid: oid, extra: 'x' }), 'object', 'extra keys make it a sub-document');
    assert.equal(bsonTypeOf([]), 'array');
    assert.equal(bsonTypeOf(undefined), undefined);
  });

  it('wrappers inside arrays are matched as values: a removed ObjectId is one removal', () => {
    const ids = ['65a1b2c3d4e5f60718293a41', '65a1b2c3d4e5f60718293a42', '65a1b2c3d4e5f60718293a43'].map(
      (h) => new ObjectId(h),
    );
    const d = diffImages({ refs: ids }, { refs: [ids[0], ids[2]] });
    assert.deepEqual(
      d.changes.map((c) => [c.kind, c.dotted]),
      [['removed', 'refs.1']],
    );
  });
});
