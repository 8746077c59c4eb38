// The event log keeps the server's own BSON of each event (read from the driver's cursor buffer,
// src/core/watch/eventBytes.ts), not a re-serialization of the decoded document: checked byte for
// byte against the same events read raw by an aggregate, and the text the log shows from those
// bytes must equal the text of the document the driver decoded, for every BSON type a user stores.
import { strict as assert } from 'node:assert';
import {
  Binary,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  BSONRegExp,
  Timestamp,
  type Db,
  type Document,
  type MongoClient,
} from 'mongodb';
import { EJSON, deserialize } from 'bson';
import { getTarget, type Target } from '../../helpers/target';
import { eventBytes } from '../../../src/core/watch/eventBytes';
import { SessionProbe } from './sessionProbe';

describe('Event bytes from the driver', function () {
  this.timeout(30_000);
  let target: Target;
  let client: MongoClient;
  let writer: MongoClient;
  let db: Db;
  const probes: SessionProbe[] = [];

  before(async function () {
    target = await getTarget();
    client = await target.client({ appName: 'csi-bytes-watcher' });
    writer = await target.client({ appName: 'csi-bytes-writer' });
    db = writer.db(target.dbName());
  });
  afterEach(async function () {
    await Promise.all(probes.splice(0).map((p) => p.session.dispose()));
  });
  after(async function () {
    await target?.stop();
  });

  /** Documents holding each BSON type, including the ones a decode-and-serialize changes. */
  const docs = (): Document[] => [
    {
      _id: 1,
      d: 5.0,
      wholeDouble: new Double(7),
      negZero: -0,
      i: new Int32(3),
      big: Long.fromString('9007199254740993'),
    },
    { _id: 2, l: Long.fromNumber(5), re: new BSONRegExp('^a.c$', 'imsx'), dec: Decimal128.fromString('1.50') },
    {
      _id: 3,
      oid: new ObjectId('64b7f0c2a1b2c3d4e5f60718'),
      at: new Date(1_700_000_000_123),
      ts: new Timestamp({ t: 5, i: 6 }),
    },
    {
      _id: 4,
      bin: new Binary(Buffer.from('héllo'), 0),
      uuid: new Binary(Buffer.alloc(16, 7), 4),
      min: new MinKey(),
      max: new MaxKey(),
    },
    { _id: 5, s: 'ünïcødé 🎉 "quoted" <b>', nested: { a: [1, 'two', { three: null }], e: {} }, empty: [] },
  ];

  it("logs the server's bytes of each event, and shows from them what the driver decoded", async function () {
    const coll = `bytes${Date.now()}`;
    await db.createCollection(coll, { changeStreamPreAndPostImages: { enabled: true } });
    const start = ((await db.command({ ping: 1 })) as { operationTime: Timestamp }).operationTime;
    const p = new SessionProbe(
      client,
      { connectionId: 'c1', connectionName: 'Test', scope: 'collection', db: db.databaseName, coll },
      { fullDocument: 'whenAvailable', fullDocumentBeforeChange: 'whenAvailable' },
    );
    probes.push(p);
    await p.session.start({ kind: 'atTime', seconds: start.t, increment: start.i });
    const c = db.collection(coll);
    await c.insertMany(docs() as never[]);
    await c.updateMany({}, { $set: { touched: Long.fromNumber(1) }, $inc: { n: 1 } });
    await p.waitForEvents(10);

    // The same events as the server sends them, through an aggregate that leaves them undecoded.
    const server = await firstBatch(start, coll);
    assert.ok(server.length >= 10, `the raw aggregate returned ${server.length} events`);

    for (let i = 0; i < 10; i++) {
      const e = p.events[i];
      const stored = p.log.bsonAt(e.seq);
      assert.ok(stored, `event ${e.seq} has stored bytes`);
      const bytes = Buffer.from(stored.buf.subarray(stored.start, stored.end));
      assert.ok(bytes.equals(Buffer.from(server[i])), `event ${e.seq} (${e.summary.op}) holds the server's bytes`);
      // What the list and details showed while the decoded document was at hand, and what they
      // show once the log decodes its bytes again, are the same text.
      const fresh = p.log.get(e.seq)!;
      assert.equal(fresh.ejson, e.ejson, `event ${e.seq}: text from the bytes equals text from the driver's document`);
      assert.deepEqual(fresh.summary, e.summary);
    }
    // The types a decode-and-serialize loses are kept: an int64 stays int64, a whole double a double.
    const insert1 = deserialize(bytesOf(p, 0), { promoteValues: false }) as { fullDocument: Document };
    assert.ok(insert1.fullDocument.wholeDouble instanceof Double);
    assert.ok(insert1.fullDocument.big instanceof Long);
    const insert2 = EJSON.parse(p.events[1].ejson, { relaxed: false }) as { fullDocument: { l: unknown } };
    assert.ok(insert2.fullDocument.l instanceof Long, 'an int64 that fits a double is still shown as an int64');
  });

  it('gives no bytes for a stream that has none buffered, or a document that is not the one just read', async function () {
    assert.equal(eventBytes(undefined, { _id: { _data: '82' } }), undefined);
    assert.equal(eventBytes({ cursor: {} }, { _id: { _data: '82' } }), undefined);
    const coll = `bytesMismatch${Date.now()}`;
    await db.createCollection(coll);
    const stream = client.db(db.databaseName).collection(coll).watch([], { maxAwaitTimeMS: 100 });
    try {
      const first = stream.tryNext();
      await db.collection(coll).insertMany([{ _id: 1 }, { _id: 2 }] as never[]);
      let doc = await first;
      for (let i = 0; !doc && i < 50; i++) doc = await stream.tryNext();
      assert.ok(doc, 'an event arrived');
      assert.ok(eventBytes(stream, doc), 'the event just read has its bytes');
      const other = { ...doc, _id: { _data: `${(doc._id as { _data: string })._data.slice(0, -2)}00` } };
      assert.equal(eventBytes(stream, other), undefined, 'another token is refused');
    } finally {
      await stream.close();
    }
  });

  function bytesOf(p: SessionProbe, i: number): Buffer {
    const s = p.log.bsonAt(p.events[i].seq)!;
    return Buffer.from(s.buf.subarray(s.start, s.end));
  }

  async function firstBatch(start: Timestamp, coll: string): Promise<Buffer[]> {
    const cursor = writer
      .db(db.databaseName)
      .collection(coll)
      .aggregate(
        [
          {
            $changeStream: {
              startAtOperationTime: start,
              fullDocument: 'whenAvailable',
              fullDocumentBeforeChange: 'whenAvailable',
            },
          },
        ],
        { raw: true, batchSize: 100, maxAwaitTimeMS: 100 },
      );
    const out: Buffer[] = [];
    try {
      for (let i = 0; i < 20 && out.length < 10; i++) {
        const d = (await cursor.tryNext()) as Buffer | null;
        if (d) out.push(Buffer.from(d));
      }
    } finally {
      await cursor.close();
    }
    return out;
  }
});
