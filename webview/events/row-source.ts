// The list's rows, paged in from the host's EventLog. Without a quick filter, rows are the retained seqs
// firstSeq..lastSeq (contiguous, so row i is seq firstSeq + i whether or not its summary is here yet).
// With one, rows are the host's matches of that filter over its WHOLE log, numbered by ordinals first..last
// that never shift (evicted matches leave from the front). Either way summaries are cached in pages of
// PAGE positions (at most MAX_PAGES, least recently used dropped) and fetched when a visible page is
// incomplete, so any log size scrolls without the webview holding it.
import type { EventSummary, QuickFilterAppend } from '../../src/shared/protocol';

/** Positions per page: one request (the protocol allows up to 1000). */
export const PAGE = 500;
/** Pages kept in memory: 20,000 summaries. */
export const MAX_PAGES = 40;

export type FetchSummaries = (fromSeq: number, count: number) => Promise<EventSummary[]>;
/** Summaries of the matches from an ordinal on; `from` is the ordinal of the first (null: the filter is gone). */
export type FetchMatches = (
  filterId: number,
  fromOrdinal: number,
  count: number,
) => Promise<{ from: number; first: number; last: number; summaries: EventSummary[] } | null>;

interface Page {
  rows: (EventSummary | undefined)[];
  used: number;
}

/** The quick filter's picture as the host answered it. */
export interface MatchWindow {
  filterId: number;
  first: number;
  last: number;
  from: number;
  summaries: readonly EventSummary[];
}

/** A contiguous range of positions first..last with their summaries paged in. */
class Lane {
  first = 1;
  last = 0;
  readonly pages = new Map<number, Page>();
  private readonly loading = new Set<number>();
  private clock = 0;
  /** Bumped by reset: a page answer for an older range is dropped. */
  private generation = 0;

  constructor(
    private fetch:
      ((from: number, count: number) => Promise<{ from: number; summaries: EventSummary[] } | null>) | undefined,
    private readonly changed: () => void,
  ) {}

  setFetch(fetch: (from: number, count: number) => Promise<{ from: number; summaries: EventSummary[] } | null>): void {
    this.fetch = fetch;
  }

  get count(): number {
    return Math.max(0, this.last - this.first + 1);
  }

  reset(first: number, last: number): void {
    this.generation++;
    this.pages.clear();
    this.loading.clear();
    this.first = first;
    this.last = last;
  }

  /** New range ends (appends, evictions): drops what left and keeps the rest. */
  moveTo(first: number, last: number): void {
    this.first = first;
    this.last = Math.max(this.last, last);
    const keep = Math.floor(first / PAGE);
    for (const key of this.pages.keys()) if (key < keep) this.pages.delete(key);
  }

  get(pos: number): EventSummary | undefined {
    if (pos < this.first || pos > this.last) return undefined;
    const page = this.pages.get(Math.floor(pos / PAGE));
    if (!page) return undefined;
    page.used = ++this.clock;
    return page.rows[pos % PAGE];
  }

  put(pos: number, s: EventSummary): void {
    const key = Math.floor(pos / PAGE);
    let page = this.pages.get(key);
    if (!page) {
      page = { rows: new Array<EventSummary | undefined>(PAGE), used: 0 };
      this.pages.set(key, page);
    }
    page.used = ++this.clock;
    page.rows[pos % PAGE] = s;
  }

  /** The position holding this seq among the held summaries (positions ascend with seqs), else -1. */
  positionOf(seq: number): number {
    for (const [key, page] of this.pages) {
      for (let i = 0; i < PAGE; i++) {
        const s = page.rows[i];
        if (s && s.seq === seq) {
          const pos = key * PAGE + i;
          return pos >= this.first && pos <= this.last ? pos : -1;
        }
      }
    }
    return -1;
  }

  held(): number {
    let n = 0;
    for (const [key, p] of this.pages)
      for (let i = 0; i < PAGE; i++) if (p.rows[i] && key * PAGE + i >= this.first) n++;
    return n;
  }

  /** Asks for the incomplete pages behind indexes from..to (inclusive, from `first`). */
  ensure(from: number, to: number): void {
    if (!this.fetch || this.count === 0) return;
    const lo = Math.max(this.first, this.first + from);
    const hi = Math.min(this.last, this.first + to);
    for (let p = Math.floor(lo / PAGE); p <= Math.floor(hi / PAGE); p++) {
      if (!this.loading.has(p) && !this.complete(p)) void this.load(p);
    }
  }

  private complete(p: number): boolean {
    const page = this.pages.get(p);
    if (!page) return false;
    const start = Math.max(p * PAGE, this.first);
    const end = Math.min(p * PAGE + PAGE - 1, this.last);
    for (let pos = start; pos <= end; pos++) if (!page.rows[pos % PAGE]) return false;
    return true;
  }

  private async load(p: number): Promise<void> {
    const generation = this.generation;
    const from = Math.max(p * PAGE, this.first);
    const count = Math.min(p * PAGE + PAGE - 1, this.last) - from + 1;
    if (count <= 0 || !this.fetch) return;
    this.loading.add(p);
    try {
      const answer = await this.fetch(from, count);
      if (generation !== this.generation || !answer) return;
      answer.summaries.forEach((s, i) => {
        const pos = answer.from + i;
        if (pos >= this.first && pos <= this.last) this.put(pos, s);
      });
      this.trim(p);
      this.changed();
    } catch {
      // A failed page stays incomplete; the next render asks again.
    } finally {
      if (generation === this.generation) this.loading.delete(p);
    }
  }

