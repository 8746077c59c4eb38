// The bounded memory of one watch. Each event is serialized to BSON once, into FIFO slabs, and keeps
// only a 42-byte record (slab, offset, length, operation, namespace, read options, flags, receipt
// time, and slots for the quick filter's key and number texts once made); its summary, canonical
// EJSON and token are made from the BSON when someone asks. The byte cap counts the memory the log
// holds: its slabs, its records, those texts and the few events kept as text (below).
// Per-operation counts survive eviction.
import type { Document } from 'bson';
import type { EventDetail, EventSummary, OperationCounts } from './model';
import { bson, canonicalText, type CanonicalText } from './canonicalJson';
import type { IndexedOffsets } from './indexedKeys';
import { keyTextOf, namespaceOf, summarizeChange } from './summary';
import { truncate } from './shortText';

export interface LoggedEvent {
  readonly seq: number;
  readonly summary: EventSummary;
  /** The whole event as compact canonical EJSON (types kept: Long, Decimal128, Timestamp…). */
  readonly ejson: string;
  /** The event's `_id` (its resume token) as canonical EJSON. */
  readonly token: string;
  /** Size of the event's BSON (of its EJSON for the rare event bson cannot write). */
  readonly bytes: number;
  /** The image options the event was read under: they decide what its fullDocument means (the diff reads them). */
  readonly read?: ImageReadOptions;
  /** Where some top-level values start in `ejson` (see canonicalJson's INDEXED_KEYS); the quick filter jumps there. */
  readonly valueAt?: IndexedOffsets;
}

/** The watch options that shape an event's images, as they were when it was read. */
export interface ImageReadOptions {
  fullDocument: 'default' | 'updateLookup' | 'whenAvailable' | 'required';
  fullDocumentBeforeChange: 'off' | 'whenAvailable' | 'required';
}

/** A view of one event's stored BSON: the document is `buf[start, end)`; the bytes are not copied. */
export interface StoredBson {
  buf: Uint8Array;
  start: number;
  end: number;
}

const RATE_WINDOW_MS = 5000;
/**
 * Bytes of one event's record: slab 4 + offset 4 + length 4 + operation 2 + namespace 2 + read options 1
 * + flags 1 + receipt 8, and the slots of the key text and of the number texts 8 + 8.
 */
export const RECORD_BYTES = 42;
/** What a kept key text costs besides its characters and slot: the string's header, rounded (V8, one-byte). */
const KEY_TEXT_BYTES = 20;
/** nsOf value of an event whose namespace is not interned (too many distinct ones): read from its summary. */
const NS_OTHER = 0xffff;
const MIN_SLAB = 4 << 10;
const MAX_SLAB = 4 << 20;
const MIN_RING = 64;
/** As summarizeChange's bound on the operation text. */
const MAX_OP = 40;
const OP_OTHER = 0xffff;
const READ_NONE = 0xff;
const FLAG_ID_UNDEFINED = 1;
const FLAG_KEY_UNDEFINED = 2;
/** The event is kept whole as text in `side` (bson's round trip would change its text, or bson cannot write it). */
const FLAG_SIDE = 4;
/** Summaries made from BSON are remembered for the last this many asked: the list asks for the same window again. */
const SUMMARY_CACHE = 2048;
/** A list that asked for summaries this lately is taken as showing: new events' summaries are made as they come. */
const LISTING_MS = 2000;
/** What a text-kept event is counted at beyond its strings (its summary and record objects). */
const SIDE_OVERHEAD = 400;
/** utf8 unchecked: the log wrote these bytes itself from well-formed strings (roundTrips checks them). */
const DECODE = {
  promoteLongs: false,
  bsonRegExp: true,
  allowObjectSmallerThanBufferSize: true,
  validation: { utf8: false },
} as const;
const ENCODE = { ignoreUndefined: false } as const;

/** Slabs of about 1/64 of the cap, a power of two between 4 KB and 4 MB: the cap is held within ~2 slabs. */
export function slabSizeFor(maxBytes: number): number {
  const target = 2 ** Math.floor(Math.log2(Math.max(1, maxBytes / 64)));
  return Math.min(MAX_SLAB, Math.max(MIN_SLAB, target));
}

interface SideEvent extends LoggedEvent {
  /** What the byte cap counts for it. */
  held: number;
}

