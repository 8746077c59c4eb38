// The connection tree's nodes: plain data (also what tree commands receive as their argument, so a
// test or a command link can build one), plus their context values for menus.
import type { WatchTarget } from '../../shared/protocol';

export interface ConnectionNode {
  kind: 'connection';
  connectionId: string;
  connectionName: string;
  sandbox?: boolean;
}
export interface DatabaseNode {
  kind: 'database';
  connectionId: string;
  connectionName: string;
  db: string;
}
export interface CollectionNode {
  kind: 'collection';
  connectionId: string;
  connectionName: string;
  db: string;
  coll: string;
  type?: string;
  /** Whether the collection records pre- and post-images (undefined: not known). */
  images?: boolean;
}
/** Placeholder rows under a node: loading, an error saying what to do, or "nothing here". */
export interface InfoNode {
  kind: 'loading' | 'error' | 'empty';
  parentKey: string;
  message: string;
  detail?: string;
}

export type TreeNode = ConnectionNode | DatabaseNode | CollectionNode | InfoNode;
export type WatchableNode = ConnectionNode | DatabaseNode | CollectionNode;

export function nodeKey(node: TreeNode): string {
  switch (node.kind) {
    case 'connection':
      return `c/${node.connectionId}`;
    case 'database':
      return `d/${node.connectionId}/${node.db}`;
    case 'collection':
      return `k/${node.connectionId}/${node.db}/${node.coll}`;
    default:
      return `${node.parentKey}#${node.kind}`;
  }
}

/** The target a node stands for when watched: deployment, database or collection. */
export function nodeTarget(node: WatchableNode): WatchTarget {
  const base = { connectionId: node.connectionId, connectionName: node.connectionName };
  switch (node.kind) {
    case 'connection':
      return { ...base, scope: 'deployment' };
    case 'database':
      return { ...base, scope: 'database', db: node.db };
    default:
      return { ...base, scope: 'collection', db: node.db, coll: node.coll };
  }
}

/** Checks an untrusted command argument (from a tree click, a command link or a test) for a node shape. */
export function asWatchableNode(arg: unknown): WatchableNode | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  if (typeof a.connectionId !== 'string' || a.connectionId.length === 0) return undefined;
  const connectionName = typeof a.connectionName === 'string' ? a.connectionName : '';
  if (a.kind === 'connection') return { kind: 'connection', connectionId: a.connectionId, connectionName };
  if (typeof a.db !== 'string' || a.db.length === 0) return undefined;
  if (a.kind === 'database') return { kind: 'database', connectionId: a.connectionId, connectionName, db: a.db };
  if (a.kind === 'collection' && typeof a.coll === 'string' && a.coll.length > 0) {
    return { kind: 'collection', connectionId: a.connectionId, connectionName, db: a.db, coll: a.coll };
  }
  return undefined;
}

/** Context values (menus match them with regexes): kind, `.sandbox` for the built-in one, `.watching` when live. */
export function contextValue(node: TreeNode, watching: boolean): string {
  const suffix = watching ? '.watching' : '';
  switch (node.kind) {
    case 'connection':
      return `connection${node.sandbox ? '.sandbox' : ''}${suffix}`;
    case 'database':
      return `database${suffix}`;
    case 'collection':
      // `.images` before `.watching` when the collection records images: the Enable / Disable menus read it.
      return node.type === 'view' ? 'view' : `collection${node.images ? '.images' : ''}${suffix}`;
    default:
      return node.kind;
  }
}
