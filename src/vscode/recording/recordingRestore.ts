// What a window reload keeps of an open recording panel: its id and its file's path, in workspace
// state (StorageKeys.openRecordings) — never its events, never a connection. The panel's view state
// (selection, scroll, filters) is the webview's own saved state, which the workbench hands back. On
// revival the file is read again (recording commands set the reader here at activation).
import type { RecordedSource } from '../../core/recording/recordedSource';

export interface OpenRecordingRecord {
  watchId: string;
  path: string;
}

type Reopen = (path: string, id: string) => Promise<RecordedSource>;
let reopen: Reopen | undefined;

/** Set once at activation by the recording commands. */
export function setRecordingReopener(r: Reopen | undefined): void {
  reopen = r;
}

/** The records to save for the recordings among the open panels' sources. */
export function recordingRecords(sources: readonly { id: string; filePath?: string }[]): OpenRecordingRecord[] {
  return sources.flatMap((s) => (s.filePath ? [{ watchId: s.id, path: s.filePath }] : []));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The webview state's watch id (top level, or under `snapshot` as older states kept it). */
function stateWatchId(state: unknown): string | undefined {
  if (!isRecord(state)) return undefined;
  const id = state.watchId ?? (isRecord(state.snapshot) ? state.snapshot.watchId : undefined);
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
}

/** Whether a revived panel's state names a recording (its target's connection id says so). */
export function stateIsRecording(state: unknown): boolean {
  if (!isRecord(state)) return false;
  const target = state.target ?? (isRecord(state.snapshot) ? state.snapshot.target : undefined);
  return isRecord(target) && typeof target.connectionId === 'string' && target.connectionId.startsWith('recording:');
}

/** The saved record a revived panel's state points at; the workspace records are untrusted input. */
export function recordFor(state: unknown, records: unknown): OpenRecordingRecord | undefined {
  const id = stateWatchId(state);
  if (!id || !Array.isArray(records)) return undefined;
  for (const r of records) {
    if (!isRecord(r) || r.watchId !== id) continue;
    if (typeof r.path !== 'string' || r.path.length === 0 || r.path.length > 4096) return undefined;
    return { watchId: id, path: r.path };
  }
  return undefined;
}

/** Reads the record's file again as a source under its old id; undefined before activation set the reader. */
export function reopenRecorded(record: OpenRecordingRecord): Promise<RecordedSource> | undefined {
  return reopen?.(record.path, record.watchId);
}