export class EventLog {
  // The ring of records: event `firstSeq + k` is at position (head + k) % capacity.
  private capacity = 0;
  private head = 0;
  private count = 0;
  private slabOf = new Uint32Array(0);
  private startOf = new Uint32Array(0);
  private lengthOf = new Uint32Array(0);
  private opOf = new Uint16Array(0);
  /** Interned namespace text per event (the summary's ns), for the quick filter's free text. */
  private nsOf = new Uint16Array(0);
  /**
   * The summary's key text per event, kept once made (with any summary, or by the quick filter): the
   * filter's free text reads it for every event, and making it from the BSON costs ~3 µs.
   */
  private keyOf: (string | undefined)[] = [];
  private keyBytes = 0;
  /** The quick filter's number texts per event, kept once made (null: the event needs the full walk). */
  private numbersOf: (string | null | undefined)[] = [];
  private readOf = new Uint8Array(0);
  private flagsOf = new Uint8Array(0);
  private receivedOf = new Float64Array(0);
  // The slabs, oldest first; slab ids increase and `slabs[i]` has id `firstSlabId + i`.
  private slabs: Uint8Array[] = [];
  private firstSlabId = 1;
  private slabBytes = 0;
  /** Bytes written in the newest slab. */
  private used = 0;
  private slabSize: number;
  private readonly ops: string[] = [];
  private readonly nsTexts: string[] = [];
  private readonly nsIndex = new Map<string, number>();
  private readonly opIndex = new Map<string, number>();
  private readonly reads: ImageReadOptions[] = [];
  private readonly readIndex = new Map<string, number>();
  private readonly side = new Map<number, SideEvent>();
  private sideBytes = 0;
  private readonly summaryCache = new Map<number, EventSummary>();
  private nextSeq = 1;
  private opCounts: OperationCounts = {};
  private appendedSinceClear = 0;
  private evictedTotal = 0;
  /** [bucket start ms, events] per 250 ms, newest last; only the last RATE_WINDOW_MS are kept. */
  private rateBuckets: [number, number][] = [];
  private maxEvents: number;
  private maxBytes: number;
  private readonly now: () => number;
  /** Keeps a summary a view made, while its event is still in the log. */
  private readonly rememberLive = (summary: EventSummary): void => {
    if (summary.seq >= this.firstSeq && summary.seq <= this.lastSeq) this.remember(summary);
  };
  /** summaryAt for views: the cheaper decode, and the summary remembered. */
  private readonly summaryAtSeq = (seq: number): EventSummary | undefined => this.summaryAt(seq);
  /** When the list last asked for summaries. */
  private listedAt = -Infinity;
  /** Where `place` put the last event: its slab's start offset. */
  private placedStart = 0;

  constructor(opts: { maxEvents: number; maxBytes: number; now?: () => number }) {
    this.maxEvents = Math.max(1, Math.floor(opts.maxEvents));
    this.maxBytes = Math.max(1, Math.floor(opts.maxBytes));
    this.slabSize = slabSizeFor(this.maxBytes);
    this.now = opts.now ?? Date.now;
  }

  /**
   * `raw`: the server's BSON of `change` when the reader has it (decoded with the watch's decoding
   * options, so the log's decoding of it gives `change` back): copied, not serialized again.
   */
  append(change: Document, read?: ImageReadOptions, raw?: Uint8Array): LoggedEvent {
    const receivedAt = this.now();
    const seq = this.nextSeq;
    const op = truncate(typeof change.operationType === 'string' ? change.operationType : 'unknown', MAX_OP);
    let flags = 0;
    if (change._id === undefined) flags |= FLAG_ID_UNDEFINED;
    if (change.documentKey === undefined) flags |= FLAG_KEY_UNDEFINED;
    let length = -1;
    let sideEvent: SideEvent | undefined;
    if (raw) {
      length = this.placeBytes(raw);
    } else {
      if (!roundTrips(change)) sideEvent = this.asText(change, seq, receivedAt, read);
      try {
        length = this.place(change);
      } catch (e) {
        // bson cannot write it (a key with a NUL, a value of another bson, too deep…): the event lives as text.
        sideEvent ??= this.asText(change, seq, receivedAt, read);
        if (!sideEvent) throw e;
      }
    }
    this.nextSeq++;
    if (sideEvent) {
      flags |= FLAG_SIDE;
      if (length >= 0) {
        // Its size is its BSON's, as for every other event.
        sideEvent.summary.bytes = length;
        (sideEvent as { bytes: number }).bytes = length;
      }
      this.side.set(seq, sideEvent);
      this.sideBytes += sideEvent.held;
    }
    while (this.count >= this.maxEvents) this.evictOldest();
    if (this.count === this.capacity) this.resize(Math.min(Math.max(this.capacity * 2, MIN_RING), this.maxEvents));
    const pos = (this.head + this.count) % this.capacity;
    // An event kept only as text takes the newest slab's id too: ids stay in order along the ring.
    this.slabOf[pos] = this.firstSlabId + this.slabs.length - 1;
    this.startOf[pos] = length >= 0 ? this.placedStart : 0;
    this.lengthOf[pos] = length >= 0 ? length : 0;
    this.opOf[pos] = this.opId(op);
    this.nsOf[pos] = this.nsId(namespaceOf(change.ns));
    this.keyOf[pos] = undefined;
    this.numbersOf[pos] = undefined;
    this.readOf[pos] = read ? this.readId(read) : READ_NONE;
    this.flagsOf[pos] = flags;
    this.receivedOf[pos] = receivedAt;
    this.count++;
    this.opCounts[op] = (this.opCounts[op] ?? 0) + 1;
    this.appendedSinceClear++;
    this.countRate(receivedAt);
    this.enforceLimits();
    if (sideEvent) return sideEvent;
    const slab = this.slabs[this.slabs.length - 1];
    const view = new StoredEvent(seq, slab, this.placedStart, length, receivedAt, flags, this.readAt(pos), change);
    // While a list is showing (it asked lately), each summary is made now from the document at hand:
    // a third of making it from the BSON later. Unwatched, appending stays lean.
    if (receivedAt - this.listedAt < LISTING_MS) view.knownSummary(this.summaryOf(change, seq, length, receivedAt));
    // A listener that reads the new event's summary makes it from the document too; the list gets it.
    else view.onSummary = this.rememberLive;
    return view;
  }

