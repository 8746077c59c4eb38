// The webview's model of one watch: the retained event summaries and the watch's counters, status and
// options, updated from host notifications. Pure data (no DOM) so the transitions are easy to test.
import type {
  EventSummary,
  HostNotification,
  OperationCounts,
  PanelSnapshot,
  SessionStatus,
  WatchOptions,
} from '../../src/shared/protocol';

/** The webview keeps at most this many rows; older ones stay in the host's EventLog. */
export const MAX_ROWS = 10_000;

export interface WatchView {
  title: string;
  status: SessionStatus;
  options: WatchOptions;
  counts: OperationCounts;
  total: number;
  rate: number;
  evicted: number;
  firstSeq: number;
  lastSeq: number;
}

export class InspectorStore extends EventTarget {
  /** Undefined until the first snapshot arrives. */
  watch: WatchView | undefined;
  rows: readonly EventSummary[] = [];

  apply(n: HostNotification): void {
    switch (n.method) {
      case 'snapshot':
        this.applySnapshot(n.params);
        break;
      case 'appended': {
        const p = n.params;
        if (!this.watch) return;
        const last = this.rows.length ? this.rows[this.rows.length - 1].seq : -1;
        // Appends can overlap a snapshot that already held them: keep seqs strictly increasing.
        const fresh = p.summaries.filter((s) => s.seq > last);
        this.rows = trim([...this.rows, ...fresh], p.firstSeq);
        Object.assign(this.watch, {
          counts: p.counts,
          total: p.total,
          rate: p.rate,
          evicted: p.evicted,
          firstSeq: p.firstSeq,
          lastSeq: p.lastSeq,
        });
        break;
      }
      case 'status':
        if (!this.watch) return;
        this.watch.status = n.params;
        break;
      case 'options':
        if (!this.watch) return;
        this.watch.options = n.params;
        break;
      case 'cleared':
        if (!this.watch) return;
        this.rows = [];
        this.watch.firstSeq = n.params.firstSeq;
        this.watch.lastSeq = n.params.lastSeq;
        this.watch.counts = {};
        this.watch.total = 0;
        this.watch.rate = 0;
        break;
      default:
        return;
    }
    this.dispatchEvent(new CustomEvent('change', { detail: n.method }));
  }

  indexOfSeq(seq: number): number {
    // Rows are sorted by seq: binary search keeps keyboard navigation cheap on 10k rows.
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.rows[mid].seq;
      if (s === seq) return mid;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private applySnapshot(s: PanelSnapshot): void {
    this.watch = {
      title: s.title,
      status: s.status,
      options: s.options,
      counts: s.counts,
      total: s.total,
      rate: s.rate,
      evicted: s.evicted,
      firstSeq: s.firstSeq,
      lastSeq: s.lastSeq,
    };
    this.rows = trim(
      [...s.summaries].sort((a, b) => a.seq - b.seq),
      s.firstSeq,
    );
  }
}

function trim(rows: EventSummary[], firstSeq: number): EventSummary[] {
  let start = 0;
  while (start < rows.length && rows[start].seq < firstSeq) start++;
  start = Math.max(start, rows.length - MAX_ROWS);
  return start > 0 ? rows.slice(start) : rows;
}
