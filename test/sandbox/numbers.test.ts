// Conformance, property style: the same updates, queries and expressions run over every numeric
// BSON type (Int32, Long, Double, Decimal128) and every pair of them, in a plain aggregate and in a
// change-stream pipeline, and must give mongod's result types and exact values.
import { strict as assert } from 'node:assert';
import {
  Decimal128,
  Double,
  Int32,
  Long,
  Timestamp,
  type ChangeStream,
  type Collection,
  type Db,
  type Document,
} from 'mongodb';
import { openTargetDb, type Target } from '../helpers/target';

type Kind = 'int' | 'long' | 'double' | 'decimal';
const KINDS: { kind: Kind; make: (n: number | string) => unknown }[] = [
  { kind: 'int', make: (n) => new Int32(Number(n)) },
  { kind: 'long', make: (n) => Long.fromString(String(n)) },
  { kind: 'double', make: (n) => new Double(Number(n)) },
  { kind: 'decimal', make: (n) => Decimal128.fromString(String(n)) },
];
const RANK: Kind[] = ['int', 'long', 'double', 'decimal'];
const wider = (a: Kind, b: Kind): Kind => RANK[Math.max(RANK.indexOf(a), RANK.indexOf(b))];
const RAW = { promoteValues: false, promoteLongs: false } as const;

/** The BSON kind of a value read with promoteValues: false. */
function kindOf(v: unknown): string {
  const t = (v as { _bsontype?: string } | null)?._bsontype;
  return t === 'Int32'
    ? 'int'
    : t === 'Long'
      ? 'long'
      : t === 'Double'
        ? 'double'
        : t === 'Decimal128'
          ? 'decimal'
          : typeof v;
}
/** The numeric value as a string that is exact for every kind (Decimal128 '7' and '7.0' alike). */
function valueOf(v: unknown): string {
  const s = (v as { toString(): string }).toString();
  return kindOf(v) === 'decimal' ? (String(Number(s)) === s ? s : s.replace(/\.0+$/, '')) : s;
}

