// The list's rows, paged in from the host's EventLog: seqs firstSeq..lastSeq are contiguous, so row i is
// seq firstSeq + i whether or not its summary is here yet. Summaries are cached in pages of PAGE seqs
// (at most MAX_PAGES, least recently used dropped) and fetched with getSummaries when a visible page is
// incomplete, so any log size scrolls without the webview holding it. An optional operation filter
// narrows the rows to the matching summaries the webview holds (the host-side quick filter comes later).
// A seq window (the insight chart's brushed time range, resolved to seqs by the host) narrows the rows
// to that contiguous run of seqs, still paged in with getSummaries.
import type { EventSummary } from '../../src/shared/protocol';

/** Seqs per page: one getSummaries request (the protocol allows up to 1000). */
export const PAGE = 500;
/** Pages kept in memory: 20,000 summaries. */
export const MAX_PAGES = 40;
/** Matches a filter keeps, newest ones. */
export const MAX_MATCHES = 20_000;

export type FetchSummaries = (fromSeq: number, count: number) => Promise<EventSummary[]>;

interface Page {
  rows: (EventSummary | undefined)[];
  used: number;
}

export class RowSource extends EventTarget {
  firstSeq = 1;
  lastSeq = 0;
  private readonly pages = new Map<number, Page>();
  private readonly loading = new Set<number>();
  private clock = 0;
  /** Bumped by snapshot and clear: a page answer for an older range is dropped. */
  private generation = 0;
  private filterOps: ReadonlySet<string> | undefined;
  private matches: EventSummary[] = [];
  private window: { fromSeq: number; toSeq: number } | undefined;

  constructor(private fetch?: FetchSummaries) {
    super();
  }

  setFetch(fetch: FetchSummaries): void {
    this.fetch = fetch;
  }

  get filter(): ReadonlySet<string> | undefined {
    return this.filterOps;
  }

  /** Rows in the list: every retained seq (of the window), or the held matches of the filter. */
  get count(): number {
    return this.filterOps ? this.matches.length : Math.max(0, this.hiSeq - this.loSeq + 1);
  }

  /** The seq window shown (undefined: all retained seqs). */
  get seqWindow(): { fromSeq: number; toSeq: number } | undefined {
    return this.window;
  }

  /** Only the rows of seqs fromSeq..toSeq (the brushed time range); undefined shows every row again. */
  setSeqWindow(window: { fromSeq: number; toSeq: number } | undefined): void {
    this.window = window ? { ...window } : undefined;
    this.rebuildMatches();
    this.changed();
  }

  private get loSeq(): number {
    return this.window ? Math.max(this.window.fromSeq, this.firstSeq) : this.firstSeq;
  }

  private get hiSeq(): number {
    return this.window ? Math.min(this.window.toSeq, this.lastSeq) : this.lastSeq;
  }

  private inWindow(seq: number): boolean {
    return !this.window || (seq >= this.window.fromSeq && seq <= this.window.toSeq);
  }

  /** Summaries held in the webview (bounded by MAX_PAGES × PAGE). */
  get held(): number {
    let n = 0;
    for (const p of this.pages.values()) n += p.rows.reduce((a, r) => (r && r.seq >= this.firstSeq ? a + 1 : a), 0);
    return n;
  }

