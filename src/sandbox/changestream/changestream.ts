// One open change stream: its start position (resumeAfter / startAfter / startAtOperationTime),
// reading and shaping oplog entries into batches, postBatchResumeToken, split of large events.
import { BSON, Timestamp } from 'bson';
import { CommandError } from '../base/errors';
import { type Doc, isPlainObject } from '../base/values';
import type { Catalog } from '../storage/catalog';
import type { ClusterClock } from '../base/clock';
import type { Oplog, OplogEntry } from './oplog';
import { type ShapeOptions, type StreamScope, inScope, invalidateEvent, invalidates, shapeEvent } from './events';
import { type StreamPipeline, compileStreamPipeline } from './pipeline';
import { decodeToken, encodeToken } from './token';
import { splitEvent } from './split';
import { RawDoc, rawBytes } from '../base/raw';
import { encodeInsertEvent } from './fastpath';
import { rawOf } from '../base/lazy';

const KNOWN_OPTIONS = new Set([
  'allChangesForCluster',
  'fullDocument',
  'fullDocumentBeforeChange',
  'resumeAfter',
  'startAfter',
  'startAtOperationTime',
  'showExpandedEvents',
  'showSystemEvents',
  'showMigrationEvents',
  'showRawUpdateDescription',
  'allowToRunOnConfigDB',
  'allowToRunOnSystemNS',
]);
const FULL_DOCUMENT = new Set(['default', 'updateLookup', 'whenAvailable', 'required']);
const BEFORE_CHANGE = new Set(['off', 'whenAvailable', 'required']);
export const MAX_EVENT_BYTES = 16 * 1024 * 1024;
const BATCH_BYTES = 16 * 1024 * 1024;

export interface Batch {
  events: Doc[];
  postBatchResumeToken: Doc;
  closed: boolean;
}

export class ChangeStream {
  readonly shape: ShapeOptions;
  private readonly pipeline: StreamPipeline;
  private pos: number;
  private closed = false;
  /** A stream resumed from a token of an invalidating event still owes its invalidate. */
  private owesInvalidate?: OplogEntry;
  /** Fragments of a split event already delivered before a resume (resume from fragment token). */
  private skipFragments?: { seq: number; upTo: number };
  private pending: Doc[] = [];
  private lastToken: Doc;
  readonly operationTime: Timestamp;

