// "Open Recording…": reads an exported file as a stream under a cancellable progress notification into
// a RecordedSource (masked with the settings in force now), then shows it in an inspector panel. Lines
// that cannot be read are listed in the log and summed up in one warning; the rest loads.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Document } from 'bson';
import type { Logger } from '../../core/logger';
import { RecordingReader, type RecordingProblem } from '../../core/recording/import';
import { RecordedSource } from '../../core/recording/recordedSource';
import { newId } from '../ids';
import type { Notices } from '../notices';
import { readLogLimits } from '../settings';

export async function pickRecordingFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Open Recording',
    openLabel: 'Open Recording',
    canSelectMany: false,
    filters: { 'Change-stream recordings': ['ndjson', 'jsonl', 'json'], 'All files': ['*'] },
  });
  return picked?.[0];
}

export async function openRecording(
  file: vscode.Uri,
  deps: { mask: (c: Document) => Document; logger: Logger; notices: Notices },
): Promise<RecordedSource | undefined> {
  const fileName = basename(file.fsPath);
  let source: RecordedSource | undefined;
  const extraProblems: RecordingProblem[] = [];
  const reader = new RecordingReader((change, line) => {
    source ??= new RecordedSource({
      id: newId(),
      fileName,
      header: reader.currentHeader,
      limits: readLogLimits(),
      mask: deps.mask,
    });
    try {
      source.add(change);
    } catch (err) {
      extraProblems.push({ line, message: `Line ${line}: ${err instanceof Error ? err.message : String(err)}` });
    }
  });
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Opening ${fileName}`, cancellable: true },
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
    void source?.dispose();
    return undefined;
  }
  if (outcome instanceof Error) {
    deps.logger.warn(`Reading ${file.fsPath} failed: ${outcome.message}`);
    void deps.notices.error(`Could not read ${fileName}: ${outcome.message}. Check the file exists and is readable.`);
    return undefined;
  }
  const result = reader.end();
  const problems = [...result.problems, ...extraProblems].sort((a, b) => a.line - b.line);
  for (const p of problems) deps.logger.warn(`${fileName}: ${p.message}`);
  if (!source) {
    const first = problems[0]?.message ?? 'it holds no change events';
    void deps.notices.error(
      `${fileName} holds no change event that could be read (${first}). Open a file made by "Export Events…" (NDJSON or an EJSON array).`,
      'Show Log',
    );
    return undefined;
  }
  source.finish(problems);
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
