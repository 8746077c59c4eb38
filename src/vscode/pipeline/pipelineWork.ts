// The pipeline room's work as the panel needs it: check text and map diagnostics to the wire, turn a
// checked pipeline into the options' canonical EJSON and back, the editor's completion data from the
// recent events, and the watch as a codegen spec. No 'vscode': loaded from its lazy chunk.
import { EJSON, type Document } from 'bson';
import {
  checkPipelineText,
  eventFieldPaths,
  expressionCompletions,
  generateWatchCode,
  PIPELINE_PRESETS,
  queryOperatorCompletions,
  stageCompletions,
  type CodeLanguage,
  type PipelineCompletion,
  type PipelineDiagnostic,
  type WatchCodeSpec,
} from '../../core/pipeline';
import type { EventLog } from '../../core/events/eventLog';
import type { StartPosition } from '../../core/watch/positions';
import type { WatchOptions, WatchTarget } from '../../core/watch/model';
import type {
  CompletionItemView,
  PipelineAssist,
  PipelineCheckResult,
  PipelineDiagnosticView,
} from '../../shared/protocol';
import { shellText, type Json } from '../../shared/bsonText';

/** The options schema's bound on stages (the server's is 1000; a change-stream filter is a few). */
export const MAX_APPLIED_STAGES = 100;

export function diagnosticView(d: PipelineDiagnostic): PipelineDiagnosticView {
  const { code, severity, message, action, from, to, line, column } = d;
  return { code, severity, message, action, from, to, line, column };
}

export type CheckedText =
  | { ok: true; canonical: unknown[]; warnings: PipelineDiagnosticView[] }
  | { ok: false; diagnostics: PipelineDiagnosticView[] };

/** Parses and validates; a good pipeline comes back as canonical EJSON stages (what options carry). */
export function checkText(text: string): CheckedText {
  const check = checkPipelineText(text);
  if (!check.ok) return { ok: false, diagnostics: check.diagnostics.map(diagnosticView) };
  if (check.pipeline.length > MAX_APPLIED_STAGES) {
    const diagnostics: PipelineDiagnosticView[] = [
      {
        code: 'TOO_MANY_STAGES',
        severity: 'error',
        message: `The pipeline has ${check.pipeline.length} stages; the inspector applies at most ${MAX_APPLIED_STAGES}.`,
        action: 'Combine conditions into fewer $match stages.',
        from: 0,
        to: Math.min(text.length, 1),
        line: 1,
        column: 1,
      },
    ];
    return { ok: false, diagnostics };
  }
  const canonical = EJSON.serialize(check.pipeline, { relaxed: false }) as unknown as unknown[];
  return { ok: true, canonical, warnings: check.warnings.map(diagnosticView) };
}

export function checkResult(text: string): PipelineCheckResult {
  const c = checkText(text);
  return c.ok
    ? { ok: true, diagnostics: c.warnings, stages: c.canonical.length }
    : { ok: false, diagnostics: c.diagnostics };
}

/** The options with this pipeline; an empty pipeline drops the key, as a watch without one has. */
export function withPipeline(options: WatchOptions, canonical: unknown[]): WatchOptions {
  const { pipeline: _old, ...rest } = options;
  return canonical.length ? { ...rest, pipeline: canonical } : rest;
}

/** Same pipeline? Compared as canonical EJSON text, so `1` and `NumberInt(1)` are the same stage. */
export function samePipeline(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  return canonicalText(a) === canonicalText(b);
}

function canonicalText(p: readonly unknown[] | undefined): string {
  if (!p?.length) return '[]';
  return JSON.stringify(EJSON.serialize(p, { relaxed: false }));
}

/** Shell-syntax text of a pipeline when the text it was applied with is not known (after a reload). */
export function pipelineTextOf(pipeline: readonly unknown[] | undefined): string {
  if (!pipeline?.length) return '';
  const canonical = EJSON.serialize(pipeline, { relaxed: false }) as unknown as Json[];
  return `[\n${canonical.map((s) => `  ${shellText(s, '  ')}`).join(',\n')}\n]`;
}

const RECENT_EVENTS = 200;

function view(c: PipelineCompletion): CompletionItemView {
  const out: CompletionItemView = { label: c.label, kind: c.kind, detail: c.detail };
  if (c.description) out.description = c.description;
  if (c.snippet) out.snippet = c.snippet;
  return out;
}

/** Stage names, operators, the event's fields (with fullDocument.* seen in the last events) and presets. */
export function assistFor(log: EventLog): PipelineAssist {
  const recent: unknown[] = [];
  for (let seq = log.lastSeq; seq >= log.firstSeq && recent.length < RECENT_EVENTS && seq > 0; seq--) {
    const e = log.get(seq);
    if (!e) continue;
    try {
      recent.push(EJSON.parse(e.ejson, { relaxed: false }));
    } catch {
      // An event the log could store is valid EJSON; skip rather than fail the whole list.
    }
  }
  const fields: CompletionItemView[] = eventFieldPaths(recent).map((f) => {
    const item: CompletionItemView = {
      label: f.path,
      kind: 'field',
      detail: f.seen ? 'seen in recent events' : 'change event',
      description: f.description,
    };
    if (f.values) item.values = f.values;
    return item;
  });
  const operators = [...queryOperatorCompletions(), ...expressionCompletions()];
  const unique = new Map(operators.map((o) => [o.label, o]));
  return {
    stages: stageCompletions().map(view),
    operators: [...unique.values()].map(view),
    fields,
    presets: PIPELINE_PRESETS.map((p) => ({
      id: p.id,
      title: p.title,
      description: p.description,
      text: p.text,
      ...(p.needs?.fullDocument ? { needsFullDocument: p.needs.fullDocument } : {}),
    })),
  };
}

/** The driver-neutral spec of a watch for codegen: its scope, pipeline (as BSON), options and start. */
export function codeSpecOf(
  target: WatchTarget,
  options: WatchOptions,
  position: StartPosition | undefined,
): WatchCodeSpec {
  const pipeline = options.pipeline?.length
    ? (EJSON.deserialize(EJSON.serialize(options.pipeline, { relaxed: false }) as Document, {
        relaxed: false,
      }) as Document[])
    : [];
  const spec: WatchCodeSpec = { scope: target.scope, pipeline, options: {} };
  if (target.db) spec.db = target.db;
  if (target.coll) spec.coll = target.coll;
  const o = spec.options!;
  o.fullDocument = options.fullDocument;
  o.fullDocumentBeforeChange = options.fullDocumentBeforeChange;
  if (options.showExpandedEvents) o.showExpandedEvents = true;
  if (options.batchSize !== undefined) o.batchSize = options.batchSize;
  if (options.maxAwaitTimeMS !== undefined) o.maxAwaitTimeMS = options.maxAwaitTimeMS;
  spec.start = startOf(position);
  return spec;
}

function startOf(position: StartPosition | undefined): WatchCodeSpec['start'] {
  if (!position) return { kind: 'none' };
  switch (position.kind) {
    case 'resumeAfter':
      return { kind: 'resumeAfter', token: tokenValue(position.token) };
    case 'startAfter':
      return { kind: 'startAfter', token: tokenValue(position.token) };
    default:
      return { kind: 'none' };
  }
}

/** Tokens arrive as driver values or canonical EJSON (from storage): codegen wants BSON values. */
function tokenValue(token: unknown): unknown {
  return EJSON.deserialize(EJSON.serialize({ t: token }, { relaxed: false }), { relaxed: false }).t;
}

export function watchCode(spec: WatchCodeSpec, language: CodeLanguage): string {
  return generateWatchCode(spec, language);
}