  constructor(
    spec: Doc,
    userStages: Doc[],
    scope: StreamScope,
    private oplog: Oplog,
    private catalog: Catalog,
    clock: ClusterClock,
  ) {
    for (const k of Object.keys(spec))
      if (!KNOWN_OPTIONS.has(k)) throw new CommandError(40415, `BSON field '$changeStream.${k}' is an unknown field.`);
    const fullDocument = (spec.fullDocument as string | undefined) ?? 'default';
    const before = (spec.fullDocumentBeforeChange as string | undefined) ?? 'off';
    if (!FULL_DOCUMENT.has(fullDocument))
      throw new CommandError(2, `'${fullDocument}' is not a valid value for $changeStream.fullDocument`);
    if (!BEFORE_CHANGE.has(before))
      throw new CommandError(2, `'${before}' is not a valid value for $changeStream.fullDocumentBeforeChange`);
    this.shape = {
      scope,
      fullDocument,
      fullDocumentBeforeChange: before,
      showExpandedEvents: spec.showExpandedEvents === true,
    };
    this.pipeline = compileStreamPipeline(userStages);
    const given = ['resumeAfter', 'startAfter', 'startAtOperationTime'].filter((k) => spec[k] !== undefined);
    if (given.length > 1)
      throw new CommandError(50865, 'Only one type of resume option is allowed, but multiple were found.');
    this.operationTime = clock.tick(); // advance the clock: the opening time is never an event's time
    if (spec.resumeAfter !== undefined || spec.startAfter !== undefined) {
      const useStartAfter = spec.startAfter !== undefined;
      const tok = decodeToken(
        useStartAfter ? spec.startAfter : spec.resumeAfter,
        useStartAfter ? 'startAfter' : 'resumeAfter',
      );
      if (tok.invalidate && !useStartAfter) {
        throw new CommandError(
          260,
          "Attempting to resume a change stream using 'resumeAfter' is not allowed from an invalidate notification.",
        );
      }
      if (oplog.lostSince(tok.t, tok.i)) throw historyLost();
      if (tok.fragment > 0) {
        this.pos = oplog.seekPosition(tok.t, tok.i, tok.txnOpIndex, true);
        this.skipFragments = { seq: this.pos, upTo: tok.fragment };
      } else {
        this.pos = oplog.seekPosition(tok.t, tok.i, tok.txnOpIndex, false);
        const at = oplog.at(this.pos - 1);
        if (!tok.invalidate && at && at.t === tok.t && at.i === tok.i && invalidates(at, scope))
          this.owesInvalidate = at;
      }
      this.lastToken = useStartAfter ? (spec.startAfter as Doc) : (spec.resumeAfter as Doc);
    } else if (spec.startAtOperationTime !== undefined) {
      const ts = spec.startAtOperationTime as Timestamp;
      if (!(ts instanceof Timestamp))
        throw new CommandError(
          14,
          "BSON field '$changeStream.startAtOperationTime' is the wrong type, expected type 'timestamp'",
        );
      const t = ts.high >>> 0,
        i = ts.low >>> 0;
      if (oplog.lostSince(t, i)) throw historyLost();
      this.pos = oplog.seekTime(t, i, false);
      this.lastToken = encodeToken(t, Math.max(0, i - 1));
    } else {
      this.pos = oplog.endSeq;
      this.lastToken = encodeToken(this.operationTime.high >>> 0, this.operationTime.low >>> 0);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  read(batchSize?: number): Batch {
    const limit = batchSize && batchSize > 0 ? batchSize : Infinity;
    const events: Doc[] = [];
    let bytes = 0;
    // Tokens of skipped or hand-encoded entries are built once, at the end of the batch.
    let staleT = -1,
      staleI = 0,
      staleK = 0;
    const take = (ev: Doc, size: number): void => {
      events.push(ev);
      bytes += size;
      if (ev._id) {
        this.lastToken = ev._id as Doc;
        staleT = -1;
      }
    };
    // Fragments of a split event are near 16 MB each: one per batch keeps replies under the limit.
    if (this.pending.length && events.length < limit) take(this.pending.shift()!, MAX_EVENT_BYTES);
    if (this.owesInvalidate && events.length < limit) {
      take(invalidateEvent(this.owesInvalidate), 200);
      this.owesInvalidate = undefined;
      this.closed = true;
    }
    if (this.pos < this.oplog.firstSeq) throw historyLost();
    const end = this.oplog.endSeq;
    while (
      !this.closed &&
      this.pending.length === 0 &&
      this.pos < end &&
      events.length < limit &&
      bytes < BATCH_BYTES
    ) {
      const e = this.oplog.at(this.pos)!;
      this.pos++;
      if (!inScope(e, this.shape.scope, this.shape.showExpandedEvents)) {
        staleT = e.t;
        staleI = e.i;
        staleK = e.opIndex;
        continue;
      }
      if (e.op === 'insert' && this.pipeline.matchOnly && !this.shape.showExpandedEvents && !e.large && !e.txn) {
        const raw = rawOf(e.doc);
        if (raw && (this.pipeline.empty || this.pipeline.apply(this.filterView(e)))) {
          const encoded = encodeInsertEvent(e, raw);
          if (encoded) {
            take(new RawDoc(encoded) as unknown as Doc, encoded.length);
            staleT = e.t;
            staleI = e.i;
            staleK = e.opIndex;
            continue;
          }
        } else if (raw) {
          staleT = e.t;
          staleI = e.i;
          staleK = e.opIndex;
          continue;
        }
      }
      const ev = this.pipeline.apply(shapeEvent(e, this.shape, this.catalog));
      if (ev) {
        if (e.large) {
          const parts = this.sizeChecked(ev, e);
          for (const p of parts) {
            const size = parts.length > 1 ? MAX_EVENT_BYTES : BSON.calculateObjectSize(p);
            if (events.length < limit && (events.length === 0 || bytes + size <= BATCH_BYTES)) take(p, size);
            else this.pending.push(p);
          }
        } else {
          take(withRawDocuments(ev), estimateSize(e));
        }
      } else {
        staleT = e.t;
        staleI = e.i;
        staleK = e.opIndex;
      }
      if (invalidates(e, this.shape.scope)) {
        const inv = invalidateEvent(e);
        if (events.length < limit) take(inv, 200);
        else this.pending.push(inv);
        this.closed = true;
      }
    }
    if (staleT >= 0) this.lastToken = encodeToken(staleT, staleI, false, 0, staleK);
    const drained = !this.pending.length && (this.closed || this.pos >= this.oplog.endSeq);
    // An idle stream's token is a high-water mark at the latest cluster time, so resumes skip nothing.
    const pbrt =
      drained && !this.closed && events.length === 0 && this.pos >= end ? this.highWaterMark() : this.lastToken;
    if (drained && !this.closed) this.lastToken = pbrt;
    return { events, postBatchResumeToken: pbrt, closed: this.closed && this.pending.length === 0 };
  }

  /** The insert event as a $match-only pipeline sees it, decoding the document only if it is read. */
  private filterView(e: OplogEntry): Doc {
    const reads = this.pipeline.reads;
    if (!reads || reads.has('fullDocument') || reads.has('_id')) return shapeEvent(e, this.shape, this.catalog);
    return {
      operationType: 'insert',
      clusterTime: e.ts,
      wallTime: e.wall,
      ns: { db: e.db, coll: e.coll },
      documentKey: e.documentKey,
    };
  }

  private highWaterMark(): Doc {
    const last = this.oplog.last();
    const cur = this.lastToken;
    if (!last) return cur;
    const tok = encodeToken(last.t, last.i, false, 0, last.opIndex);
    return (cur._data as string) > tok._data ? cur : tok;
  }

  private sizeChecked(ev: Doc, e: OplogEntry): Doc[] {
    const size = BSON.calculateObjectSize(ev);
    let parts: Doc[];
    if (size <= MAX_EVENT_BYTES) parts = [ev];
    else if (this.pipeline.split) parts = splitEvent(ev, e.t, e.i, e.opIndex);
    else
      throw new CommandError(
        10334,
        `BSONObj size: ${size} (0x${size.toString(16).toUpperCase()}) is invalid. Size must be between 0 and 16793600(16MB) First element: _id: ${JSON.stringify(ev._id)}`,
      );
    if (this.skipFragments && this.skipFragments.seq === e.seq) {
      const skip = this.skipFragments.upTo;
      this.skipFragments = undefined;
      return parts.filter((p) => isPlainObject(p.splitEvent) && ((p.splitEvent as Doc).fragment as number) > skip);
    }
    return parts;
  }
}

/** Unchanged stored documents go out as the bytes the client sent (no re-encoding). */
function withRawDocuments(ev: Doc): Doc {
  const fd = ev.fullDocument;
  if (fd && typeof fd === 'object') {
    const b = rawBytes.get(fd);
    if (b) ev.fullDocument = new RawDoc(b);
  }
  const pre = ev.fullDocumentBeforeChange;
  if (pre && typeof pre === 'object') {
    const b = rawBytes.get(pre);
    if (b) ev.fullDocumentBeforeChange = new RawDoc(b);
  }
  return ev;
}

function estimateSize(e: OplogEntry): number {
  // Every document copy in the event (fullDocument, pre-image, changed fields) counts once.
  return 300 + (e.bytes ?? 0) * 3;
}

function historyLost(): CommandError {
  return new CommandError(
    286,
    'Resume of change stream was not possible, as the resume point may no longer be in the oplog.',
  );
}
