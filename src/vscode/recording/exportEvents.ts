// "Export Events…": which events (all, the panel's filter, the selected one, a quick-filter text), the
// format, the file, then a streamed write under a cancellable progress notification. The file is
// written next to its name as `.partial` and renamed at the end, so a cancel leaves nothing behind.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { matchesQuickFilter, parseQuickFilter } from '../../core/pipeline/quickFilter';
import { exportRecording, type ExportSelection, type ExportSink } from '../../core/recording/export';
import type { RecordingFileFormat } from '../../core/recording/format';
import type { Watch } from '../../core/watch/watch';
import type { Notices } from '../notices';
import type { ExportScope } from '../panel/handlers/recording';
import { readRecordingSettings } from '../settings';

/** Arguments a keybinding, a script or a test may pass to skip the pickers. */
export interface ExportArgs {
  file?: vscode.Uri;
  format?: RecordingFileFormat;
  scope?: ExportScope;
  /** Skip the "which events" pick: export every buffered event (or the scope given). */
  quiet?: boolean;
}

interface Picked<T> extends vscode.QuickPickItem {
  value: T;
}

export async function exportEvents(
  source: Watch,
  args: ExportArgs,
  deps: { masking: readonly string[]; logger: Logger; notices: Notices },
): Promise<vscode.Uri | undefined> {
  const log = source.log;
  if (log.size === 0) {
    void deps.notices.info(`${source.title} holds no events to export yet.`);
    return undefined;
  }
  const selection = args.quiet ? selectionOf(args.scope) : await pickSelection(source, args.scope);
  if (!selection) return undefined;
  const format = args.format ?? (await pickFormat());
  if (!format) return undefined;
  const file = args.file ?? (await pickFile(source, format));
  if (!file) return undefined;

  const partial = `${file.fsPath}.partial`;
  const out = createWriteStream(partial, { encoding: 'utf8' });
  const sink: ExportSink = {
    write: (chunk) => new Promise((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve()))),
  };
  const name = vscode.workspace.asRelativePath(file, false);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Exporting ${source.title}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        try {
          return await exportRecording(source, selection, sink, {
            format,
            signal: abort.signal,
            masking: deps.masking,
            onProgress: (done, total) => {
              const pct = total === 0 ? 100 : (done / total) * 100;
              progress.report({ increment: pct - reported, message: `${done} of ${total} events` });
              reported = pct;
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (result.cancelled) {
      await rm(partial, { force: true });
      void deps.notices.info(`Export cancelled: ${name} was not written.`);
      return undefined;
    }
    await rename(partial, file.fsPath);
    deps.logger.info(`Exported ${result.written} events of ${source.title} to ${file.fsPath} (${format}).`);
    if (!args.quiet) {
      void deps.notices.info(`Exported ${result.written} events to ${name}.`, 'Open File').then((pick) => {
        if (pick === 'Open File') void vscode.window.showTextDocument(file);
      });
    }
    return file;
  } catch (err) {
    out.destroy();
    await rm(partial, { force: true });
    const message = err instanceof Error ? err.message : String(err);
    deps.logger.warn(`Export to ${file.fsPath} failed: ${message}`);
    void deps.notices.error(`Could not export to ${name}: ${message}. Pick a folder you can write to and try again.`);
    return undefined;
  }
}

function selectionOf(scope: ExportScope | undefined): ExportSelection {
  if (scope?.seqs && scope.seqs.length > 0) return { kind: 'seqs', seqs: scope.seqs };
  if ((scope?.ops && scope.ops.length > 0) || scope?.filter) return filterSelection(scope.filter ?? '', scope.ops);
  return { kind: 'all' };
}

function filterSelection(text: string, ops: readonly string[] | undefined): ExportSelection {
  const parsed = parseQuickFilter(text, ops);
  if (!parsed.ok) return { kind: 'all' };
  const description = [ops && ops.length > 0 ? `op: ${ops.join(', ')}` : '', text].filter(Boolean).join('; ');
  return { kind: 'filter', keep: (e) => matchesQuickFilter(e, parsed.query), description };
}

async function pickSelection(source: Watch, scope: ExportScope | undefined): Promise<ExportSelection | undefined> {
  const n = source.log.size;
  const items: Picked<ExportSelection | 'text'>[] = [
    {
      label: `$(list-flat) All buffered events`,
      description: `${n} event${n === 1 ? '' : 's'}`,
      value: { kind: 'all' },
    },
  ];
  if ((scope?.ops && scope.ops.length > 0) || scope?.filter) {
    const sel = filterSelection(scope.filter ?? '', scope.ops);
    items.push({
      label: '$(filter) The events the panel shows',
      description: sel.kind === 'filter' ? sel.description : undefined,
      value: sel,
    });
  }
  if (scope?.seqs && scope.seqs.length > 0) {
    items.push({
      label:
        scope.seqs.length === 1 ? `$(target) The selected event (#${scope.seqs[0]})` : '$(target) The selected events',
      value: { kind: 'seqs', seqs: scope.seqs },
    });
  }
  items.push({
    label: '$(search) Events matching a quick filter…',
    description: 'e.g. insert status = "paid"',
    value: 'text',
  });
  const pick = await vscode.window.showQuickPick(items, {
    title: `Export Events: ${source.title}`,
    placeHolder: 'Which events?',
  });
  if (!pick) return undefined;
  if (pick.value !== 'text') return pick.value;
  const text = await vscode.window.showInputBox({
    title: 'Export Events: quick filter',
    prompt: 'Free text, and field.path = value (or > / <) clauses; every part must match.',
    validateInput: (t) => {
      const parsed = parseQuickFilter(t);
      return parsed.ok ? undefined : `${parsed.message} ${parsed.action}`;
    },
  });
  return text === undefined ? undefined : filterSelection(text, undefined);
}

async function pickFormat(): Promise<RecordingFileFormat | undefined> {
  const preferred = readRecordingSettings().exportFormat;
  const items: Picked<RecordingFileFormat>[] = [
    {
      label: 'NDJSON',
      description: '.ndjson — one event a line, canonical EJSON; best for large exports and tools',
      value: 'ndjson',
    },
    { label: 'EJSON array', description: '.json — pretty-printed, for reading and review', value: 'json' },
  ];
  items.sort((a, b) => (a.value === preferred ? -1 : b.value === preferred ? 1 : 0));
  const pick = await vscode.window.showQuickPick(items, { title: 'Export Events: format', placeHolder: 'File format' });
  return pick?.value;
}

async function pickFile(source: Watch, format: RecordingFileFormat): Promise<vscode.Uri | undefined> {
  const t = source.target;
  const base = (t.coll ? `${t.db}.${t.coll}` : (t.db ?? 'events')).replace(/[^\w.-]+/g, '_');
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const ext = format === 'json' ? 'json' : 'ndjson';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${base}-${stamp}.${ext}`;
  return vscode.window.showSaveDialog({
    title: 'Export Events',
    saveLabel: 'Export',
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : vscode.Uri.file(fileName),
    filters: format === 'json' ? { 'EJSON array': ['json'] } : { NDJSON: ['ndjson', 'jsonl'] },
  });
}