  get(seq: number): LoggedEvent | undefined {
    const pos = this.positionOf(seq);
    if (pos < 0) return undefined;
    const flags = this.flagsOf[pos];
    if (flags & FLAG_SIDE) return this.side.get(seq);
    const view = new StoredEvent(
      seq,
      this.slabAt(pos),
      this.startOf[pos],
      this.lengthOf[pos],
      this.receivedOf[pos],
      flags,
      this.readAt(pos),
    );
    const summary = this.summaryCache.get(seq);
    if (summary) view.knownSummary(summary);
    else view.summaries = this.summaryAtSeq;
    return view;
  }

  /** The event's stored BSON, not copied (undefined when out of the log, or for an event kept only as text). */
  bsonAt(seq: number): StoredBson | undefined {
    const pos = this.positionOf(seq);
    if (pos < 0) return undefined;
    const length = this.lengthOf[pos];
    if (length === 0) return undefined;
    const start = this.startOf[pos];
    return { buf: this.slabAt(pos), start, end: start + length };
  }

  /** The event's operation (as its summary's `op`) without decoding it. */
  opAt(seq: number): string | undefined {
    const pos = this.positionOf(seq);
    if (pos < 0) return undefined;
    const op = this.opOf[pos];
    return op === OP_OTHER ? this.summaryAt(seq)?.op : this.ops[op];
  }

  /** The event's summary (made from its BSON and remembered for a while). */
  summaryAt(seq: number): EventSummary | undefined {
    const pos = this.positionOf(seq);
    if (pos < 0) return undefined;
    const flags = this.flagsOf[pos];
    if (flags & FLAG_SIDE) return this.side.get(seq)?.summary;
    const summary = this.summaryCache.get(seq);
    if (summary) return summary;
    const doc = summaryFields(this.slabAt(pos), this.startOf[pos], flags);
    return this.summaryOf(doc, seq, this.lengthOf[pos], this.receivedOf[pos]);
  }

  private summaryOf(doc: Document, seq: number, bytes: number, receivedAt: number): EventSummary {
    // The key's text by the one-pass writer (wrapped: it takes a document): bson's EJSON.serialize of
    // it was a third of a summary's time.
    const key = doc.documentKey === undefined ? undefined : documentKeyEjson(doc.documentKey);
    const summary = summarizeChange(doc, seq, bytes, receivedAt, key);
    this.remember(summary);
    return summary;
  }

  private remember(summary: EventSummary): void {
    this.keepKey(this.positionOf(summary.seq), summary.key);
    this.summaryCache.set(summary.seq, summary);
    if (this.summaryCache.size > SUMMARY_CACHE) {
      for (const old of this.summaryCache.keys()) {
        this.summaryCache.delete(old);
        break;
      }
    }
  }

  /** The event's resume token as canonical EJSON ('' when it has none), read from its `_id` alone. */
  tokenAt(seq: number): string | undefined {
    const pos = this.positionOf(seq);
    if (pos < 0) return undefined;
    const flags = this.flagsOf[pos];
    if (flags & FLAG_SIDE) return this.side.get(seq)?.token;
    return tokenOf(this.slabAt(pos), this.startOf[pos], flags);
  }

