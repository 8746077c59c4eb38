// Writes buffered events to a recording, streamed: events are taken from the log by reference up front
// (so appends and evictions during a long export change nothing), then written in ~64 KB chunks to a
// sink, with progress after each chunk and a cancellation check between them. Never one giant string.
import type { EventLog, LoggedEvent } from '../events/eventLog';
import type { WatchOptions, WatchTarget } from '../watch/model';
import {
  EJSONLib,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type RecordingFileFormat,
  type RecordingHeader,
} from './format';

export type ExportSelection =
  | { kind: 'all' }
  | { kind: 'seqs'; seqs: readonly number[] }
  | { kind: 'filter'; keep: (e: LoggedEvent) => boolean; description?: string };

export interface ExportSource {
  readonly target: WatchTarget;
  readonly options: WatchOptions;
  readonly log: EventLog;
}

export interface ExportSink {
  write(chunk: string): Promise<void>;
}

export interface ExportOptions {
  format: RecordingFileFormat;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Masking patterns in force, recorded in the header. */
  masking?: readonly string[];
  now?: () => Date;
  /** Characters per write (tests make it small). */
  chunkChars?: number;
}

export interface ExportResult {
  written: number;
  total: number;
  cancelled: boolean;
}

const CHUNK_CHARS = 64 * 1024;
const FILTER_SLICE = 5000;

/** The events a selection names, oldest first, as references into the log. */
export async function selectEvents(
  log: EventLog,
  selection: ExportSelection,
  signal?: AbortSignal,
): Promise<LoggedEvent[]> {
  if (selection.kind === 'seqs') {
    const seqs = [...new Set(selection.seqs)].sort((a, b) => a - b);
    return seqs.map((s) => log.get(s)).filter((e): e is LoggedEvent => e !== undefined);
  }
  const all: LoggedEvent[] = [];
  for (let seq = log.firstSeq; seq <= log.lastSeq; seq++) {
    const e = log.get(seq);
    if (e) all.push(e);
  }
  if (selection.kind === 'all') return all;
  const out: LoggedEvent[] = [];
  for (let i = 0; i < all.length; i += FILTER_SLICE) {
    if (signal?.aborted) return out;
    for (const e of all.slice(i, i + FILTER_SLICE)) if (selection.keep(e)) out.push(e);
    // A filter over 100k events takes a while: let the host breathe between slices.
    if (i + FILTER_SLICE < all.length) await new Promise((r) => setImmediate(r));
  }
  return out;
}

export function recordingHeader(
  source: ExportSource,
  events: readonly LoggedEvent[],
  selection: ExportSelection,
  opts: Pick<ExportOptions, 'masking' | 'now'> = {},
): RecordingHeader {
  const EJSON = EJSONLib();
  const { pipeline, ...options } = source.options;
  const t = source.target;
  const header: RecordingHeader = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    exportedAt: (opts.now ?? (() => new Date()))().toISOString(),
    scope: {
      scope: t.scope,
      ...(t.db !== undefined ? { db: t.db } : {}),
      ...(t.coll !== undefined ? { coll: t.coll } : {}),
      connectionName: t.connectionName,
    },
    pipeline: (EJSON.serialize({ p: pipeline ?? [] }, { relaxed: false }) as { p: unknown[] }).p,
    options,
    selection:
      selection.kind === 'filter' && selection.description
        ? { kind: 'filter', description: selection.description }
        : { kind: selection.kind },
    count: events.length,
  };
  const first = events.find((e) => e.token);
  let last: LoggedEvent | undefined;
  for (let i = events.length - 1; i >= 0 && !last; i--) if (events[i].token) last = events[i];
  if (first) header.firstToken = JSON.parse(first.token) as unknown;
  if (last) header.lastToken = JSON.parse(last.token) as unknown;
  if (opts.masking && opts.masking.length > 0) header.masking = [...opts.masking];
  return header;
}

/** Writes the selected events as a recording to the sink; stops between chunks when the signal aborts. */
export async function exportRecording(
  source: ExportSource,
  selection: ExportSelection,
  sink: ExportSink,
  opts: ExportOptions,
): Promise<ExportResult> {
  const events = await selectEvents(source.log, selection, opts.signal);
  const total = events.length;
  if (opts.signal?.aborted) return { written: 0, total, cancelled: true };
  const header = recordingHeader(source, events, selection, opts);
  const limit = opts.chunkChars ?? CHUNK_CHARS;
  const json = opts.format === 'json';
  let buffer = json ? `[\n${indent(JSON.stringify(header, null, 2))}` : `${JSON.stringify(header)}\n`;
  let written = 0;
  for (const e of events) {
    // The log keeps compact canonical EJSON: NDJSON writes it as it is, so every BSON type survives.
    buffer += json ? `,\n${indent(JSON.stringify(JSON.parse(e.ejson), null, 2))}` : `${e.ejson}\n`;
    written++;
    if (buffer.length >= limit) {
      await sink.write(buffer);
      buffer = '';
      opts.onProgress?.(written, total);
      if (opts.signal?.aborted) return { written, total, cancelled: true };
    }
  }
  if (json) buffer += '\n]\n';
  await sink.write(buffer);
  opts.onProgress?.(written, total);
  return { written, total, cancelled: false };
}

// Split on \n only: a /^/m regex would also break at U+2028 inside strings.
const indent = (text: string): string =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
