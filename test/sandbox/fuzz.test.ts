// Robustness (sandbox only): random bytes, broken frames and random command documents over raw TCP
// must never crash the server or disturb another connection's driver client. Seeded, so a failure
// is reproducible with FUZZ_SEED=<seed>.
import { strict as assert } from 'node:assert';
import { connect, type Socket } from 'node:net';
import { BSON, Binary, Int32, Long, ObjectId, type Document } from 'bson';
import { type MongoClient } from 'mongodb';
import { describeSandboxOnly, getTarget, type Target } from '../helpers/target';
import { nextEvents, opened } from '../helpers/stream';

const OP_MSG = 2013;
const OP_QUERY = 2004;

/** mulberry32: a seeded PRNG in a few lines, so the fuzz test needs no dependency for reproducibility. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Frame {
  opCode: number;
  responseTo: number;
  body: Buffer;
}

/** One raw connection: writes bytes, collects reply frames, notices when the server closes it. */
class RawWire {
  private buffered = Buffer.alloc(0);
  readonly frames: Frame[] = [];
  closed = false;
  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => this.take(chunk));
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => {
      this.closed = true;
    });
  }
  static open(port: number): Promise<RawWire> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawWire(socket)));
      socket.once('error', reject);
    });
  }
  private take(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 16) {
      const length = this.buffered.readInt32LE(0);
      if (length < 16 || this.buffered.length < length) break;
      this.frames.push({
        opCode: this.buffered.readInt32LE(12),
        responseTo: this.buffered.readInt32LE(8),
        body: this.buffered.subarray(16, length),
      });
      this.buffered = this.buffered.subarray(length);
    }
  }
  write(bytes: Buffer): void {
    if (!this.closed) this.socket.write(bytes);
  }
  async reply(requestId: number, ms: number): Promise<Frame | undefined> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && !this.closed) {
      const frame = this.frames.find((f) => f.responseTo === requestId);
      if (frame) return frame;
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.frames.find((f) => f.responseTo === requestId);
  }
  destroy(): void {
    this.socket.destroy();
  }
}

function header(length: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opMsg(requestId: number, body: Uint8Array, flags = 0): Buffer {
  const payload = Buffer.concat([
    Buffer.from([flags & 0xff, (flags >> 8) & 0xff, (flags >> 16) & 0xff, (flags >> 24) & 0xff]),
    Buffer.from([0]),
    body,
  ]);
  return Buffer.concat([header(16 + payload.length, requestId, OP_MSG), payload]);
}

/** OP_MSG with a body section and one document-sequence section (kind 1), as the driver sends bulk writes. */
function opMsgWithSequence(
  requestId: number,
  body: Uint8Array,
  identifier: string,
  docs: Uint8Array[],
  lieBy = 0,
): Buffer {
  const id = Buffer.from(`${identifier}\0`);
  const size = Buffer.alloc(4);
  size.writeInt32LE(4 + id.length + docs.reduce((n, d) => n + d.length, 0) + lieBy, 0);
  const payload = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), body, Buffer.from([1]), size, id, ...docs]);
  return Buffer.concat([header(16 + payload.length, requestId, OP_MSG), payload]);
}

const COMMANDS = [
  'find',
  'insert',
  'update',
  'delete',
  'aggregate',
  'getMore',
  'killCursors',
  'count',
  'distinct',
  'create',
  'drop',
  'listCollections',
  'listIndexes',
  'createIndexes',
  'hello',
  'isMaster',
  'ping',
  'collMod',
  'findAndModify',
  'renameCollection',
  'endSessions',
  'buildInfo',
  'noSuchCommand',
  'listDatabases',
];

