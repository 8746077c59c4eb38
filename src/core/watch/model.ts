// The core's domain model of a watch: what is watched, with which options, and the state it is in.
// The wire protocol mirrors these shapes for the webview; the glue maps, the core never imports it.

export type WatchScope = 'collection' | 'database' | 'deployment';

export interface WatchTarget {
  connectionId: string;
  /** Display name of the connection (never the connection string). */
  connectionName: string;
  scope: WatchScope;
  db?: string;
  coll?: string;
}

export interface WatchOptions {
  fullDocument: 'default' | 'updateLookup' | 'whenAvailable' | 'required';
  fullDocumentBeforeChange: 'off' | 'whenAvailable' | 'required';
  showExpandedEvents: boolean;
  batchSize?: number;
  maxAwaitTimeMS?: number;
  pipeline?: unknown[];
}

export const DEFAULT_WATCH_OPTIONS: WatchOptions = {
  fullDocument: 'default',
  fullDocumentBeforeChange: 'off',
  showExpandedEvents: false,
};

export type SessionState = 'idle' | 'opening' | 'streaming' | 'paused' | 'reconnecting' | 'stopped' | 'failed';

/** States that hold (or are getting) a cursor. */
export const LIVE_STATES: readonly SessionState[] = ['opening', 'streaming', 'paused', 'reconnecting'];
export function isLive(state: SessionState): boolean {
  return LIVE_STATES.includes(state);
}

export type StopReason = 'user' | 'serverClosed' | 'invalidated';

/** The ways a stopped or failed watch can start again. */
export type WayOn = 'continue' | 'startAfter' | 'now' | 'oldest' | 'atTime';

/** An error as a value: a stable code, a sentence for people, and what to do next. Never contains secrets. */
export interface WatchErrorInfo {
  code: string;
  serverCode?: number;
  message: string;
  action: string;
  line?: number;
  column?: number;
}

export interface SessionStatus {
  state: SessionState;
  /** Epoch ms of the last state change. */
  since: number;
  /** One sentence of state. */
  detail?: string;
  /** One sentence of what to do next. */
  action?: string;
  error?: WatchErrorInfo;
  reason?: StopReason;
  waysOn?: WayOn[];
}

export function watchTitle(target: WatchTarget): string {
  switch (target.scope) {
    // The connection is named too: two watches on shop.orders from two connections must not look alike.
    case 'collection':
      return `${target.db}.${target.coll} · ${target.connectionName}`;
    case 'database':
      return `${target.db} (database) · ${target.connectionName}`;
    default:
      return `${target.connectionName} (deployment)`;
  }
}

export function sameTarget(a: WatchTarget, b: WatchTarget): boolean {
  return (
    a.connectionId === b.connectionId &&
    a.scope === b.scope &&
    (a.db ?? '') === (b.db ?? '') &&
    (a.coll ?? '') === (b.coll ?? '')
  );
}

export function describeTarget(t: WatchTarget): string {
  if (t.scope === 'deployment') return `${t.connectionName} (all databases)`;
  if (t.scope === 'database') return `${t.connectionName}: ${t.db ?? '?'}`;
  return `${t.connectionName}: ${t.db ?? '?'}.${t.coll ?? '?'}`;
}
