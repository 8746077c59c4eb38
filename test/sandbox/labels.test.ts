// Conformance: errors and labels as mongod gives them to change streams (the server labels
// resumable getMore errors, 280 is NonResumableChangeStreamError, unknown stages are 40324), and
// history that is not there (286): before the oldest oplog entry, which is the set's initiation.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { Long, MongoClient, MongoServerError, Timestamp, type Db, type Document } from 'mongodb';
import { startSandbox } from '../../src/sandbox/index';
import { describeSandboxOnly, getTarget, type Target } from '../helpers/target';
import { nextEvents, opened, type Stream } from '../helpers/stream';

describe('sandbox conformance: change stream error labels and lost history', function () {
  let target: Target;
  let client: MongoClient;
  let db: Db;
  const streams: Stream[] = [];
  const appName = `csi-labels-${randomBytes(3).toString('hex')}`;
  let seq = 0;

  before(async function () {
    target = await getTarget();
    client = await target.client({ appName });
    db = client.db(target.dbName());
  });
  afterEach(async function () {
    await client.db('admin').command({ configureFailPoint: 'failGetMoreAfterCursorCheckout', mode: 'off' });
    await Promise.all(streams.splice(0).map((s) => s.close()));
  });
  after(async function () {
    await target?.stop();
  });
  const track = (s: Stream): Stream => (streams.push(s), s);
  const failGetMore = (errorCode: number) =>
    client.db('admin').command({
      configureFailPoint: 'failGetMoreAfterCursorCheckout',
      mode: { times: 1 },
      data: { errorCode },
    });

  /** Opens a change stream with a raw aggregate and returns its cursor id (so getMore errors are seen as sent). */
  async function rawStream(coll: string): Promise<Long> {
    const reply = await db.command({ aggregate: coll, pipeline: [{ $changeStream: {} }], cursor: {} });
    // The driver promotes an id below 2^53 to a number (one in ~500 of the sandbox's, and of mongod's,
    // random ids); getMore must send it back as a 64-bit Long, as drivers do.
    return Long.fromValue(reply.cursor.id as Long | number);
  }

  it('failGetMoreAfterCursorCheckout fails one getMore; the server labels a resumable code ResumableChangeStreamError', async function () {
    const coll = `l${++seq}`;
    await db.createCollection(coll);
    const id = await rawStream(coll);
    await failGetMore(10107);
    const error = await db.command({ getMore: id, collection: coll, maxTimeMS: 100 }).catch((e) => e);
    assert.ok(error instanceof MongoServerError, `expected a server error, got ${error}`);
    assert.equal(error.code, 10107);
    assert.ok(error.hasErrorLabel('ResumableChangeStreamError'), `labels: ${error.errorLabels}`);
  });

  it('does not label a code mongod does not resume on', async function () {
    const coll = `l${++seq}`;
    await db.createCollection(coll);
    const id = await rawStream(coll);
    await failGetMore(2);
    const error = await db.command({ getMore: id, collection: coll, maxTimeMS: 100 }).catch((e) => e);
    assert.equal(error?.code, 2);
    assert.equal(error.hasErrorLabel('ResumableChangeStreamError'), false);
  });

  it('lets the driver resume across a labelled getMore failure without losing an event', async function () {
    const coll = db.collection(`l${++seq}`);
    const stream = track(await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 })));
    await coll.insertOne({ _id: 1 } as never);
    const [first] = await nextEvents(stream, 1);
    await failGetMore(91);
    await coll.insertMany([{ _id: 2 }, { _id: 3 }] as never[]);
    const rest = await nextEvents(stream, 2);
    assert.deepEqual(
      [first, ...rest].map((e) => e.documentKey._id),
      [1, 2, 3],
    );
  });

  it('gives 280 with the NonResumableChangeStreamError label when the pipeline removes _id', async function () {
    const coll = db.collection(`l${++seq}`);
    const stream = track(
      await opened(coll.watch<Document, Document>([{ $project: { _id: 0 } }], { maxAwaitTimeMS: 100 })),
    );
    await coll.insertOne({ _id: 1 } as never);
    const error = await stream.tryNext().catch((e) => e);
    assert.equal(error?.code, 280);
    assert.ok(error.hasErrorLabel('NonResumableChangeStreamError'), `labels: ${error.errorLabels}`);
  });

  it('refuses an unknown stage with 40324, in a change stream and in a plain aggregate', async function () {
    const coll = db.collection(`l${++seq}`);
    await coll.insertOne({ _id: 1 } as never);
    const plain = await coll
      .aggregate([{ $noSuchStage: {} }])
      .toArray()
      .catch((e) => e);
    assert.equal(plain?.code, 40324, String(plain));
    const stream = track(coll.watch<Document, Document>([{ $noSuchStage: {} }], { maxAwaitTimeMS: 100 }));
    const error = await stream.tryNext().catch((e) => e);
    assert.equal(error?.code, 40324, String(error));
  });

  it('fails with 286 for a startAtOperationTime older than the oldest oplog entry', async function () {
    const coll = db.collection(`l${++seq}`);
    const stream = track(
      coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, startAtOperationTime: new Timestamp({ t: 1, i: 1 }) }),
    );
    const error = await stream.tryNext().catch((e) => e);
    assert.ok(error instanceof MongoServerError, `expected a server error, got ${error}`);
    assert.equal(error.code, 286);
  });
});

describeSandboxOnly('sandbox conformance: the oplog begins with the set initiation (sandbox only)', function () {
  it('has the initiation no-op as its first entry', async function () {
    const sandbox = await startSandbox();
    const client = new MongoClient(sandbox.uri);
    try {
      const first = await client.db('local').collection('oplog.rs').find({}).sort({ $natural: 1 }).limit(1).next();
      assert.equal(first?.op, 'n');
      assert.deepEqual(first?.o, { msg: 'initiating set' });
    } finally {
      await client.close();
      await sandbox.stop();
    }
  });

  it('refuses a token and a start time from before the server started with 286, even on the same port at once', async function () {
    const old = await startSandbox();
    const port = old.port;
    let client = new MongoClient(old.uri);
    const coll = () => client.db('shop').collection('orders');
    const stream = await opened(coll().watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    await coll().insertOne({ _id: 1 } as never);
    const [event] = await nextEvents(stream, 1);
    await stream.close();
    await client.close();
    await old.stop();

    const fresh = await startSandbox({ port });
    client = new MongoClient(fresh.uri);
    try {
      await coll().insertOne({ _id: 2 } as never);
      for (const options of [{ resumeAfter: event._id }, { startAtOperationTime: event.clusterTime as Timestamp }]) {
        const resumed = coll().watch<Document, Document>([], { maxAwaitTimeMS: 100, ...options });
        const error = await resumed.tryNext().catch((e) => e);
        await resumed.close();
        assert.ok(error instanceof MongoServerError, `${Object.keys(options)[0]}: expected 286, got ${error}`);
        assert.equal(error.code, 286, Object.keys(options)[0]);
      }
    } finally {
      await client.close();
      await fresh.stop();
    }
  });
});