function randomValue(rand: () => number, depth: number): unknown {
  const pick = Math.floor(rand() * 14);
  switch (pick) {
    case 0:
      return Math.floor(rand() * 1000) - 500;
    case 1:
      return rand() * 1e6;
    case 2:
      return 'x'.repeat(Math.floor(rand() * 40));
    case 3:
      return rand() < 0.5;
    case 4:
      return null;
    case 5:
      return Long.fromNumber(Math.floor(rand() * 1e9));
    case 6:
      return new Int32(Math.floor(rand() * 100));
    case 7:
      return new ObjectId();
    case 8:
      return new Binary(Buffer.from([Math.floor(rand() * 256)]));
    case 9:
      return new Date(Math.floor(rand() * 2e12));
    case 10:
      return depth > 2 ? 1 : Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    case 11:
      return depth > 2 ? {} : randomDoc(rand, depth + 1);
    case 12:
      return ['$set', '$match', '$changeStream', '$group', '$inc', '$where'][Math.floor(rand() * 6)];
    default:
      return { $changeStream: {} };
  }
}

function randomDoc(rand: () => number, depth: number): Document {
  const doc: Document = {};
  const keys = [
    'filter',
    'documents',
    'updates',
    'deletes',
    'pipeline',
    'cursor',
    'q',
    'u',
    'a',
    '$x',
    'batchSize',
    'limit',
    'sort',
    'name',
    'key',
  ];
  for (let i = Math.floor(rand() * 5); i > 0; i--)
    doc[keys[Math.floor(rand() * keys.length)]] = randomValue(rand, depth);
  return doc;
}

function randomCommand(rand: () => number): Document {
  const name = COMMANDS[Math.floor(rand() * COMMANDS.length)];
  const command: Document = { [name]: rand() < 0.7 ? 'fuzzcoll' : randomValue(rand, 1), ...randomDoc(rand, 0) };
  if (rand() < 0.9) command.$db = rand() < 0.8 ? 'csi_fuzz' : 'admin';
  return command;
}

