// "Run Change-Stream Doctor" (palette and connection menu): gathers the facts with the connection's
// client, shows the report in the Markdown preview, and offers the safe fixes and the recipes.
// Why the Markdown preview and not a webview: the report is static text, the preview is themed and
// high-contrast ready with no new bundle or CSP surface; fixes and copies go through native prompts
// (the notification's buttons and the palette commands), not command links in the preview. The text
// is a read-only virtual document (reportDocument.ts): nothing is left dirty to save.
import * as vscode from 'vscode';
import type { CheckId, DoctorReport, DoctorTarget, SafeFix } from '../../core/doctor/model';
import type { WatchErrorCode } from '../../core/watch/errorRules';
import type { WatchTarget } from '../../shared/protocol';
import type { Logger } from '../../core/logger';
import { Commands } from '../commandIds';
import type { Deployments } from '../connections/deployments';
import type { Pickers } from '../commands/pickers';
import { asWatchableNode } from '../tree/nodes';
import { DoctorReportDocuments } from './reportDocument';
import { reportMarkdown } from './reportMarkdown';

interface LastRun {
  connectionId: string;
  connectionName: string;
  target: DoctorTarget;
  report: DoctorReport;
  /** The check a failed watch's banner asked about: shown first. */
  focus?: CheckId;
}

export class DoctorCommands {
  private last: LastRun | undefined;
  private readonly documents = new DoctorReportDocuments();

  constructor(
    private readonly deployments: Deployments,
    private readonly pickers: Pickers,
    private readonly logger: Logger,
    /** bookmarks (issue 9): the saved bookmarks of a connection, for the Doctor's bookmark check. */
    private readonly savedBookmarks: (
      connectionId: string,
    ) => { label: string; clusterTime?: { t: number; i: number } }[] = () => [],
  ) {}

  register(): vscode.Disposable[] {
    return [
      this.documents,
      vscode.commands.registerCommand(Commands.runDoctor, (arg?: unknown) => this.run(arg)),
      vscode.commands.registerCommand(Commands.doctorApplyFix, () => this.applyFix()),
      vscode.commands.registerCommand(Commands.doctorCopyRecipe, () => this.copyRecipe()),
    ];
  }

  /** The latest report (the E2E and exthost tests read statuses from it). */
  lastReport(): DoctorReport | undefined {
    return this.last?.report;
  }

  /** From a failed watch's banner: the doctor on the watch's target, opened at the check its error names. */
  async runForWatch(target: WatchTarget, errorCode?: string): Promise<DoctorReport | undefined> {
    const { doctorCheckFor } = await import('../../core/doctor/watchErrors');
    const focus = errorCode ? doctorCheckFor(errorCode as WatchErrorCode) : undefined;
    const node =
      target.scope === 'collection' && target.db && target.coll
        ? {
            kind: 'collection' as const,
            connectionId: target.connectionId,
            connectionName: target.connectionName,
            db: target.db,
            coll: target.coll,
          }
        : target.scope === 'database' && target.db
          ? {
              kind: 'database' as const,
              connectionId: target.connectionId,
              connectionName: target.connectionName,
              db: target.db,
            }
          : { kind: 'connection' as const, connectionId: target.connectionId, connectionName: target.connectionName };
    return this.run(node, focus);
  }

