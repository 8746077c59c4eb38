// Conformance: the system databases and the oplog as clients read them (listDatabases,
// listCollections on local, counts/aggregates/stats over local.oplog.rs, replSetGetStatus members,
// replSetInitiate, cluster parameters, $currentOp, serverStatus.changeStreamPreImages).
import { strict as assert } from 'node:assert';
import { MongoServerError, type Db, type Document, type MongoClient } from 'mongodb';
import { openTargetDb, type Target } from '../helpers/target';

describe('sandbox conformance: system databases and the oplog', function () {
  let target: Target;
  let client: MongoClient;
  let db: Db;
  let local: Db;

  before(async function () {
    ({ target, client, db } = await openTargetDb({ appName: 'csi-system-dbs' }));
    local = client.db('local');
    await db.collection('orders').insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }] as never[]);
  });
  after(async function () {
    await target?.stop();
  });

  it('lists admin, config and local among the databases', async function () {
    const { databases } = await client.db('admin').command({ listDatabases: 1 });
    const names = (databases as Document[]).map((d) => d.name);
    for (const n of ['admin', 'config', 'local', db.databaseName]) assert.ok(names.includes(n), `${n} in ${names}`);
  });

  it('shows local.oplog.rs as a capped collection with its size', async function () {
    const [info] = await local.listCollections({ name: 'oplog.rs' }).toArray();
    assert.ok(info, 'oplog.rs listed');
    assert.equal((info as Document).options.capped, true);
    assert.ok((info as Document).options.size > 0);
  });

  it('counts the oplog the same way with find, count, countDocuments and aggregate', async function () {
    const oplog = local.collection('oplog.rs');
    const filter = { ns: `${db.databaseName}.orders` };
    const found = (await oplog.find(filter).toArray()).length;
    assert.equal(found, 3);
    assert.equal(await oplog.countDocuments(filter), found);
    assert.equal((await local.command({ count: 'oplog.rs', query: filter })).n, found);
    const [agg] = await oplog.aggregate([{ $match: filter }, { $count: 'n' }]).toArray();
    assert.equal(agg.n, found);
    assert.equal(await oplog.estimatedDocumentCount(), (await oplog.find().toArray()).length);
  });

  it('gives maxSize, size and count for the oplog in collStats and $collStats', async function () {
    const stats = await local.command({ collStats: 'oplog.rs' });
    assert.ok(stats.maxSize > 0 && stats.size > 0 && stats.count > 0, JSON.stringify(stats));
    assert.equal(stats.capped, true);
    const [doc] = await local
      .collection('oplog.rs')
      .aggregate([{ $collStats: { storageStats: {} } }])
      .toArray();
    assert.ok(doc.storageStats.maxSize > 0 && doc.storageStats.size > 0 && doc.storageStats.count > 0);
    const [orders] = await db
      .collection('orders')
      .aggregate([{ $collStats: { storageStats: {}, count: {} } }])
      .toArray();
    assert.equal(orders.storageStats.count, 3);
    assert.equal(orders.count, 3);
  });

  it('describes its member in replSetGetStatus as mongosh and PyMongo read it', async function () {
    const status = await client.db('admin').command({ replSetGetStatus: 1 });
    const primary = (status.members as Document[]).find((m) => m.stateStr === 'PRIMARY');
    assert.ok(primary, 'a PRIMARY member');
    assert.equal(typeof primary.name, 'string');
    assert.equal(primary.health, 1);
    assert.ok(primary.optimeDate instanceof Date);
    assert.equal(typeof primary.uptime, 'number');
  });

  it('answers replSetInitiate with 23 AlreadyInitialized', async function () {
    const err = await client
      .db('admin')
      .command({ replSetInitiate: {} })
      .catch((e) => e);
    assert.ok(err instanceof MongoServerError, String(err));
    assert.equal(err.code, 23);
  });

  it('sets the change-stream pre-image expiry with setClusterParameter and reads it back', async function () {
    const admin = client.db('admin');
    const before = await admin.command({ getClusterParameter: 'changeStreamOptions' });
    const original = before.clusterParameters[0].preAndPostImages.expireAfterSeconds;
    try {
      await admin.command({
        setClusterParameter: { changeStreamOptions: { preAndPostImages: { expireAfterSeconds: 3600 } } },
      });
      const after = await admin.command({ getClusterParameter: 'changeStreamOptions' });
      assert.equal(Number(after.clusterParameters[0].preAndPostImages.expireAfterSeconds), 3600);
    } finally {
      await admin.command({
        setClusterParameter: { changeStreamOptions: { preAndPostImages: { expireAfterSeconds: original } } },
      });
    }
  });

  it('lists the running operation in a $currentOp aggregate on admin', async function () {
    const ops = await client
      .db('admin')
      .aggregate([{ $currentOp: {} }, { $match: { appName: 'csi-system-dbs' } }])
      .toArray();
    assert.ok(
      ops.some((o) => o.active === true && o.command?.aggregate === 1),
      JSON.stringify(ops),
    );
  });

  it('reports changeStreamPreImages figures in serverStatus', async function () {
    const status = await client.db('admin').command({ serverStatus: 1 });
    assert.ok(status.changeStreamPreImages?.purgingJob, JSON.stringify(status.changeStreamPreImages));
    assert.equal(typeof Number(status.changeStreamPreImages.purgingJob.docsDeleted), 'number');
  });
});