describeSandboxOnly('sandbox robustness: wire fuzzing (sandbox only)', function () {
  this.timeout(60000);
  const seed = Number(process.env.FUZZ_SEED ?? 20261122);
  let target: Target;
  let port: number;
  let client: MongoClient;

  before(async function () {
    target = await getTarget();
    port = Number(new URL(target.uri).port);
    client = await target.client();
  });
  after(async function () {
    await target?.stop();
  });

  async function assertHealthy(label: string): Promise<void> {
    const ping = await client.db('admin').command({ ping: 1 });
    assert.equal(ping.ok, 1, `ping after ${label}`);
  }

  it(`survives random bytes and broken frames (seed ${seed})`, async function () {
    const rand = prng(seed);
    const started = Date.now();
    let requestId = 1000;
    const junk = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
    const cases: Array<() => Buffer> = [
      () => junk(1 + Math.floor(rand() * 300)),
      () => header(Math.floor(rand() * 16), ++requestId, OP_MSG), // length below the header size
      () => header(-1 - Math.floor(rand() * 1000), ++requestId, OP_MSG), // negative length
      () => header(0x7fffffff, ++requestId, OP_MSG), // far beyond maxMessageSizeBytes
      () => Buffer.concat([header(64 * 1024 * 1024, ++requestId, OP_MSG), junk(100)]), // oversized, then stalls
      () => {
        const f = opMsg(++requestId, BSON.serialize({ ping: 1, $db: 'admin' }));
        return f.subarray(0, 16 + Math.floor(rand() * (f.length - 16)));
      },
      () => opMsg(++requestId, junk(5 + Math.floor(rand() * 200))), // garbage body
      () => {
        const b = Buffer.from(BSON.serialize({ find: 'x', $db: 'csi_fuzz' }));
        b.writeInt32LE(b.length + 50, 0);
        return opMsg(++requestId, b);
      }, // lying BSON length
      () => opMsg(++requestId, BSON.serialize({ ping: 1, $db: 'admin' }), 1), // checksum flag without a checksum
      () => opMsg(++requestId, BSON.serialize({ ping: 1, $db: 'admin' }), 1 << 5), // unknown required flag bit
      () => {
        const body = junk(40);
        return Buffer.concat([header(16 + body.length, ++requestId, 1 + Math.floor(rand() * 3000)), body]);
      }, // unknown opcode
      () =>
        opMsgWithSequence(
          ++requestId,
          BSON.serialize({ insert: 'fuzzcoll', $db: 'csi_fuzz' }),
          'documents',
          [BSON.serialize({ a: 1 })],
          (rand() < 0.5 ? 1 : -1) * (1 + Math.floor(rand() * 1000)),
        ), // lying sequence size
      () => {
        const q = Buffer.concat([Buffer.alloc(4), Buffer.from('admin.$cmd\0'), Buffer.alloc(8), junk(30)]);
        return Buffer.concat([header(16 + q.length, ++requestId, OP_QUERY), q]);
      },
    ];
    let sent = 0;
    while (sent < 150 && Date.now() - started < 6000) {
      const wire = await RawWire.open(port);
      const frames = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < frames; i++) wire.write(cases[Math.floor(rand() * cases.length)]());
      sent += frames;
      await new Promise((r) => setTimeout(r, 2));
      wire.destroy();
      if (sent % 25 < frames) await assertHealthy(`${sent} hostile frames`);
    }
    await assertHealthy('the byte fuzz');
  });

  it(`answers random command documents with mongod-shaped replies (seed ${seed})`, async function () {
    const rand = prng(seed + 1);
    const wire = await RawWire.open(port);
    const started = Date.now();
    let requestId = 1;
    let answered = 0;
    try {
      for (let n = 0; n < 300 && Date.now() - started < 6000 && !wire.closed; n++) {
        const command = randomCommand(rand);
        let body: Buffer;
        try {
          body = Buffer.from(BSON.serialize(command));
        } catch {
          continue;
        }
        const id = ++requestId;
        wire.write(opMsg(id, body));
        const frame = await wire.reply(id, 2000);
        assert.ok(frame, `no reply to ${JSON.stringify(BSON.EJSON.serialize(command)).slice(0, 200)}`);
        assert.equal(frame.opCode, OP_MSG, 'OP_MSG commands get OP_MSG replies');
        assert.equal(frame.body[4], 0, 'the reply is a body section');
        const reply = BSON.deserialize(frame.body.subarray(5));
        assert.ok(reply.ok === 1 || reply.ok === 0, `reply has ok: ${JSON.stringify(reply)}`);
        if (reply.ok === 0) {
          assert.equal(typeof reply.code, 'number', `error reply has a numeric code: ${JSON.stringify(reply)}`);
          assert.equal(typeof reply.errmsg, 'string');
          assert.equal(typeof reply.codeName, 'string');
        }
        answered++;
      }
    } finally {
      wire.destroy();
    }
    assert.ok(answered >= 50, `only ${answered} random commands were answered`);
    await assertHealthy('the command fuzz');
  });

  it('accepts a document-sequence section (kind 1) for insert and answers with the inserted count', async function () {
    const wire = await RawWire.open(port);
    try {
      const body = BSON.serialize({ insert: 'sequenced', ordered: true, $db: 'csi_fuzz' });
      wire.write(opMsgWithSequence(77, body, 'documents', [BSON.serialize({ _id: 1 }), BSON.serialize({ _id: 2 })]));
      const frame = await wire.reply(77, 2000);
      assert.ok(frame, 'no reply to a well-formed sequenced insert');
      const reply = BSON.deserialize(frame.body.subarray(5));
      assert.equal(reply.ok, 1);
      assert.equal(reply.n, 2);
    } finally {
      wire.destroy();
    }
    assert.equal(await client.db('csi_fuzz').collection('sequenced').countDocuments(), 2);
  });

  it('still serves another connection fully afterwards: ping, insert and a change stream event', async function () {
    const other = await target.client();
    const coll = other.db(target.dbName()).collection('after_fuzz');
    const stream = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    try {
      await coll.insertOne({ _id: 'alive' } as never);
      const [event] = await nextEvents(stream, 1);
      assert.equal(event.operationType, 'insert');
      assert.equal(event.documentKey._id, 'alive');
      assert.equal((await other.db('admin').command({ ping: 1 })).ok, 1);
    } finally {
      await stream.close();
    }
  });
});
