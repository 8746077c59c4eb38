// The sandbox's durable storage: a snapshot of its databases, oplog and cluster clock as one file,
// so a restarted sandbox (the extension after a window reload) has the same data and history and
// resume tokens taken before still resume. The file is a run of BSON documents (types kept exactly,
// stored wire bytes written as they are, never decoded), versioned, ending with a SHA-256 trailer.
import { createHash } from 'node:crypto';
import { BSON, type Binary, type Long } from 'bson';
import { DECODE_OPTIONS } from '../wire/messages';
import { lazyFromWire, rawOf, type StoredDoc } from '../base/lazy';
import type { Doc } from '../base/values';
import { OplogEntry, type EntryOp, type OplogFields } from '../changestream/oplog';
import type { IndexDef } from '../storage/collection';
import type { UpdateDescription } from '../query/updatedescription';
import type { SandboxState } from './state';

export const SNAPSHOT_FORMAT = 'change-stream-inspector/sandbox-snapshot';
export const SNAPSHOT_VERSION = 1;

/** A snapshot that cannot be used: the message says why, in a sentence a person can act on. */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}

interface SavedCollection {
  db: string;
  name: string;
  options: Doc;
  uuid: Binary;
  indexes: IndexDef[];
  docs: StoredDoc[];
}

/** A decoded snapshot, ready to load into a fresh server state. */
export interface SnapshotData {
  version: number;
  savedAt: Date;
  /** The port the server listened on (the restored one tries it first). */
  port: number;
  replSetName: string;
  clock: { t: number; i: number };
  lost: { t: number; i: number };
  clusterParameters: Doc;
  collections: SavedCollection[];
  oplog: OplogEntry[];
}

const trailerOf = (sha256: string): Buffer => Buffer.from(BSON.serialize({ end: true, sha256 }));
/** The trailer's size is fixed (a 64-digit hex digest), so a reader finds it from the end. */
const TRAILER_SIZE = trailerOf('0'.repeat(64)).length;

// Bits of an oplog record's `parts`: which documents follow the record as their own BSON documents.
const PART_DOC = 1;
const PART_PRE = 2;
const PART_POST = 4;

/** The state as snapshot bytes. Synchronous on purpose: it runs in deactivate, where awaiting is cut short. */
export function encodeSnapshot(state: SandboxState, port: number): Buffer {
  const chunks: Buffer[] = [];
  const put = (doc: Doc): void => void chunks.push(Buffer.from(BSON.serialize(doc, { ignoreUndefined: true })));
  const putStored = (v: StoredDoc): void => {
    const raw = rawOf(v);
    if (raw) chunks.push(raw);
    else put(v as Doc);
  };
  const colls = [...state.liveCatalog.dbs.values()].flatMap((m) => [...m.values()]);
  const entries: OplogEntry[] = [];
  for (let seq = state.oplog.firstSeq; seq < state.oplog.endSeq; seq++) entries.push(state.oplog.at(seq)!);
  put({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    savedAt: new Date(),
    port,
    replSetName: state.opts.replSetName,
    clock: { t: state.clock.seconds, i: state.clock.increment },
    lost: { t: state.oplog.lostT, i: state.oplog.lostI },
    clusterParameters: state.clusterParameters,
    collections: colls.length,
    oplog: entries.length,
  });
  for (const c of colls) {
    put({ db: c.db, name: c.name, options: c.options, uuid: c.uuid, indexes: c.indexes.slice(1), count: c.size });
    for (const d of c.stored()) putStored(d);
  }
  for (const e of entries) {
    const parts = (e.doc ? PART_DOC : 0) | (e.pre ? PART_PRE : 0) | (e.post ? PART_POST : 0);
    put({
      t: e.t,
      i: e.i,
      w: e.wallMs,
      op: e.op,
      db: e.db,
      coll: e.coll,
      uuid: e.uuid,
      documentKey: e.documentKey,
      updateDescription: e.updateDescription,
      to: e.to,
      operationDescription: e.operationDescription,
      stateBeforeChange: e.stateBeforeChange,
      large: e.large,
      bytes: e.bytes,
      txn: e.txn,
      parts,
    });
    if (e.doc) putStored(e.doc);
    if (e.pre) put(e.pre);
    if (e.post) put(e.post);
  }
  const body = Buffer.concat(chunks);
  return Buffer.concat([body, trailerOf(createHash('sha256').update(body).digest('hex'))]);
}

