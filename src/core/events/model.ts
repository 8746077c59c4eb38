// The core's own picture of an event as the log keeps it. The wire protocol has matching shapes;
// the glue maps between them, so the core never depends on the host/webview contract.

export interface EventSummary {
  seq: number;
  /** ISO time of the event's clusterTime (or wallTime), else of receipt. */
  time: string;
  op: string;
  /** "db.coll" (or "db" for database-level events). */
  ns: string;
  /** Document key rendered as short text; empty when none. */
  key: string;
  /** Changed-field summary; empty when not applicable. */
  changed: string;
  bytes: number;
  hasPre: boolean;
  hasPost: boolean;
  split?: { fragment: number; of: number };
  /** Transaction of the event (lsid + txnNumber) and the commit's cluster time; absent outside one. */
  txn?: { key: string; t: number; i: number };
}

export interface EventDetail {
  summary: EventSummary;
  /** The whole change event as canonical EJSON text (pretty-printed). */
  ejson: string;
  /** The event's resume token (`_id`) as canonical EJSON text. */
  token: string;
}

export type OperationCounts = Record<string, number>;
