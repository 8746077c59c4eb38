// What activate() returns: a small surface for the extension-host tests (and nothing a user needs).
import type { SessionStatus, WatchTarget } from '../shared/protocol';
import type { TreeNode } from './tree/nodes';

export interface SessionInfo {
  id: string;
  target: WatchTarget;
  status: SessionStatus;
  total: number;
}

export interface TreeRow {
  label: string;
  description?: string;
  contextValue?: string;
  node: TreeNode;
}

export interface InspectorTestApi {
  /** Every watch of the window (live or stopped), with its session state and event count. */
  sessions(): SessionInfo[];
  /** The in-process Sandbox's connection string once it runs. */
  sandboxUri(): string | undefined;
  /** Saves a connection through the store (as Add Connection does) and returns its id. */
  addConnection(name: string, uri: string): Promise<string>;
  removeConnection(id: string): Promise<void>;
  /** The tree's rows under a node (root when omitted), as the view would render them. */
  treeChildren(node?: TreeNode): Promise<TreeRow[]>;
  /** How many driver clients are connected or connecting. */
  openClients(): number;
  /** What went out: redacted log lines, JSON of every webview message, shown notifications. */
  recorded(channel: 'log' | 'webview' | 'message'): string[];
  /** bookmarks (issue 9): the Bookmarks view's rows under a node (root when omitted), as rendered. */
  bookmarkRows(
    node?: unknown,
  ): Promise<{ label: string; description?: string; contextValue?: string; node: unknown }[]>;
  /** Live object counts a leak would grow: emitter listeners, owned disposables, watches, clients, panels. */
  liveObjects(): {
    listeners: number;
    disposables: number;
    sessions: number;
    clients: number;
    panels: number;
    panelBookkeeping: number;
  };
  /** Every key and value in globalState and workspaceState (what a secret must never reach). */
  storedState(): { global: Record<string, unknown>; workspace: Record<string, unknown> };
  /** The same teardown as deactivate(): stops every watch, closes every client, stops the sandbox. */
  shutdown(): Promise<void>;
  /** The document keys a watch's log holds, oldest first (as the rows show them). */
  eventKeys(watchId: string): string[];
  /** The watch's rate as every view shows it (events/s, 0 when not streaming). */
  rate(watchId: string): number;
  /** The running Sandbox: its string, its demo traffic rate, and what it restored on start. */
  sandboxInfo(): {
    uri?: string;
    demoRate: number;
    restored?: { collections: number; oplog: number };
    snapshotPath?: string;
  };
  /**
   * A window reload as the extension lives it: deactivate (records and the Sandbox's snapshot saved,
   * everything stopped), every registration disposed, then activate again (this API then speaks for
   * the new activation). Returns each old watch's document keys as they were at deactivation.
   */
  reload(): Promise<Record<string, string[]>>;
}