  /**
   * Seqs before `seq` of the same document, oldest first: equal `ns` and `documentKey` (compared as
   * BSON bytes, without decoding; events kept as text by their summaries). What the diff's history
   * scans the whole log for.
   */
  sameDocumentBefore(seq: number): number[] {
    const out: number[] = [];
    const target = this.keyBytesAt(seq);
    if (!target) {
      const t = this.summaryAt(seq);
      if (!t?.key) return out;
      for (let s = this.firstSeq; s < seq; s++) {
        const e = this.summaryAt(s)!;
        if (e.ns === t.ns && e.key === t.key) out.push(s);
      }
      return out;
    }
    const [buf, ns, key] = target;
    let summary: EventSummary | undefined;
    for (let s = this.firstSeq; s < seq; s++) {
      const other = this.keyBytesAt(s);
      if (other) {
        if (sameBytes(buf, ns, other[0], other[1]) && sameBytes(buf, key, other[0], other[2])) out.push(s);
      } else if (this.side.has(s)) {
        // Kept only as text (bson could not write it): by its summary.
        summary ??= this.summaryAt(seq)!;
        const e = this.summaryAt(s)!;
        if (e.ns === summary.ns && e.key === summary.key) out.push(s);
      }
    }
    return out;
  }

  /** [slab, ns value range, documentKey value range] of a stored event that has a documentKey. */
  private keyBytesAt(seq: number): [Uint8Array, [number, number], [number, number]] | undefined {
    const pos = this.positionOf(seq);
    if (pos < 0 || this.flagsOf[pos] & FLAG_KEY_UNDEFINED || this.lengthOf[pos] === 0) return undefined;
    const buf = this.slabAt(pos);
    let ns: [number, number] = [0, 0];
    let key: [number, number] | undefined;
    for (const [, nameOffset, nameLength, offset, length] of bson().onDemand.parseToElements(buf, this.startOf[pos])) {
      if (nameLength === 2 && buf[nameOffset] === 0x6e && buf[nameOffset + 1] === 0x73)
        ns = [nameOffset - 1, offset + length];
      else if (
        nameLength === 11 &&
        bson().onDemand.ByteUtils.toUTF8(buf, nameOffset, nameOffset + 11, false) === 'documentKey'
      )
        key = [nameOffset - 1, offset + length];
    }
    return key && [buf, ns, key];
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
    this.listedAt = this.now();
    if (count <= 0 || this.size === 0) return [];
    const start = Math.max(Math.floor(fromSeq), this.firstSeq);
    const end = Math.min(start + Math.floor(count) - 1, this.lastSeq);
    const out: EventSummary[] = [];
    for (let seq = start; seq <= end; seq++) out.push(this.summaryAt(seq)!);
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
    this.count = 0;
    this.head = 0;
    this.resize(0);
    this.slabs = [];
    this.firstSlabId = 1;
    this.slabBytes = 0;
    this.used = 0;
    this.side.clear();
    this.sideBytes = 0;
    this.summaryCache.clear();
    this.keyBytes = 0;
    this.opCounts = {};
    this.appendedSinceClear = 0;
  }

  setLimits(maxEvents: number, maxBytes: number): void {
    this.maxEvents = Math.max(1, Math.floor(maxEvents));
    this.maxBytes = Math.max(1, Math.floor(maxBytes));
    const slabSize = slabSizeFor(this.maxBytes);
    // New slabs take the new size; the newest one is written no more (its events go as others come).
    if (slabSize !== this.slabSize) this.used = Number.MAX_SAFE_INTEGER;
    this.slabSize = slabSize;
    this.enforceLimits();
    // A lower count cap gives back the records it no longer needs.
    if (this.capacity > Math.max(MIN_RING, this.maxEvents)) this.resize(Math.max(MIN_RING, this.maxEvents));
  }

  /** Seq of the oldest retained event (lastSeq + 1 when empty). */
  get firstSeq(): number {
    return this.nextSeq - this.count;
  }
  get lastSeq(): number {
    return this.nextSeq - 1;
  }
  get size(): number {
    return this.count;
  }
  /** The memory the log holds, as the byte cap counts it: slabs, records and events kept as text. */
  get bytes(): number {
    return this.slabBytes + this.capacity * RECORD_BYTES + this.sideBytes + this.keyBytes;
  }
  /** Events appended since the last clear (retained or not). */
  get total(): number {
    return this.appendedSinceClear;
  }
  /** Events dropped by the caps since the log was made. */
  get evicted(): number {
    return this.evictedTotal;
  }

  private positionOf(seq: number): number {
    if (!Number.isInteger(seq) || seq < this.firstSeq || seq > this.lastSeq) return -1;
    return (this.head + (seq - this.firstSeq)) % this.capacity;
  }

  private slabAt(pos: number): Uint8Array {
    return this.slabs[this.slabOf[pos] - this.firstSlabId];
  }

  private readAt(pos: number): ImageReadOptions | undefined {
    const r = this.readOf[pos];
    return r === READ_NONE ? undefined : this.reads[r];
  }

