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
}
