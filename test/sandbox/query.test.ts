// Conformance: find (filter, projection, sort, skip, limit, batchSize), aggregate, count and distinct,
// including comparisons across numeric BSON types.
import { strict as assert } from 'node:assert';
import { Decimal128, Double, Int32, Long, type MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import { openTargetDb, type Target } from '../helpers/target';

describe('sandbox conformance: queries', function () {
  let target: Target;
  let client: MongoClient;
  let db: Db;
  const started: CommandStartedEvent[] = [];

  before(async function () {
    ({ target, client, db } = await openTargetDb({ monitorCommands: true }));
    client.on('commandStarted', (e) => started.push(e));
    await db.collection('orders').insertMany([
      { _id: 1, status: 'A', qty: 5, item: { sku: 'pen', tags: ['blue', 'ink'] }, price: 1.5 },
      { _id: 2, status: 'B', qty: 15, item: { sku: 'pad', tags: ['paper'] }, price: 4 },
      { _id: 3, status: 'A', qty: 25, item: { sku: 'ink', tags: ['ink'] }, price: 12 },
      { _id: 4, status: 'C', qty: 0, item: { sku: 'cap' }, price: 2 },
      { _id: 5, status: 'A', qty: 8, item: { sku: 'Pencil', tags: [] } },
    ] as never[]);
  });
  after(async function () {
    await target?.stop();
  });
  const orders = () => db.collection('orders');
  const ids = (docs: { _id: unknown }[]) => docs.map((d) => d._id);

  it('filters with dotted paths, $in, $or, $exists, regex and $elemMatch', async function () {
    assert.deepEqual(
      ids(
        await orders()
          .find({ 'item.sku': { $in: ['pen', 'ink'] } })
          .sort({ _id: 1 })
          .toArray(),
      ),
      [1, 3],
    );
    assert.deepEqual(
      ids(
        await orders()
          .find({ $or: [{ qty: 0 }, { status: 'B' }] })
          .sort({ _id: 1 })
          .toArray(),
      ),
      [2, 4],
    );
    assert.deepEqual(
      ids(
        await orders()
          .find({ price: { $exists: false } })
          .toArray(),
      ),
      [5],
    );
    assert.deepEqual(ids(await orders().find({ 'item.sku': /^p/i }).sort({ _id: 1 }).toArray()), [1, 2, 5]);
    assert.deepEqual(ids(await orders().find({ 'item.tags': 'ink' }).sort({ _id: 1 }).toArray()), [1, 3]);
    assert.deepEqual(
      ids(
        await orders()
          .find({ 'item.tags': { $elemMatch: { $eq: 'paper' } } })
          .toArray(),
      ),
      [2],
    );
  });

  it('projects with inclusion, exclusion and _id suppression', async function () {
    assert.deepEqual(await orders().findOne({ _id: 1 } as never, { projection: { status: 1, 'item.sku': 1 } }), {
      _id: 1,
      status: 'A',
      item: { sku: 'pen' },
    });
    assert.deepEqual(await orders().findOne({ _id: 4 } as never, { projection: { item: 0, price: 0 } }), {
      _id: 4,
      status: 'C',
      qty: 0,
    });
    assert.deepEqual(await orders().findOne({ _id: 2 } as never, { projection: { _id: 0, qty: 1 } }), { qty: 15 });
  });

  it('sorts on several keys, then skips and limits', async function () {
    const docs = await orders().find({}).sort({ status: 1, qty: -1 }).skip(1).limit(3).toArray();
    assert.deepEqual(ids(docs), [5, 1, 2]);
  });

  it('pages through a result with batchSize using getMore and returns every document once', async function () {
    const coll = db.collection('paged');
    await coll.insertMany(Array.from({ length: 23 }, (_, i) => ({ _id: i })) as never[]);
    const before = started.filter((e) => e.commandName === 'getMore').length;
    const docs = await coll.find({}, { batchSize: 5 }).sort({ _id: 1 }).toArray();
    assert.deepEqual(
      ids(docs),
      Array.from({ length: 23 }, (_, i) => i),
    );
    const getMores = started.filter((e) => e.commandName === 'getMore').length - before;
    assert.ok(getMores >= 4, `23 documents in batches of 5 need at least 4 getMores, saw ${getMores}`);
  });

  it('compares Long, Int32, Double and Decimal128 numerically, not as strings', async function () {
    const coll = db.collection('numbers');
    await coll.insertMany([
      { _id: 'long100', n: Long.fromNumber(100) },
      { _id: 'int9', n: new Int32(9) },
      { _id: 'dbl60', n: new Double(60.5) },
      { _id: 'dec7', n: Decimal128.fromString('7.25') },
      { _id: 'dec51', n: Decimal128.fromString('51') },
    ] as never[]);
    assert.deepEqual(
      ids(
        await coll
          .find({ n: { $gt: 50 } })
          .sort({ _id: 1 })
          .toArray(),
      ),
      ['dbl60', 'dec51', 'long100'],
    );
    assert.deepEqual(ids(await coll.find({ n: 100 }).toArray()), ['long100'], 'Long(100) equals the number 100');
    assert.deepEqual(ids(await coll.find({ n: Decimal128.fromString('9') }).toArray()), ['int9']);
    assert.deepEqual(ids(await coll.find({}).sort({ n: 1 }).toArray()), ['dec7', 'int9', 'dec51', 'dbl60', 'long100']);
  });

  it('matches values by BSON type with $type', async function () {
    const coll = db.collection('typed');
    await coll.insertMany([
      { _id: 1, v: new Int32(1) },
      { _id: 2, v: Long.fromNumber(1) },
      { _id: 3, v: new Double(1.5) },
      { _id: 4, v: Decimal128.fromString('1') },
      { _id: 5, v: 'one' },
    ] as never[]);
    assert.deepEqual(ids(await coll.find({ v: { $type: 'long' } }).toArray()), [2]);
    assert.deepEqual(ids(await coll.find({ v: { $type: 'int' } }).toArray()), [1]);
    assert.deepEqual(ids(await coll.find({ v: { $type: 'decimal' } }).toArray()), [4]);
    assert.deepEqual(
      ids(
        await coll
          .find({ v: { $type: 'number' } })
          .sort({ _id: 1 })
          .toArray(),
      ),
      [1, 2, 3, 4],
    );
  });

  it('aggregates with $match, $group, $sort and $project', async function () {
    const out = await orders()
      .aggregate([
        { $match: { qty: { $gt: 0 } } },
        { $group: { _id: '$status', total: { $sum: '$qty' }, n: { $sum: 1 } } },
        { $sort: { total: -1 } },
        { $project: { _id: 0, status: '$_id', total: 1, n: 1 } },
      ])
      .toArray();
    assert.deepEqual(out, [
      { total: 38, n: 3, status: 'A' },
      { total: 15, n: 1, status: 'B' },
    ]);
  });

  it('aggregates with $unwind, $count and $lookup across collections', async function () {
    const unwound = await orders()
      .aggregate([{ $unwind: '$item.tags' }, { $count: 'tags' }])
      .toArray();
    assert.deepEqual(unwound, [{ tags: 4 }]);
    await db.collection('skus').insertMany([
      { _id: 'pen', maker: 'Acme' },
      { _id: 'ink', maker: 'Squid' },
    ] as never[]);
    const joined = await orders()
      .aggregate([
        { $match: { _id: { $in: [1, 3] } } },
        { $lookup: { from: 'skus', localField: 'item.sku', foreignField: '_id', as: 'sku' } },
        { $project: { maker: { $first: '$sku.maker' } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    assert.deepEqual(joined, [
      { _id: 1, maker: 'Acme' },
      { _id: 3, maker: 'Squid' },
    ]);
  });

  it('counts documents with and without a filter, and estimates the collection count', async function () {
    assert.equal(await orders().countDocuments({ status: 'A' }), 3);
    assert.equal(await orders().countDocuments({ status: 'A' }, { skip: 1, limit: 1 }), 1);
    assert.equal(await orders().countDocuments(), 5);
    assert.equal(await orders().estimatedDocumentCount(), 5);
  });

  it('returns distinct values, unwinding arrays, with an optional filter', async function () {
    assert.deepEqual((await orders().distinct('status')).sort(), ['A', 'B', 'C']);
    assert.deepEqual((await orders().distinct('item.tags')).sort(), ['blue', 'ink', 'paper']);
    assert.deepEqual((await orders().distinct('item.sku', { status: 'A' })).sort(), ['Pencil', 'ink', 'pen']);
  });

  it('lists databases and collections the writes created', async function () {
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    assert.ok(names.includes('orders'), `listCollections lacks orders: ${names}`);
    const dbs = await client.db('admin').admin().listDatabases();
    assert.ok(
      dbs.databases.some((d) => d.name === db.databaseName),
      'listDatabases lacks the test database',
    );
  });
});
