// Live insight figures over received events: events per second in fixed buckets, counts per
// operation and per namespace, and lag (now − event cluster time). Pure; the host feeds it.
export interface InsightSample {
  /** Epoch ms the host received the event. */
  receivedAt: number;
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
  /** now − cluster time of the newest event, in ms (undefined until an event has a cluster time). */
  lagMs?: number;
  lastClusterSeconds?: number;
}

export function computeInsight(samples: readonly InsightSample[], now: number, bucketMs = 1000, span = 60): Insight {
  const start = Math.floor(now / bucketMs) * bucketMs - (span - 1) * bucketMs;
  const buckets = new Array<number>(span).fill(0);
  const byOp: Record<string, number> = {};
  const byNs: Record<string, number> = {};
  let last: number | undefined;
  for (const s of samples) {
    byOp[s.op] = (byOp[s.op] ?? 0) + 1;
    if (s.ns) byNs[s.ns] = (byNs[s.ns] ?? 0) + 1;
    const b = Math.floor((s.receivedAt - start) / bucketMs);
    if (b >= 0 && b < span) buckets[b]!++;
    if (s.clusterSeconds !== undefined && (last === undefined || s.clusterSeconds > last)) last = s.clusterSeconds;
  }
  return {
    bucketMs,
    start,
    buckets,
    byOp,
    byNs,
    lastClusterSeconds: last,
    lagMs: last === undefined ? undefined : Math.max(0, now - last * 1000),
  };
}
