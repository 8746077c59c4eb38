// Conformance: update operators, upserts, replacement, arrayFilters and pipeline updates, with
// numeric BSON types kept the way mongod keeps them.
import { strict as assert } from 'node:assert';
import { Decimal128, Double, Int32, Long, type Collection, type Db, type Document } from 'mongodb';
import { openTargetDb, type Target } from '../helpers/target';

describe('sandbox conformance: updates', function () {
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
    const coll = db.collection(`u${++seq}`);
    await coll.insertOne({ _id: 1, ...doc } as never);
    return coll;
  }
  const one = (coll: Collection<Document>) =>
    coll.findOne({ _id: 1 } as never, { promoteValues: false, promoteLongs: false });
  const plain = (coll: Collection<Document>) => coll.findOne({ _id: 1 } as never);

  it('sets nested fields with $set and removes fields with $unset', async function () {
    const coll = await withDoc({ a: 1, b: { c: 1 }, gone: true });
    await coll.updateOne({ _id: 1 } as never, { $set: { 'b.c': 2, 'b.d': 'new', e: [1] }, $unset: { gone: '' } });
    assert.deepEqual(await plain(coll), { _id: 1, a: 1, b: { c: 2, d: 'new' }, e: [1] });
  });

  it('keeps Int32 under $inc with an int, and Long and Decimal128 under $inc with their own types', async function () {
    const coll = await withDoc({ i: new Int32(5), l: Long.fromNumber(5), d: Decimal128.fromString('1.10') });
    await coll.updateOne({ _id: 1 } as never, {
      $inc: { i: new Int32(2), l: Long.fromNumber(2), d: Decimal128.fromString('0.25'), fresh: new Int32(3) },
    });
    const doc = await one(coll);
    assert.ok(doc?.i instanceof Int32, `Int32 + Int32 stays Int32, got ${doc?.i?.constructor?.name}`);
    assert.equal(doc.i.value, 7);
    assert.ok(doc.l instanceof Long, `Long + Long stays Long, got ${doc.l?.constructor?.name}`);
    assert.equal(doc.l.toString(), '7');
    assert.ok(doc.d instanceof Decimal128, `Decimal128 + Decimal128 stays Decimal128, got ${doc.d?.constructor?.name}`);
    assert.equal(Number(doc.d.toString()), 1.35);
    assert.equal(doc.fresh.value, 3, '$inc on a missing field sets it');
  });

  it('widens Int32 to Double when $inc adds a fractional number, and $mul multiplies', async function () {
    const coll = await withDoc({ i: new Int32(2), m: new Int32(3) });
    await coll.updateOne({ _id: 1 } as never, {
      $inc: { i: new Double(0.5) },
      $mul: { m: new Int32(4), absent: new Int32(5) },
    });
    const doc = await one(coll);
    assert.ok(doc?.i instanceof Double);
    assert.equal(doc.i.value, 2.5);
    assert.equal(Number(doc.m.valueOf()), 12);
    assert.equal(Number(doc.absent.valueOf()), 0, '$mul on a missing field sets it to zero of the operand type');
  });

  it('appends with $push (incl. $each) and removes matches with $pull', async function () {
    const coll = await withDoc({ tags: ['a', 'b', 'c', 'b'] });
    await coll.updateOne({ _id: 1 } as never, { $push: { tags: { $each: ['d', 'e'] } } } as never);
    await coll.updateOne({ _id: 1 } as never, { $pull: { tags: 'b' } } as never);
    assert.deepEqual((await plain(coll))?.tags, ['a', 'c', 'd', 'e']);
  });

  it('adds only missing values with $addToSet', async function () {
    const coll = await withDoc({ set: [1, 2] });
    await coll.updateOne({ _id: 1 } as never, { $addToSet: { set: { $each: [2, 3, 3] } } });
    assert.deepEqual((await plain(coll))?.set, [1, 2, 3]);
  });

  it('renames fields with $rename, including into a nested path', async function () {
    const coll = await withDoc({ old: 1, other: 2 });
    await coll.updateOne({ _id: 1 } as never, { $rename: { old: 'brand.new', other: 'plain' } });
    assert.deepEqual(await plain(coll), { _id: 1, brand: { new: 1 }, plain: 2 });
  });

  it('inserts on upsert with the equality fields of the filter and reports the upserted id', async function () {
    const coll = db.collection('upsert');
    const result = await coll.updateOne({ sku: 'X-1', qty: { $gt: 5 } }, { $set: { price: 9 } }, { upsert: true });
    assert.equal(result.upsertedCount, 1);
    assert.ok(result.upsertedId);
    const doc = await coll.findOne({ _id: result.upsertedId });
    assert.equal(doc?.sku, 'X-1');
    assert.equal(doc?.price, 9);
    assert.equal(doc?.qty, undefined, 'a non-equality condition is not copied into the upserted document');
  });

  it('reports a no-op update as matched but not modified', async function () {
    const coll = await withDoc({ a: 1 });
    const result = await coll.updateOne({ _id: 1 } as never, { $set: { a: 1 } });
    assert.equal(result.matchedCount, 1);
    assert.equal(result.modifiedCount, 0);
  });

  it('updates many documents with updateMany', async function () {
    const coll = db.collection('many');
    await coll.insertMany([
      { g: 1, v: 0 },
      { g: 1, v: 0 },
      { g: 2, v: 0 },
    ]);
    const result = await coll.updateMany({ g: 1 }, { $set: { v: 1 } });
    assert.equal(result.matchedCount, 2);
    assert.equal(result.modifiedCount, 2);
    assert.equal(await coll.countDocuments({ v: 1 }), 2);
  });

  it('updates only the array elements chosen by arrayFilters', async function () {
    const coll = await withDoc({
      grades: [
        { g: 80, n: 0 },
        { g: 95, n: 0 },
        { g: 99, n: 0 },
      ],
    });
    await coll.updateOne(
      { _id: 1 } as never,
      { $set: { 'grades.$[hi].n': 1 } },
      { arrayFilters: [{ 'hi.g': { $gte: 90 } }] },
    );
    assert.deepEqual(
      (await plain(coll))?.grades.map((x: Document) => x.n),
      [0, 1, 1],
    );
  });

  it('updates the first matched array element with the positional $ operator', async function () {
    const coll = await withDoc({
      items: [
        { k: 'a', q: 1 },
        { k: 'b', q: 1 },
      ],
    });
    await coll.updateOne({ _id: 1, 'items.k': 'b' } as never, { $inc: { 'items.$.q': 5 } });
    assert.deepEqual((await plain(coll))?.items, [
      { k: 'a', q: 1 },
      { k: 'b', q: 6 },
    ]);
  });

  it('runs a pipeline update with aggregation expressions', async function () {
    const coll = await withDoc({ price: 10, qty: 3, old: true });
    await coll.updateOne({ _id: 1 } as never, [
      { $set: { total: { $multiply: ['$price', '$qty'] } } },
      { $unset: 'old' },
    ]);
    assert.deepEqual(await plain(coll), { _id: 1, price: 10, qty: 3, total: 30 });
  });

  it('refuses an update that would change _id', async function () {
    const coll = await withDoc({ a: 1 });
    const error = await coll.updateOne({ _id: 1 } as never, { $set: { _id: 2 } }).catch((e) => e);
    assert.ok(error instanceof Error);
    assert.equal((error as { code?: number }).code, 66, 'ImmutableField');
    assert.deepEqual(await plain(coll), { _id: 1, a: 1 });
  });
});
