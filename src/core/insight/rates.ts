// Live insight figures over received events: events per second in fixed buckets, counts per
// operation and per namespace, and lag (now − event cluster time). Pure; the host feeds it.
export interface InsightSample {
  /** Epoch ms of the event (its wallTime or cluster time, as the list shows it). */
  at: number;
  /** Event cluster time seconds (the Timestamp's high word). */
  clusterSeconds?: number;
  op: string;
  ns: string;
}

export interface Insight {
  bucketMs: number;
  /** Start of the first bucket (epoch ms) and the count in each bucket. */
  start: number;
  buckets: number[];
  byOp: Record<string, number>;
  byNs: Record<string, number>;
  /** now − time of the newest event, in ms (undefined before the first event). */
  lagMs?: number;
  /** Cluster time seconds of the newest event: the last batch the stream delivered. */
  lastClusterSeconds?: number;
}

export function computeInsight(samples: readonly InsightSample[], now: number, bucketMs = 1000, span = 60): Insight {
  const start = Math.floor(now / bucketMs) * bucketMs - (span - 1) * bucketMs;
  const buckets = new Array<number>(span).fill(0);
  const byOp: Record<string, number> = {};
  const byNs: Record<string, number> = {};
  let last: number | undefined;
  let newest: number | undefined;
  for (const s of samples) {
    byOp[s.op] = (byOp[s.op] ?? 0) + 1;
    if (s.ns) byNs[s.ns] = (byNs[s.ns] ?? 0) + 1;
    const b = Math.floor((s.at - start) / bucketMs);
    if (b >= 0 && b < span) buckets[b]!++;
    if (newest === undefined || s.at > newest) newest = s.at;
    if (s.clusterSeconds !== undefined && (last === undefined || s.clusterSeconds > last)) last = s.clusterSeconds;
  }
  return {
    bucketMs,
    start,
    buckets,
    byOp,
    byNs,
    lastClusterSeconds: last,
    lagMs: newest === undefined ? undefined : Math.max(0, now - newest),
  };
}

/**
 * The seq window of the events whose time is in [from, to): the first and last such seq and how many
 * there are. Event times follow seq order almost always (cluster time); an out-of-order event between
 * the two ends stays in the window, so the list shows a contiguous run of its rows.
 */
export function seqWindowOfTimeRange(
  firstSeq: number,
  lastSeq: number,
  timeOf: (seq: number) => number | undefined,
  from: number,
  to: number,
): { fromSeq: number; toSeq: number; count: number } {
  let lo = 0;
  let hi = -1;
  let count = 0;
  for (let seq = firstSeq; seq <= lastSeq; seq++) {
    const at = timeOf(seq);
    if (at === undefined || at < from || at >= to) continue;
    if (count === 0) lo = seq;
    hi = seq;
    count++;
  }
  return { fromSeq: lo, toSeq: hi, count };
}
