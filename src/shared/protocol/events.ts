// Events as they cross the bridge: small summaries for the list, the full event only when opened,
// and the requests that fetch them by seq.
import * as v from 'valibot';
import { request, SeqSchema } from './envelope';

/** Operation types MongoDB emits (classic and expanded); unknown future ones still pass as strings. */
export type OperationType =
  | 'insert'
  | 'update'
  | 'replace'
  | 'delete'
  | 'drop'
  | 'rename'
  | 'dropDatabase'
  | 'invalidate'
  | 'create'
  | 'createIndexes'
  | 'dropIndexes'
  | 'modify'
  | 'shardCollection'
  | (string & {});

/** One row of the list. Small on purpose: full documents cross only when an event is opened. */
export const EventSummarySchema = v.object({
  seq: v.number(),
  /** ISO time of the event's clusterTime (or wallTime), else of receipt. */
  time: v.string(),
  op: v.custom<OperationType>((x) => typeof x === 'string'),
  /** "db.coll" (or "db" for database-level events). */
  ns: v.string(),
  /** Document key rendered as short text, e.g. `_id: ObjectId("…")`; empty when none. */
  key: v.string(),
  /** Changed-field summary, e.g. "set status, items.2 · unset note"; empty when not applicable. */
  changed: v.string(),
  bytes: v.number(),
  hasPre: v.boolean(),
  hasPost: v.boolean(),
  split: v.optional(v.object({ fragment: v.number(), of: v.number() })),
  /** Transaction (lsid + txnNumber) and the commit's cluster time; rows with one key are one group. */
  txn: v.optional(v.object({ key: v.string(), t: v.number(), i: v.number() })),
});
export type EventSummary = v.InferOutput<typeof EventSummarySchema>;

export const EventDetailSchema = v.object({
  summary: EventSummarySchema,
  /** The whole change event as canonical EJSON text (pretty-printed). */
  ejson: v.string(),
  /** The event's resume token (`_id`) as canonical EJSON text. */
  token: v.string(),
});
export type EventDetail = v.InferOutput<typeof EventDetailSchema>;

export type OperationCounts = Record<string, number>;

export const MAX_WINDOW = 1000;

export const eventRequests = {
  getEvent: request<EventDetail | null>()(v.object({ seq: SeqSchema })),
  getSummaries: request<EventSummary[]>()(
    v.object({ fromSeq: SeqSchema, count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_WINDOW)) }),
  ),
};

export interface AppendedParams {
  summaries: EventSummary[];
  firstSeq: number;
  lastSeq: number;
  counts: OperationCounts;
  total: number;
  /** Events per second, the one figure every view shows; 0 when not streaming. */
  rate: number;
  evicted: number;
  /** While a quick filter is set: its new matches (see filter.ts). */
  quick?: QuickFilterAppend;
}

/** The quick filter's part of an append: where its matches now run (ordinals, see filter.ts) and the new ones. */
export interface QuickFilterAppend {
  filterId: number;
  first: number;
  last: number;
  /** Ordinal of summaries[0]. */
  from: number;
  summaries: EventSummary[];
}
