// The sandbox's in-process restart behaves as mongod restarting on durable storage: the port
// refuses connections while down, the same port answers again, data and oplog survive (old resume
// tokens resume), cursors and transactions in progress do not.
import { strict as assert } from 'node:assert';
import { connect } from 'node:net';
import { MongoClient, MongoServerError, type Document } from 'mongodb';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import { nextEvents, opened } from '../helpers/stream';

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

describe('sandbox conformance: restart keeps data and oplog', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let client: MongoClient;

  beforeEach(async function () {
    sandbox = await startSandbox();
    client = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
  });
  afterEach(async function () {
    await client.close();
    await sandbox.stop();
  });

  it('refuses connections while down, then listens on the same port with the same documents', async function () {
    const coll = client.db('r').collection<Document>('c');
    await coll.insertMany([{ _id: 1 }, { _id: 2 }] as never[]);
    const port = sandbox.port;
    const restarting = sandbox.restart({ downMs: 600 });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await refused(port), true, 'the port must refuse connections while the sandbox is down');
    await restarting;
    assert.equal(sandbox.port, port);
    assert.equal(await refused(port), false, 'the same port must accept connections again');
    assert.deepEqual(await coll.find().sort({ _id: 1 }).toArray(), [{ _id: 1 }, { _id: 2 }]);
  });

  it('keeps the oplog: a token taken before the restart resumes after it with no gap', async function () {
    const coll = client.db('r').collection<Document>('t');
    const stream = await opened(coll.watch());
    await coll.insertOne({ _id: 'before' } as never);
    const [first] = await nextEvents(stream, 1);
    await stream.close();
    await coll.insertOne({ _id: 'between' } as never);
    await sandbox.restart({ downMs: 300 });
    await coll.insertOne({ _id: 'after' } as never);
    const resumed = coll.watch([], { resumeAfter: first!._id });
    const events = await nextEvents(resumed, 2);
    await resumed.close();
    assert.deepEqual(
      events.map((e) => e.documentKey._id),
      ['between', 'after'],
    );
  });

  it('kills open cursors: a getMore on a cursor opened before the restart fails with CursorNotFound', async function () {
    const coll = client.db('r').collection<Document>('k');
    await coll.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: i })) as never[]);
    const db = client.db('r');
    const reply = await db.command({ find: 'k', batchSize: 2 });
    const id = reply.cursor.id;
    assert.notEqual(String(id), '0');
    await sandbox.restart({ downMs: 100 });
    const err = await db.command({ getMore: id, collection: 'k' }).catch((e) => e);
    assert.ok(err instanceof MongoServerError, String(err));
    assert.equal(err.code, 43);
  });

  it('aborts a transaction in progress: its writes never appear and commit fails', async function () {
    const coll = client.db('r').collection<Document>('x');
    await coll.insertOne({ _id: 0 } as never);
    const session = client.startSession();
    session.startTransaction();
    await coll.insertOne({ _id: 'txn' } as never, { session });
    await sandbox.restart({ downMs: 100 });
    const err = await session.commitTransaction().catch((e) => e);
    await session.endSession().catch(() => undefined);
    assert.ok(err instanceof Error, 'commit after a restart must fail');
    assert.deepEqual(await coll.find().toArray(), [{ _id: 0 }]);
  });

  it('a driver change stream open across the restart resumes by itself with every event once', async function () {
    const coll = client.db('r').collection<Document>('s');
    const stream = await opened(coll.watch());
    await coll.insertOne({ _id: 1 } as never);
    await sandbox.restart({ downMs: 300 });
    await coll.insertOne({ _id: 2 } as never);
    const events = await nextEvents(stream, 2, 15_000);
    await stream.close();
    assert.deepEqual(
      events.map((e) => e.documentKey._id),
      [1, 2],
    );
  });

  it('cannot restart a stopped sandbox, and stop during the down time leaves the port closed', async function () {
    const port = sandbox.port;
    const restarting = sandbox.restart({ downMs: 400 });
    await sandbox.stop();
    await restarting;
    assert.equal(await refused(port), true);
    await assert.rejects(sandbox.restart(), /stopped/);
  });
});
