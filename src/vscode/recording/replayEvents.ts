// "Replay Events to Collection…": which namespace (when the events span several), which target (by
// default a fresh scratch collection on the Sandbox), a dry-run summary in a modal that names the
// target, a second modal before writing into a collection that holds documents, then the writes under
// a cancellable progress and a result that counts applied, skipped and failed events (reasons in the log).
import * as vscode from 'vscode';
import type { Document } from 'bson';
import type { Logger } from '../../core/logger';
import {
  applyReplay,
  holdsDocuments,
  planReplay,
  REPLAYED_OPS,
  type ReplayEvent,
  type ReplayPlan,
  type ReplayResult,
} from '../../core/recording/replay';
import type { Watch } from '../../core/watch/watch';
import type { Pickers } from '../commands/pickers';
import { SANDBOX_ID, SANDBOX_NAME } from '../connections/connectionStore';
import type { Deployments } from '../connections/deployments';
import type { Notices } from '../notices';
import { readRecordingSettings } from '../settings';

export interface ReplayTarget {
  connectionId: string;
  connectionName: string;
  db: string;
  coll: string;
}

/** Arguments a script or a test may pass to skip the pickers (the confirmations still apply unless `confirmed`). */
export interface ReplayArgs {
  target?: ReplayTarget;
  from?: string;
  /** Skip the modals: the caller already confirmed (twice, for a non-empty target). */
  confirmed?: { writeIntoNonEmpty: boolean };
}

interface Picked<T> extends vscode.QuickPickItem {
  value: T;
}

export interface ReplayDeps {
  deployments: Deployments;
  pickers: Pickers;
  logger: Logger;
  notices: Notices;
}

export async function replayEvents(
  source: Watch,
  args: ReplayArgs,
  deps: ReplayDeps,
): Promise<ReplayResult | undefined> {
  const { EJSON } = require('bson') as typeof import('bson');
  const events: ReplayEvent[] = [];
  for (let seq = source.log.firstSeq; seq <= source.log.lastSeq; seq++) {
    const e = source.log.get(seq);
    if (e) events.push({ change: EJSON.parse(e.ejson, { relaxed: false }) as Document, ejson: e.ejson });
  }
  const all = planReplay(events);
  const namespaces = Object.keys(all.namespaces);
  if (namespaces.length === 0) {
    void deps.notices.info(`${source.title} holds no insert, update, replace or delete events to replay.`);
    return undefined;
  }
  const from = args.from ?? (namespaces.length === 1 ? namespaces[0] : await pickNamespace(all));
  if (!from) return undefined;
  const target = args.target ?? (await pickTarget(from, deps));
  if (!target) return undefined;
  const plan = planReplay(events, from);
  const where = `${target.db}.${target.coll} on ${target.connectionName}`;

  let client;
  try {
    client = await deps.deployments.client(target.connectionId);
  } catch (err) {
    void deps.notices.error(`Could not connect to ${target.connectionName}: ${message(err)}`);
    return undefined;
  }
  const coll = client.db(target.db).collection(target.coll);
  const nonEmpty = await holdsDocuments(coll).catch(() => false);
  if (!args.confirmed) {
    const go = await vscode.window.showWarningMessage(
      `Replay ${describePlan(plan)} from ${from} into ${where}?`,
      { modal: true, detail: planDetail(plan) },
      'Replay',
    );
    if (go !== 'Replay') return undefined;
    if (nonEmpty) {
      const again = await vscode.window.showWarningMessage(
        `${target.db}.${target.coll} already holds documents.`,
        {
          modal: true,
          detail: `Replaying writes into it: inserts may clash with documents already there, and updates and deletes change them. Write into ${where} anyway?`,
        },
        'Write Into Non-Empty Collection',
      );
      if (again !== 'Write Into Non-Empty Collection') return undefined;
    }
  } else if (nonEmpty && !args.confirmed.writeIntoNonEmpty) {
    void deps.notices.warn(`${where} already holds documents; replay writes only into an empty collection.`);
    return undefined;
  }

  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Replaying into ${where}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      try {
        return await applyReplay(coll, events, {
          from,
          allowNonEmpty: true,
          signal: abort.signal,
          onProgress: (done, total) => {
            const pct = (done / total) * 100;
            progress.report({ increment: pct - reported, message: `${done} of ${total} events` });
            reported = pct;
          },
        });
      } finally {
        sub.dispose();
      }
    },
  );
  reportResult(result, where, deps);
  return result;
}