  async run(arg?: unknown, focus?: CheckId): Promise<DoctorReport | undefined> {
    const node =
      asWatchableNode(arg) ?? (await this.pickers.connection('Run the Change-Stream Doctor on which connection?'));
    if (!node) return undefined;
    const target: DoctorTarget =
      node.kind === 'collection' ? { db: node.db, coll: node.coll } : node.kind === 'database' ? { db: node.db } : {};
    const connectionName = node.connectionName || this.deployments.displayName(node.connectionId);
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Change-Stream Doctor: checking ${connectionName}…` },
      () => this.check(node.connectionId, target),
    );
    this.last = { connectionId: node.connectionId, connectionName, target, report, focus };
    await this.show();
    return report;
  }

  private async check(connectionId: string, target: DoctorTarget): Promise<DoctorReport> {
    const [doctor, client] = await Promise.all([import('../../core/doctor'), this.deployments.client(connectionId)]);
    const hosts = client.options.hosts.map((h) => h.host ?? h.socketPath ?? '').filter(Boolean);
    const hours = vscode.workspace
      .getConfiguration('changeStreamInspector')
      .get<number>('doctor.consumerDowntimeHours', 24);
    const facts = await doctor.gatherFacts({
      client,
      target,
      hosts,
      bookmarks: this.savedBookmarks(connectionId),
      consumerDowntimeHours: hours,
    });
    const report = doctor.buildReport(facts, target);
    this.logger.info(`Doctor: ${report.checks.map((c) => `${c.id}=${c.status}`).join(' ')}`);
    return report;
  }

  /** Shows the report; `offer` adds the toast with the fix / recipe buttons (not after a fix: the report is enough). */
  private async show(offer = true): Promise<void> {
    if (!this.last) return;
    const { targetText } = await import('../../core/doctor/privileges');
    const text = reportMarkdown(
      this.last.report,
      this.last.connectionName,
      targetText(this.last.target),
      this.last.focus,
    );
    // The same document for every run on this connection: an open preview refreshes in place.
    const uri = this.documents.update(this.last.connectionId, this.last.connectionName, text);
    await vscode.workspace.openTextDocument(uri);
    await vscode.commands.executeCommand('markdown.showPreview', uri);
    const fixes = this.last.report.checks.flatMap((c) => c.fixes ?? []);
    const recipes = this.last.report.checks.some((c) => c.recipes?.length);
    const actions = [...(fixes.length ? ['Apply a Fix…'] : []), ...(recipes ? ['Copy a Recipe…'] : [])];
    if (actions.length === 0 || !offer) return;
    const failing = this.last.report.checks.filter((c) => c.status === 'fail' || c.status === 'warn').length;
    void vscode.window
      .showInformationMessage(`Change-Stream Doctor: ${failing} check(s) need attention.`, ...actions)
      .then((a) => {
        if (a === 'Apply a Fix…') void this.applyFix();
        if (a === 'Copy a Recipe…') void this.copyRecipe();
      });
  }

  private async applyFix(): Promise<void> {
    const fixes = this.last?.report.checks.flatMap((c) => c.fixes ?? []) ?? [];
    if (!this.last || fixes.length === 0) {
      void vscode.window.showInformationMessage('The last doctor report has no fix the extension can apply safely.');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      fixes.map((fix) => ({ label: `Enable pre- and post-images on ${fix.db}.${fix.coll}`, fix })),
      { placeHolder: 'Apply which fix?' },
    );
    if (!pick) return;
    const ok = await vscode.window.showWarningMessage(
      `Enable changeStreamPreAndPostImages on ${pick.fix.db}.${pick.fix.coll}?`,
      {
        modal: true,
        detail:
          'The server will store a copy of each document before and after every change (more storage, kept for the retention time). Undo with collMod … enabled: false.',
      },
      'Enable',
    );
    if (ok !== 'Enable') return;
    await this.apply(pick.fix);
  }

  private async apply(fix: SafeFix): Promise<void> {
    if (!this.last) return;
    const [doctor, client] = await Promise.all([
      import('../../core/doctor'),
      this.deployments.client(this.last.connectionId),
    ]);
    try {
      await doctor.enableImages(client, fix.db, fix.coll);
      this.logger.info(`Doctor: enabled pre/post images on ${fix.db}.${fix.coll}.`);
    } catch (err) {
      const e = err as { code?: number; message?: string };
      void vscode.window.showErrorMessage(
        `The fix failed (${String(e.code ?? 'no code')}): ${e.message ?? String(err)}. Check that this user may run collMod.`,
      );
      return;
    }
    this.last.report = await this.check(this.last.connectionId, this.last.target);
    vscode.window.setStatusBarMessage(`Pre- and post-images enabled on ${fix.db}.${fix.coll}`, 5000);
    await this.show(false);
  }

  private async copyRecipe(): Promise<void> {
    const recipes = this.last?.report.checks.flatMap((c) => c.recipes ?? []) ?? [];
    if (recipes.length === 0) return;
    const pick = await vscode.window.showQuickPick(
      recipes.map((r) => ({ label: r.title, r })),
      { placeHolder: 'Copy which recipe?' },
    );
    if (!pick) return;
    await vscode.env.clipboard.writeText(pick.r.text);
    void vscode.window.showInformationMessage(`Copied: ${pick.r.title}`);
  }
}
