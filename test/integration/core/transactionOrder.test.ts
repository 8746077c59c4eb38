// Events of one transaction share the commit's clusterTime (and since 8.0 so may events of different
// transactions): through a WatchSession with the real driver they keep the order they were written in.
import { strict as assert } from 'node:assert';
import { EJSON } from 'bson';
import type { Db, MongoClient } from 'mongodb';
import { getTarget, type Target } from '../../helpers/target';
import { SessionProbe } from './sessionProbe';

describe('transaction events with equal clusterTime through a watch', function () {
  this.timeout(60_000);
  let target: Target;
  let client: MongoClient;
  let writer: MongoClient;
  let db: Db;
  let probe: SessionProbe | undefined;

  before(async function () {
    target = await getTarget();
    client = await target.client({ appName: 'csi-txn-watcher' });
    writer = await target.client({ appName: 'csi-txn-writer' });
    db = writer.db(target.dbName());
    await db.createCollection('orders');
  });
  afterEach(async () => probe?.session.dispose());
  after(async () => target?.stop());

  it('keeps the written order of a transaction whose events share one clusterTime', async function () {
    probe = new SessionProbe(client, {
      connectionId: 'c1',
      connectionName: 'Test',
      scope: 'database',
      db: db.databaseName,
    });
    await probe.session.start();
    const ids = [5, 3, 1, 4, 2, 9, 7];
    const session = writer.startSession();
    try {
      await session.withTransaction(async () => {
        for (const id of ids) await db.collection<{ _id: number }>('orders').insertOne({ _id: id }, { session });
        await db.collection<{ _id: number }>('orders').deleteOne({ _id: 4 }, { session });
      });
    } finally {
      await session.endSession();
    }
    await probe.waitForEvents(ids.length + 1, 20_000);
    const docs = probe.docs();
    assert.deepEqual(probe.ids(), [...ids, 4]);
    assert.deepEqual(
      docs.map((d) => d.operationType),
      [...ids.map(() => 'insert'), 'delete'],
    );
    const times = new Set(docs.map((d) => JSON.stringify(d.clusterTime)));
    assert.equal(times.size, 1, `one commit time for all: ${[...times].join(' ')}`);
    assert.equal(new Set(probe.events.map((e) => e.summary.txn?.key)).size, 1, 'one transaction');
    assert.equal(new Set(probe.events.map((e) => e.token)).size, ids.length + 1, 'each its own token');
    // Stop and resume from the token of the third event: the rest of the commit comes again, in order.
    await probe.session.stop();
    const third = JSON.parse(probe.events[2].token);
    const again = new SessionProbe(client, {
      connectionId: 'c1',
      connectionName: 'Test',
      scope: 'database',
      db: db.databaseName,
    });
    try {
      await again.session.start({ kind: 'resumeAfter', token: EJSON.deserialize(third) });
      await again.waitForEvents(ids.length - 2, 20_000);
      assert.deepEqual(again.ids(), [...ids.slice(3), 4], 'resuming inside a commit continues after that event');
    } finally {
      await again.session.dispose();
    }
  });
});