function describePlan(plan: ReplayPlan): string {
  const n = REPLAYED_OPS.reduce((s, op) => s + plan.counts[op], 0);
  return `${n} event${n === 1 ? '' : 's'}`;
}

function planDetail(plan: ReplayPlan): string {
  const lines = [
    `Dry run: ${REPLAYED_OPS.map((op) => `${plan.counts[op]} ${op}${plan.counts[op] === 1 ? '' : 's'}`).join(', ')}, applied in order.`,
  ];
  for (const s of plan.skipped) lines.push(`Left out: ${s.count} (${s.reason}).`);
  if (plan.masked > 0) {
    lines.push(`${plan.masked} event(s) hold masked values: they are written as the masked text, not the originals.`);
  }
  return lines.join('\n');
}

function reportResult(result: ReplayResult, where: string, deps: ReplayDeps): void {
  for (const f of result.failed)
    deps.logger.warn(`Replay into ${where}: event ${f.index + 1} (${f.op}) failed: ${f.reason}`);
  const parts = [`${result.applied} applied`];
  if (result.skipped.length > 0) parts.push(`${result.skipped.length} skipped`);
  if (result.failed.length > 0) parts.push(`${result.failed.length} failed (${result.failed[0].reason})`);
  const text = `${result.cancelled ? 'Replay cancelled' : 'Replay done'} into ${where}: ${parts.join(', ')}.`;
  deps.logger.info(text);
  const show =
    result.failed.length > 0 || result.cancelled ? deps.notices.warn(text, 'Show Log') : deps.notices.info(text);
  void show.then((pick) => {
    if (pick === 'Show Log') void vscode.commands.executeCommand('csi.showLog');
  });
}

async function pickNamespace(plan: ReplayPlan): Promise<string | undefined> {
  const items = Object.entries(plan.namespaces)
    .sort((a, b) => b[1] - a[1])
    .map(([ns, count]): Picked<string> => ({ label: `$(table) ${ns}`, description: `${count} events`, value: ns }));
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Replay Events: source collection',
    placeHolder: 'The events span several collections: replay which one?',
  });
  return pick?.value;
}

async function pickTarget(from: string, deps: ReplayDeps): Promise<ReplayTarget | undefined> {
  const sourceColl = from.slice(from.indexOf('.') + 1);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
  const scratch: ReplayTarget = {
    connectionId: SANDBOX_ID,
    connectionName: SANDBOX_NAME,
    db: readRecordingSettings().scratchDatabase,
    coll: `${sourceColl}_${stamp}`.replace(/[^\w.-]+/g, '_').slice(0, 100),
  };
  const items: Picked<ReplayTarget | 'other'>[] = [
    {
      label: `$(beaker) A scratch collection on the ${SANDBOX_NAME}`,
      description: `${scratch.db}.${scratch.coll}`,
      detail: 'A new, empty collection on the built-in replica set: nothing of yours is touched.',
      value: scratch,
    },
    { label: '$(database) Another collection…', description: 'pick a connection and a database', value: 'other' },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Replay Events: target',
    placeHolder: 'Replay where?',
  });
  if (!pick) return undefined;
  if (pick.value !== 'other') return pick.value;
  const connection = await deps.pickers.connection('Replay Events: target connection');
  if (!connection) return undefined;
  const db = await deps.pickers.database('Replay Events: target database', connection);
  if (!db) return undefined;
  const coll = await vscode.window.showInputBox({
    title: 'Replay Events: target collection',
    prompt: `A collection of ${db} (a new name makes a new collection)`,
    value: `${sourceColl}_replay`,
    validateInput: (t) =>
      /^[^$\0]{1,120}$/.test(t) && !t.startsWith('system.')
        ? undefined
        : 'Give a collection name (no $, not system.*).',
  });
  if (!coll) return undefined;
  return { connectionId: connection.connectionId, connectionName: connection.connectionName, db, coll };
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
