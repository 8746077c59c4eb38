// Which watch a panel revived after a window reload brings back. Its webview state and the workspace
// records are untrusted input: every field is checked here (no 'vscode', so plain-node tests reach it).
import { validateWatchOptions, type WatchOptions, type WatchTarget } from '../../shared/protocol/watch';

export interface SavedWatch {
  /** The id the watch had before the reload, when known: the revived watch keeps it. */
  watchId?: string;
  target: WatchTarget;
  options: WatchOptions;
}

/** One entry of the workspace record of open panels (`watchId` is absent in records of older versions). */
export interface OpenWatchRecord extends SavedWatch {
  title: string;
}

const MAX_ID_LENGTH = 200;
const MAX_NAME_LENGTH = 1000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isName(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME_LENGTH;
}

/** A watch id as saved by the webview or the workspace record; undefined if absent or malformed. */
export function readWatchId(state: unknown): string | undefined {
  if (!isRecord(state)) return undefined;
  const id = state.watchId ?? (isRecord(state.snapshot) ? state.snapshot.watchId : undefined);
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH ? id : undefined;
}

/** A target with string fields and a known scope; db/coll only where the scope has them. */
export function readWatchTarget(v: unknown): WatchTarget | undefined {
  if (
    !isRecord(v) ||
    !isName(v.connectionId) ||
    typeof v.connectionName !== 'string' ||
    v.connectionName.length > MAX_NAME_LENGTH
  )
    return undefined;
  if (v.scope !== 'collection' && v.scope !== 'database' && v.scope !== 'deployment') return undefined;
  if (v.scope !== 'deployment' && !isName(v.db)) return undefined;
  if (v.scope === 'collection' && !isName(v.coll)) return undefined;
  const target: WatchTarget = { connectionId: v.connectionId, connectionName: v.connectionName, scope: v.scope };
  if (v.scope !== 'deployment') target.db = v.db as string;
  if (v.scope === 'collection') target.coll = v.coll as string;
  return target;
}

/** Reads `target` and `options` (at the top, or under `snapshot` as older webviews kept them); undefined if unusable. */
export function readSavedWatch(state: unknown): SavedWatch | undefined {
  if (!isRecord(state)) return undefined;
  const source = isRecord(state.target) ? state : state.snapshot;
  if (!isRecord(source)) return undefined;
  const target = readWatchTarget(source.target);
  const options = validateWatchOptions(source.options);
  if (!target || !options.ok) return undefined;
  const saved: SavedWatch = { target, options: options.value };
  const watchId = readWatchId(state);
  if (watchId) saved.watchId = watchId;
  return saved;
}

/**
 * The watch for a revived panel: the webview state's own target/options first; else the workspace
 * record with the state's watchId; only for state from before watch ids were saved, the first
 * record with the panel's title that `taken` does not claim (ambiguous, hence the last resort).
 */
export function chooseSavedWatch(
  state: unknown,
  records: unknown,
  panelTitle: string,
  taken: (saved: SavedWatch) => boolean,
): SavedWatch | undefined {
  const fromState = readSavedWatch(state);
  if (fromState) return fromState;
  const entries = Array.isArray(records) ? records : [];
  const watchId = readWatchId(state);
  if (watchId) {
    const entry = entries.find((e) => readWatchId(e) === watchId);
    return entry === undefined ? undefined : readSavedWatch(entry);
  }
  for (const entry of entries) {
    const saved = readSavedWatch(entry);
    if (saved && isRecord(entry) && entry.title === panelTitle && !taken(saved)) return saved;
  }
  return undefined;
}
