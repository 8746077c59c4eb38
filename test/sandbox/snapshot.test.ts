// The sandbox's snapshot (its durable storage across extension reloads): a restored server has the
// same documents with every BSON type intact, the same indexes and collection options, the same
// oplog (a token from before resumes with no gap and no duplicate, images and transactions
// included), a clock that never goes back, and a damaged file is refused with a clear reason.
import { strict as assert } from 'node:assert';
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  MongoClient,
  ObjectId,
  Timestamp,
  UUID,
  type ChangeStreamDocument,
  type Document,
} from 'mongodb';
import { decodeSnapshot, SnapshotError, SNAPSHOT_VERSION, startSandbox, type Sandbox } from '../../src/sandbox/index';
import { nextEvents, opened } from '../helpers/stream';

/** Documents with any _id (the tests use strings and numbers). */
type AnyDoc = { _id: unknown; [key: string]: unknown };

/** One field of every BSON type the driver can send, with values that would show a lost type. */
function everyType(): AnyDoc {
  return {
    _id: new ObjectId(),
    double: new Double(5),
    negZero: new Double(-0),
    string: 'héllo',
    object: { nested: { deep: new Int32(1) } },
    array: [new Int32(1), 'two', new Double(3), [new Long(4)]],
    binary: new Binary(Buffer.from([0, 1, 2, 255]), 0x80),
    uuid: new UUID('7f3a3b1e-4c55-4f7e-9a0d-2b1c3d4e5f60'),
    objectId: new ObjectId('65a1b2c3d4e5f60718293a4b'),
    boolean: false,
    date: new Date('2026-12-02T01:02:03.456Z'),
    null: null,
    regex: new BSONRegExp('^a.*b$', 'im'),
    dbRef: new DBRef('other', new ObjectId('65a1b2c3d4e5f60718293a4c'), 'db2'),
    code: new Code('function () { return 1; }'),
    symbol: new BSONSymbol('sym'),
    codeWithScope: new Code('function () { return x; }', { x: new Int32(2) }),
    int32: new Int32(-7),
    timestamp: new Timestamp({ t: 1700000000, i: 3 }),
    long: Long.fromString('9223372036854775807'),
    decimal: Decimal128.fromString('1234567890.123456789012345678901234'),
    minKey: new MinKey(),
    maxKey: new MaxKey(),
  };
}

