// Owns the inspector panels: one WebviewPanel per watch, revived after a window reload from the
// watch the webview saved in its state (see savedWatch.ts). Closing a panel stops and drops its watch.
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { KnownSecrets } from '../outputLog';
import type { Probe } from '../probe';
import type { Watch } from '../watches/watch';
import type { WatchList } from '../watches/watchList';
import { INSPECTOR_VIEW_TYPE, inspectorHtml, webviewOptions } from './panelHtml';
import { PanelBridge } from './panelBridge';
import { chooseSavedWatch, type OpenWatchRecord, type SavedWatch } from './savedWatch';

export interface PanelHooks {
  /** Starts (or restarts) a watch and reports a failure to open. */
  start(watch: Watch): Promise<void>;
  /** Whether a revived panel's connection still exists. */
  connectionExists(connectionId: string): boolean;
}

const OPEN_WATCHES_KEY = 'csi.openWatches.v1';

export class InspectorPanels implements vscode.Disposable {
  private readonly bridges = new Map<string, PanelBridge>();
  private readonly focusOrder: string[] = [];
  private shuttingDown = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly workspaceState: vscode.Memento,
    private readonly watches: WatchList,
    private readonly logger: Logger,
    private readonly known: KnownSecrets,
    private readonly probe: Probe,
    private readonly hooks: PanelHooks,
  ) {}

  register(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => this.revive(panel, state),
    });
  }

  /** Reveals the watch's panel, creating it if needed. */
  show(watch: Watch, preserveFocus = false): void {
    const existing = this.bridges.get(watch.id);
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

  /** The watch of the active inspector panel, else of the most recently focused one. */
  activeWatch(): Watch | undefined {
    for (const b of this.bridges.values()) if (b.panel.active) return b.currentWatch;
    return this.latestWatch();
  }

  latestWatch(): Watch | undefined {
    for (let i = this.focusOrder.length - 1; i >= 0; i--) {
      const b = this.bridges.get(this.focusOrder[i]);
      if (b) return b.currentWatch;
    }
    return undefined;
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
  dispose(): void {
    this.shuttingDown = true;
    for (const b of this.bridges.values()) b.dispose();
    this.bridges.clear();
  }

  private adopt(panel: vscode.WebviewPanel, watch: Watch): void {
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'panel-light.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'panel-dark.svg'),
    };
    panel.webview.html = inspectorHtml(panel.webview, this.extensionUri, watch.title);
    const bridge = new PanelBridge(panel, watch, this.logger, this.known, this.probe, {
      restart: (w) => void this.hooks.start(w),
      stop: (w) => void w.stop(),
    });
    this.bridges.set(watch.id, bridge);
    this.touch(watch.id);
    this.rememberOpen();
    const viewState = panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.touch(watch.id);
    });
    const optionsChange = watch.onDidChangeOptions(() => this.rememberOpen());
    panel.onDidDispose(() => {
      viewState.dispose();
      optionsChange.dispose();
      if (this.shuttingDown) return;
      bridge.dispose();
      this.bridges.delete(watch.id);
      const i = this.focusOrder.indexOf(watch.id);
      if (i >= 0) this.focusOrder.splice(i, 1);
      this.rememberOpen();
      // Closing the panel ends the watch: its session stops and its cursor closes.
      void this.watches.remove(watch);
    });
  }

  /**
   * What a window reload should bring back when a webview saved no state of its own: each panel's
   * watch id (the key a revived panel looks up), title, target and options.
   */
  private rememberOpen(): void {
    const open: OpenWatchRecord[] = [...this.bridges.values()].map((b) => {
      const w = b.currentWatch;
      return { watchId: w.id, title: w.title, target: w.target, options: w.options };
    });
    void this.workspaceState.update(OPEN_WATCHES_KEY, open);
  }

  private savedFor(panel: vscode.WebviewPanel, state: unknown): SavedWatch | undefined {
    const records = this.workspaceState.get<unknown>(OPEN_WATCHES_KEY);
    return chooseSavedWatch(state, records, panel.title, (saved) => this.watches.find(saved.target) !== undefined);
  }

  private touch(id: string): void {
    const i = this.focusOrder.indexOf(id);
    if (i >= 0) this.focusOrder.splice(i, 1);
    this.focusOrder.push(id);
  }

  private async revive(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    panel.webview.options = webviewOptions(this.extensionUri);
    const saved = this.savedFor(panel, state);
    if (!saved) {
      this.logger.warn('An inspector panel from the last session had no watch to restore; closing it.');
      panel.dispose();
      return;
    }
    const existing = this.watches.find(saved.target);
    if (existing && this.bridges.has(existing.id)) {
      panel.dispose();
      this.show(existing);
      return;
    }
    // Keeping the saved id keeps the webview state and the workspace record pointing at this watch.
    const id = saved.watchId && !this.watches.get(saved.watchId) ? saved.watchId : undefined;
    const watch = existing ?? (await this.watches.create(saved.target, saved.options, id));
    panel.title = watch.title;
    this.adopt(panel, watch);
    if (this.hooks.connectionExists(saved.target.connectionId)) {
      this.logger.info(`Restoring the watch on ${watch.title} after a window reload.`);
      void this.hooks.start(watch);
    } else {
      this.logger.warn(`Not restoring ${watch.title}: its connection was removed.`);
      watch.markStopped(
        `The connection "${saved.target.connectionName}" was removed, so this watch was not restored. Add the connection again to watch ${watch.title}.`,
      );
    }
  }
}
