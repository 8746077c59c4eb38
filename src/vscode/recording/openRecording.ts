// "Open Recording…": reads an exported file as a stream under a cancellable progress notification into
// a RecordedSource (masked with the settings in force now), then shows it in an inspector panel. Lines
// that cannot be read are listed in the log and summed up in one warning; the rest loads.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Document } from 'bson';
import type { Logger } from '../../core/logger';
import { RecordingReader, type RecordingProblem } from '../../core/recording/import';
import { RecordedSource } from '../../core/recording/recordedSource';
import { newId } from '../ids';
import type { Notices } from '../notices';
import { newEventLog } from '../watches/watchList';

export async function pickRecordingFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Open Recording',
    openLabel: 'Open Recording',
    canSelectMany: false,
    filters: { 'Change-stream recordings': ['ndjson', 'jsonl', 'json'], 'All files': ['*'] },
  });
  return picked?.[0];
}

interface ReadDeps {
  mask: (c: Document) => Document;
  logger: Logger;
  notices: Notices;
}

type ReadOutcome =
  | { kind: 'cancelled' }
  | { kind: 'error'; error: NodeJS.ErrnoException }
  | { kind: 'read'; source: RecordedSource | undefined; problems: RecordingProblem[] };

/** Streams the file into a RecordedSource with the given id (created on the first event read). */
async function readRecording(
  file: vscode.Uri,
  id: string,
  deps: ReadDeps,
  location: vscode.ProgressLocation,
): Promise<ReadOutcome> {
  const fileName = basename(file.fsPath);
  let logKey: string | undefined;
  try {
    const st = await stat(file.fsPath);
    logKey = `recording:${id}:${st.size}:${Math.round(st.mtimeMs)}`;
  } catch (err) {
    return { kind: 'error', error: err as NodeJS.ErrnoException };
  }
  let source: RecordedSource | undefined;
  const extraProblems: RecordingProblem[] = [];
  const reader = new RecordingReader((change, line) => {
    source ??= new RecordedSource({
      id,
      fileName,
      header: reader.currentHeader,
      log: newEventLog(),
      mask: deps.mask,
      filePath: file.fsPath,
      logKey,
    });
    try {
      source.add(change);
    } catch (err) {
      extraProblems.push({ line, message: `Line ${line}: ${err instanceof Error ? err.message : String(err)}` });
    }
  });
  const outcome = await vscode.window.withProgress(
    { location, title: `Opening ${fileName}`, cancellable: location === vscode.ProgressLocation.Notification },
    (progress, token) =>
      new Promise<'done' | 'cancelled' | Error>((resolve) => {
        const stream = createReadStream(file.fsPath, { encoding: 'utf8', highWaterMark: 256 * 1024 });
        const sub = token.onCancellationRequested(() => {
          stream.destroy();
          resolve('cancelled');
        });
        let bytes = 0;
        stream.on('data', (chunk: string | Buffer) => {
          const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
          bytes += text.length;
          reader.push(text);
          progress.report({ message: `${Math.round(bytes / 1024)} KB read` });
        });
        stream.on('error', (err) => {
          sub.dispose();
          resolve(err);
        });
        stream.on('end', () => {
          sub.dispose();
          resolve('done');
        });
      }),
  );
  if (outcome === 'cancelled') {
    void (source as RecordedSource | undefined)?.dispose();
    return { kind: 'cancelled' };
  }
  if (outcome instanceof Error) {
    void (source as RecordedSource | undefined)?.dispose();
    return { kind: 'error', error: outcome };
  }
  const result = reader.end();
  const problems = [...result.problems, ...extraProblems].sort((a, b) => a.line - b.line);
  for (const p of problems) deps.logger.warn(`${fileName}: ${p.message}`);
  const read = source as RecordedSource | undefined;
  read?.finish(problems);
  return { kind: 'read', source: read, problems };
}

export async function openRecording(file: vscode.Uri, deps: ReadDeps): Promise<RecordedSource | undefined> {
  const fileName = basename(file.fsPath);
  const outcome = await readRecording(file, newId(), deps, vscode.ProgressLocation.Notification);
  if (outcome.kind === 'cancelled') return undefined;
  if (outcome.kind === 'error') {
    deps.logger.warn(`Reading ${file.fsPath} failed: ${outcome.error.message}`);
    void deps.notices.error(
      `Could not read ${fileName}: ${outcome.error.message}. Check the file exists and is readable.`,
    );
    return undefined;
  }
  const { source, problems } = outcome;
  if (!source) {
    const first = problems[0]?.message ?? 'it holds no change events';
    void deps.notices.error(
      `${fileName} holds no change event that could be read (${first}). Open a file made by "Export Events…" (NDJSON or an EJSON array).`,
      'Show Log',
    );
    return undefined;
  }
  deps.logger.info(`Opened the recording ${file.fsPath}: ${source.info.read} events, ${problems.length} problem(s).`);
  if (problems.length > 0) {
    void deps.notices
      .warn(
        `Opened ${fileName} with ${source.info.read} events; ${problems.length} line(s) could not be read (${problems[0].message}).`,
        'Show Log',
      )
      .then((pick) => {
        if (pick === 'Show Log') void vscode.commands.executeCommand('csi.showLog');
      });
  }
  return source;
}

/**
 * After a window reload: reads the recording's file again under its old id (progress in the status
 * bar, no toasts). A file that is gone or holds nothing readable gives a source with no events whose
 * status says so, so the panel tells the person instead of vanishing.
 */
export async function reopenRecording(filePath: string, id: string, deps: ReadDeps): Promise<RecordedSource> {
  const file = vscode.Uri.file(filePath);
  const fileName = basename(filePath);
  const unreadable = (why: string): RecordedSource => {
    deps.logger.warn(`Could not open the recording ${filePath} again after the window reload: ${why}.`);
    return new RecordedSource({ id, fileName, header: undefined, log: newEventLog(), filePath, unreadable: why });
  };
  const outcome = await readRecording(file, id, deps, vscode.ProgressLocation.Window);
  if (outcome.kind === 'cancelled') return unreadable('reading it was cancelled');
  if (outcome.kind === 'error') {
    return unreadable(
      outcome.error.code === 'ENOENT'
        ? `${filePath} is not there any more (moved or deleted)`
        : `${filePath} could not be read (${outcome.error.message})`,
    );
  }
  if (!outcome.source) return unreadable(`${filePath} holds no change event that could be read`);
  deps.logger.info(
    `Reopened the recording ${filePath} after a window reload: ${outcome.source.info.read} events, ${outcome.problems.length} problem(s).`,
  );
  return outcome.source;
}
