// Owns the inspector panels: one WebviewPanel per watch. After a window reload every watch that had a
// panel reopens at once from its saved resume token (visible or not); its panel adopts it when the
// workbench revives the tab. Closing a panel stops and drops its watch.
import * as vscode from 'vscode';
import { newId } from '../ids';
import type { Logger } from '../../core/logger';
import type { StartPosition } from '../../core/watch/positions';
import type { Watch } from '../../core/watch/watch';
import { DisposableOwner, toDisposable } from '../lifecycle';
import type { KnownSecrets } from '../outputLog';
import type { Probe } from '../probe';
import { StorageKeys } from '../storageKeys';
import type { WatchList } from '../watches/watchList';
import type { InspectorContext } from './handlers/context';
import type { PanelMasking } from '../../shared/protocol';
// diff (issue 8)
// recording (issue 12)
import { RecordedSource } from '../../core/recording/recordedSource';
import { recordFor, recordingRecords, reopenRecorded, stateIsRecording } from '../recording/recordingRestore';
// pipeline editing (issue 7)
import type { PipelineGlue } from './handlers/pipeline';
import type { HostNotification } from '../../shared/protocol';
// bookmarks (issue 9)
import type { PanelBookmarks } from './handlers/context';
import { forgetSelection } from './handlers/diff';
import type { ImageRecordingGlue } from './handlers/context';
import { INSPECTOR_VIEW_TYPE, inspectorHtml, webviewOptions } from './panelHtml';
import type { PanelHost } from './panelHost';
import { chooseSavedWatch, readSavedWatch, type OpenWatchRecord, type SavedWatch } from './savedWatch';

// The panel host, the protocol and the request tables (src/vscode/chunks/panelHostChunk.ts) are
// required when the first panel opens: activation does not need them.
type PanelHostChunk = typeof import('../chunks/panelHostChunk');
let hostChunk: PanelHostChunk | undefined;
const panelHostChunk = (): PanelHostChunk => (hostChunk ??= require('../chunks/panelHostChunk') as PanelHostChunk);

export interface PanelHooks {
  /** Starts (or restarts) a watch, at a position when given, and reports a failure to open. */
  start(watch: Watch, position?: StartPosition): Promise<void>;
  /** Whether a revived panel's connection still exists. */
  connectionExists(connectionId: string): boolean;
  /** Runs the Change-Stream Doctor for a watch (its error banner's link). */
  runDoctor?(watch: Watch, errorCode?: string): Promise<void>;
  /** The field masking in force, which every panel shows (issue 12). */
  masking?(): PanelMasking;
  /** The pipeline editor's glue (issue 7). */
  pipeline?: PipelineGlue;
  /** bookmarks (issue 9): the bookmark service and time travel the panels' requests use. */
  bookmarks?: PanelBookmarks;
  /** Pre- and post-image recording of a watched collection (issue 8). */
  images?: ImageRecordingGlue;
}

/**
 * recording (issue 12), test mode only: the test API's reload() has no workbench to revive panels, so
 * the recording panels one activation leaves open are revived by the next, as the workbench would.
 */
let handedOver: { panel: vscode.WebviewPanel; watchId: string }[] = [];

const RATE_TICK_MS = 1000;
const TOKEN_SAVE_MS = 2000;

interface PanelEntry {
  panel: vscode.WebviewPanel;
  host: PanelHost<InspectorContext>;
  watch: Watch;
}

