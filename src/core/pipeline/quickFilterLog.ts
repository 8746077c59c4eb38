// The quick filter over one watch's whole EventLog: the matching seqs, kept up to date as events are
// appended (only the new ones are scanned) and evicted (dropped from the front), numbered by ordinals
// that never shift, so a view can page through them as it pages through seqs.
import type { EventLog } from '../events/eventLog';
import type { EventSummary } from '../events/model';
import { matchesQuickFilterBson, numberTexts } from './bsonFilter';
import { matchesQuickFilter, parseQuickFilter, type QuickFilterError, type QuickFilterQuery } from './quickFilter';

/**
 * The one function that reads the log for the quick filter: appends the seqs from `fromSeq` on that
 * pass `q` to `out` and returns the last seq it looked at. If the log's storage changes, only this changes.
 */
export function matchLog(log: EventLog, q: QuickFilterQuery, fromSeq: number, out: number[]): number {
  const last = log.lastSeq;
  // One object for every event's op/ns/key: the BSON filter reads it only during its call.
  const fields = { op: '', ns: '', key: '' };
  const withKey = q.termRes.length > 0;
  let seq = 0;
  // A term of digits reads the event's number texts, which the log keeps once made.
  const numbers = q.terms.some((t) => /^\d+$/.test(t)) ? () => log.derivedNumbers(seq, numberTexts) : undefined;
  for (seq = Math.max(fromSeq, log.firstSeq); seq <= last; seq++) {
    const b = log.bsonAt(seq);
    if (b) {
      if (log.quickFieldsAt(seq, fields, withKey) && matchesQuickFilterBson(b.buf, b.start, b.end, fields, q, numbers))
        out.push(seq);
    } else {
      // Kept as text (bson's round trip would change it): the EJSON filter, on its text.
      const e = log.get(seq);
      if (e && matchesQuickFilter(e, q)) out.push(seq);
    }
  }
  return last;
}

export interface QuickFilterRange {
  /** Ordinals of the retained matches: first..last (last < first when none). */
  first: number;
  last: number;
}

export class QuickFilterSession {
  /** Names the current filter; bumped on every change so stale pages and appends can be told apart. */
  id = 0;
  private query: QuickFilterQuery | undefined;
  private key = '';
  private seqs: number[] = [];
  private head = 0;
  /** Ordinal of seqs[head]. */
  private base = 1;
  private scanned = 0;
  /** The last ordinal handed out by takeNew (or by the window that set the filter). */
  private sentOrdinal = 0;

  constructor(private readonly log: EventLog) {}

  get active(): boolean {
    return this.query !== undefined;
  }

  /** Sets the filter (empty text and no ops: none). The same text and ops again keep the matches. */
  set(text: string, ops: readonly string[]): { ok: true } | QuickFilterError {
    const trimmed = text.trim();
    if (trimmed === '' && ops.length === 0) {
      this.clear();
      return { ok: true };
    }
    const key = JSON.stringify([trimmed, [...ops].sort()]);
    if (this.query && key === this.key) {
      this.sync();
      return { ok: true };
    }
    const parsed = parseQuickFilter(trimmed, ops);
    if (!parsed.ok) return parsed;
    this.id++;
    this.query = parsed.query;
    this.key = key;
    this.seqs = [];
    this.head = 0;
    this.base = 1;
    this.scanned = matchLog(this.log, parsed.query, this.log.firstSeq, this.seqs);
    return { ok: true };
  }

  clear(): void {
    if (!this.query) return;
    this.id++;
    this.query = undefined;
    this.key = '';
    this.seqs = [];
    this.head = 0;
    this.base = 1;
    this.scanned = 0;
  }

  /** Forgets evicted (or cleared) matches and scans the events appended since the last look. */
  sync(): void {
    if (!this.query) return;
    const firstSeq = this.log.firstSeq;
    while (this.head < this.seqs.length && this.seqs[this.head] < firstSeq) {
      this.head++;
      this.base++;
    }
    if (this.head > 1024 && this.head * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.head);
      this.head = 0;
    }
    if (this.log.lastSeq > this.scanned) this.scanned = matchLog(this.log, this.query, this.scanned + 1, this.seqs);
  }

  range(): QuickFilterRange {
    return { first: this.base, last: this.base + this.seqs.length - this.head - 1 };
  }

  get matched(): number {
    return this.seqs.length - this.head;
  }

  /** Summaries of the matches at ordinals from..from+count-1 (clipped to the retained ones). */
  summaries(fromOrdinal: number, count: number): { from: number; summaries: EventSummary[] } {
    const { first, last } = this.range();
    const from = Math.max(first, Math.floor(fromOrdinal));
    const to = Math.min(last, from + Math.floor(count) - 1);
    const out: EventSummary[] = [];
    for (let o = from; o <= to; o++) {
      const e = this.log.get(this.seqs[this.head + o - this.base]);
      if (e) out.push(e.summary);
    }
    return { from, summaries: out };
  }

  /** The newest `n` matches; what follows them is reported by takeNew. */
  latest(n: number): { from: number; summaries: EventSummary[] } {
    const { last } = this.range();
    this.sentOrdinal = last;
    return this.summaries(last - n + 1, n);
  }

  /** Matches appended since the last takeNew/latest (the newest `max` of them). */
  takeNew(max: number): { from: number; summaries: EventSummary[] } {
    this.sync();
    const { last } = this.range();
    const from = Math.max(this.sentOrdinal + 1, last - max + 1);
    this.sentOrdinal = last;
    return from <= last ? this.summaries(from, last - from + 1) : { from: last + 1, summaries: [] };
  }
}