describe('sandbox snapshot: data and oplog survive a restart from a file', function () {
  this.timeout(30_000);
  const running: Sandbox[] = [];
  const clients: MongoClient[] = [];

  async function start(snapshot?: Buffer): Promise<{ sandbox: Sandbox; client: MongoClient }> {
    const sandbox = await startSandbox(snapshot ? { snapshot: decodeSnapshot(snapshot) } : {});
    running.push(sandbox);
    const client = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 5000, promoteValues: false });
    clients.push(client);
    await client.connect();
    return { sandbox, client };
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    for (const s of running.splice(0)) await s.stop();
  });

  it('round-trips a document holding every BSON type, each value with its type', async () => {
    const { sandbox, client } = await start();
    const doc = everyType();
    await client.db('snap').collection<AnyDoc>('types').insertOne(doc);
    // A document the server rewrote (an update), so both stored forms (wire bytes and objects) are saved.
    await client
      .db('snap')
      .collection<AnyDoc>('types')
      .insertOne({ _id: 'updated', n: new Int32(1) });
    await client
      .db('snap')
      .collection<AnyDoc>('types')
      .updateOne({ _id: 'updated' as never }, {
        $set: { d: new Decimal128('0.1'), l: new Long(5) },
        $inc: { n: new Int32(2) },
      } as never);
    const bytes = sandbox.snapshot();
    await sandbox.stop();

    const restored = await start(bytes);
    const got = await restored.client.db('snap').collection<AnyDoc>('types').find({}).sort({ _id: 1 }).toArray();
    const original = await (async () => {
      // What a live server returns for the same writes, to compare type by type.
      const live = await start();
      await live.client.db('snap').collection<AnyDoc>('types').insertOne(doc);
      return live.client
        .db('snap')
        .collection<AnyDoc>('types')
        .findOne({ _id: doc._id } as never);
    })();
    const first = got.find((d) => (d._id as object) instanceof ObjectId)!;
    for (const key of Object.keys(doc)) {
      const a = (original as Document)[key] as unknown;
      const b = first[key] as unknown;
      assert.equal(
        (b as { _bsontype?: string } | null)?._bsontype,
        (a as { _bsontype?: string } | null)?._bsontype,
        `${key}: BSON type changed`,
      );
      assert.deepEqual(b, a, `${key}: value changed`);
    }
    assert.ok(Object.is((first.negZero as Double).value, -0), 'negative zero must stay -0');
    const updated = got.find((d) => d._id === 'updated')!;
    assert.deepEqual(updated.n, new Int32(3));
    assert.equal((updated.d as Decimal128).toString(), '0.1');
    assert.equal((updated.l as Long)._bsontype, 'Long');
  });

  it('keeps indexes (a unique index still refuses a duplicate), collection options and the collection uuid', async () => {
    const { sandbox, client } = await start();
    const db = client.db('snap');
    await db.createCollection('orders', { changeStreamPreAndPostImages: { enabled: true } });
    await db.collection('orders').createIndex({ email: 1 }, { unique: true, name: 'email_1' });
    await db.collection('orders').insertOne({ _id: 1, email: 'a@example.com' } as never);
    const before = await db.listCollections({ name: 'orders' }).toArray();
    const bytes = sandbox.snapshot();
    await sandbox.stop();

    const restored = (await start(bytes)).client.db('snap');
    const after = await restored.listCollections({ name: 'orders' }).toArray();
    assert.deepEqual(after, before);
    const names = (await restored.collection('orders').indexes()).map((i) => i.name);
    assert.deepEqual(names, ['_id_', 'email_1']);
    await assert.rejects(
      restored.collection('orders').insertOne({ _id: 2, email: 'a@example.com' } as never),
      (err: { code?: unknown }) => Number(err.code) === 11000,
    );
  });

  it('keeps the oplog: a token from before resumes after the restore with no gap and no duplicate, images included', async () => {
    const { sandbox, client } = await start();
    const coll = client.db('snap').collection<AnyDoc>('events');
    await client.db('snap').createCollection('events', { changeStreamPreAndPostImages: { enabled: true } });
    const stream = await opened(coll.watch([], { fullDocumentBeforeChange: 'required', fullDocument: 'required' }));
    await coll.insertOne({ _id: 'a', v: new Int32(1) });
    const [seen] = await nextEvents(stream, 1);
    await stream.close();
    await coll.updateOne({ _id: 'a' } as never, { $set: { v: new Int32(2) } });
    await coll.insertOne({ _id: 'b' });
    // A transaction: two events sharing one cluster time, told apart in tokens by txnOpIndex.
    const session = client.startSession();
    await session.withTransaction(async () => {
      await coll.insertOne({ _id: 't1' }, { session });
      await coll.insertOne({ _id: 't2' }, { session });
    });
    await session.endSession();
    const port = sandbox.port;
    const bytes = sandbox.snapshot();
    await sandbox.stop();

    const restored = await start(bytes);
    assert.equal(decodeSnapshot(bytes).port, port, 'the snapshot names the port to listen on again');
    const rcoll = restored.client.db('snap').collection<AnyDoc>('events');
    await rcoll.insertOne({ _id: 'after' });
    const resumed = rcoll.watch([], {
      resumeAfter: seen!._id,
      fullDocumentBeforeChange: 'required',
      fullDocument: 'required',
    });
    const events = (await nextEvents(resumed, 5)) as ChangeStreamDocument<Document>[];
    await resumed.close();
    const ids = events.map((e) => ('documentKey' in e ? (e.documentKey as Document)._id : e.operationType));
    assert.deepEqual(ids, ['a', 'b', 't1', 't2', 'after']);
    const update = events[0] as ChangeStreamDocument<Document> & { fullDocumentBeforeChange?: Document };
    assert.equal(update.operationType, 'update');
    assert.deepEqual(update.fullDocumentBeforeChange, { _id: 'a', v: new Int32(1) });
    assert.deepEqual((update as { fullDocument?: Document }).fullDocument, { _id: 'a', v: new Int32(2) });
    const t1 = events[2] as { lsid?: unknown; txnNumber?: unknown };
    assert.ok(t1.lsid && t1.txnNumber, 'transaction events keep lsid and txnNumber');
    // Resuming from the first transaction event gives the second, not the first again.
    const fromT1 = rcoll.watch([], { resumeAfter: events[2]!._id });
    const [next] = (await nextEvents(fromT1, 1)) as ChangeStreamDocument<Document>[];
    await fromT1.close();
    assert.equal((next as { documentKey: Document }).documentKey._id, 't2');
  });

  it('continues the cluster clock after the snapshot: a new write sorts after every event before it', async () => {
    const { sandbox, client } = await start();
    const coll = client.db('snap').collection<AnyDoc>('clock');
    await coll.insertOne({ _id: 1 });
    const before = (await client.db('admin').command({ ping: 1 })).operationTime as Timestamp;
    const bytes = sandbox.snapshot();
    await sandbox.stop();
    const restored = await start(bytes);
    const reply = await restored.client.db('snap').command({ insert: 'clock', documents: [{ _id: 2 }] });
    assert.ok((reply.operationTime as Timestamp).gt(before), 'the restored clock went back');
  });

  describe('a damaged or foreign file is refused with a reason, never loaded halfway', () => {
    let good: Buffer;
    before(async () => {
      const sandbox = await startSandbox();
      const client = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 5000 });
      await client
        .db('snap')
        .collection('c')
        .insertMany([{ _id: 1 }, { _id: 2 }] as never[]);
      await client.close();
      good = sandbox.snapshot();
      await sandbox.stop();
    });

    const refused = (bytes: Buffer, reason: RegExp): void => {
      assert.throws(
        () => decodeSnapshot(bytes),
        (err: unknown) => err instanceof SnapshotError && reason.test(err.message),
      );
    };

    it('reads the good file (the cases below differ from it by one fault)', () => {
      const data = decodeSnapshot(good);
      assert.equal(data.version, SNAPSHOT_VERSION);
      assert.deepEqual(
        data.collections.map((c) => [c.db, c.name, c.docs.length]),
        [['snap', 'c', 2]],
      );
    });
    it('refuses a file cut short', () => refused(good.subarray(0, good.length - 10), /checksum|cut short/));
    it('refuses an empty file', () => refused(Buffer.alloc(0), /too short/));
    it('refuses a file with one byte changed', () => {
      const bad = Buffer.from(good);
      bad[Math.floor(bad.length / 2)] ^= 0xff;
      refused(bad, /checksum/);
    });
    it('refuses a file that is not a snapshot (text)', () => refused(Buffer.from('x'.repeat(200)), /checksum|not/));
    it('refuses a snapshot of a newer format version, naming both versions', async () => {
      const { BSON } = await import('bson');
      const { createHash } = await import('node:crypto');
      // Rewrite the header with version 99 and re-seal it, so only the version is wrong.
      const headerLen = good.readInt32LE(0);
      const header = BSON.deserialize(good.subarray(0, headerLen));
      const body = Buffer.concat([
        Buffer.from(BSON.serialize({ ...header, version: 99 })),
        good.subarray(headerLen, good.length - trailerSize(good)),
      ]);
      const sealed = Buffer.concat([
        body,
        Buffer.from(BSON.serialize({ end: true, sha256: createHash('sha256').update(body).digest('hex') })),
      ]);
      refused(sealed, new RegExp(`version 99.*reads ${SNAPSHOT_VERSION}`));
    });
  });
});

function trailerSize(bytes: Buffer): number {
  // The trailer is the last BSON document; its length is fixed (see snapshot.ts).
  for (let at = bytes.length - 5; at >= 0; at--)
    if (bytes.readInt32LE(at) === bytes.length - at) return bytes.length - at;
  throw new Error('no trailer');
}