export class InspectorPanels extends DisposableOwner {
  private readonly entries = new Map<string, PanelEntry>();
  private readonly focusOrder: string[] = [];
  /** Watches reopened after a reload, waiting for the workbench to revive their panels. */
  private readonly restored = new Map<string, Watch>();
  private readonly logIds = new Map<string, string>();
  private shuttingDown = false;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly workspaceState: vscode.Memento,
    private readonly watches: WatchList,
    private readonly logger: Logger,
    private readonly known: KnownSecrets,
    private readonly probe: Probe | undefined,
    private readonly hooks: PanelHooks,
  ) {
    super();
    const tick = setInterval(() => {
      for (const e of this.entries.values()) e.host.refreshRate();
    }, RATE_TICK_MS);
    this._register(toDisposable(() => clearInterval(tick)));
  }

  register(): vscode.Disposable {
    if (this.probe)
      for (const h of handedOver.splice(0))
        setTimeout(() => void this.revive(h.panel, { watchId: h.watchId }).catch(() => undefined), 0);
    return vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => this.revive(panel, state),
    });
  }

  /**
   * Reopens every watch that had a panel before the reload, from its saved token, without waiting
   * for its tab to be shown: events written meanwhile arrive once each.
   */
  async restoreOpenWatches(): Promise<void> {
    const records = this.workspaceState.get<unknown>(StorageKeys.openWatches);
    if (!Array.isArray(records)) return;
    for (const record of records) {
      const saved = readSavedWatch(record);
      if (!saved?.watchId || this.watches.get(saved.watchId) || this.watches.find(saved.target)) continue;
      if (!this.hooks.connectionExists(saved.target.connectionId)) continue;
      const watch = await this.watches.create(saved.target, saved.options, saved.watchId);
      const token = readToken(record);
      if (token !== undefined) watch.continueFrom(token);
      this.restored.set(watch.id, watch);
      this.logger.info(
        `Reopening ${watch.title} after a window reload${token === undefined ? '' : ' from its last event'}.`,
      );
      void this.hooks.start(watch);
    }
  }

  /** Reveals the watch's panel, creating it if needed. */
  show(watch: Watch, preserveFocus = false): void {
    const existing = this.entries.get(watch.id);
    if (existing) {
      existing.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      INSPECTOR_VIEW_TYPE,
      watch.title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus },
      webviewOptions(this.extensionUri),
    );
    this.adopt(panel, watch);
  }

  /** Sends a notification to the panel of a watch, if it has one (pipeline sync, issue 7). */
  notifyWatch(watch: Watch, message: HostNotification): void {
    this.entries.get(watch.id)?.host.notify(message);
  }

  /** The watch of the active inspector panel, else of the most recently focused one. */
  activeWatch(): Watch | undefined {
    for (const e of this.entries.values()) if (e.panel.active) return e.watch;
    return this.latestWatch();
  }

  /** Open panels and the per-watch entries kept beside them (the leak test checks both go back down). */
  liveCounts(): { panels: number; bookkeeping: number } {
    return { panels: this.entries.size, bookkeeping: this.logIds.size + this.focusOrder.length + this.restored.size };
  }

  latestWatch(): Watch | undefined {
    for (let i = this.focusOrder.length - 1; i >= 0; i--) {
      const e = this.entries.get(this.focusOrder[i]);
      if (e) return e.watch;
    }
    return undefined;
  }

  /** Sends every panel a fresh snapshot (a setting it shows changed). */
  resendSnapshots(): void {
    for (const e of this.entries.values()) e.host.postSnapshot();
  }

  focusLatest(): boolean {
    const watch = this.latestWatch();
    if (!watch) return false;
    this.show(watch);
    return true;
  }

  /**
   * Detaches every panel from its watch. The panels themselves are left to the workbench: disposing
   * them during deactivation would close them for good and a window reload could not revive them.
   */
  override dispose(): void {
    const first = !this.shuttingDown;
    this.shuttingDown = true;
    if (this.saveTimer) this.saveRecords();
    if (this.probe && first)
      handedOver = [...this.entries.values()]
        .filter((e) => e.watch instanceof RecordedSource)
        .map((e) => ({ panel: e.panel, watchId: e.watch.id }));
    for (const e of this.entries.values()) e.host.dispose();
    this.entries.clear();
    super.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, watch: Watch): void {
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'panel-light.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'panel-dark.svg'),
    };
    panel.webview.html = inspectorHtml(panel.webview, this.extensionUri, watch.title);
    const reloaded = this.restored.delete(watch.id);
    // A recording read again after a reload keeps its log's name: same file, same seqs, same selection.
    const logId = (watch instanceof RecordedSource ? watch.logKey : undefined) ?? newId();
    this.logIds.set(watch.id, logId);
    const context: InspectorContext = {
      watch,
      start: (w, position) => this.hooks.start(w, position),
      copy: async (text, what) => {
        await vscode.env.clipboard.writeText(text);
        vscode.window.setStatusBarMessage(`Copied ${what}`, 2000);
      },
      runDoctor: async (w, errorCode) => this.hooks.runDoctor?.(w, errorCode),
      pipeline: this.hooks.pipeline,
      ...(this.hooks.bookmarks ? { bookmarks: this.hooks.bookmarks } : {}),
      images: this.hooks.images,
    };
    const { PanelHost, watchContent, requests, notifications } = panelHostChunk();
    const host = new PanelHost<InspectorContext>({
      panel,
      content: watchContent(
        () => watch,
        () => ({ logId, reloaded, masking: this.hooks.masking?.() }),
      ),
      requests,
      notifications,
      context: () => context,
      logger: this.logger,
      name: () => watch.title,
      redact: (t) => this.known.redact(t),
      record: this.probe ? (json) => this.probe?.record('webview', json) : undefined,
    });
    // bookmarks (issue 9): the panel's list of bookmarks follows the store.
    const bookmarks = this.hooks.bookmarks?.service;
    if (bookmarks)
      host.own(
        bookmarks.onDidChange(() =>
          host.notify({ kind: 'notify', method: 'bookmarks', params: { bookmarks: bookmarks.viewsFor(watch) } }),
        ),
      );
    const entry: PanelEntry = { panel, host, watch };
    this.entries.set(watch.id, entry);
    this.touch(watch.id);
    this.rememberOpen();
    host.own(
      watch.onDidAppend(() => {
        host.markAppended();
        this.scheduleSave();
      }),
    );
    host.own(watch.onDidChangeStatus((status) => host.notify({ kind: 'notify', method: 'status', params: status })));
    host.own(
      watch.onDidChangeOptions((options) => {
        host.notify({ kind: 'notify', method: 'options', params: options });
        this.rememberOpen();
      }),
    );
    host.own(
      watch.onDidClear(() =>
        host.notify({
          kind: 'notify',
          method: 'cleared',
          params: { firstSeq: watch.log.firstSeq, lastSeq: watch.log.lastSeq },
        }),
      ),
    );
    host.own(
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) this.touch(watch.id);
      }),
    );
    panel.onDidDispose(() => {
      host.dispose();
      forgetSelection(watch.id);
      if (this.shuttingDown) return;
      this.entries.delete(watch.id);
      this.logIds.delete(watch.id);
      const i = this.focusOrder.indexOf(watch.id);
      if (i >= 0) this.focusOrder.splice(i, 1);
      this.rememberOpen();
      // A recording is nobody else's: closing its panel frees its events.
      if (watch instanceof RecordedSource) void watch.dispose();
      // Closing the panel ends the watch: its session stops and its cursor closes.
      void this.watches.remove(watch);
    });
  }

  /** Saves the open panels' records (with each watch's last token) at most every TOKEN_SAVE_MS. */
  private scheduleSave(): void {
    if (this.saveTimer || this.shuttingDown) return;
    this.saveTimer = setTimeout(() => this.saveRecords(), TOKEN_SAVE_MS);
  }

  private rememberOpen(): void {
    this.saveRecords();
  }

  /**
   * What a window reload brings back: each panel's watch id (the key a revived panel looks up),
   * title, target, options and last resume token (canonical EJSON).
   */
  private saveRecords(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    // A recording is not reopened after a reload: it has no watch to restore (open it again from its file).
    const entries = [...this.entries.values()].filter(({ watch: w }) => !(w instanceof RecordedSource));
    const open: (OpenWatchRecord & { token?: string })[] = entries.map(({ watch: w }) => {
      const record: OpenWatchRecord & { token?: string } = {
        watchId: w.id,
        title: w.title,
        target: w.target,
        options: w.options,
      };
      const token = tokenText(w.lastToken);
      if (token) record.token = token;
      return record;
    });
    void this.workspaceState.update(StorageKeys.openWatches, open);
    // recording (issue 12): a recording panel comes back by reading its file again.
    const recorded = [...this.entries.values()].flatMap(({ watch: w }) => (w instanceof RecordedSource ? [w] : []));
    void this.workspaceState.update(StorageKeys.openRecordings, recordingRecords(recorded));
  }

  private savedFor(panel: vscode.WebviewPanel, state: unknown): SavedWatch | undefined {
    const records = this.workspaceState.get<unknown>(StorageKeys.openWatches);
    return chooseSavedWatch(state, records, panel.title, (saved) => this.watches.find(saved.target) !== undefined);
  }

  private touch(id: string): void {
    const i = this.focusOrder.indexOf(id);
    if (i >= 0) this.focusOrder.splice(i, 1);
    this.focusOrder.push(id);
  }

  /** recording (issue 12): a recording's panel reads its file again; true when the panel was handled. */
  private async reviveRecording(panel: vscode.WebviewPanel, state: unknown): Promise<boolean> {
    const record = recordFor(state, this.workspaceState.get<unknown>(StorageKeys.openRecordings));
    if (!record && !stateIsRecording(state)) return false;
    const source = record ? await reopenRecorded(record) : undefined;
    if (!source) {
      this.logger.warn('A recording panel from the last session had no file to read again; closing it.');
      panel.dispose();
      return true;
    }
    panel.title = source.title;
    this.restored.set(source.id, source);
    this.adopt(panel, source);
    return true;
  }

  private async revive(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    panel.webview.options = webviewOptions(this.extensionUri);
    if (await this.reviveRecording(panel, state)) return;
    const saved = this.savedFor(panel, state);
    if (!saved) {
      this.logger.warn('An inspector panel from the last session had no watch to restore; closing it.');
      panel.dispose();
      return;
    }
    const existing = (saved.watchId ? this.watches.get(saved.watchId) : undefined) ?? this.watches.find(saved.target);
    if (existing && this.entries.has(existing.id)) {
      panel.dispose();
      this.show(existing);
      return;
    }
    if (existing) {
      // Reopened by restoreOpenWatches already: the panel only adopts it.
      panel.title = existing.title;
      this.adopt(panel, existing);
      return;
    }
    // Keeping the saved id keeps the webview state and the workspace record pointing at this watch.
    const id = saved.watchId && !this.watches.get(saved.watchId) ? saved.watchId : undefined;
    const watch = await this.watches.create(saved.target, saved.options, id);
    panel.title = watch.title;
    this.restored.set(watch.id, watch);
    this.adopt(panel, watch);
    if (this.hooks.connectionExists(saved.target.connectionId)) {
      this.logger.info(`Restoring the watch on ${watch.title} after a window reload.`);
      void this.hooks.start(watch);
    } else {
      this.logger.warn(`Not restoring ${watch.title}: its connection was removed.`);
      watch.markStopped(
        `The connection "${saved.target.connectionName}" was removed, so this watch was not restored.`,
        `Add the connection again to watch ${watch.title}.`,
      );
    }
  }
}

/** A resume token as canonical EJSON text (tokens hold BSON types); bson is loaded once events flow. */
function tokenText(token: unknown): string | undefined {
  if (token === undefined || token === null) return undefined;
  const { EJSON } = require('bson') as typeof import('bson');
  return EJSON.stringify(token as Record<string, unknown>, { relaxed: false });
}

function readToken(record: unknown): unknown {
  const text = (record as { token?: unknown } | null)?.token;
  if (typeof text !== 'string' || text.length > 64 * 1024) return undefined;
  try {
    const { EJSON } = require('bson') as typeof import('bson');
    return EJSON.parse(text, { relaxed: false });
  } catch {
    return undefined;
  }
}
