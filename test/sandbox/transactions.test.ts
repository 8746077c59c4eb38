// Conformance: multi-document transactions as the driver runs them — commit, abort, snapshot reads,
// write conflicts, withTransaction's retries, and the change events a commit produces.
import { strict as assert } from 'node:assert';
import {
  MongoServerError,
  type ClientSession,
  type Collection,
  type Db,
  type Document,
  type MongoClient,
} from 'mongodb';
import { getTarget, type Target } from '../helpers/target';
import { failCommand, failCommandOff } from '../helpers/failpoint';
import { eventsWithin, nextEvents, opened, type Stream } from '../helpers/stream';

const APP = 'csi-transactions';

describe('sandbox conformance: transactions', function () {
  let target: Target;
  let client: MongoClient;
  let db: Db;
  const streams: Stream[] = [];
  const sessions: ClientSession[] = [];
  let seq = 0;

  before(async function () {
    target = await getTarget();
    client = await target.client({ appName: APP });
    db = client.db(target.dbName());
  });
  afterEach(async function () {
    await Promise.all(streams.splice(0).map((s) => s.close()));
    await Promise.all(sessions.splice(0).map((s) => s.endSession()));
    await failCommandOff(client);
  });
  after(async function () {
    await target?.stop();
  });

  /** A fresh collection that exists before any transaction uses it. */
  async function fresh(): Promise<Collection<Document>> {
    const coll = db.collection<Document>(`tx${++seq}`);
    await coll.insertOne({ _id: 'seed' } as never);
    return coll;
  }
  function session(): ClientSession {
    const s = client.startSession();
    sessions.push(s);
    return s;
  }
  async function watch(coll: Collection<Document>): Promise<Stream> {
    const s = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    streams.push(s);
    return s;
  }

  it('keeps writes invisible outside until commit, then shows all of them', async function () {
    const coll = await fresh();
    const s = session();
    s.startTransaction();
    await coll.insertOne({ _id: 1, n: 1 } as never, { session: s });
    await coll.updateOne({ _id: 'seed' } as never, { $set: { touched: true } }, { session: s });
    assert.equal(await coll.countDocuments({}, { session: s }), 2, 'the transaction reads its own writes');
    assert.equal(await coll.countDocuments({}), 1, 'outside, the insert is not there yet');
    assert.equal((await coll.findOne({ _id: 'seed' } as never))?.touched, undefined);
    await s.commitTransaction();
    assert.equal(await coll.countDocuments({}), 2);
    assert.equal((await coll.findOne({ _id: 'seed' } as never))?.touched, true);
  });

  it('discards every write on abort', async function () {
    const coll = await fresh();
    const s = session();
    s.startTransaction();
    await coll.insertOne({ _id: 2 } as never, { session: s });
    await coll.deleteOne({ _id: 'seed' } as never, { session: s });
    await s.abortTransaction();
    assert.deepEqual(await coll.find().toArray(), [{ _id: 'seed' }]);
  });

  it('reads a snapshot: a commit made after the transaction started is not seen inside it', async function () {
    const coll = await fresh();
    const s = session();
    s.startTransaction();
    assert.equal((await coll.findOne({ _id: 'seed' } as never, { session: s }))?.v, undefined);
    await coll.updateOne({ _id: 'seed' } as never, { $set: { v: 'outside' } });
    await coll.insertOne({ _id: 'later' } as never);
    assert.equal((await coll.findOne({ _id: 'seed' } as never, { session: s }))?.v, undefined);
    assert.equal(await coll.countDocuments({}, { session: s }), 1);
    await s.commitTransaction();
    assert.equal((await coll.findOne({ _id: 'seed' } as never))?.v, 'outside');
  });

  it('fails the second writer of a document with 112 TransientTransactionError and aborts its transaction', async function () {
    const coll = await fresh();
    const a = session();
    const b = session();
    a.startTransaction();
    b.startTransaction();
    await coll.updateOne({ _id: 'seed' } as never, { $set: { by: 'a' } }, { session: a });
    const err = await coll.updateOne({ _id: 'seed' } as never, { $set: { by: 'b' } }, { session: b }).catch((e) => e);
    assert.ok(err instanceof MongoServerError, String(err));
    assert.equal(err.code, 112);
    assert.ok(err.hasErrorLabel('TransientTransactionError'));
    const commitB = await b.commitTransaction().catch((e) => e);
    assert.ok(commitB instanceof MongoServerError && commitB.code === 251, `${commitB} ${commitB?.code}`);
    await a.commitTransaction();
    assert.equal((await coll.findOne({ _id: 'seed' } as never))?.by, 'a');
  });

  it('fails a transaction writing a document that was committed after its snapshot', async function () {
    const coll = await fresh();
    const s = session();
    s.startTransaction();
    await coll.findOne({}, { session: s });
    await coll.updateOne({ _id: 'seed' } as never, { $set: { v: 1 } });
    const err = await coll.updateOne({ _id: 'seed' } as never, { $set: { v: 2 } }, { session: s }).catch((e) => e);
    assert.ok(err instanceof MongoServerError && err.code === 112, String(err));
    await s.abortTransaction().catch(() => undefined);
    assert.equal((await coll.findOne({ _id: 'seed' } as never))?.v, 1);
  });

  it('answers 251 NoSuchTransaction to statements after a failed one (the failure aborted it)', async function () {
    const coll = await fresh();
    const s = session();
    s.startTransaction();
    const dup = await coll.insertOne({ _id: 'seed' } as never, { session: s }).catch((e) => e);
    assert.equal(dup.code, 11000);
    const next = await coll.insertOne({ _id: 'x' } as never, { session: s }).catch((e) => e);
    assert.ok(next instanceof MongoServerError && next.code === 251, String(next));
    assert.ok(next.hasErrorLabel('TransientTransactionError'));
    await s.abortTransaction().catch(() => undefined);
    assert.equal(await coll.countDocuments({ _id: 'x' } as never), 0);
  });

  it('emits the events at commit, in order, with lsid, txnNumber, one clusterTime and ordered tokens', async function () {
    const coll = await fresh();
    const stream = await watch(coll);
    const s = session();
    s.startTransaction();
    await coll.insertOne({ _id: 'a' } as never, { session: s });
    await coll.updateOne({ _id: 'a' } as never, { $set: { paid: true } }, { session: s });
    await coll.deleteOne({ _id: 'seed' } as never, { session: s });
    assert.deepEqual(await eventsWithin(stream, 300), [], 'nothing before commit');
    await s.commitTransaction();
    const events = await nextEvents(stream, 3);
    assert.deepEqual(
      events.map((e) => `${e.operationType} ${e.documentKey._id}`),
      ['insert a', 'update a', 'delete seed'],
    );
    for (const e of events) {
      assert.equal(e.lsid?.id?.toString('hex'), s.id?.id.toString('hex'), 'lsid names the session');
      assert.equal(String(e.txnNumber), String(events[0].txnNumber));
      assert.ok(e.clusterTime.equals(events[0].clusterTime), 'one commit, one cluster time');
    }
    const tokens = events.map((e) => e._id._data as string);
    assert.deepEqual([...tokens].sort(), tokens, 'tokens sort in event order');
    assert.equal(new Set(tokens).size, 3);
  });

  it('resumes from a token in the middle of a commit with the rest of that commit', async function () {
    const coll = await fresh();
    const stream = await watch(coll);
    await client.withSession((s) =>
      s.withTransaction(async () => {
        await coll.insertMany([{ _id: 'm1' }, { _id: 'm2' }, { _id: 'm3' }] as never[], { session: s });
      }),
    );
    const events = await nextEvents(stream, 3);
    const resumed = coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, resumeAfter: events[0]._id });
    streams.push(resumed);
    const again = await nextEvents(resumed, 2);
    assert.deepEqual(
      again.map((e) => e.documentKey._id),
      ['m2', 'm3'],
    );
    assert.deepEqual(await eventsWithin(resumed, 200), []);
  });

  it('withTransaction retries the callback after a TransientTransactionError and commits once', async function () {
    const coll = await fresh();
    await failCommand(
      client,
      { times: 1 },
      {
        failCommands: ['insert'],
        errorCode: 112,
        errorLabels: ['TransientTransactionError'],
        appName: APP,
      },
    );
    let runs = 0;
    await client.withSession((s) =>
      s.withTransaction(async () => {
        runs++;
        await coll.insertOne({ _id: `r${runs}` } as never, { session: s });
      }),
    );
    assert.equal(runs, 2);
    assert.deepEqual(await coll.find({ _id: { $ne: 'seed' } } as never).toArray(), [{ _id: 'r2' }]);
  });

  it('withTransaction retries a commit that failed with a retryable error (UnknownTransactionCommitResult)', async function () {
    const coll = await fresh();
    await failCommand(client, { times: 2 }, { failCommands: ['commitTransaction'], errorCode: 91, appName: APP });
    let runs = 0;
    await client.withSession((s) =>
      s.withTransaction(async () => {
        runs++;
        await coll.insertOne({ _id: 'c1' } as never, { session: s });
      }),
    );
    assert.equal(runs, 1, 'the work ran once; only the commit was retried');
    assert.equal(await coll.countDocuments({ _id: 'c1' } as never), 1);
  });

  it('checkpoints a resume token in the same transaction as the processed work (the seeds pattern)', async function () {
    const coll = await fresh();
    const checkpoints = db.collection(`checkpoints${seq}`);
    const processed = db.collection(`processed${seq}`);
    await checkpoints.insertOne({ _id: 'seed' } as never);
    await processed.insertOne({ _id: 'seed' } as never);
    const stream = await watch(coll);
    await coll.insertMany([{ _id: 'p1' }, { _id: 'p2' }] as never[]);
    const [first, second] = await nextEvents(stream, 2);
    const handle = (change: Document, fail: boolean) =>
      client.withSession((s) =>
        s.withTransaction(async () => {
          await processed.insertOne({ _id: change.documentKey._id } as never, { session: s });
          await checkpoints.updateOne(
            { _id: 'worker' } as never,
            { $set: { resumeToken: change._id } },
            { upsert: true, session: s },
          );
          if (fail) throw new Error('crash while processing');
        }),
      );
    await handle(first, false);
    await assert.rejects(handle(second, true), /crash while processing/);
    assert.deepEqual(
      (await processed.find().toArray()).map((d) => d._id),
      ['seed', 'p1'],
    );
    const saved = await checkpoints.findOne({ _id: 'worker' } as never);
    assert.deepEqual(saved?.resumeToken, first._id, 'the token of the last work that committed');
    const resumed = coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, resumeAfter: saved!.resumeToken });
    streams.push(resumed);
    assert.deepEqual(
      (await nextEvents(resumed, 1)).map((e) => e.documentKey._id),
      ['p2'],
    );
  });
});
