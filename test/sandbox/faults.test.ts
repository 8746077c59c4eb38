// Conformance: mongod's failCommand failpoint, and the driver's automatic change-stream resume across
// injected faults with no lost and no duplicated event.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { type MongoClient, MongoServerError, type CommandStartedEvent, type Db, type Document } from 'mongodb';
import { failCommand as configure, failCommandOff, type FailCommandData, type FailMode } from '../helpers/failpoint';
import { getTarget, type Target } from '../helpers/target';
import { nextEvents, opened, type Stream } from '../helpers/stream';

describe('sandbox conformance: failpoints and automatic resume', function () {
  let target: Target;
  let client: MongoClient;
  let db: Db;
  let stream: Stream | undefined;
  // On a shared real deployment the failpoint must hit only this client.
  const appName = `csi-faults-${randomBytes(3).toString('hex')}`;
  const started: CommandStartedEvent[] = [];
  let seq = 0;

  before(async function () {
    target = await getTarget();
    client = await target.client({ appName, monitorCommands: true, retryReads: false });
    client.on('commandStarted', (e) => started.push(e));
    db = client.db(target.dbName());
  });
  afterEach(async function () {
    await failCommandOff(client);
    await stream?.close();
    stream = undefined;
  });
  after(async function () {
    await target?.stop();
  });

  function failCommand(mode: FailMode, data: FailCommandData): Promise<Document> {
    return configure(client, mode, { ...data, appName });
  }
  const ids = (events: Document[]) => events.map((e) => e.documentKey._id);
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  const aggregatesSince = (mark: number) => started.slice(mark).filter((e) => e.commandName === 'aggregate').length;

  it('fails the named command the given number of times, then lets it through', async function () {
    const coll = db.collection(`f${++seq}`);
    await coll.insertOne({ _id: 1 } as never);
    await failCommand({ times: 2 }, { failCommands: ['find'], errorCode: 2 });
    for (let i = 0; i < 2; i++) {
      const error = await coll.findOne({}).catch((e) => e);
      assert.ok(error instanceof MongoServerError, `attempt ${i + 1} must fail`);
      assert.equal(error.code, 2);
    }
    assert.deepEqual(await coll.findOne({}), { _id: 1 });
    assert.equal(await coll.countDocuments(), 1, 'other commands are never affected');
  });

  it('fails always in alwaysOn mode until switched off, with the configured error labels', async function () {
    const coll = db.collection(`f${++seq}`);
    await failCommand('alwaysOn', { failCommands: ['find'], errorCode: 6, errorLabels: ['SomeLabel'] });
    for (let i = 0; i < 3; i++) {
      const error = await coll.findOne({}).catch((e) => e);
      assert.equal(error?.code, 6);
      assert.ok(error.hasErrorLabel('SomeLabel'));
    }
    await failCommandOff(client);
    assert.equal(await coll.findOne({}), null);
  });

  it('closes the connection for closeConnection, and the client recovers on the next command', async function () {
    const coll = db.collection(`f${++seq}`);
    await coll.insertOne({ _id: 1 } as never);
    await failCommand({ times: 1 }, { failCommands: ['find'], closeConnection: true });
    const error = await coll.findOne({}).catch((e) => e);
    assert.ok(error instanceof Error && error.name === 'MongoNetworkError', `expected a network error, got ${error}`);
    assert.deepEqual(await coll.findOne({}), { _id: 1 });
  });

  it('delays the command for blockConnection by blockTimeMS', async function () {
    const coll = db.collection(`f${++seq}`);
    await failCommand({ times: 1 }, { failCommands: ['find'], blockConnection: true, blockTimeMS: 400 });
    const begun = Date.now();
    assert.equal(await coll.findOne({}), null);
    assert.ok(Date.now() - begun >= 380, `find returned after ${Date.now() - begun} ms`);
  });

  it('resumes automatically across a closed connection on getMore without losing or repeating events', async function () {
    const coll = db.collection(`f${++seq}`);
    stream = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, batchSize: 2 }));
    await coll.insertMany(range(0, 5).map((_id) => ({ _id })) as never[]);
    const head = await nextEvents(stream, 3);
    const mark = started.length;
    await failCommand({ times: 1 }, { failCommands: ['getMore'], closeConnection: true });
    await coll.insertMany(range(5, 10).map((_id) => ({ _id })) as never[]);
    const tail = await nextEvents(stream, 7);
    assert.deepEqual(ids([...head, ...tail]), range(0, 10));
    assert.ok(aggregatesSince(mark) >= 1, 'the driver re-ran the aggregate to resume');
    await coll.insertOne({ _id: 10 } as never);
    assert.deepEqual(ids(await nextEvents(stream, 1)), [10], 'the resumed stream keeps delivering');
  });

  it('resumes automatically on an error labelled ResumableChangeStreamError without losing or repeating events', async function () {
    const coll = db.collection(`f${++seq}`);
    stream = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    await coll.insertMany(range(0, 4).map((_id) => ({ _id })) as never[]);
    const head = await nextEvents(stream, 4);
    const mark = started.length;
    await failCommand(
      { times: 1 },
      { failCommands: ['getMore'], errorCode: 6, errorLabels: ['ResumableChangeStreamError'] },
    );
    await coll.insertMany(range(4, 9).map((_id) => ({ _id })) as never[]);
    const tail = await nextEvents(stream, 5);
    assert.deepEqual(ids([...head, ...tail]), range(0, 9));
    assert.ok(aggregatesSince(mark) >= 1, 'the driver re-ran the aggregate to resume');
  });

  it('resumes a stream opened with startAfter across a fault before its first event, without replaying', async function () {
    const coll = db.collection(`f${++seq}`);
    const probe = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    await coll.insertMany([{ _id: 0 }, { _id: 1 }] as never[]);
    const [zero] = await nextEvents(probe, 2);
    await probe.close();
    stream = coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, startAfter: zero._id });
    await failCommand({ times: 1 }, { failCommands: ['getMore'], closeConnection: true });
    await coll.insertMany([{ _id: 2 }, { _id: 3 }] as never[]);
    assert.deepEqual(ids(await nextEvents(stream, 3)), [1, 2, 3]);
  });

  it('resumes a database stream across a closed connection without losing or repeating events', async function () {
    stream = await opened(db.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    const a = db.collection(`f${++seq}`);
    const b = db.collection(`f${++seq}`);
    await a.insertOne({ _id: 1 } as never);
    const head = await nextEvents(stream, 1);
    await failCommand({ times: 1 }, { failCommands: ['getMore'], closeConnection: true });
    await b.insertOne({ _id: 2 } as never);
    await a.insertOne({ _id: 3 } as never);
    assert.deepEqual(ids([...head, ...(await nextEvents(stream, 2))]), [1, 2, 3]);
  });

  it('surfaces an unlabelled server error on getMore instead of resuming', async function () {
    const coll = db.collection(`f${++seq}`);
    stream = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    await failCommand({ times: 1 }, { failCommands: ['getMore'], errorCode: 6 });
    await coll.insertOne({ _id: 1 } as never);
    const error = await nextEvents(stream, 1, 3000).catch((e) => e);
    assert.ok(error instanceof MongoServerError, `expected the server error, got ${error}`);
    assert.equal(error.code, 6);
  });

  it('resumes repeatedly across several faults and still delivers every event exactly once, in order', async function () {
    this.timeout(30000);
    const coll = db.collection(`f${++seq}`);
    stream = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, batchSize: 3 }));
    const seen: Document[] = [];
    for (let round = 0; round < 4; round++) {
      await coll.insertMany(range(round * 6, round * 6 + 6).map((_id) => ({ _id })) as never[]);
      seen.push(...(await nextEvents(stream, 2)));
      await failCommand(
        { times: 1 },
        round % 2 === 0
          ? { failCommands: ['getMore'], closeConnection: true }
          : { failCommands: ['getMore'], errorCode: 91, errorLabels: ['ResumableChangeStreamError'] },
      );
      seen.push(...(await nextEvents(stream, 4)));
    }
    assert.deepEqual(ids(seen), range(0, 24));
  });
});
