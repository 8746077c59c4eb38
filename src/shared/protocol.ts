// The one message contract between the extension host and the inspector webview.
// Imported by both sides: no 'vscode', no driver, no DOM; plain data and pure validators only.

export const PROTOCOL_VERSION = 1;

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

export type WatchScope = 'collection' | 'database' | 'deployment';

export interface WatchTarget {
  connectionId: string;
  /** Display name of the connection (never the connection string). */
  connectionName: string;
  scope: WatchScope;
  db?: string;
  coll?: string;
}

export type FullDocumentMode = 'default' | 'updateLookup' | 'whenAvailable' | 'required';
export type FullDocumentBeforeChangeMode = 'off' | 'whenAvailable' | 'required';

export interface WatchOptions {
  fullDocument: FullDocumentMode;
  fullDocumentBeforeChange: FullDocumentBeforeChangeMode;
  showExpandedEvents: boolean;
  batchSize?: number;
  maxAwaitTimeMS?: number;
  /** Server-side filter pipeline as parsed EJSON stages (pipeline editing comes in a later issue). */
  pipeline?: unknown[];
}

export type SessionState = 'idle' | 'opening' | 'streaming' | 'paused' | 'reconnecting' | 'stopped' | 'failed';

/** An error as a value: a stable code, a sentence for people, and what to do next. Never contains secrets. */
export interface WatchErrorInfo {
  code: string;
  serverCode?: number;
  message: string;
  action: string;
}

export interface SessionStatus {
  state: SessionState;
  /** Epoch ms of the last state change. */
  since: number;
  /** Short human text for the banner (e.g. "Reconnecting (attempt 2)…"). */
  detail?: string;
  error?: WatchErrorInfo;
}

/** One row of the list. Small on purpose: full documents cross only when an event is opened. */
export interface EventSummary {
  seq: number;
  /** ISO time of the event's clusterTime (or wallTime), else of receipt. */
  time: string;
  op: OperationType;
  /** "db.coll" (or "db" for database-level events). */
  ns: string;
  /** Document key rendered as short text, e.g. `_id: ObjectId("…")`; empty when none. */
  key: string;
  /** Changed-field summary, e.g. "set status, items.2 · unset note"; empty when not applicable. */
  changed: string;
  bytes: number;
  hasPre: boolean;
  hasPost: boolean;
  split?: { fragment: number; of: number };
}

export interface EventDetail {
  summary: EventSummary;
  /** The whole change event as canonical EJSON text (pretty-printed). */
  ejson: string;
  /** The event's resume token (`_id`) as canonical EJSON text. */
  token: string;
}

export type OperationCounts = Record<string, number>;

export interface PanelSnapshot {
  protocol: number;
  watchId: string;
  title: string;
  target: WatchTarget;
  options: WatchOptions;
  status: SessionStatus;
  counts: OperationCounts;
  total: number;
  /** Events currently retained: seqs firstSeq..lastSeq (lastSeq < firstSeq when empty). */
  firstSeq: number;
  lastSeq: number;
  /** Summaries of the most recent retained events (at most SNAPSHOT_SUMMARY_LIMIT). */
  summaries: EventSummary[];
  /** Events per second over the last few seconds. */
  rate: number;
  /** Events dropped from the log by its count/byte caps since the watch began. */
  evicted: number;
}

export const SNAPSHOT_SUMMARY_LIMIT = 5000;
export const MAX_WINDOW = 1000;

// ---------------------------------------------------------------- host -> webview

export type HostNotification =
  | { kind: 'notify'; method: 'snapshot'; params: PanelSnapshot }
  | {
      kind: 'notify';
      method: 'appended';
      params: {
        summaries: EventSummary[];
        firstSeq: number;
        lastSeq: number;
        counts: OperationCounts;
        total: number;
        rate: number;
        evicted: number;
      };
    }
  | { kind: 'notify'; method: 'status'; params: SessionStatus }
  | { kind: 'notify'; method: 'options'; params: WatchOptions }
  | { kind: 'notify'; method: 'cleared'; params: { firstSeq: number; lastSeq: number } };

export type HostResponse =
  | { kind: 'response'; id: number; result: unknown }
  | { kind: 'response'; id: number; error: { code: string; message: string } };

export type HostToWebview = HostNotification | HostResponse;

// ---------------------------------------------------------------- webview -> host

/** Requests are answered by a HostResponse with the same id. */
export interface RequestMap {
  getEvent: { params: { seq: number }; result: EventDetail | null };
  getSummaries: { params: { fromSeq: number; count: number }; result: EventSummary[] };
  setOptions: { params: { options: WatchOptions }; result: WatchOptions };
}
export type RequestMethod = keyof RequestMap;

export type WebviewRequest = {
  [M in RequestMethod]: { kind: 'request'; id: number; method: M; params: RequestMap[M]['params'] };
}[RequestMethod];

