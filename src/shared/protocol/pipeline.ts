// The pipeline editor's requests: check text as it is typed, apply it to the running watch (reopened
// from its last token), the editor's completion data, history and saved pipelines, "Edit in Editor"
// and "Copy Watch as Code". Pipeline text crosses as text; the host parses it, never the webview.
import * as v from 'valibot';
import { request, type ErrorPayload } from './envelope';
import type { WatchOptions } from './watch';

/** The host's parser refuses longer text with a positioned message; this bound only stops abuse. */
export const MAX_PIPELINE_TEXT = 512 * 1024;
/** Names of saved pipelines. */
export const MAX_PIPELINE_NAME = 100;

const PipelineTextSchema = v.pipe(v.string('text must be a string'), v.maxLength(MAX_PIPELINE_TEXT));
const NameSchema = v.pipe(
  v.string('name must be a string'),
  v.trim(),
  v.minLength(1, 'name must not be empty'),
  v.maxLength(MAX_PIPELINE_NAME, `name must be at most ${MAX_PIPELINE_NAME} characters`),
);

/** One problem in the text, at its place: offsets for the squiggle, 1-based line/column for people. */
export interface PipelineDiagnosticView {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  action: string;
  from: number;
  to: number;
  line: number;
  column: number;
}

export interface PipelineCheckResult {
  /** True when the text would be accepted by Apply (warnings allowed). */
  ok: boolean;
  diagnostics: PipelineDiagnosticView[];
  /** Number of stages when ok. */
  stages?: number;
}

export type ApplyPipelineResult =
  | { applied: true; options: WatchOptions; warnings: PipelineDiagnosticView[]; text: string }
  /** The text did not pass the check: nothing was sent to the server. */
  | { applied: false; diagnostics: PipelineDiagnosticView[] }
  /** The server refused to open the stream with it: the previous pipeline keeps running. */
  | { applied: false; diagnostics: []; error: ErrorPayload };

export interface CompletionItemView {
  label: string;
  kind: 'stage' | 'query' | 'expression' | 'accumulator' | 'variable' | 'bson' | 'field';
  detail: string;
  description?: string;
  snippet?: string;
  /** Values offered after a field (operationType's names). */
  values?: string[];
}

export interface PipelinePresetView {
  id: string;
  title: string;
  description: string;
  text: string;
  /** The fullDocument mode the preset relies on, when it needs one. */
  needsFullDocument?: string;
}

export interface PipelineAssist {
  stages: CompletionItemView[];
  operators: CompletionItemView[];
  fields: CompletionItemView[];
  presets: PipelinePresetView[];
}

export interface PipelineHistoryEntry {
  text: string;
  /** ISO time it was applied. */
  at: string;
}

export interface SavedPipeline {
  name: string;
  text: string;
  savedAt: string;
}

export interface PipelineLibrary {
  /** The text of the pipeline the watch runs now ('' for none). */
  current: string;
  /** Applied pipelines of this namespace, newest first. */
  history: PipelineHistoryEntry[];
  saved: SavedPipeline[];
}

export const pipelineRequests = {
  validatePipeline: request<PipelineCheckResult>()(v.object({ text: PipelineTextSchema })),
  applyPipeline: request<ApplyPipelineResult>()(v.object({ text: PipelineTextSchema })),
  getPipelineAssist: request<PipelineAssist>()(v.object({})),
  getPipelineLibrary: request<PipelineLibrary>()(v.object({})),
  savePipeline: request<PipelineLibrary>()(v.object({ name: NameSchema, text: PipelineTextSchema })),
  deleteSavedPipeline: request<PipelineLibrary>()(v.object({ name: NameSchema })),
  /** Opens the text as a VS Code document with an "Apply to watch" code lens, kept in sync with the panel. */
  editPipelineInEditor: request<{ opened: boolean }>()(v.object({ text: PipelineTextSchema })),
  /** Asks for a language (quick pick) unless given, and copies the watch as runnable code. */
  copyWatchAsCode: request<{ copied: boolean; language?: string; message?: string }>()(
    v.object({ language: v.optional(v.picklist(['node', 'python', 'motor', 'mongosh'])) }),
  ),
};

/** Host → webview: the pipeline text changed elsewhere (the VS Code document), or was applied there. */
export interface PipelineTextNotice {
  text: string;
  /** Set when this text is now the watch's pipeline. */
  applied?: boolean;
}
