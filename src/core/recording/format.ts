// The recording file: a header (what was watched, how, and which positions it spans) followed by the
// events as canonical EJSON, either one event a line (NDJSON) or a pretty EJSON array whose first
// element is the header. Never holds a connection string: the header names the connection only.
import type { WatchOptions, WatchScope } from '../watch/model';

export const RECORDING_FORMAT = 'change-stream-inspector.recording';
export const RECORDING_VERSION = 1;

export type RecordingFileFormat = 'ndjson' | 'json';

export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  version: number;
  /** ISO time of the export. */
  exportedAt: string;
  /** What was watched: the scope and names, and the connection's display name (never its string). */
  scope: { scope: WatchScope; db?: string; coll?: string; connectionName: string };
  /** The watch's pipeline (as canonical EJSON values) and options, pipeline left out of `options`. */
  pipeline: unknown[];
  options: Omit<WatchOptions, 'pipeline'>;
  /** Which events: every buffered one, the chosen seqs, or those a filter kept (its text when known). */
  selection: { kind: 'all' | 'seqs' | 'filter'; description?: string };
  /** Resume tokens (canonical EJSON values) of the first and last exported events, when they have one. */
  firstToken?: unknown;
  lastToken?: unknown;
  count: number;
  /** The masking patterns in force when the events were read, when any. */
  masking?: string[];
}

/** The header a file's first item holds, checked field by field (the file is untrusted); else undefined. */
export function readRecordingHeader(v: unknown): RecordingHeader | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const h = v as Record<string, unknown>;
  if (h.format !== RECORDING_FORMAT || typeof h.version !== 'number') return undefined;
  const text = (x: unknown): string | undefined => (typeof x === 'string' ? x.slice(0, 1000) : undefined);
  const scope = (typeof h.scope === 'object' && h.scope !== null ? h.scope : {}) as Record<string, unknown>;
  const kind = scope.scope === 'collection' || scope.scope === 'database' ? scope.scope : 'deployment';
  const o = (typeof h.options === 'object' && h.options !== null ? h.options : {}) as Record<string, unknown>;
  const pick = <T extends string>(x: unknown, allowed: readonly T[], fallback: T): T =>
    allowed.includes(x as T) ? (x as T) : fallback;
  const sel = (typeof h.selection === 'object' && h.selection !== null ? h.selection : {}) as Record<string, unknown>;
  const header: RecordingHeader = {
    format: RECORDING_FORMAT,
    version: h.version,
    exportedAt: text(h.exportedAt) ?? '',
    scope: {
      scope: kind,
      ...(text(scope.db) !== undefined ? { db: text(scope.db) } : {}),
      ...(text(scope.coll) !== undefined ? { coll: text(scope.coll) } : {}),
      connectionName: text(scope.connectionName) ?? '',
    },
    pipeline: Array.isArray(h.pipeline) ? h.pipeline : [],
    options: {
      fullDocument: pick(o.fullDocument, ['default', 'updateLookup', 'whenAvailable', 'required'] as const, 'default'),
      fullDocumentBeforeChange: pick(o.fullDocumentBeforeChange, ['off', 'whenAvailable', 'required'] as const, 'off'),
      showExpandedEvents: o.showExpandedEvents === true,
    },
    selection: {
      kind: pick(sel.kind, ['all', 'seqs', 'filter'] as const, 'all'),
      ...(text(sel.description) !== undefined ? { description: text(sel.description) } : {}),
    },
    count: typeof h.count === 'number' ? h.count : 0,
  };
  if (h.firstToken !== undefined) header.firstToken = h.firstToken;
  if (h.lastToken !== undefined) header.lastToken = h.lastToken;
  if (Array.isArray(h.masking)) header.masking = h.masking.filter((m): m is string => typeof m === 'string');
  return header;
}

/** File extension → format; anything but .json is read as NDJSON (the export's default). */
export function formatOfFileName(name: string): RecordingFileFormat {
  return /\.json$/i.test(name) ? 'json' : 'ndjson';
}

let ejson: typeof import('bson').EJSON | undefined;
/** bson's EJSON, required on first use and kept: a require() per event costs more than the parse. */
export function EJSONLib(): typeof import('bson').EJSON {
  ejson ??= (require('bson') as typeof import('bson')).EJSON;
  return ejson;
}
