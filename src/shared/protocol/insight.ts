// Live insight and the doctor link: the webview asks for rate/lag/count figures over the retained
// events, and a failed watch's banner asks the host to run the Change-Stream Doctor on its target.
import * as v from 'valibot';
import { request, type NotifySpec } from './envelope';

/** Watch error codes a doctor check explains (the host maps each to its check). */
export const DOCTOR_ERROR_CODES: readonly string[] = [
  'NOT_REPLICA_SET',
  'IMAGE_MISSING',
  'HISTORY_LOST',
  'UNAUTHORIZED',
];

export interface InsightView {
  /** Bucket width (ms), start of the first bucket (epoch ms) and the events per bucket (by event time). */
  bucketMs: number;
  start: number;
  buckets: number[];
  byOp: Record<string, number>;
  byNs: Record<string, number>;
  /** now − time of the newest event, ms. */
  lagMs?: number;
  /** Cluster time (seconds) of the newest event: the last batch the stream delivered. */
  lastClusterSeconds?: number;
}

export const insightRequests = {
  getInsight: request<InsightView>()(
    v.object({
      span: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(600))),
      bucketMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(250), v.maxValue(60_000))),
    }),
  ),
  /**
   * The seqs whose event time falls in [from, to) (epoch ms), for the chart's brush: the list then shows
   * that seq window through its usual paging (getSummaries), not a second list.
   */
  eventsInTimeRange: request<TimeRangeSeqs>()(
    v.object({
      from: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
      to: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
    }),
  ),
};

/** The retained events of a time range: first and last seq (0 and -1 when none) and how many they are. */
export interface TimeRangeSeqs {
  fromSeq: number;
  toSeq: number;
  count: number;
}

export const insightNotifications = {
  runDoctor: { params: v.object({ errorCode: v.optional(v.pipe(v.string(), v.maxLength(40))) }) },
} satisfies Record<string, NotifySpec>;
