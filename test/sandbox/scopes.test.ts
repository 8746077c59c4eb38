// Conformance: collection, database and deployment scope of change streams.
import { strict as assert } from 'node:assert';
import { type MongoClient, type CommandStartedEvent, type Db, type Document } from 'mongodb';
import { openTargetDb, type Target } from '../helpers/target';
import { eventsWithin, nextEvents, opened, type Stream } from '../helpers/stream';

describe('sandbox conformance: stream scopes', function () {
  let target: Target;
  let client: MongoClient;
  let db: Db;
  let other: Db;
  const streams: Stream[] = [];
  const started: CommandStartedEvent[] = [];

  before(async function () {
    ({ target, client, db } = await openTargetDb({ monitorCommands: true }));
    client.on('commandStarted', (e) => started.push(e));
    other = client.db(target.dbName());
  });
  afterEach(async function () {
    await Promise.all(streams.splice(0).map((s) => s.close()));
  });
  after(async function () {
    await target?.stop();
  });
  async function open(stream: Stream): Promise<Stream> {
    streams.push(stream);
    return opened(stream);
  }

  it('a collection stream sees only its own collection', async function () {
    const stream = await open(db.collection('mine').watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    await db.collection('theirs').insertOne({ _id: 'x' } as never);
    await other.collection('mine').insertOne({ _id: 'y' } as never);
    await db.collection('mine').insertOne({ _id: 'z' } as never);
    const [event] = await nextEvents(stream, 1);
    assert.equal(event.documentKey._id, 'z');
    assert.deepEqual(await eventsWithin(stream, 200), []);
  });

  it('a database stream sees every collection of its database and nothing of another', async function () {
    const stream = await open(db.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    await db.collection('a').insertOne({ _id: 1 } as never);
    await other.collection('a').insertOne({ _id: 2 } as never);
    await db.collection('b').insertOne({ _id: 3 } as never);
    const events = await nextEvents(stream, 2);
    assert.deepEqual(
      events.map((e) => `${e.ns.coll}:${e.documentKey._id}`),
      ['a:1', 'b:3'],
    );
    assert.deepEqual(await eventsWithin(stream, 200), []);
    const aggregate = started.filter((e) => e.commandName === 'aggregate').pop();
    assert.equal(aggregate?.command.aggregate, 1, 'db.watch() aggregates on 1');
  });

  it('a deployment stream sees every database', async function () {
    const stream = await open(
      client.watch<Document, Document>([{ $match: { 'ns.db': { $in: [db.databaseName, other.databaseName] } } }], {
        maxAwaitTimeMS: 100,
      }),
    );
    await db.collection('c').insertOne({ _id: 1 } as never);
    await other.collection('c').insertOne({ _id: 2 } as never);
    const events = await nextEvents(stream, 2);
    assert.deepEqual(
      events.map((e) => e.ns.db),
      [db.databaseName, other.databaseName],
    );
  });

  it('a deployment stream does not report writes to internal databases', async function () {
    const stream = await open(client.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    await db.collection('d').insertOne({ _id: 'mark' } as never);
    const events = await nextEvents(stream, 1, 8000).catch(() => []);
    const internal = [...events, ...(await eventsWithin(stream, 200))].filter((e) =>
      ['admin', 'local', 'config'].includes(e.ns?.db),
    );
    assert.deepEqual(internal, []);
  });

  it('several streams on the same collection each receive every event', async function () {
    const coll = db.collection('shared');
    const one = await open(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    const two = await open(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    await coll.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }] as never[]);
    const [a, b] = await Promise.all([nextEvents(one, 3), nextEvents(two, 3)]);
    assert.deepEqual(
      a.map((e) => e._id),
      b.map((e) => e._id),
    );
  });

  it('delivers an event to a waiting getMore promptly, not only at maxAwaitTimeMS', async function () {
    const coll = db.collection('prompt');
    const session = client.startSession();
    await coll.insertOne({ _id: 'marker' } as never, { session });
    const since = session.operationTime;
    await session.endSession();
    // startAtOperationTime makes the opening race-free without a first (5 s) empty await.
    const stream = coll.watch<Document, Document>([{ $match: { 'documentKey._id': 'now' } }], {
      maxAwaitTimeMS: 5000,
      startAtOperationTime: since,
    });
    streams.push(stream);
    const waiting = stream.next();
    await new Promise((r) => setTimeout(r, 300));
    const wrote = Date.now();
    await coll.insertOne({ _id: 'now' } as never);
    const event = await waiting;
    assert.equal(event.documentKey._id, 'now');
    assert.ok(Date.now() - wrote < 2000, `event took ${Date.now() - wrote} ms with a 5 s await window`);
  });
});
