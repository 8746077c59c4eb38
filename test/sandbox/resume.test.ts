// Conformance: resuming with resumeAfter, startAfter and startAtOperationTime; 260 after an
// invalidate; the shape of resume tokens and postBatchResumeToken.
import { strict as assert } from 'node:assert';
import { type MongoClient, MongoServerError, type CommandSucceededEvent, type Db, type Document } from 'mongodb';
import { openTargetDb, type Target } from '../helpers/target';
import { eventsWithin, nextEvents, opened, tokenTime, type Stream } from '../helpers/stream';

describe('sandbox conformance: resume', function () {
  let target: Target;
  let client: MongoClient;
  let db: Db;
  const streams: Stream[] = [];
  const replies: CommandSucceededEvent[] = [];
  let seq = 0;

  before(async function () {
    ({ target, client, db } = await openTargetDb({ monitorCommands: true }));
    client.on('commandSucceeded', (e) => replies.push(e));
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
  const fresh = () => db.collection(`rs${++seq}`);

  it('resumes after a given event with resumeAfter, delivering only the later events', async function () {
    const coll = fresh();
    const first = track(await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 })));
    await coll.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }] as never[]);
    const events = await nextEvents(first, 3);
    const resumed = track(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, resumeAfter: events[0]._id }));
    const again = await nextEvents(resumed, 2);
    assert.deepEqual(
      again.map((e) => e.documentKey._id),
      [2, 3],
    );
    assert.deepEqual(
      again.map((e) => e._id),
      events.slice(1).map((e) => e._id),
      'replayed events carry the same tokens',
    );
    assert.deepEqual(await eventsWithin(resumed, 200), []);
  });

  it('resumes with startAfter like resumeAfter for an ordinary event', async function () {
    const coll = fresh();
    const first = track(await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 })));
    await coll.insertMany([{ _id: 'a' }, { _id: 'b' }] as never[]);
    const events = await nextEvents(first, 2);
    const resumed = track(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, startAfter: events[0]._id }));
    assert.deepEqual(
      (await nextEvents(resumed, 1)).map((e) => e.documentKey._id),
      ['b'],
    );
  });

  it('starts at an operation time, including the event at that time and nothing before', async function () {
    const coll = fresh();
    await coll.insertOne({ _id: 'before' } as never);
    const session = client.startSession();
    try {
      await coll.insertOne({ _id: 'at' } as never, { session });
      const at = session.operationTime;
      assert.ok(at, 'the session learned the operation time of its write');
      await coll.insertOne({ _id: 'after' } as never);
      const stream = track(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, startAtOperationTime: at }));
      const events = await nextEvents(stream, 2);
      assert.deepEqual(
        events.map((e) => e.documentKey._id),
        ['at', 'after'],
      );
    } finally {
      await session.endSession();
    }
  });

  it('does not replay writes made before a stream without a start point was opened', async function () {
    const coll = fresh();
    await coll.insertMany([{ _id: 'old1' }, { _id: 'old2' }] as never[]);
    const stream = track(await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 })));
    await coll.insertOne({ _id: 'new' } as never);
    const [event] = await nextEvents(stream, 1);
    assert.equal(event.documentKey._id, 'new');
  });

  it('refuses resumeAfter with an invalidate token (260, no error label) and accepts startAfter with it', async function () {
    const coll = fresh();
    await coll.insertOne({ _id: 1 } as never);
    const first = track(await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 })));
    await coll.drop();
    const [, invalidate] = await nextEvents(first, 2);
    assert.equal(invalidate.operationType, 'invalidate');

    const refused = track(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, resumeAfter: invalidate._id }));
    const error = await refused.tryNext().catch((e) => e);
    assert.ok(error instanceof MongoServerError, `expected a server error, got ${error}`);
    assert.equal(error.code, 260);
    assert.match(error.message, /resumeAfter/);
    assert.equal(error.hasErrorLabel('ResumableChangeStreamError'), false);

    const after = track(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, startAfter: invalidate._id }));
    await after.tryNext();
    await coll.insertOne({ _id: 'reborn' } as never);
    const [event] = await nextEvents(after, 1);
    assert.equal(event.operationType, 'insert');
    assert.equal(event.documentKey._id, 'reborn');
  });

  it('refuses a resume token that is not a token with a server error', async function () {
    const coll = fresh();
    await coll.insertOne({ _id: 1 } as never);
    const stream = track(coll.watch<Document, Document>([], { resumeAfter: { _data: 'not-hex-at-all' } }));
    const error = await stream.tryNext().catch((e) => e);
    assert.ok(error instanceof MongoServerError, `expected a server error, got ${error}`);
    assert.equal(error.hasErrorLabel('ResumableChangeStreamError'), false);
  });

  it('uses hex tokens starting with 82 whose timestamp is the event cluster time', async function () {
    const coll = fresh();
    const stream = track(await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 })));
    await coll.insertMany([{ _id: 1 }, { _id: 2 }] as never[]);
    const events = await nextEvents(stream, 2);
    for (const event of events) {
      assert.match(event._id._data, /^82[0-9A-F]+$/i);
      assert.ok(tokenTime(event._id).equals(event.clusterTime), 'the token begins with the event cluster time');
    }
    assert.ok(events[1]._id._data > events[0]._id._data, 'later events sort after earlier ones');
    const now = Math.floor(Date.now() / 1000);
    assert.ok(Math.abs(tokenTime(events[0]._id).t - now) < 300, 'token seconds are wall-clock seconds');
  });

  it('sends postBatchResumeToken on every change-stream batch, including empty ones', async function () {
    const coll = fresh();
    const from = replies.length;
    const stream = track(await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 50 })));
    await eventsWithin(stream, 200);
    const batches = replies.slice(from).filter((r) => r.commandName === 'aggregate' || r.commandName === 'getMore');
    assert.ok(batches.length >= 2, 'an aggregate and at least one getMore');
    for (const batch of batches) {
      const token = (batch.reply as Document).cursor?.postBatchResumeToken;
      assert.ok(token?._data, `${batch.commandName} reply lacks cursor.postBatchResumeToken`);
      tokenTime(token);
    }
  });

  it('advances postBatchResumeToken past events the pipeline filters out', async function () {
    const coll = fresh();
    const filtered = track(
      await opened(coll.watch<Document, Document>([{ $match: { operationType: 'delete' } }], { maxAwaitTimeMS: 50 })),
    );
    const opening = filtered.resumeToken;
    await coll.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }] as never[]);
    const deadline = Date.now() + 3000;
    let passed = false;
    while (!passed && Date.now() < deadline) {
      assert.equal(await filtered.tryNext(), null, 'inserts are filtered out');
      passed = filtered.resumeToken !== opening && tokenTime(filtered.resumeToken).greaterThan(tokenTime(opening));
    }
    assert.ok(passed, 'the cached token moved forward although no event was delivered');
    // The advanced token is past the inserts: resuming there without a filter skips them.
    const later = filtered.resumeToken;
    await coll.insertOne({ _id: 'later' } as never);
    const resumed = track(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, resumeAfter: later }));
    const [event] = await nextEvents(resumed, 1);
    assert.equal(event.documentKey._id, 'later');
  });

  it('honours the stream batchSize on getMore', async function () {
    const coll = fresh();
    const stream = track(await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, batchSize: 2 })));
    const from = replies.length;
    await coll.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }, { _id: 4 }, { _id: 5 }] as never[]);
    assert.deepEqual(
      (await nextEvents(stream, 5)).map((e) => e.documentKey._id),
      [1, 2, 3, 4, 5],
    );
    const sizes = replies
      .slice(from)
      .filter((r) => r.commandName === 'getMore')
      .map((r) => (r.reply as Document).cursor.nextBatch.length);
    assert.ok(
      sizes.every((n) => n <= 2),
      `batches larger than 2: ${sizes}`,
    );
  });

  it('resumes a database stream and a cluster stream with resumeAfter', async function () {
    const coll = fresh();
    const dbStream = track(await opened(db.watch<Document, Document>([], { maxAwaitTimeMS: 100 })));
    await coll.insertMany([{ _id: 1 }, { _id: 2 }] as never[]);
    const [first] = await nextEvents(dbStream, 2);
    const resumedDb = track(db.watch<Document, Document>([], { maxAwaitTimeMS: 100, resumeAfter: first._id }));
    assert.equal((await nextEvents(resumedDb, 1))[0].documentKey._id, 2);
    const resumedCluster = track(
      client.watch<Document, Document>([{ $match: { 'ns.db': db.databaseName } }], {
        maxAwaitTimeMS: 100,
        resumeAfter: first._id,
      }),
    );
    assert.equal((await nextEvents(resumedCluster, 1))[0].documentKey._id, 2);
  });
});
