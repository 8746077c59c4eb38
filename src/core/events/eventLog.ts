// The bounded memory of one watch: a ring of events capped by count and by bytes of canonical EJSON,
// with a per-event summary for the list and per-operation counts that survive eviction.
import type { Document } from 'bson';
import type { EventDetail, EventSummary, OperationCounts } from './model';
import { canonicalText } from './canonicalJson';
import type { IndexedOffsets } from './indexedKeys';
import { summarizeChange } from './summary';

export interface LoggedEvent {
  seq: number;
  summary: EventSummary;
  /** The whole event as compact canonical EJSON (types kept: Long, Decimal128, Timestamp…). */
  ejson: string;
  /** The event's `_id` (its resume token) as canonical EJSON. */
  token: string;
  /** UTF-8 size of `ejson`: what the byte cap counts. */
  bytes: number;
  /** The image options the event was read under: they decide what its fullDocument means (the diff reads them). */
  read?: ImageReadOptions;
  /** Where some top-level values start in `ejson` (see canonicalJson's INDEXED_KEYS); the quick filter jumps there. */
  valueAt?: IndexedOffsets;
}

/** The watch options that shape an event's images, as they were when it was read. */
export interface ImageReadOptions {
  fullDocument: 'default' | 'updateLookup' | 'whenAvailable' | 'required';
  fullDocumentBeforeChange: 'off' | 'whenAvailable' | 'required';
}

const RATE_WINDOW_MS = 5000;

export class EventLog {
  private items: LoggedEvent[] = [];
  private head = 0;
  private nextSeq = 1;
  private byteTotal = 0;
  private opCounts: OperationCounts = {};
  private appendedSinceClear = 0;
  private evictedTotal = 0;
  /** [bucket start ms, events] per 250 ms, newest last; only the last RATE_WINDOW_MS are kept. */
  private rateBuckets: [number, number][] = [];
  private maxEvents: number;
  private maxBytes: number;
  private readonly now: () => number;

  constructor(opts: { maxEvents: number; maxBytes: number; now?: () => number }) {
    this.maxEvents = Math.max(1, Math.floor(opts.maxEvents));
    this.maxBytes = Math.max(1, Math.floor(opts.maxBytes));
    this.now = opts.now ?? Date.now;
  }

  append(change: Document, read?: ImageReadOptions): LoggedEvent {
    const receivedAt = this.now();
    // One pass writes the event's text and hands back its token's and document key's on the way
    // (they were serialized again, each on its own; bson is required on first append, not at import).
    const { ejson, id: token, documentKey, valueAt } = canonicalText(change);
    const bytes = Buffer.byteLength(ejson, 'utf8');
    const seq = this.nextSeq++;
    const summary = summarizeChange(change, seq, bytes, receivedAt, documentKey);
    const event: LoggedEvent = { seq, summary, ejson, token, bytes };
    if (read) event.read = read;
    if (valueAt) event.valueAt = valueAt;
    this.items.push(event);
    this.byteTotal += bytes;
    const op = event.summary.op;
    this.opCounts[op] = (this.opCounts[op] ?? 0) + 1;
    this.appendedSinceClear++;
    this.countRate(receivedAt);
    this.enforceLimits();
    return event;
  }

  get(seq: number): LoggedEvent | undefined {
    if (!Number.isInteger(seq) || seq < this.firstSeq || seq > this.lastSeq) return undefined;
    return this.items[this.head + (seq - this.firstSeq)];
  }

  detail(seq: number): EventDetail | undefined {
    const e = this.get(seq);
    if (!e) return undefined;
    // Canonical EJSON is plain JSON, so re-indenting it keeps every type wrapper and key order.
    const ejson = JSON.stringify(JSON.parse(e.ejson), null, 2);
    const token = e.token ? JSON.stringify(JSON.parse(e.token), null, 2) : '';
    return { summary: e.summary, ejson, token };
  }

  summaries(fromSeq: number, count: number): EventSummary[] {
    if (count <= 0 || this.size === 0) return [];
    const start = Math.max(Math.floor(fromSeq), this.firstSeq);
    const end = Math.min(start + Math.floor(count) - 1, this.lastSeq);
    const out: EventSummary[] = [];
    for (let seq = start; seq <= end; seq++) out.push(this.items[this.head + (seq - this.firstSeq)].summary);
    return out;
  }

  latest(n: number): EventSummary[] {
    if (n <= 0) return [];
    return this.summaries(this.lastSeq - Math.floor(n) + 1, n);
  }

  counts(): OperationCounts {
    return { ...this.opCounts };
  }

  /** Events per second over the last ~5 s. */
  rate(): number {
    const now = this.now();
    const from = now - RATE_WINDOW_MS;
    let n = 0;
    for (const [start, count] of this.rateBuckets) if (start > from) n += count;
    return n / (RATE_WINDOW_MS / 1000);
  }

  /** Forgets every event and the counts; sequence numbers keep increasing so old seqs never alias new ones. */
  clear(): void {
    this.items = [];
    this.head = 0;
    this.byteTotal = 0;
    this.opCounts = {};
    this.appendedSinceClear = 0;
  }

  setLimits(maxEvents: number, maxBytes: number): void {
    this.maxEvents = Math.max(1, Math.floor(maxEvents));
    this.maxBytes = Math.max(1, Math.floor(maxBytes));
    this.enforceLimits();
  }

  /** Seq of the oldest retained event (lastSeq + 1 when empty). */
  get firstSeq(): number {
    return this.nextSeq - this.size;
  }
  get lastSeq(): number {
    return this.nextSeq - 1;
  }
  get size(): number {
    return this.items.length - this.head;
  }
  get bytes(): number {
    return this.byteTotal;
  }
  /** Events appended since the last clear (retained or not). */
  get total(): number {
    return this.appendedSinceClear;
  }
  /** Events dropped by the caps since the log was made. */
  get evicted(): number {
    return this.evictedTotal;
  }

  private enforceLimits(): void {
    // The newest event always stays, even when it alone is over the byte cap.
    while (this.size > this.maxEvents || (this.byteTotal > this.maxBytes && this.size > 1)) {
      const old = this.items[this.head];
      this.items[this.head] = undefined as unknown as LoggedEvent;
      this.head++;
      this.byteTotal -= old.bytes;
      this.evictedTotal++;
    }
    // Compact the dropped prefix now and then, so eviction stays O(1) amortised.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  private countRate(at: number): void {
    const bucket = at - (at % 250);
    const last = this.rateBuckets[this.rateBuckets.length - 1];
    if (last && last[0] === bucket) last[1]++;
    else this.rateBuckets.push([bucket, 1]);
    const from = at - RATE_WINDOW_MS;
    while (this.rateBuckets.length > 0 && this.rateBuckets[0][0] <= from - 250) this.rateBuckets.shift();
  }
}