  /** Writes the event's BSON after the newest slab's last; returns its length (`placedStart` its offset). */
  private place(change: Document): number {
    const { serializeWithBufferAndIndex, serialize } = bson();
    const slab = this.slabs[this.slabs.length - 1];
    if (slab !== undefined && this.used < slab.length) {
      try {
        const last = serializeWithBufferAndIndex(change, slab, { ...ENCODE, index: this.used });
        this.placedStart = this.used;
        this.used = last + 1;
        return last + 1 - this.placedStart;
      } catch (e) {
        // bson writes into its own buffer, then copies: a RangeError here is the copy not fitting the slab.
        if (!(e instanceof RangeError)) throw e;
      }
    }
    // A new slab; an event bigger than a slab is its own (exactly its size).
    return this.newSlab(serialize(change, ENCODE), true);
  }

  /** Copies an event's BSON after the newest slab's last (never keeps `bytes`: it is part of a whole reply). */
  private placeBytes(bytes: Uint8Array): number {
    const slab = this.slabs[this.slabs.length - 1];
    if (slab !== undefined && this.used + bytes.length <= slab.length) {
      slab.set(bytes, this.used);
      this.placedStart = this.used;
      this.used += bytes.length;
      return bytes.length;
    }
    return this.newSlab(bytes, false);
  }

  /** Starts a slab with `first`; `own`: the buffer is the log's to keep when it is bigger than a slab. */
  private newSlab(first: Uint8Array, own: boolean): number {
    // Slabs grow with the log (1/16 of what it holds, up to the cap's slab size): a quiet watch
    // holds a few KB, not a 4 MB slab for its first event.
    const size = Math.min(this.slabSize, Math.max(MIN_SLAB, 2 ** Math.floor(Math.log2(this.slabBytes / 16 + 1))));
    let next: Uint8Array = first;
    if (first.length <= size || !own) {
      next = Buffer.allocUnsafeSlow(Math.max(size, first.length));
      next.set(first, 0);
    }
    this.slabs.push(next);
    this.slabBytes += next.length;
    this.placedStart = 0;
    this.used = first.length;
    return first.length;
  }

  /** The whole event as text, as the log kept every event before: for what bson's round trip would change. */
  private asText(
    change: Document,
    seq: number,
    receivedAt: number,
    read: ImageReadOptions | undefined,
  ): SideEvent | undefined {
    let text: CanonicalText;
    try {
      text = canonicalText(change);
    } catch {
      return undefined;
    }
    const bytes = Buffer.byteLength(text.ejson, 'utf8');
    const summary = summarizeChange(change, seq, bytes, receivedAt, text.documentKey);
    // Strings are counted at two bytes a character: the engine keeps non-Latin-1 text so.
    const held = 2 * (text.ejson.length + text.id.length) + SIDE_OVERHEAD;
    const e: SideEvent = { seq, summary, ejson: text.ejson, token: text.id, bytes, held };
    if (read) (e as { read?: ImageReadOptions }).read = read;
    if (text.valueAt) (e as { valueAt?: IndexedOffsets }).valueAt = text.valueAt;
    return e;
  }

  /**
   * Text the quick filter derived from an event's BSON (its numbers' EJSON texts), made by `make` on
   * first need and kept while the event is, counted in the log's bytes like the key texts.
   */
  derivedNumbers(seq: number, make: (buf: Uint8Array, start: number, end: number) => string | null): string | null {
    const pos = this.positionOf(seq);
    if (pos < 0 || this.lengthOf[pos] === 0) return null;
    let text = this.numbersOf[pos];
    if (text === undefined) {
      text = make(this.slabAt(pos), this.startOf[pos], this.startOf[pos] + this.lengthOf[pos]);
      this.numbersOf[pos] = text;
      if (text !== null) this.keyBytes += KEY_TEXT_BYTES + text.length;
    }
    return text;
  }

  private keepKey(pos: number, key: string): void {
    if (pos < 0 || this.keyOf[pos] !== undefined) return;
    this.keyOf[pos] = key;
    this.keyBytes += KEY_TEXT_BYTES + key.length;
  }

  /**
   * The op, ns and key texts of an event's summary, written into `into`, without decoding the event:
   * what the quick filter reads beside the BSON. False when the seq is not in the log. Without
   * `withKey` the key is left '' (only free text reads it; making it the first time costs ~3 µs).
   */
  quickFieldsAt(seq: number, into: { op: string; ns: string; key: string }, withKey = true): boolean {
    const pos = this.positionOf(seq);
    if (pos < 0) return false;
    const op = this.opOf[pos];
    const ns = this.nsOf[pos];
    if (op === OP_OTHER || ns === NS_OTHER || this.flagsOf[pos] & FLAG_SIDE) {
      const s = this.summaryAt(seq)!;
      into.op = s.op;
      into.ns = s.ns;
      into.key = withKey ? s.key : '';
      return true;
    }
    into.op = this.ops[op];
    into.ns = this.nsTexts[ns];
    if (!withKey) {
      into.key = '';
      return true;
    }
    let key = this.keyOf[pos];
    if (key === undefined) {
      key = this.summaryCache.get(seq)?.key ?? this.keyTextAt(seq);
      this.keepKey(pos, key);
    }
    into.key = key;
    return true;
  }

