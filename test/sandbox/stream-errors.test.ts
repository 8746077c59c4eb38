// Conformance: change streams that must fail, and how: refused stages, 280 for a removed _id,
// 286 after the oplog ring wraps, 40573 on a standalone server.
import { strict as assert } from 'node:assert';
import { MongoServerError, type Db, type Document } from 'mongodb';
import { describeSandboxOnly, getTarget, openTargetDb, type Target } from '../helpers/target';
import { nextEvents, opened, type Stream } from '../helpers/stream';

describe('sandbox conformance: change stream errors', function () {
  let target: Target;
  let db: Db;
  const streams: Stream[] = [];

  before(async function () {
    ({ target, db } = await openTargetDb());
    await db.collection('c').insertOne({ _id: 0 } as never);
  });
  afterEach(async function () {
    await Promise.all(streams.splice(0).map((s) => s.close()));
  });
  after(async function () {
    await target?.stop();
  });
  function track(stream: Stream): Stream {
    streams.push(stream);
    return stream;
  }

  for (const stage of [
    { $group: { _id: '$operationType' } },
    { $lookup: { from: 'c', localField: 'x', foreignField: 'y', as: 'z' } },
    { $sort: { _id: 1 } },
    { $limit: 1 },
  ]) {
    const name = Object.keys(stage)[0];
    it(`refuses a ${name} stage when the stream opens`, async function () {
      const stream = track(db.collection('c').watch<Document, Document>([stage], { maxAwaitTimeMS: 100 }));
      const error = await stream.tryNext().catch((e) => e);
      assert.ok(error instanceof MongoServerError, `expected a server error, got ${error}`);
      assert.equal(error.hasErrorLabel('ResumableChangeStreamError'), false);
      assert.equal(error.code, 20, 'IllegalOperation, as mongod answers');
      assert.ok(error.message.includes(`${name} is not permitted in a $changeStream pipeline`), error.message);
    });
  }

  it('accepts the allowed stages $match, $project, $addFields, $set, $unset, $replaceWith and $redact', async function () {
    const stream = track(
      await opened(
        db
          .collection('c')
          .watch<Document, Document>(
            [
              { $match: { operationType: 'insert' } },
              { $addFields: { tag: 'a' } },
              { $set: { tag2: 'b' } },
              { $unset: 'wallTime' },
              { $project: { tag: 1, tag2: 1, documentKey: 1, operationType: 1 } },
              { $replaceWith: { $mergeObjects: ['$$ROOT', { replaced: true }] } },
              { $redact: '$$KEEP' },
            ],
            { maxAwaitTimeMS: 100 },
          ),
      ),
    );
    await db.collection('c').insertOne({ _id: 'allowed' } as never);
    const [event] = await nextEvents(stream, 1);
    assert.deepEqual(
      { ...event, _id: undefined },
      {
        _id: undefined,
        operationType: 'insert',
        documentKey: { _id: 'allowed' },
        tag: 'a',
        tag2: 'b',
        replaced: true,
      },
    );
  });

  it('fails with 280 on the next event when the pipeline removes _id, and does not resume', async function () {
    const stream = track(
      await opened(db.collection('c').watch<Document, Document>([{ $project: { _id: 0 } }], { maxAwaitTimeMS: 100 })),
    );
    await db.collection('c').insertOne({ _id: 'no-token' } as never);
    const error = await nextEvents(stream, 1, 3000).catch((e) => e);
    assert.ok(error instanceof MongoServerError, `expected a server error, got ${error}`);
    assert.equal(error.code, 280);
  });

  it('fails with 10334 BSONObjectTooLarge for an event over 16 MB without $changeStreamSplitLargeEvent', async function () {
    this.timeout(60000);
    const name = 'big_unsplit';
    await db.createCollection(name, { changeStreamPreAndPostImages: { enabled: true } });
    const coll = db.collection(name);
    await coll.insertOne({ _id: 1, big: 'a'.repeat(9 * 1024 * 1024) } as never);
    const stream = track(
      await opened(
        coll.watch<Document, Document>([], {
          maxAwaitTimeMS: 100,
          fullDocument: 'required',
          fullDocumentBeforeChange: 'required',
        }),
      ),
    );
    await coll.updateOne({ _id: 1 } as never, { $set: { big: 'b'.repeat(9 * 1024 * 1024) } });
    const error = await nextEvents(stream, 1, 20000).catch((e) => e);
    assert.ok(error instanceof MongoServerError, `expected a server error, got ${error}`);
    assert.equal(error.code, 10334);
  });

  it('splits an event over 16 MB into ordered fragments with $changeStreamSplitLargeEvent', async function () {
    this.timeout(60000);
    const name = 'big_split';
    await db.createCollection(name, { changeStreamPreAndPostImages: { enabled: true } });
    const coll = db.collection(name);
    await coll.insertOne({ _id: 1, big: 'a'.repeat(9 * 1024 * 1024) } as never);
    const stream = track(
      await opened(
        coll.watch<Document, Document>([{ $changeStreamSplitLargeEvent: {} }], {
          maxAwaitTimeMS: 100,
          fullDocument: 'required',
          fullDocumentBeforeChange: 'required',
        }),
      ),
    );
    await coll.updateOne({ _id: 1 } as never, { $set: { big: 'b'.repeat(9 * 1024 * 1024) } });
    const [first] = await nextEvents(stream, 1, 20000);
    assert.equal(first.splitEvent?.fragment, 1);
    const of = first.splitEvent.of;
    assert.ok(of >= 2, `an 18 MB event needs at least 2 fragments, got ${of}`);
    const rest = await nextEvents(stream, of - 1, 20000);
    const fragments = [first, ...rest];
    assert.deepEqual(
      fragments.map((f) => f.splitEvent.fragment),
      Array.from({ length: of }, (_, i) => i + 1),
    );
    assert.equal(new Set(fragments.map((f) => f._id._data)).size, of, 'every fragment has its own resume token');
    const whole = Object.assign({}, ...fragments);
    assert.equal(whole.operationType, 'update');
    assert.equal(whole.fullDocument.big.length, 9 * 1024 * 1024);
    assert.equal(whole.fullDocumentBeforeChange.big[0], 'a');
    assert.equal(whole.fullDocument.big[0], 'b');
    // A fragment's token resumes at the next fragment.
    const resumed = track(
      coll.watch<Document, Document>([{ $changeStreamSplitLargeEvent: {} }], {
        maxAwaitTimeMS: 100,
        fullDocument: 'required',
        fullDocumentBeforeChange: 'required',
        resumeAfter: first._id,
      }),
    );
    const [next] = await nextEvents(resumed, 1, 20000);
    assert.deepEqual(next.splitEvent, { fragment: 2, of });
  });
});

