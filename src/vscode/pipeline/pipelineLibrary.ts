// The pipelines a person keeps: those applied per namespace (newest first, deduplicated) and named
// saved pipelines, both in workspaceState (they belong to a project). Stored values are untrusted:
// every read drops what does not have the expected shape.
import type * as vscode from 'vscode';
import type { WatchTarget } from '../../core/watch/model';
import {
  MAX_PIPELINE_NAME,
  MAX_PIPELINE_TEXT,
  type PipelineHistoryEntry,
  type SavedPipeline,
} from '../../shared/protocol/pipeline';
import { StorageKeys } from '../storageKeys';

export const HISTORY_PER_NAMESPACE = 20;
export const MAX_NAMESPACES = 100;
export const MAX_SAVED = 200;

type HistoryRecord = Record<string, PipelineHistoryEntry[]>;

/** connection + namespace: the history of shop.orders on one connection is not that of another. */
export function namespaceKey(target: WatchTarget): string {
  const ns =
    target.scope === 'deployment'
      ? '*'
      : target.scope === 'database'
        ? `${target.db}.*`
        : `${target.db}.${target.coll}`;
  return `${target.connectionId}/${ns}`;
}

const isText = (t: unknown): t is string => typeof t === 'string' && t.length <= MAX_PIPELINE_TEXT;
const isTime = (t: unknown): t is string => typeof t === 'string' && t.length <= 40;

function readEntries(raw: unknown): PipelineHistoryEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((e): e is PipelineHistoryEntry => isRecord(e) && isText(e.text) && isTime(e.at))
    .map((e) => ({ text: e.text, at: e.at }))
    .slice(0, HISTORY_PER_NAMESPACE);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Same pipeline text, ignoring only leading/trailing blanks and line endings. */
const sameText = (a: string, b: string): boolean => a.replace(/\r\n/g, '\n').trim() === b.replace(/\r\n/g, '\n').trim();

export class PipelineLibrary {
  constructor(
    private readonly state: vscode.Memento,
    private readonly now: () => Date = () => new Date(),
  ) {}

  history(target: WatchTarget): PipelineHistoryEntry[] {
    return readEntries(this.historyRecord()[namespaceKey(target)]);
  }

  /** Puts the text at the top of the namespace's history (moving it up if it was there already). */
  async recordApplied(target: WatchTarget, text: string): Promise<void> {
    const all = this.historyRecord();
    const key = namespaceKey(target);
    const entries = readEntries(all[key]).filter((e) => !sameText(e.text, text));
    entries.unshift({ text, at: this.now().toISOString() });
    delete all[key];
    // Insertion order = recency: the oldest namespaces are dropped past the bound.
    const next: HistoryRecord = { [key]: entries.slice(0, HISTORY_PER_NAMESPACE) };
    for (const [k, v] of Object.entries(all)) {
      if (Object.keys(next).length >= MAX_NAMESPACES) break;
      next[k] = readEntries(v);
    }
    await this.state.update(StorageKeys.pipelineHistory, next);
  }

  saved(): SavedPipeline[] {
    const raw = this.state.get<unknown>(StorageKeys.savedPipelines);
    if (!Array.isArray(raw)) return [];
    return raw
      .filter(
        (e): e is SavedPipeline =>
          isRecord(e) &&
          typeof e.name === 'string' &&
          e.name.length > 0 &&
          e.name.length <= MAX_PIPELINE_NAME &&
          isText(e.text) &&
          isTime(e.savedAt),
      )
      .map((e) => ({ name: e.name, text: e.text, savedAt: e.savedAt }))
      .slice(0, MAX_SAVED)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Saves under a name; the same name replaces the earlier pipeline. */
  async save(name: string, text: string): Promise<SavedPipeline[]> {
    const trimmed = name.trim();
    const rest = this.saved().filter((s) => s.name !== trimmed);
    if (rest.length >= MAX_SAVED)
      throw new Error(`At most ${MAX_SAVED} pipelines can be saved; delete one first (Delete Saved Pipeline).`);
    const next = [...rest, { name: trimmed, text, savedAt: this.now().toISOString() }].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    await this.state.update(StorageKeys.savedPipelines, next);
    return next;
  }

  async delete(name: string): Promise<SavedPipeline[]> {
    const next = this.saved().filter((s) => s.name !== name.trim());
    await this.state.update(StorageKeys.savedPipelines, next);
    return next;
  }

  private historyRecord(): HistoryRecord {
    const raw = this.state.get<unknown>(StorageKeys.pipelineHistory);
    return isRecord(raw) ? ({ ...raw } as HistoryRecord) : {};
  }
}