  /** The summary's key text from the stored documentKey alone. */
  private keyTextAt(seq: number): string {
    const at = this.keyBytesAt(seq);
    if (!at) return '';
    // The element runs from its type byte: the value (a document) starts after "documentKey\0".
    const [buf, , [element, end]] = at;
    const value = bson().BSON.deserialize(buf.subarray(element + 1 + 'documentKey'.length + 1, end), {
      promoteLongs: false,
    });
    return keyTextOf(documentKeyEjson(value));
  }

  private nsId(ns: string): number {
    let id = this.nsIndex.get(ns);
    if (id === undefined) {
      // A deployment watch sees a few namespaces; one with endless ones stops interning them.
      if (this.nsTexts.length >= NS_OTHER) return NS_OTHER;
      id = this.nsTexts.length;
      this.nsTexts.push(ns);
      this.nsIndex.set(ns, id);
    }
    return id;
  }

  private opId(op: string): number {
    let id = this.opIndex.get(op);
    if (id === undefined) {
      // Operation names are a handful; a recording with endless made-up ones stops being interned.
      if (this.ops.length >= OP_OTHER) return OP_OTHER;
      id = this.ops.length;
      this.ops.push(op);
      this.opIndex.set(op, id);
    }
    return id;
  }

  private readId(read: ImageReadOptions): number {
    const key = `${read.fullDocument}\u0000${read.fullDocumentBeforeChange}`;
    let id = this.readIndex.get(key);
    if (id === undefined) {
      if (this.reads.length >= READ_NONE) return READ_NONE;
      id = this.reads.length;
      this.reads.push({ fullDocument: read.fullDocument, fullDocumentBeforeChange: read.fullDocumentBeforeChange });
      this.readIndex.set(key, id);
    }
    return id;
  }

  /** Moves the records into arrays of `n` (>= size) places, oldest first. */
  private resize(n: number): void {
    const slabOf = new Uint32Array(n);
    const startOf = new Uint32Array(n);
    const lengthOf = new Uint32Array(n);
    const opOf = new Uint16Array(n);
    const nsOf = new Uint16Array(n);
    const keyOf = new Array<string | undefined>(n);
    const numbersOf = new Array<string | null | undefined>(n);
    const readOf = new Uint8Array(n);
    const flagsOf = new Uint8Array(n);
    const receivedOf = new Float64Array(n);
    for (let k = 0; k < this.count; k++) {
      const from = (this.head + k) % this.capacity;
      slabOf[k] = this.slabOf[from];
      startOf[k] = this.startOf[from];
      lengthOf[k] = this.lengthOf[from];
      opOf[k] = this.opOf[from];
      nsOf[k] = this.nsOf[from];
      keyOf[k] = this.keyOf[from];
      numbersOf[k] = this.numbersOf[from];
      readOf[k] = this.readOf[from];
      flagsOf[k] = this.flagsOf[from];
      receivedOf[k] = this.receivedOf[from];
    }
    this.slabOf = slabOf;
    this.startOf = startOf;
    this.lengthOf = lengthOf;
    this.opOf = opOf;
    this.nsOf = nsOf;
    this.keyOf = keyOf;
    this.numbersOf = numbersOf;
    this.readOf = readOf;
    this.flagsOf = flagsOf;
    this.receivedOf = receivedOf;
    this.capacity = n;
    this.head = 0;
  }

  private evictOldest(): void {
    const seq = this.firstSeq;
    if (this.flagsOf[this.head] & FLAG_SIDE) {
      this.sideBytes -= this.side.get(seq)?.held ?? 0;
      this.side.delete(seq);
    }
    this.summaryCache.delete(seq);
    const key = this.keyOf[this.head];
    if (key !== undefined) {
      this.keyBytes -= KEY_TEXT_BYTES + key.length;
      this.keyOf[this.head] = undefined;
    }
    const numbers = this.numbersOf[this.head];
    if (numbers !== undefined) {
      if (numbers !== null) this.keyBytes -= KEY_TEXT_BYTES + numbers.length;
      this.numbersOf[this.head] = undefined;
    }
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    this.evictedTotal++;
    // The slabs before the new oldest event's hold nothing the log still has (the newest one stays).
    const keep = this.count > 0 ? this.slabOf[this.head] : this.firstSlabId + this.slabs.length - 1;
    while (this.firstSlabId < keep && this.slabs.length > 1) {
      this.slabBytes -= this.slabs[0].length;
      this.slabs.shift();
      this.firstSlabId++;
    }
  }