  /** Drops least recently used pages beyond MAX_PAGES, never the newest page nor `keep`. */
  trim(keep?: number): void {
    if (this.pages.size <= MAX_PAGES) return;
    const newest = Math.floor(this.last / PAGE);
    const byAge = [...this.pages.entries()]
      .filter(([k]) => k !== newest && k !== keep)
      .sort((a, b) => a[1].used - b[1].used);
    for (const [key] of byAge.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(key);
  }
}

export class RowSource extends EventTarget {
  private readonly all: Lane;
  /** The quick filter's matches while one is set. */
  private matches: Lane | undefined;
  private matchFilterId = 0;
  private fetchMatches: FetchMatches | undefined;

  constructor(fetch?: FetchSummaries) {
    super();
    this.all = new Lane(undefined, () => this.changed());
    if (fetch) this.setFetch(fetch);
  }

  setFetch(fetch: FetchSummaries): void {
    // getSummaries answers contiguous seqs from the first retained one asked for.
    this.all.setFetch((from, count) =>
      fetch(from, count).then((summaries) => ({ from: summaries[0]?.seq ?? from, summaries })),
    );
  }

  get firstSeq(): number {
    return this.all.first;
  }
  get lastSeq(): number {
    return this.all.last;
  }

  /** A quick filter is set: rows are its matches. */
  get filtering(): boolean {
    return this.matches !== undefined;
  }
  get filterId(): number {
    return this.matches ? this.matchFilterId : 0;
  }

  /** Events in the buffer (filtered or not). */
  get total(): number {
    return this.all.count;
  }

  /** Rows in the list: every retained seq, or the quick filter's retained matches. */
  get count(): number {
    return (this.matches ?? this.all).count;
  }

  /** Summaries held in the webview (bounded by MAX_PAGES × PAGE per lane). */
  get held(): number {
    return this.all.held() + (this.matches?.held() ?? 0);
  }

  /** The seq shown at an oldest-first index, or undefined past the end (or not loaded yet, when filtering). */
  seqAt(index: number): number | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.matches ? this.matches.get(this.matches.first + index)?.seq : this.all.first + index;
  }

  indexOf(seq: number): number {
    if (!this.matches) return seq >= this.all.first && seq <= this.all.last ? seq - this.all.first : -1;
    const pos = this.matches.positionOf(seq);
    return pos < 0 ? -1 : pos - this.matches.first;
  }

  /** The summary at an oldest-first index if the webview holds it. */
  rowAt(index: number): EventSummary | undefined {
    const lane = this.matches ?? this.all;
    return index < 0 || index >= lane.count ? undefined : lane.get(lane.first + index);
  }

  /** The summary of a retained seq if the webview holds it. */
  get(seq: number): EventSummary | undefined {
    return this.all.get(seq);
  }

  snapshot(firstSeq: number, lastSeq: number, summaries: readonly EventSummary[]): void {
    this.all.reset(firstSeq, lastSeq);
    for (const s of summaries) this.all.put(s.seq, s);
    this.all.trim();
    this.changed();
  }

  appended(summaries: readonly EventSummary[], firstSeq: number, lastSeq: number, quick?: QuickFilterAppend): void {
    this.all.moveTo(firstSeq, lastSeq);
    for (const s of summaries) this.all.put(s.seq, s);
    this.all.trim();
    if (this.matches && quick && quick.filterId === this.matchFilterId) {
      this.matches.moveTo(quick.first, quick.last);
      quick.summaries.forEach((s, i) => this.matches!.put(quick.from + i, s));
      this.matches.trim();
    }
    this.changed();
  }

  cleared(firstSeq: number, lastSeq: number): void {
    this.all.reset(firstSeq, lastSeq);
    if (this.matches) this.matches.reset(this.matches.last + 1, this.matches.last);
    this.changed();
  }

  /** Shows the quick filter's matches (a new filter id starts afresh; the same one refreshes). */
  setMatches(w: MatchWindow, fetch: FetchMatches): void {
    this.fetchMatches = fetch;
    if (!this.matches || w.filterId !== this.matchFilterId) {
      this.matchFilterId = w.filterId;
      this.matches = new Lane(
        (from, count) => this.fetchMatchPage(w.filterId, from, count),
        () => this.changed(),
      );
    }
    this.matches.reset(w.first, w.last);
    w.summaries.forEach((s, i) => this.matches!.put(w.from + i, s));
    this.matches.trim();
    this.changed();
  }

  /** Back to every retained event. */
  clearMatches(): void {
    if (!this.matches) return;
    this.matches = undefined;
    this.matchFilterId = 0;
    this.changed();
  }

  /** Asks the host for the incomplete pages behind oldest-first indexes from..to (inclusive). */
  ensure(from: number, to: number): void {
    (this.matches ?? this.all).ensure(from, to);
  }

  private async fetchMatchPage(filterId: number, from: number, count: number) {
    if (!this.fetchMatches || filterId !== this.matchFilterId) return null;
    const page = await this.fetchMatches(filterId, from, count);
    if (!page || filterId !== this.matchFilterId || !this.matches) return null;
    // The host's range moved on meanwhile (evictions): take its ends.
    this.matches.moveTo(page.first, Math.max(this.matches.last, page.last));
    return page;
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}