export type WebviewNotification =
  | { kind: 'ready'; protocol: number }
  | { kind: 'notify'; method: 'pause' }
  | { kind: 'notify'; method: 'resume' }
  | { kind: 'notify'; method: 'clear' }
  | { kind: 'notify'; method: 'stop' }
  | { kind: 'notify'; method: 'restart' }
  | { kind: 'notify'; method: 'copy'; params: { text: string; what: string } };

export type WebviewToHost = WebviewRequest | WebviewNotification;

// ---------------------------------------------------------------- validation (host side trusts nothing)

const FULL_DOCUMENT: readonly FullDocumentMode[] = ['default', 'updateLookup', 'whenAvailable', 'required'];
const FULL_DOCUMENT_BEFORE: readonly FullDocumentBeforeChangeMode[] = ['off', 'whenAvailable', 'required'];
const MAX_COPY_CHARS = 16 * 1024 * 1024;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isSeq(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
function optionalInt(v: unknown, min: number, max: number): boolean {
  return v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max);
}

/** Checks a WatchOptions value from an untrusted source; returns it or a reason. */
export function validateWatchOptions(v: unknown): { ok: true; value: WatchOptions } | { ok: false; reason: string } {
  if (!isObject(v)) return { ok: false, reason: 'options must be an object' };
  if (!FULL_DOCUMENT.includes(v.fullDocument as FullDocumentMode)) {
    return { ok: false, reason: `fullDocument must be one of ${FULL_DOCUMENT.join(', ')}` };
  }
  if (!FULL_DOCUMENT_BEFORE.includes(v.fullDocumentBeforeChange as FullDocumentBeforeChangeMode)) {
    return { ok: false, reason: `fullDocumentBeforeChange must be one of ${FULL_DOCUMENT_BEFORE.join(', ')}` };
  }
  if (typeof v.showExpandedEvents !== 'boolean')
    return { ok: false, reason: 'showExpandedEvents must be true or false' };
  if (!optionalInt(v.batchSize, 1, 100_000))
    return { ok: false, reason: 'batchSize must be a whole number from 1 to 100000' };
  if (!optionalInt(v.maxAwaitTimeMS, 1, 60_000))
    return { ok: false, reason: 'maxAwaitTimeMS must be a whole number from 1 to 60000' };
  if (v.pipeline !== undefined && !Array.isArray(v.pipeline))
    return { ok: false, reason: 'pipeline must be an array of stages' };
  const value: WatchOptions = {
    fullDocument: v.fullDocument as FullDocumentMode,
    fullDocumentBeforeChange: v.fullDocumentBeforeChange as FullDocumentBeforeChangeMode,
    showExpandedEvents: v.showExpandedEvents,
  };
  if (v.batchSize !== undefined) value.batchSize = v.batchSize as number;
  if (v.maxAwaitTimeMS !== undefined) value.maxAwaitTimeMS = v.maxAwaitTimeMS as number;
  if (v.pipeline !== undefined) value.pipeline = v.pipeline as unknown[];
  return { ok: true, value };
}

/** Parses a message posted by the webview. Returns undefined for anything malformed or out of bounds. */
export function parseWebviewMessage(raw: unknown): WebviewToHost | undefined {
  if (!isObject(raw)) return undefined;
  if (raw.kind === 'ready') {
    return typeof raw.protocol === 'number' ? { kind: 'ready', protocol: raw.protocol } : undefined;
  }
  if (raw.kind === 'notify') {
    switch (raw.method) {
      case 'pause':
      case 'resume':
      case 'clear':
      case 'stop':
      case 'restart':
        return { kind: 'notify', method: raw.method };
      case 'copy': {
        const p = raw.params;
        if (!isObject(p) || typeof p.text !== 'string' || typeof p.what !== 'string') return undefined;
        if (p.text.length > MAX_COPY_CHARS || p.what.length > 100) return undefined;
        return { kind: 'notify', method: 'copy', params: { text: p.text, what: p.what } };
      }
      default:
        return undefined;
    }
  }
  if (raw.kind === 'request') {
    const id = raw.id;
    if (!isSeq(id)) return undefined;
    const p = raw.params;
    if (!isObject(p)) return undefined;
    switch (raw.method) {
      case 'getEvent':
        return isSeq(p.seq) ? { kind: 'request', id, method: 'getEvent', params: { seq: p.seq } } : undefined;
      case 'getSummaries':
        if (
          !isSeq(p.fromSeq) ||
          typeof p.count !== 'number' ||
          !Number.isInteger(p.count) ||
          p.count < 1 ||
          p.count > MAX_WINDOW
        )
          return undefined;
        return { kind: 'request', id, method: 'getSummaries', params: { fromSeq: p.fromSeq, count: p.count } };
      case 'setOptions': {
        const r = validateWatchOptions(p.options);
        return r.ok ? { kind: 'request', id, method: 'setOptions', params: { options: r.value } } : undefined;
      }
      default:
        return undefined;
    }
  }
  return undefined;
}