describeSandboxOnly('sandbox conformance: history loss (sandbox only: tiny oplog ring)', function () {
  let target: Target;
  before(async function () {
    target = await getTarget({ oplogSize: 20 });
  });
  after(async function () {
    await target?.stop();
  });

  it('fails with 286 ChangeStreamHistoryLost when the resume point has left the oplog ring', async function () {
    const client = await target.client();
    const coll = client.db(target.dbName()).collection('ring');
    const stream = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    await coll.insertOne({ _id: 'first' } as never);
    const [event] = await nextEvents(stream, 1);
    await stream.close();
    await coll.insertMany(Array.from({ length: 60 }, (_, i) => ({ _id: i })) as never[]);
    const resumed = coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, resumeAfter: event._id });
    try {
      const error = await resumed.tryNext().catch((e) => e);
      assert.ok(error instanceof MongoServerError, `expected a server error, got ${error}`);
      assert.equal(error.code, 286);
      assert.equal(error.codeName, 'ChangeStreamHistoryLost');
    } finally {
      await resumed.close();
    }
  });
});

describeSandboxOnly('sandbox conformance: standalone mode (sandbox only)', function () {
  let target: Target;
  before(async function () {
    target = await getTarget({ standalone: true });
  });
  after(async function () {
    await target?.stop();
  });

  it('serves CRUD but refuses $changeStream with 40573 like a real standalone', async function () {
    assert.match(target.uri, /directConnection=true/);
    const client = await target.client();
    const coll = client.db('standalone_db').collection('c');
    await coll.insertOne({ _id: 1 } as never);
    assert.equal(await coll.countDocuments(), 1);
    const hello = await client.db('admin').command({ hello: 1 });
    assert.equal(hello.setName, undefined, 'a standalone reports no replica set');
    const stream = coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 });
    try {
      const error = await stream.tryNext().catch((e) => e);
      assert.ok(error instanceof MongoServerError, `expected a server error, got ${error}`);
      assert.equal(error.code, 40573);
      assert.match(error.message, /only supported on replica sets/);
    } finally {
      await stream.close();
    }
  });
});