/** Reads snapshot bytes; anything truncated, altered, of another format or of a newer version is a SnapshotError. */
export function decodeSnapshot(bytes: Buffer): SnapshotData {
  // The checksum first: past it, every stored document is known to be what was written (kept undecoded).
  if (bytes.length < TRAILER_SIZE + 5) throw new SnapshotError('the file is too short to be a sandbox snapshot');
  const bodyEnd = bytes.length - TRAILER_SIZE;
  const trailer = new RecordReader(bytes.subarray(bodyEnd)).doc('the checksum');
  const digest = createHash('sha256').update(bytes.subarray(0, bodyEnd)).digest('hex');
  if (trailer.end !== true || trailer.sha256 !== digest)
    throw new SnapshotError('its checksum does not match (the file was altered or cut short)');
  const reader = new RecordReader(bytes.subarray(0, bodyEnd));
  const header = reader.doc('the header');
  if (header.format !== SNAPSHOT_FORMAT) throw new SnapshotError('the file is not a sandbox snapshot');
  const version = num(header.version);
  if (version !== SNAPSHOT_VERSION)
    throw new SnapshotError(`it was written in format version ${version}; this version reads ${SNAPSHOT_VERSION}`);
  const collections: SavedCollection[] = [];
  const collCount = num(header.collections);
  for (let n = 0; n < collCount; n++) {
    const h = reader.doc('a collection');
    const docs: StoredDoc[] = [];
    const count = num(h.count);
    for (let k = 0; k < count; k++) docs.push(reader.stored('a document'));
    const indexes = (h.indexes as IndexDef[]).map((d) => ({ ...d, v: num(d.v) }));
    collections.push({
      db: String(h.db),
      name: String(h.name),
      options: h.options as Doc,
      uuid: h.uuid as Binary,
      indexes,
      docs,
    });
  }
  const oplog: OplogEntry[] = [];
  const entryCount = num(header.oplog);
  for (let n = 0; n < entryCount; n++) oplog.push(readEntry(reader));
  if (reader.offset !== bodyEnd) throw new SnapshotError('it has records after its last oplog entry');
  const clock = header.clock as Doc;
  const lost = header.lost as Doc;
  return {
    version,
    savedAt: header.savedAt as Date,
    port: num(header.port),
    replSetName: String(header.replSetName),
    clock: { t: num(clock.t), i: num(clock.i) },
    lost: { t: num(lost.t), i: num(lost.i) },
    clusterParameters: header.clusterParameters as Doc,
    collections,
    oplog,
  };
}

function readEntry(reader: RecordReader): OplogEntry {
  const r = reader.doc('an oplog entry');
  const parts = num(r.parts);
  const fields: OplogFields = { op: r.op as EntryOp, db: String(r.db) };
  if (r.coll !== undefined) fields.coll = String(r.coll);
  if (r.uuid !== undefined) fields.uuid = r.uuid as Binary;
  if (r.documentKey !== undefined) fields.documentKey = r.documentKey as Doc;
  if (r.updateDescription !== undefined) fields.updateDescription = r.updateDescription as UpdateDescription;
  if (r.to !== undefined) fields.to = r.to as { db: string; coll: string };
  if (r.operationDescription !== undefined) fields.operationDescription = r.operationDescription as Doc;
  if (r.stateBeforeChange !== undefined) fields.stateBeforeChange = r.stateBeforeChange as Doc;
  if (r.large !== undefined) fields.large = r.large === true;
  if (r.bytes !== undefined) fields.bytes = num(r.bytes);
  if (r.txn !== undefined) {
    const txn = r.txn as Doc;
    fields.txn = { lsid: txn.lsid as Doc, txnNumber: txn.txnNumber as Long, opIndex: num(txn.opIndex) };
  }
  if (parts & PART_DOC) fields.doc = reader.stored('an oplog document');
  if (parts & PART_PRE) fields.pre = reader.doc('a pre-image');
  if (parts & PART_POST) fields.post = reader.doc('a post-image');
  return new OplogEntry(num(r.t), num(r.i), num(r.w), fields);
}

/** Loads a snapshot into a state made with `initiate: false` (nothing in it yet). */
export function restoreInto(state: SandboxState, data: SnapshotData): void {
  for (const c of data.collections) {
    const { coll } = state.liveCatalog.ensure(c.db, c.name, c.options, c.uuid);
    for (const d of c.docs) coll.insert(d);
    for (const def of c.indexes) coll.addIndex(def);
  }
  for (const e of data.oplog) state.oplog.append(e);
  if (data.lost.t !== 0 && (state.oplog.lostT === 0 || data.lost.t > state.oplog.lostT)) {
    state.oplog.lostT = data.lost.t;
    state.oplog.lostI = data.lost.i;
  }
  state.clock.continueAfter(data.clock.t, data.clock.i);
  Object.assign(state.clusterParameters, data.clusterParameters);
}

/** Walks the BSON documents of a snapshot, turning every kind of damage into a SnapshotError. */
class RecordReader {
  offset = 0;
  constructor(private readonly bytes: Buffer) {}

  private next(what: string): Buffer {
    const left = this.bytes.length - this.offset;
    if (left < 5) throw new SnapshotError(`it ends where ${what} should be (the file was cut short)`);
    const len = this.bytes.readInt32LE(this.offset);
    if (len < 5 || len > left)
      throw new SnapshotError(`${what} has a broken length (the file was altered or cut short)`);
    const slice = this.bytes.subarray(this.offset, this.offset + len);
    this.offset += len;
    return slice;
  }

  doc(what: string): Doc {
    const slice = this.next(what);
    try {
      return BSON.deserialize(slice, DECODE_OPTIONS) as Doc;
    } catch (err) {
      throw new SnapshotError(`${what} is not valid BSON (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  /** A stored document kept as its bytes (decoded on demand later; the checksum vouched for them). */
  stored(what: string): StoredDoc {
    const copy = Buffer.from(this.next(what));
    return lazyFromWire(copy) ?? (BSON.deserialize(copy, DECODE_OPTIONS) as Doc);
  }
}

/** A number field as a JS number: the decoder keeps Int32/Double wrappers (promoteValues: false). */
function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && 'valueOf' in v) {
    const n = Number((v as { valueOf(): unknown }).valueOf());
    if (Number.isFinite(n)) return n;
  }
  throw new SnapshotError(`a number field holds ${String(v)}`);
}
