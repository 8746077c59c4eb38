// Owns the inspector panels: one WebviewPanel per watch, revived after a window reload from the
// target/options the webview saved in its state. Closing a panel stops and drops its watch.
import * as vscode from 'vscode';
import { validateWatchOptions, type WatchOptions, type WatchTarget } from '../../shared/protocol';
import type { Logger } from '../../core/logger';
import type { KnownSecrets } from '../outputLog';
import type { Probe } from '../probe';
import type { Watch } from '../watches/watch';
import type { WatchList } from '../watches/watchList';
import { INSPECTOR_VIEW_TYPE, inspectorHtml, webviewOptions } from './panelHtml';
import { PanelBridge } from './panelBridge';

export interface PanelHooks {
  /** Starts (or restarts) a watch and reports a failure to open. */
  start(watch: Watch): Promise<void>;
  /** Whether a revived panel's connection still exists. */
  connectionExists(connectionId: string): boolean;
}

interface OpenWatch { title: string; target: WatchTarget; options: WatchOptions }
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
    const viewState = panel.onDidChangeViewState((e) => { if (e.webviewPanel.active) this.touch(watch.id); });
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

  /** What a window reload should bring back: each panel's title, target and options. */
  private rememberOpen(): void {
    const open: OpenWatch[] = [...this.bridges.values()].map((b) => {
      const w = b.currentWatch;
      return { title: w.title, target: w.target, options: w.options };
    });
    void this.workspaceState.update(OPEN_WATCHES_KEY, open);
  }

  /** The saved watch for a revived panel: from the webview state if it carries one, else by title. */
  private savedFor(panel: vscode.WebviewPanel, state: unknown): { target: WatchTarget; options: WatchOptions } | undefined {
    const fromState = readSavedWatch(state);
    if (fromState) return fromState;
    const open = this.workspaceState.get<unknown[]>(OPEN_WATCHES_KEY) ?? [];
    for (const entry of Array.isArray(open) ? open : []) {
      const saved = readSavedWatch(entry);
      if (saved && (entry as { title?: unknown }).title === panel.title && !this.watches.find(saved.target)) return saved;
    }
    return undefined;
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
    const watch = existing ?? (await this.watches.create(saved.target, saved.options));
    panel.title = watch.title;
    this.adopt(panel, watch);
    if (this.hooks.connectionExists(saved.target.connectionId)) {
      this.logger.info(`Restoring the watch on ${watch.title} after a window reload.`);
      void this.hooks.start(watch);
    } else {
      this.logger.warn(`Not restoring ${watch.title}: its connection is no longer saved.`);
      watch.markStopped('Its connection is no longer saved. Add it again, then press Restart.');
    }
  }
}

/** Reads what the webview saved (`target`, `options`, at the top or under `snapshot`); undefined if unusable. */
export function readSavedWatch(state: unknown): { target: WatchTarget; options: WatchOptions } | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const s = state as Record<string, unknown>;
  const source = typeof s.target === 'object' && s.target !== null ? s : (s.snapshot as Record<string, unknown> | undefined);
  if (!source || typeof source !== 'object') return undefined;
  const t = source.target as Record<string, unknown> | undefined;
  if (!t || typeof t.connectionId !== 'string' || typeof t.connectionName !== 'string') return undefined;
  if (t.scope !== 'collection' && t.scope !== 'database' && t.scope !== 'deployment') return undefined;
  if (t.scope !== 'deployment' && (typeof t.db !== 'string' || t.db.length === 0)) return undefined;
  if (t.scope === 'collection' && (typeof t.coll !== 'string' || t.coll.length === 0)) return undefined;
  const options = validateWatchOptions(source.options);
  if (!options.ok) return undefined;
  const target: WatchTarget = { connectionId: t.connectionId, connectionName: t.connectionName, scope: t.scope };
  if (t.scope !== 'deployment') target.db = t.db as string;
  if (t.scope === 'collection') target.coll = t.coll as string;
  return { target, options: options.value };
}