describe('sandbox conformance: numbers over every BSON numeric type', function () {
  let target: Target;
  let db: Db;
  let seq = 0;

  before(async function () {
    ({ target, db } = await openTargetDb());
  });
  after(async function () {
    await target?.stop();
  });

  async function withDoc(doc: Document): Promise<Collection<Document>> {
    const coll = db.collection(`n${++seq}`);
    await coll.insertOne({ _id: 1, ...doc } as never);
    return coll;
  }
  const one = (coll: Collection<Document>) => coll.findOne({ _id: 1 } as never, RAW);

  it('$inc and $mul give the wider type of the two operands, with exact values', async function () {
    for (const a of KINDS)
      for (const b of KINDS) {
        const coll = await withDoc({ i: a.make(5), m: a.make(5) });
        await coll.updateOne({ _id: 1 } as never, { $inc: { i: b.make(2) }, $mul: { m: b.make(3) } } as never);
        const doc = await one(coll);
        const want = wider(a.kind, b.kind);
        assert.equal(kindOf(doc?.i), want, `${a.kind} $inc ${b.kind}`);
        assert.equal(valueOf(doc?.i), '7', `${a.kind} $inc ${b.kind}`);
        assert.equal(kindOf(doc?.m), want, `${a.kind} $mul ${b.kind}`);
        assert.equal(valueOf(doc?.m), '15', `${a.kind} $mul ${b.kind}`);
      }
  });

  it('matches across numeric types by value: equality, $gt/$lt and $in', async function () {
    for (const a of KINDS) {
      const coll = await withDoc({ v: a.make(5) });
      for (const b of KINDS) {
        const label = `${a.kind} stored, ${b.kind} in the filter`;
        assert.equal(await coll.countDocuments({ v: b.make(5) } as never), 1, label);
        assert.equal(await coll.countDocuments({ v: { $gt: b.make(4), $lt: b.make(6) } } as never), 1, label);
        assert.equal(await coll.countDocuments({ v: { $gt: b.make(5) } } as never), 0, label);
        assert.equal(await coll.countDocuments({ v: { $in: [b.make(1), b.make(5)] } } as never), 1, label);
      }
    }
  });

  it('$pop and $push with $slice accept their argument as any numeric type', async function () {
    for (const k of KINDS) {
      const coll = await withDoc({ a: [1, 2, 3, 4], b: [1, 2, 3, 4], p: [1, 2] });
      await coll.updateOne({ _id: 1 } as never, { $pop: { a: k.make(1), b: k.make(-1) } } as never);
      await coll.updateOne({ _id: 1 } as never, { $push: { p: { $each: [3, 4, 5], $slice: k.make(-3) } } } as never);
      const doc = await coll.findOne({ _id: 1 } as never);
      assert.deepEqual(
        [doc?.a, doc?.b, doc?.p],
        [
          [1, 2, 3],
          [2, 3, 4],
          [3, 4, 5],
        ],
        k.kind,
      );
    }
  });

  it('aggregation arithmetic keeps mongod result types for every pair; $type names int/long/double/decimal', async function () {
    // Both operands are stored fields: documents keep their types end to end (a Double literal
    // with an integral value inside a pipeline is read as an int; see specView).
    for (const a of KINDS) {
      for (const b of KINDS) {
        const coll = await withDoc({ v: a.make(6), w: b.make(2) });
        const [r] = await coll
          .aggregate(
            [
              {
                $project: {
                  _id: 0,
                  add: { $add: ['$v', '$w'] },
                  sub: { $subtract: ['$v', '$w'] },
                  mul: { $multiply: ['$v', '$w'] },
                  div: { $divide: ['$v', '$w'] },
                  type: { $type: '$v' },
                  gt: { $gt: ['$v', 5] },
                  abs: { $abs: '$v' },
                },
              },
            ],
            RAW,
          )
          .toArray();
        const label = `${a.kind} with ${b.kind}`;
        const w = wider(a.kind, b.kind);
        assert.deepEqual(
          [kindOf(r.add), kindOf(r.sub), kindOf(r.mul), kindOf(r.div), r.type, r.gt, kindOf(r.abs)],
          [w, w, w, w === 'decimal' ? 'decimal' : 'double', a.kind, true, a.kind],
          label,
        );
        assert.deepEqual(
          [valueOf(r.add), valueOf(r.sub), valueOf(r.mul), valueOf(r.div)],
          ['8', '4', '12', '3'],
          label,
        );
      }
    }
  });

  it('literals keep their type where they are values (int + 2.0 is a double), and any numeric type works as a count', async function () {
    const coll = await withDoc({ v: new Int32(6), arr: [10, 20, 30] });
    for (const k of KINDS) {
      const [r] = await coll
        .aggregate(
          [
            {
              $addFields: {
                lit: k.make(2),
                add: { $add: ['$v', k.make(2)] },
                el: { $arrayElemAt: ['$arr', k.make(1)] },
              },
            },
            { $project: { arr: k.make(0) } },
            { $limit: k.make(5) },
          ],
          RAW,
        )
        .toArray();
      assert.deepEqual(
        [kindOf(r.lit), kindOf(r.add), valueOf(r.add), valueOf(r.el), r.arr],
        [k.kind, wider('int', k.kind), '8', '20', undefined],
        k.kind,
      );
    }
  });

  it('$sum of ints is an int, widening to long on overflow; $sum keeps Long and Decimal128', async function () {
    const coll = db.collection(`n${++seq}`);
    await coll.insertMany([
      { g: 'int', v: new Int32(2) },
      { g: 'int', v: new Int32(3) },
      { g: 'overflow', v: new Int32(2147483647) },
      { g: 'overflow', v: new Int32(1) },
      { g: 'long', v: Long.fromNumber(2) },
      { g: 'long', v: new Int32(3) },
      { g: 'decimal', v: Decimal128.fromString('0.1') },
      { g: 'decimal', v: Decimal128.fromString('0.2') },
    ]);
    const rows = await coll.aggregate([{ $group: { _id: '$g', s: { $sum: '$v' }, n: { $sum: 1 } } }], RAW).toArray();
    const by = Object.fromEntries(rows.map((r) => [r._id as string, r]));
    assert.deepEqual(
      ['int', 'overflow', 'long', 'decimal'].map((g) => [kindOf(by[g].s), valueOf(by[g].s), kindOf(by[g].n)]),
      [
        ['int', '5', 'int'],
        ['long', '2147483648', 'int'],
        ['long', '5', 'int'],
        ['decimal', '0.3', 'int'],
      ],
    );
  });

  it('int + int overflows to long in $add and in $inc', async function () {
    const coll = await withDoc({ v: new Int32(2147483647) });
    const [r] = await coll.aggregate([{ $project: { s: { $add: ['$v', new Int32(1)] } } }], RAW).toArray();
    assert.deepEqual([kindOf(r.s), valueOf(r.s)], ['long', '2147483648']);
    await coll.updateOne({ _id: 1 } as never, { $inc: { v: new Int32(1) } });
    const doc = await one(coll);
    assert.deepEqual([kindOf(doc?.v), valueOf(doc?.v)], ['long', '2147483648']);
  });

  it('Decimal128 arithmetic is decimal: 0.1 + 0.2 is 0.3 in $inc and $add; Double stays binary', async function () {
    const coll = await withDoc({ d: Decimal128.fromString('0.1'), f: new Double(0.1) });
    const [r] = await coll
      .aggregate([{ $project: { d: { $add: ['$d', Decimal128.fromString('0.2')] }, f: { $add: ['$f', 0.2] } } }], RAW)
      .toArray();
    assert.equal(r.d.toString(), '0.3');
    assert.equal(Number(r.f.valueOf()), 0.1 + 0.2);
    await coll.updateOne({ _id: 1 } as never, { $inc: { d: Decimal128.fromString('0.2') } });
    assert.equal((await one(coll))?.d.toString(), '0.3');
  });

  it("Decimal128 results keep the operands' exponent: 799.99 + 0.01 is 800.00, 1.5 × 2.0 is 3.00", async function () {
    const coll = await withDoc({ d: Decimal128.fromString('799.99'), m: Decimal128.fromString('1.5') });
    const [r] = await coll
      .aggregate(
        [
          {
            $project: {
              sum: { $add: ['$d', Decimal128.fromString('0.01')] },
              product: { $multiply: ['$m', Decimal128.fromString('2.0')] },
              plusInt: { $add: ['$m', 1] },
            },
          },
        ],
        RAW,
      )
      .toArray();
    assert.deepEqual([r.sum.toString(), r.product.toString(), r.plusInt.toString()], ['800.00', '3.00', '2.5']);
    await coll.updateOne({ _id: 1 } as never, { $inc: { d: Decimal128.fromString('0.01') } });
    assert.equal((await one(coll))?.d.toString(), '800.00');
  });

  it('Int64 equality and ordering are exact beyond 2^53', async function () {
    const coll = await withDoc({ n: Long.fromString('9007199254740993') });
    assert.equal(await coll.countDocuments({ n: Long.fromString('9007199254740992') }), 0);
    assert.equal(await coll.countDocuments({ n: Long.fromString('9007199254740993') }), 1);
    assert.equal(await coll.countDocuments({ n: { $gt: Long.fromString('9007199254740992') } }), 1);
    assert.equal(await coll.countDocuments({ n: { $lt: Long.fromString('9007199254740994') } }), 1);
    const [r] = await coll.aggregate([{ $project: { s: { $add: ['$n', Long.fromNumber(1)] } } }], RAW).toArray();
    assert.equal(r.s.toString(), '9007199254740994');
  });

  it('a change-stream pipeline sees the same BSON values as a plain aggregate', async function () {
    const coll = db.collection(`n${++seq}`);
    const computed = {
      big: { $gt: ['$fullDocument.total', 1000] },
      plus: { $add: ['$fullDocument.total', 1] },
      type: { $type: '$fullDocument.total' },
      half: { $divide: ['$fullDocument.total', 2] },
    };
    const stream: ChangeStream = coll.watch([{ $addFields: computed }], RAW);
    try {
      await stream.tryNext();
      const totals = KINDS.map((k, i) => ({ _id: i, total: k.make(1500) }));
      await coll.insertMany(totals as never);
      const agg = await coll
        .aggregate(
          [{ $project: { fullDocument: '$$ROOT' } }, { $project: { _id: 0, ...computed } }, { $sort: { type: 1 } }],
          RAW,
        )
        .toArray();
      const events: Document[] = [];
      while (events.length < KINDS.length) {
        const ev = await stream.tryNext();
        if (ev) events.push(ev);
      }
      const fromStream = events.map((e) => [e.big, kindOf(e.plus), valueOf(e.plus), e.type, kindOf(e.half)]);
      const fromAgg = agg.map((e) => [e.big, kindOf(e.plus), valueOf(e.plus), e.type, kindOf(e.half)]);
      assert.deepEqual(
        fromStream.sort((x, y) => String(x[3]).localeCompare(String(y[3]))),
        fromAgg.sort((x, y) => String(x[3]).localeCompare(String(y[3]))),
      );
      assert.deepEqual(
        events.map((e) => [e.big, e.type, valueOf(e.plus)]),
        KINDS.map((k) => [true, k.kind, '1501']),
      );
    } finally {
      await stream.close();
    }
  });

  it('$currentDate with $type timestamp stores a Timestamp; an inserted Timestamp(0, 0) is filled with now', async function () {
    const before = Math.floor(Date.now() / 1000) - 1;
    const coll = await withDoc({
      empty: new Timestamp({ t: 0, i: 0 }),
      nested: { empty: new Timestamp({ t: 0, i: 0 }) },
    });
    const idColl = db.collection(`n${++seq}`);
    await idColl.insertOne({ _id: new Timestamp({ t: 0, i: 0 }) } as never);
    const idDoc = await idColl.findOne({}, RAW);
    assert.ok((idDoc?._id as unknown as Timestamp).isZero(), 'an _id of Timestamp(0,0) is kept (SERVER-43014)');
    await coll.updateOne({ _id: 1 } as never, { $currentDate: { ts: { $type: 'timestamp' }, at: true } as never });
    const doc = await one(coll);
    assert.ok(doc?.ts instanceof Timestamp, `got ${doc?.ts?.constructor?.name}`);
    assert.ok(doc.ts.high >= before, 'the Timestamp holds the current time');
    assert.ok(doc.at instanceof Date);
    assert.ok(doc.empty instanceof Timestamp && doc.empty.high >= before, 'top-level Timestamp(0,0) filled');
    assert.ok(doc.nested.empty.isZero(), 'a nested Timestamp(0,0) is kept as it is');
  });
});