  /** The seq shown at an oldest-first index, or undefined past the end. */
  seqAt(index: number): number | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.filterOps ? this.matches[index].seq : this.loSeq + index;
  }

  indexOf(seq: number): number {
    if (!this.filterOps) return seq >= this.loSeq && seq <= this.hiSeq ? seq - this.loSeq : -1;
    let lo = 0;
    let hi = this.matches.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.matches[mid].seq;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The summary at an oldest-first index if the webview holds it. */
  rowAt(index: number): EventSummary | undefined {
    if (this.filterOps) return this.matches[index];
    const seq = this.seqAt(index);
    return seq === undefined ? undefined : this.get(seq);
  }

  /** The summary of a retained seq if the webview holds it. */
  get(seq: number): EventSummary | undefined {
    if (seq < this.firstSeq || seq > this.lastSeq) return undefined;
    const page = this.pages.get(Math.floor(seq / PAGE));
    if (!page) return undefined;
    page.used = ++this.clock;
    return page.rows[seq % PAGE];
  }

  snapshot(firstSeq: number, lastSeq: number, summaries: readonly EventSummary[]): void {
    this.generation++;
    this.pages.clear();
    this.loading.clear();
    this.firstSeq = firstSeq;
    this.lastSeq = lastSeq;
    for (const s of summaries) this.put(s);
    this.trim();
    this.rebuildMatches();
    this.changed();
  }

  appended(summaries: readonly EventSummary[], firstSeq: number, lastSeq: number): void {
    this.firstSeq = firstSeq;
    this.lastSeq = Math.max(this.lastSeq, lastSeq);
    for (const s of summaries) this.put(s);
    this.dropBelow(firstSeq);
    if (this.filterOps) {
      const last = this.matches.length ? this.matches[this.matches.length - 1].seq : -1;
      for (const s of summaries)
        if (s.seq > last && this.filterOps.has(s.op) && this.inWindow(s.seq)) this.matches.push(s);
      let cut = 0;
      while (cut < this.matches.length && this.matches[cut].seq < firstSeq) cut++;
      cut = Math.max(cut, this.matches.length - MAX_MATCHES);
      if (cut > 0) this.matches = this.matches.slice(cut);
    }
    this.trim();
    this.changed();
  }

  cleared(firstSeq: number, lastSeq: number): void {
    this.generation++;
    this.pages.clear();
    this.loading.clear();
    this.matches = [];
    this.firstSeq = firstSeq;
    this.lastSeq = lastSeq;
    this.changed();
  }

  /** Only rows of these operations (undefined: all rows). */
  setFilter(ops: readonly string[] | undefined): void {
    this.filterOps = ops && ops.length > 0 ? new Set(ops) : undefined;
    this.rebuildMatches();
    this.changed();
  }

  /** Asks the host for the incomplete pages behind oldest-first indexes from..to (inclusive). */
  ensure(from: number, to: number): void {
    if (this.filterOps || !this.fetch || this.count === 0) return;
    const lo = Math.max(this.loSeq, this.loSeq + from);
    const hi = Math.min(this.hiSeq, this.loSeq + to);
    for (let p = Math.floor(lo / PAGE); p <= Math.floor(hi / PAGE); p++) {
      if (!this.loading.has(p) && !this.complete(p)) void this.load(p);
    }
  }

  private complete(p: number): boolean {
    const page = this.pages.get(p);
    if (!page) return false;
    const start = Math.max(p * PAGE, this.firstSeq);
    const end = Math.min(p * PAGE + PAGE - 1, this.lastSeq);
    for (let seq = start; seq <= end; seq++) if (!page.rows[seq % PAGE]) return false;
    return true;
  }

  private async load(p: number): Promise<void> {
    const generation = this.generation;
    const from = Math.max(p * PAGE, this.firstSeq);
    const count = Math.min(p * PAGE + PAGE - 1, this.lastSeq) - from + 1;
    if (count <= 0 || !this.fetch) return;
    this.loading.add(p);
    try {
      const rows = await this.fetch(from, count);
      if (generation !== this.generation) return;
      for (const s of rows) if (s.seq >= this.firstSeq && s.seq <= this.lastSeq) this.put(s);
      this.trim(p);
      this.changed();
    } catch {
      // A failed page stays incomplete; the next render asks again.
    } finally {
      if (generation === this.generation) this.loading.delete(p);
    }
  }

  private put(s: EventSummary): void {
    const key = Math.floor(s.seq / PAGE);
    let page = this.pages.get(key);
    if (!page) {
      page = { rows: new Array<EventSummary | undefined>(PAGE), used: 0 };
      this.pages.set(key, page);
    }
    page.used = ++this.clock;
    page.rows[s.seq % PAGE] = s;
  }

  private dropBelow(firstSeq: number): void {
    const keep = Math.floor(firstSeq / PAGE);
    for (const key of this.pages.keys()) if (key < keep) this.pages.delete(key);
  }

  /** Drops least recently used pages beyond MAX_PAGES, never the newest page nor `keep`. */
  private trim(keep?: number): void {
    if (this.pages.size <= MAX_PAGES) return;
    const newest = Math.floor(this.lastSeq / PAGE);
    const byAge = [...this.pages.entries()]
      .filter(([k]) => k !== newest && k !== keep)
      .sort((a, b) => a[1].used - b[1].used);
    for (const [key] of byAge.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(key);
  }

  private rebuildMatches(): void {
    this.matches = [];
    if (!this.filterOps) return;
    for (const key of [...this.pages.keys()].sort((a, b) => a - b)) {
      for (const s of this.pages.get(key)!.rows) {
        if (s && s.seq >= this.firstSeq && this.filterOps.has(s.op) && this.inWindow(s.seq)) this.matches.push(s);
      }
    }
    if (this.matches.length > MAX_MATCHES) this.matches = this.matches.slice(-MAX_MATCHES);
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}
