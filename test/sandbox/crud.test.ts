// Conformance: inserts, reads, replaces and deletes keep documents and their BSON types intact.
import { strict as assert } from 'node:assert';
import { Binary, Decimal128, Double, Int32, Long, MongoBulkWriteError, ObjectId, Timestamp, type Db } from 'mongodb';
import { openTargetDb, type Target } from '../helpers/target';

describe('sandbox conformance: CRUD and BSON types', function () {
  let target: Target;
  let db: Db;

  before(async function () {
    ({ target, db } = await openTargetDb());
  });
  after(async function () {
    await target?.stop();
  });

  it('round-trips Long, Decimal128, Int32, Double, Timestamp, Binary, ObjectId and Date with their types', async function () {
    const coll = db.collection('types');
    const oid = new ObjectId();
    const when = new Date('2024-03-01T12:34:56.789Z');
    await coll.insertOne({
      _id: oid as never,
      long: Long.fromString('9007199254740993'),
      dec: Decimal128.fromString('1234.5678901234567890'),
      int: new Int32(42),
      dbl: new Double(2.0),
      ts: new Timestamp({ t: 1700000000, i: 7 }),
      bin: new Binary(Buffer.from([1, 2, 3, 250]), 0),
      uuid: new Binary(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), 4),
      when,
    });
    const doc = await coll.findOne({ _id: oid as never }, { promoteValues: false, promoteLongs: false });
    assert.ok(doc);
    assert.ok(doc._id instanceof ObjectId && doc._id.equals(oid));
    assert.ok(doc.long instanceof Long);
    assert.equal(doc.long.toString(), '9007199254740993');
    assert.ok(doc.dec instanceof Decimal128);
    assert.equal(doc.dec.toString(), '1234.5678901234567890');
    assert.ok(doc.int instanceof Int32);
    assert.equal(doc.int.value, 42);
    assert.ok(doc.dbl instanceof Double, 'a whole-number Double must stay a Double, not become an Int32');
    assert.equal(doc.dbl.value, 2);
    assert.ok(doc.ts instanceof Timestamp);
    assert.equal(doc.ts.t, 1700000000);
    assert.equal(doc.ts.i, 7);
    assert.ok(doc.bin instanceof Binary);
    assert.equal(doc.bin.sub_type, 0);
    assert.deepEqual([...doc.bin.buffer], [1, 2, 3, 250]);
    assert.equal(doc.uuid.sub_type, 4);
    assert.equal(Buffer.from(doc.uuid.buffer).toString('hex'), '0123456789abcdef0123456789abcdef');
    assert.ok(doc.when instanceof Date);
    assert.equal(doc.when.getTime(), when.getTime());
  });

  it('returns the generated ObjectId from insertOne and finds the document by it', async function () {
    const coll = db.collection('ids');
    const result = await coll.insertOne({ name: 'ada' });
    assert.ok(result.insertedId instanceof ObjectId);
    const found = await coll.findOne({ _id: result.insertedId });
    assert.equal(found?.name, 'ada');
  });

  it('keeps nested documents, arrays, null and strings with unicode exactly', async function () {
    const coll = db.collection('nested');
    const original = { _id: 1, a: { b: { c: [1, 'two', null, { d: true }] } }, s: 'héllo ✓ 𝄞', empty: {}, list: [] };
    await coll.insertOne(original as never);
    assert.deepEqual(await coll.findOne({ _id: 1 } as never), original);
  });

  it('keeps field order of a stored document', async function () {
    const coll = db.collection('order');
    await coll.insertOne({ _id: 1, z: 1, a: 2, m: 3 } as never);
    const doc = await coll.findOne({ _id: 1 } as never);
    assert.deepEqual(Object.keys(doc ?? {}), ['_id', 'z', 'a', 'm']);
  });

  it('inserts many documents and reports every inserted id', async function () {
    const coll = db.collection('many');
    const result = await coll.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }] as never[]);
    assert.equal(result.insertedCount, 3);
    assert.deepEqual(Object.values(result.insertedIds), [1, 2, 3]);
    assert.equal(await coll.countDocuments(), 3);
  });

  it('keeps every driver-generated ObjectId of large insertMany batches exactly', async function () {
    const coll = db.collection('bulk_ids');
    const sent: string[] = [];
    for (let round = 0; round < 5; round++) {
      const docs = Array.from({ length: 1000 }, (_, i) => ({
        n: round * 1000 + i,
        at: new Date(),
        sku: `S-${i % 97}`,
      }));
      const result = await coll.insertMany(docs, { ordered: false });
      sent.push(...Object.values(result.insertedIds).map((id) => id.toHexString()));
    }
    const stored = (await coll.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id.toHexString());
    assert.equal(stored.length, 5000);
    assert.deepEqual([...stored].sort(), [...sent].sort());
  });

  it('stops an ordered insertMany at the first duplicate and reports its index with code 11000', async function () {
    const coll = db.collection('ordered');
    await coll.insertOne({ _id: 2 } as never);
    const error = await coll.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }] as never[]).catch((e) => e);
    assert.ok(error instanceof MongoBulkWriteError, `expected a bulk write error, got ${error}`);
    assert.equal(error.code, 11000);
    const first = Array.isArray(error.writeErrors) ? error.writeErrors[0] : error.writeErrors;
    assert.equal(first.index, 1, 'the duplicate is the second document');
    assert.deepEqual(
      (await coll.find().sort({ _id: 1 }).toArray()).map((d) => d._id),
      [1, 2],
    );
  });

  it('continues an unordered insertMany past a duplicate', async function () {
    const coll = db.collection('unordered');
    await coll.insertOne({ _id: 2 } as never);
    const error = await coll
      .insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }] as never[], { ordered: false })
      .catch((e) => e);
    assert.ok(error instanceof MongoBulkWriteError);
    assert.equal(error.result.insertedCount, 2);
    assert.deepEqual(
      (await coll.find().sort({ _id: 1 }).toArray()).map((d) => d._id),
      [1, 2, 3],
    );
  });

  it('replaces a whole document with replaceOne, keeping its _id', async function () {
    const coll = db.collection('replace');
    await coll.insertOne({ _id: 1, a: 1, b: 2 } as never);
    const result = await coll.replaceOne({ _id: 1 } as never, { c: 3 });
    assert.equal(result.matchedCount, 1);
    assert.equal(result.modifiedCount, 1);
    assert.deepEqual(await coll.findOne({ _id: 1 } as never), { _id: 1, c: 3 });
  });

  it('deletes one and many documents and reports the counts', async function () {
    const coll = db.collection('delete');
    await coll.insertMany([{ k: 'a' }, { k: 'b' }, { k: 'b' }, { k: 'b' }]);
    assert.equal((await coll.deleteOne({ k: 'b' })).deletedCount, 1);
    assert.equal((await coll.deleteMany({ k: 'b' })).deletedCount, 2);
    assert.equal((await coll.deleteMany({ k: 'zzz' })).deletedCount, 0);
    assert.equal(await coll.countDocuments(), 1);
  });

  it('returns the document before or after a change from findOneAndUpdate, and deletes with findOneAndDelete', async function () {
    const coll = db.collection('fam');
    await coll.insertOne({ _id: 1, n: 1 } as never);
    const before = await coll.findOneAndUpdate({ _id: 1 } as never, { $inc: { n: 1 } }, { returnDocument: 'before' });
    assert.equal(before?.n, 1);
    const after = await coll.findOneAndUpdate({ _id: 1 } as never, { $inc: { n: 1 } }, { returnDocument: 'after' });
    assert.equal(after?.n, 3);
    const deleted = await coll.findOneAndDelete({ _id: 1 } as never);
    assert.equal(deleted?.n, 3);
    assert.equal(await coll.findOne({ _id: 1 } as never), null);
  });

  it('applies a mixed bulkWrite and reports per-kind counts', async function () {
    const coll = db.collection('bulk');
    const result = await coll.bulkWrite([
      { insertOne: { document: { _id: 1, v: 1 } } },
      { insertOne: { document: { _id: 2, v: 2 } } },
      { updateOne: { filter: { _id: 1 }, update: { $set: { v: 10 } } } },
      { deleteOne: { filter: { _id: 2 } } },
      { replaceOne: { filter: { _id: 3 }, replacement: { v: 3 }, upsert: true } },
    ] as never[]);
    assert.equal(result.insertedCount, 2);
    assert.equal(result.modifiedCount, 1);
    assert.equal(result.deletedCount, 1);
    assert.equal(result.upsertedCount, 1);
    assert.deepEqual(await coll.find().sort({ _id: 1 }).toArray(), [
      { _id: 1, v: 10 },
      { _id: 3, v: 3 },
    ]);
  });

  it('refuses a document larger than 16 MB without harming the connection', async function () {
    this.timeout(30000);
    const coll = db.collection('huge');
    const error = await coll.insertOne({ big: 'x'.repeat(16 * 1024 * 1024 + 10) }).catch((e) => e);
    assert.ok(error instanceof Error, 'an oversized insert must fail');
    await coll.insertOne({ small: true });
    assert.equal(await coll.countDocuments({ small: true }), 1);
  });
});
