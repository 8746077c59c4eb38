// The oplog: a fixed-capacity ring of change entries in cluster-time order. Entries hold
// references to immutable document versions; events are shaped only when a stream reads them.
import { type Binary, type Long, Timestamp } from 'bson';
import type { Doc } from '../base/values';
import type { LazyDoc } from '../base/lazy';
import type { UpdateDescription } from '../query/updatedescription';
import { compareTs } from '../base/clock';

export type EntryOp =
  | 'insert'
  | 'update'
  | 'replace'
  | 'delete'
  | 'drop'
  | 'rename'
  | 'dropDatabase'
  | 'create'
  | 'createIndexes'
  | 'dropIndexes'
  | 'modify'
  /** A no-op entry ('n'): the replica set's initiation, never a change event. */
  | 'noop';

export interface OplogFields {
  op: EntryOp;
  db: string;
  coll?: string;
  uuid?: Binary;
  documentKey?: Doc;
  /** insert/replace: the document written (inserts may still be undecoded wire bytes). */
  doc?: Doc | LazyDoc;
  /** Stored images: present only when the collection had images enabled. */
  pre?: Doc;
  post?: Doc;
  updateDescription?: UpdateDescription;
  to?: { db: string; coll: string };
  operationDescription?: Doc;
  stateBeforeChange?: Doc;
  /** Set for writes of large documents so only those pay for an exact event size check. */
  large?: boolean;
  /** Upper estimate of the written document's BSON size, for batch byte budgets. */
  bytes?: number;
  /** Set on the entries of a committed transaction: its session, number and this entry's place in it. */
  txn?: TxnInfo;
}

export interface TxnInfo {
  lsid: Doc;
  txnNumber: Long;
  opIndex: number;
}

/** One change in the ring. Timestamp and Date objects are made only when an event needs them. */
export class OplogEntry implements OplogFields {
  seq = 0;
  op: EntryOp;
  db: string;
  coll?: string;
  uuid?: Binary;
  documentKey?: Doc;
  doc?: Doc | LazyDoc;
  pre?: Doc;
  post?: Doc;
  updateDescription?: UpdateDescription;
  to?: { db: string; coll: string };
  operationDescription?: Doc;
  stateBeforeChange?: Doc;
  large?: boolean;
  bytes?: number;
  txn?: TxnInfo;

  constructor(
    readonly t: number,
    readonly i: number,
    readonly wallMs: number,
    f: OplogFields,
  ) {
    this.op = f.op;
    this.db = f.db;
    this.coll = f.coll;
    this.uuid = f.uuid;
    this.documentKey = f.documentKey;
    this.doc = f.doc;
    this.pre = f.pre;
    this.post = f.post;
    this.updateDescription = f.updateDescription;
    this.to = f.to;
    this.operationDescription = f.operationDescription;
    this.stateBeforeChange = f.stateBeforeChange;
    this.large = f.large;
    this.bytes = f.bytes;
    this.txn = f.txn;
  }

  /** Position within the entry's cluster time (the events of one commit share it). */
  get opIndex(): number {
    return this.txn?.opIndex ?? 0;
  }

  get ts(): Timestamp {
    return new Timestamp({ t: this.t, i: this.i });
  }
  get wall(): Date {
    return new Date(this.wallMs);
  }
}

export class Oplog {
  private ring: (OplogEntry | undefined)[];
  private head = 0;
  private count = 0;
  private nextSeq = 1;
  /** Cluster time of the newest entry pushed out of the ring (history before it is lost). */
  lostT = 0;
  lostI = 0;
  private waiters = new Set<() => void>();
  private notifyScheduled = false;

  constructor(readonly capacity: number) {
    this.ring = new Array(Math.max(1, capacity));
  }

  get firstSeq(): number {
    return this.nextSeq - this.count;
  }
  get endSeq(): number {
    return this.nextSeq;
  }
  get size(): number {
    return this.count;
  }

  append(entry: OplogEntry): OplogEntry {
    entry.seq = this.nextSeq++;
    const cap = this.ring.length;
    if (this.count === cap) {
      const old = this.ring[this.head]!;
      this.lostT = old.t;
      this.lostI = old.i;
      this.ring[this.head] = entry;
      this.head = (this.head + 1) % cap;
    } else {
      this.ring[(this.head + this.count) % cap] = entry;
      this.count++;
    }
    if (!this.notifyScheduled && this.waiters.size > 0) {
      this.notifyScheduled = true;
      // Wake waiting getMores once the current write command has appended all its entries.
      queueMicrotask(() => {
        this.notifyScheduled = false;
        const ws = [...this.waiters];
        this.waiters.clear();
        for (const w of ws) w();
      });
    }
    return entry;
  }

  at(seq: number): OplogEntry | undefined {
    if (seq < this.firstSeq || seq >= this.nextSeq) return undefined;
    return this.ring[(this.head + (seq - this.firstSeq)) % this.ring.length];
  }

  first(): OplogEntry | undefined {
    return this.count ? this.at(this.firstSeq) : undefined;
  }
  last(): OplogEntry | undefined {
    return this.count ? this.at(this.nextSeq - 1) : undefined;
  }

  /**
   * True when the history at (t,i) is not all here: it is older than the oldest entry (the set's
   * initiation entry until the ring wraps, so a point from before the server started is lost too),
   * or at/before an entry the ring pushed out.
   */
  lostSince(t: number, i: number): boolean {
    if (this.lostT !== 0 && compareTs(t, i, this.lostT, this.lostI) <= 0) return true;
    const first = this.first();
    return first !== undefined && compareTs(t, i, first.t, first.i) < 0;
  }

  /** First seq whose time is >= (t,i) (or > when exclusive). */
  seekTime(t: number, i: number, exclusive: boolean): number {
    let lo = this.firstSeq,
      hi = this.nextSeq;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = this.at(mid)!;
      const c = compareTs(e.t, e.i, t, i);
      if (c < 0 || (exclusive && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First seq after the entry at (t, i, opIndex), or at it when `inclusive` (a fragment resume). */
  seekPosition(t: number, i: number, opIndex: number, inclusive: boolean): number {
    let seq = this.seekTime(t, i, false);
    for (let e = this.at(seq); e && e.t === t && e.i === i && e.opIndex < opIndex; e = this.at(seq)) seq++;
    const e = this.at(seq);
    if (!inclusive && e && e.t === t && e.i === i && e.opIndex === opIndex) seq++;
    return seq;
  }

  /** Resolves on the next append; returns a cancel function. */
  wait(cb: () => void): () => void {
    this.waiters.add(cb);
    return () => {
      this.waiters.delete(cb);
    };
  }

  clearWaiters(): void {
    this.waiters.clear();
  }
}