  private enforceLimits(): void {
    // The newest event always stays, even when it alone is over the byte cap.
    while (this.count > this.maxEvents || (this.bytes > this.maxBytes && this.count > 1)) this.evictOldest();
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

/**
 * One event read from its BSON: its fields are made when first asked, then kept by this view.
 * The slab region it reads is never written again (slabs are not reused), so a view stays valid
 * after its event is evicted, holding its slab alive for as long as someone holds the view.
 */
class StoredEvent implements LoggedEvent {
  private doc: Document | undefined;
  private text: CanonicalText | undefined;
  private sum: EventSummary | undefined;
  onSummary: ((summary: EventSummary) => void) | undefined;
  /** The log's summaries, while the event is still in it. */
  summaries: ((seq: number) => EventSummary | undefined) | undefined;

  constructor(
    readonly seq: number,
    private readonly buf: Uint8Array,
    private readonly start: number,
    readonly bytes: number,
    private readonly receivedAt: number,
    private readonly flags: number,
    readonly read: ImageReadOptions | undefined,
    /** The document appended, while the view returned by append is alive: no decoding for its first readers. */
    source?: Document,
  ) {
    this.doc = source;
  }

  knownSummary(summary: EventSummary): void {
    this.sum = summary;
  }

  get summary(): EventSummary {
    if (!this.sum) {
      this.sum =
        this.summaries?.(this.seq) ??
        summarizeChange(this.change(), this.seq, this.bytes, this.receivedAt, this.text?.documentKey);
      this.onSummary?.(this.sum);
    }
    return this.sum;
  }
  get ejson(): string {
    return this.canonical().ejson;
  }
  get token(): string {
    return this.text ? this.text.id : tokenOf(this.buf, this.start, this.flags);
  }
  get valueAt(): IndexedOffsets | undefined {
    return this.canonical().valueAt;
  }

  private change(): Document {
    this.doc ??= decodeChange(this.buf, this.start, this.flags);
    return this.doc;
  }

  private canonical(): CanonicalText {
    this.text ??= canonicalText(this.change());
    return this.text;
  }
}

/**
 * The event as the appended document was: Long stays Long (promoteLongs: false), numbers come back
 * as numbers, BSON regexes as BSONRegExp; the events whose text this would change are kept as text.
 */
function decodeChange(buf: Uint8Array, start: number, flags: number): Document {
  const doc = bson().deserialize(buf, { ...DECODE, index: start });
  // BSON has no undefined: it was written as null; these two decide the token's and key's text.
  if (flags & FLAG_ID_UNDEFINED && '_id' in doc) doc._id = undefined;
  if (flags & FLAG_KEY_UNDEFINED && 'documentKey' in doc) doc.documentKey = undefined;
  return doc;
}

/** The top-level fields summarizeChange reads (test/unit/core/events pins its summaries from these). */
const SUMMARY_FIELDS = new Set([
  'operationType',
  'wallTime',
  'clusterTime',
  'ns',
  'documentKey',
  'updateDescription',
  'splitEvent',
  'lsid',
  'txnNumber',
  'to',
]);
/** Fields the summary only asks whether they are there (hasPost, hasPre): not worth decoding. */
const PRESENCE_FIELDS = new Set(['fullDocument', 'fullDocumentBeforeChange']);
const BSON_OBJECT = 3;
const BSON_UNDEFINED = 6;
const BSON_NULL = 10;
const scratch = new Uint8Array(16 << 10);

/**
 * The part of the event a summary needs, decoded without the images (most of an event's bytes):
 * those elements are copied into a small document that bson decodes, an image that is there
 * stands in as `{}`.
 */
function summaryFields(buf: Uint8Array, start: number, flags: number): Document {
  const { onDemand } = bson();
  let elements: Iterable<[number, number, number, number, number]>;
  try {
    elements = onDemand.parseToElements(buf, start);
  } catch {
    return decodeChange(buf, start, flags);
  }
  let size = 4;
  const wanted: number[] = [];
  for (const [type, nameOffset, nameLength, offset, length] of elements) {
    const name = onDemand.ByteUtils.toUTF8(buf, nameOffset, nameOffset + nameLength, false);
    if (SUMMARY_FIELDS.has(name)) {
      wanted.push(nameOffset - 1, offset + length, -1);
      size += offset + length - nameOffset + 1;
    } else if (PRESENCE_FIELDS.has(name)) {
      const present = type !== BSON_NULL && type !== BSON_UNDEFINED;
      wanted.push(nameOffset - 1, nameOffset + nameLength + 1, present ? BSON_OBJECT : type);
      size += nameLength + 2 + (present ? 5 : 0);
    }
  }
  size += 1;
  // The scratch space is reused; a summary of a huge updateDescription gets its own.
  const out = size <= scratch.length ? scratch : new Uint8Array(size);
  let at = 4;
  for (let i = 0; i < wanted.length; i += 3) {
    const [from, to, as] = [wanted[i], wanted[i + 1], wanted[i + 2]];
    out.set(buf.subarray(from, to), at);
    if (as >= 0) {
      out[at] = as;
      if (as === BSON_OBJECT) out.set(EMPTY_DOCUMENT, at + to - from);
    }
    at += to - from + (as === BSON_OBJECT ? 5 : 0);
  }
  out[at] = 0;
  new DataView(out.buffer, out.byteOffset).setInt32(0, size, true);
  const doc = bson().deserialize(out, DECODE);
  if (flags & FLAG_KEY_UNDEFINED && 'documentKey' in doc) doc.documentKey = undefined;
  return doc;
}
const EMPTY_DOCUMENT = new Uint8Array([5, 0, 0, 0, 0]);

/** Whether two byte ranges are equal (written here: a loop over a few dozen bytes, no Buffer views made). */
function sameBytes(
  a: Uint8Array,
  [aFrom, aTo]: [number, number],
  b: Uint8Array,
  [bFrom, bTo]: [number, number],
): boolean {
  if (aTo - aFrom !== bTo - bFrom) return false;
  for (let i = 0; i < aTo - aFrom; i++) if (a[aFrom + i] !== b[bFrom + i]) return false;
  return true;
}

/** `_id`, '_', 'i', 'd', NUL: the first element's name a change event has. */
const ID_NAME = [0x5f, 0x69, 0x64, 0x00];

/** The token's canonical EJSON, decoding only the `_id` subdocument when it is the first element, as in every change event. */
function tokenOf(buf: Uint8Array, start: number, flags: number): string {
  if (flags & FLAG_ID_UNDEFINED) return '';
  // Written here: bson has no public call that reads one field of a document.
  const t = start + 4;
  if (
    buf[t] === 3 &&
    buf[t + 1] === ID_NAME[0] &&
    buf[t + 2] === ID_NAME[1] &&
    buf[t + 3] === ID_NAME[2] &&
    buf[t + 4] === 0
  ) {
    const id = bson().deserialize(buf, { ...DECODE, index: t + 5 });
    return canonicalText(id).ejson;
  }
  return canonicalText(decodeChange(buf, start, flags)).id;
}

/** bson types whose value and canonical text survive BSON and back (decoded as DECODE says). */
const ROUND_TRIP_TYPES = new Set([
  'ObjectId',
  'Long',
  'Timestamp',
  'Int32',
  'Decimal128',
  'Binary',
  'Code',
  'MinKey',
  'MaxKey',
  'DBRef',
  'BSONRegExp',
]);
const MAX_DEPTH = 200;

/**
 * Whether BSON and back gives a document of the same canonical EJSON. Not so for a Double holding a
 * whole number (it comes back a number: $numberInt), an unsigned Long, a BSONSymbol (a string), a JS RegExp (its flags),
 * an invalid Date, a string with a lone surrogate, bigint/function/symbol values and objects of other classes. The driver hands over
 * none of these (its doubles are numbers), so this walk, about a sixth of a serialize, almost always says yes.
 */
function roundTrips(change: Document): boolean {
  const proto: unknown = Object.getPrototypeOf(change);
  if (proto !== Object.prototype && proto !== null) return false;
  return valuesRoundTrip(change, 0);
}

function valuesRoundTrip(o: Record<string, unknown> | unknown[], depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) if (!valueRoundTrips(o[i], depth)) return false;
    return true;
  }
  for (const k in o) if (!wellFormed(k) || !valueRoundTrips(o[k], depth)) return false;
  return true;
}

/** BSON strings are UTF-8: a lone surrogate would come back as U+FFFD. */
const wellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

function valueRoundTrips(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string':
      return wellFormed(v);
    case 'number':
    case 'boolean':
    case 'undefined':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (v === null) return true;
  const bsontype = (v as { _bsontype?: unknown })._bsontype;
  if (bsontype !== undefined) {
    if (bsontype === 'Double') {
      const n = (v as { value: number }).value;
      return !Number.isInteger(n) || Object.is(n, -0);
    }
    // BSON's int64 is signed: an unsigned Long over 2^63 would come back negative.
    if (bsontype === 'Long') return (v as { unsigned?: unknown }).unsigned !== true;
    return typeof bsontype === 'string' && ROUND_TRIP_TYPES.has(bsontype);
  }
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return false;
  return valuesRoundTrip(v as Record<string, unknown>, depth + 1);
}

/** A documentKey's canonical EJSON by the one-pass writer (wrapped: it takes a document). */
function documentKeyEjson(key: unknown): string {
  return canonicalText({ k: key }).ejson.slice(5, -1);
}
