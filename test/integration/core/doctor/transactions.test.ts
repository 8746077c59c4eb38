// A transaction's events, read from a real stream, group by lsid + txnNumber with the commit's
// cluster time; a plain write between them stays its own item.
import { strict as assert } from 'node:assert';
import type { Document } from 'mongodb';
import { summarizeChange } from '../../../../src/core/events/summary';
import { groupTransactions } from '../../../../src/core/insight/transactions';
import { nextEvents, opened } from '../../../helpers/stream';
import { openTargetDb } from '../../../helpers/target';

describe('insight: transactions grouped from real events', function () {
  this.timeout(30_000);

  it('groups two transactions apart and leaves a plain insert alone', async () => {
    const { target, client, db } = await openTargetDb();
    try {
      const c = db.collection('acct');
      await c.insertOne({ _id: 'seed' as never });
      const s = await opened(c.watch());
      const session = client.startSession();
      try {
        await session.withTransaction(async () => {
          await c.insertOne({ _id: 'a' as never }, { session });
          await c.insertOne({ _id: 'b' as never }, { session });
        });
        await c.insertOne({ _id: 'plain' as never });
        await session.withTransaction(async () => {
          await c.updateOne({ _id: 'a' as never }, { $set: { v: 1 } }, { session });
          await c.deleteOne({ _id: 'b' as never }, { session });
        });
      } finally {
        await session.endSession();
      }
      const events = await nextEvents(s, 5);
      await s.close();
      const items = groupTransactions(events, (e: Document) => e);
      assert.deepEqual(
        items.map((i) => (i.kind === 'event' ? `event:${String(i.event.documentKey?._id)}` : `txn:${i.events.length}`)),
        ['txn:2', 'event:plain', 'txn:2'],
      );
      const [t1, , t2] = items;
      assert.ok(t1?.kind === 'transaction' && t2?.kind === 'transaction');
      assert.notEqual(t1.key, t2.key, 'a new txnNumber is a new group');
      const commit = events[0]!.clusterTime as { high: number; low: number };
      assert.deepEqual(t1.clusterTime, { t: commit.high >>> 0, i: commit.low >>> 0 });
      // The list's rows carry the same key, so the webview groups without the full events.
      const rows = events.map((e, n) => summarizeChange(e, n + 1, 0, Date.now()));
      assert.equal(rows[0]!.txn?.key, t1.key);
      assert.equal(rows[1]!.txn?.key, t1.key);
      assert.equal(rows[2]!.txn, undefined);
      assert.equal(rows[3]!.txn?.key, t2.key);
    } finally {
      await target.stop();
    }
  });
});
