// Conformance: index commands, duplicate-key errors, collection options and mongod-shaped errors.
import { strict as assert } from 'node:assert';
import { Binary, type MongoClient, MongoServerError, Timestamp, type Db } from 'mongodb';
import { openTargetDb, type Target } from '../helpers/target';

describe('sandbox conformance: indexes, collections and errors', function () {
  let target: Target;
  let client: MongoClient;
  let db: Db;

  before(async function () {
    ({ target, client, db } = await openTargetDb());
  });
  after(async function () {
    await target?.stop();
  });

  it('rejects a duplicate _id with code 11000 and a key pattern', async function () {
    const coll = db.collection('dup_id');
    await coll.insertOne({ _id: 'k' } as never);
    const error = await coll.insertOne({ _id: 'k' } as never).catch((e) => e);
    assert.ok(error instanceof MongoServerError, `expected a server error, got ${error}`);
    assert.equal(error.code, 11000);
    assert.match(error.message, /duplicate key/);
    assert.deepEqual(error.keyPattern, { _id: 1 });
  });

  it('creates, lists and drops a unique secondary index that enforces uniqueness', async function () {
    const coll = db.collection('users');
    const name = await coll.createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
    assert.equal(name, 'email_unique');
    const indexes = await coll.listIndexes().toArray();
    assert.deepEqual(indexes.map((i) => i.name).sort(), ['_id_', 'email_unique']);
    assert.equal(indexes.find((i) => i.name === 'email_unique')?.unique, true);
    await coll.insertOne({ email: 'a@x' });
    const error = await coll.insertOne({ email: 'a@x' }).catch((e) => e);
    assert.equal(error?.code, 11000);
    await coll.dropIndex('email_unique');
    await coll.insertOne({ email: 'a@x' });
    assert.equal(await coll.countDocuments({ email: 'a@x' }), 2);
  });

  it('refuses a unique index over data that already has duplicates', async function () {
    const coll = db.collection('dirty');
    await coll.insertMany([{ k: 1 }, { k: 1 }]);
    const error = await coll.createIndex({ k: 1 }, { unique: true }).catch((e) => e);
    assert.equal(error?.code, 11000);
  });

  it('answers an unknown command with code 59 CommandNotFound', async function () {
    const error = await db.command({ noSuchCommandEver: 1 }).catch((e) => e);
    assert.ok(error instanceof MongoServerError);
    assert.equal(error.code, 59);
    assert.equal(error.codeName, 'CommandNotFound');
    assert.equal((await db.command({ ping: 1 })).ok, 1, 'the connection stays usable');
  });

  it('lists collection options incl. changeStreamPreAndPostImages set at create and by collMod', async function () {
    await db.createCollection('with_images', { changeStreamPreAndPostImages: { enabled: true } });
    await db.createCollection('later');
    const info = await db.listCollections({ name: 'with_images' }, { nameOnly: false }).next();
    assert.equal(info?.type, 'collection');
    assert.deepEqual(info?.options?.changeStreamPreAndPostImages, { enabled: true });
    assert.ok(info?.info?.uuid instanceof Binary && info.info.uuid.sub_type === 4, 'collections carry a UUID');
    const before = await db.listCollections({ name: 'later' }, { nameOnly: false }).next();
    assert.equal(before?.options?.changeStreamPreAndPostImages, undefined);
    await db.command({ collMod: 'later', changeStreamPreAndPostImages: { enabled: true } });
    const afterMod = await db.listCollections({ name: 'later' }, { nameOnly: false }).next();
    assert.deepEqual(afterMod?.options?.changeStreamPreAndPostImages, { enabled: true });
  });

  it('answers getMore on a killed cursor with code 43 CursorNotFound', async function () {
    const coll = db.collection('cursors');
    await coll.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }, { _id: 4 }] as never[]);
    const opened = await db.command({ find: 'cursors', batchSize: 2 });
    const id = opened.cursor.id;
    assert.equal(opened.cursor.firstBatch.length, 2);
    assert.equal(opened.cursor.ns, `${db.databaseName}.cursors`);
    const killed = await db.command({ killCursors: 'cursors', cursors: [id] });
    assert.equal(killed.cursorsKilled.length, 1);
    const error = await db.command({ getMore: id, collection: 'cursors' }).catch((e) => e);
    assert.ok(error instanceof MongoServerError, `expected a server error, got ${error}`);
    assert.equal(error.code, 43);
    assert.equal(error.codeName, 'CursorNotFound');
  });

  it('answers buildInfo and serverStatus with a version and an uptime', async function () {
    const build = await db.admin().command({ buildInfo: 1 });
    assert.match(build.version, /^\d+\.\d+\.\d+/);
    assert.ok(Array.isArray(build.versionArray));
    const status = await db.admin().command({ serverStatus: 1 });
    assert.equal(typeof status.uptime, 'number');
    assert.ok(status.localTime instanceof Date);
  });

  it('refuses to create a collection that exists with code 48 NamespaceExists', async function () {
    await db.createCollection('twice');
    // Different options: mongod refuses this on every version (same options may be accepted).
    const error = await db
      .createCollection('twice', { changeStreamPreAndPostImages: { enabled: true } })
      .catch((e) => e);
    assert.equal(error?.code, 48);
  });

  it('renames a collection, keeping its documents', async function () {
    await db.collection('from').insertOne({ _id: 1, v: 'kept' } as never);
    await db.collection('from').rename('to');
    assert.deepEqual(await db.collection('to').findOne({}), { _id: 1, v: 'kept' });
    const names = (await db.listCollections().toArray()).map((c) => c.name);
    assert.ok(!names.includes('from'));
  });

  it('drops a collection and a database', async function () {
    const other = client.db(target.dbName());
    await other.collection('c').insertOne({ a: 1 });
    assert.equal(await other.collection('c').drop(), true);
    await other.collection('d').insertOne({ a: 1 });
    await other.dropDatabase();
    assert.deepEqual(await other.listCollections().toArray(), []);
  });

  it('reports replica-set status with this node as the one primary', async function () {
    const hello = await db.admin().command({ hello: 1 });
    assert.equal(hello.isWritablePrimary, true);
    assert.equal(typeof hello.setName, 'string');
    assert.ok(hello.logicalSessionTimeoutMinutes > 0);
    const status = await db.admin().command({ replSetGetStatus: 1 });
    assert.equal(status.set, hello.setName);
    assert.equal(status.members.filter((m: { stateStr: string }) => m.stateStr === 'PRIMARY').length, 1);
  });

  it('serves the first and last oplog entries from local.oplog.rs, as tools read the oplog window', async function () {
    await db.collection('window').insertOne({ _id: 1 } as never);
    const oplog = client.db('local').collection('oplog.rs');
    const [first] = await oplog.find({}).sort({ $natural: 1 }).limit(1).toArray();
    const [last] = await oplog.find({}).sort({ $natural: -1 }).limit(1).toArray();
    assert.ok(first?.ts instanceof Timestamp, 'the first entry carries a Timestamp ts');
    assert.ok(last?.ts instanceof Timestamp, 'the last entry carries a Timestamp ts');
    assert.ok(!first.ts.greaterThan(last.ts), 'first is not after last');
  });
});
