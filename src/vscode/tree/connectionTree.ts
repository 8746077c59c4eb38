// The Connections view: connections → databases → collections, loaded lazily (a loading row first,
// then the children or an error row saying what to do), with live watches marked on their nodes.
import * as vscode from 'vscode';
import type { WatchTarget } from '../../shared/protocol';
import { SANDBOX_ID, SANDBOX_NAME, type ConnectionStore } from '../connections/connectionStore';
import type { Deployments } from '../connections/deployments';
import type { Logger } from '../../core/logger';
import type { WatchList } from '../watches/watchList';
import type { KnownSecrets } from '../outputLog';
import { contextValue, nodeKey, nodeTarget, type ConnectionNode, type TreeNode } from './nodes';
import { DisposableOwner } from '../lifecycle';
import { Commands } from '../commandIds';

type Load = { state: 'loading' } | { state: 'ready'; children: TreeNode[] } | { state: 'error'; node: TreeNode };

export class ConnectionTree extends DisposableOwner implements vscode.TreeDataProvider<TreeNode> {
  private readonly loads = new Map<string, Load>();
  private readonly changed = this._register(new vscode.EventEmitter<TreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  /** The Sandbox row's tooltip (its connection string, traffic and data once it runs); set by activate(). */
  sandboxTooltip: () => string = () => 'A small MongoDB replica set running inside VS Code, for trying things out.';

  constructor(
    private readonly store: ConnectionStore,
    private readonly deployments: Deployments,
    private readonly watches: WatchList,
    private readonly logger: Logger,
    private readonly known: KnownSecrets,
  ) {
    super();
    this._register(store.onDidChange(() => this.changed.fire(undefined)));
    this._register(watches.onDidChange(() => this.changed.fire(undefined)));
  }

  /** Draws the rows again (labels, tooltips) keeping what was loaded. */
  redraw(): void {
    this.changed.fire(undefined);
  }

  /** Forgets what was loaded under a node (or everything) and shows it again. */
  refresh(node?: TreeNode): void {
    if (!node || node.kind === 'loading' || node.kind === 'error' || node.kind === 'empty') this.loads.clear();
    else if (node.kind === 'connection') {
      for (const k of [...this.loads.keys()]) if (k.startsWith(`d/${node.connectionId}/`)) this.loads.delete(k);
      this.loads.delete(nodeKey(node));
    } else this.loads.delete(nodeKey(node));
    // A whole-tree change: node objects are rebuilt on each read, so firing for one could miss.
    this.changed.fire(undefined);
  }

  connections(): ConnectionNode[] {
    const saved: ConnectionNode[] = this.store
      .list()
      .map((c) => ({ kind: 'connection', connectionId: c.id, connectionName: c.name }));
    const sandbox: ConnectionNode = {
      kind: 'connection',
      connectionId: SANDBOX_ID,
      connectionName: SANDBOX_NAME,
      sandbox: true,
    };
    return this.store.sandboxVisible() ? [...saved, sandbox] : saved;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.connections();
    if (node.kind !== 'connection' && node.kind !== 'database') return [];
    const key = nodeKey(node);
    const load = this.loads.get(key);
    if (!load) {
      this.loads.set(key, { state: 'loading' });
      void this.load(node, key);
      return [
        {
          kind: 'loading',
          parentKey: key,
          message: node.connectionId === SANDBOX_ID ? 'Starting the Sandbox…' : 'Loading…',
        },
      ];
    }
    if (load.state === 'loading') return [{ kind: 'loading', parentKey: key, message: 'Loading…' }];
    if (load.state === 'error') return [load.node];
    return load.children;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const watch = this.watchOf(node);
    const watching = watch !== undefined;
    switch (node.kind) {
      case 'connection': {
        const item = new vscode.TreeItem(node.connectionName, vscode.TreeItemCollapsibleState.Collapsed);
        const saved = this.store.get(node.connectionId);
        item.description = watching
          ? this.watchLabel(watch.status.state)
          : node.sandbox
            ? 'built-in replica set'
            : undefined;
        item.tooltip = node.sandbox ? this.sandboxTooltip() : saved?.display;
        item.iconPath = new vscode.ThemeIcon(watching ? 'eye' : node.sandbox ? 'beaker' : 'plug');
        return this.finish(item, node, watching);
      }
      case 'database': {
        const item = new vscode.TreeItem(node.db, vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon(watching ? 'eye' : 'database');
        item.description = watching ? this.watchLabel(watch.status.state) : undefined;
        return this.finish(item, node, watching);
      }
      case 'collection': {
        const item = new vscode.TreeItem(node.coll, vscode.TreeItemCollapsibleState.None);
        const isView = node.type === 'view';
        item.iconPath = new vscode.ThemeIcon(watching ? 'eye' : isView ? 'preview' : 'table');
        item.description = watching
          ? this.watchLabel(watch.status.state)
          : isView
            ? 'view (cannot be watched)'
            : node.images
              ? 'images on'
              : undefined;
        item.tooltip = `${node.db}.${node.coll}${imagesTooltip(node.images)}`;
        if (!isView) item.command = { command: Commands.watchCollection, title: 'Watch Collection', arguments: [node] };
        return this.finish(item, node, watching);
      }
      case 'loading': {
        const item = new vscode.TreeItem(node.message);
        item.iconPath = new vscode.ThemeIcon('loading~spin');
        return this.finish(item, node, false);
      }
      case 'error': {
        const item = new vscode.TreeItem(node.message);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.description = node.detail;
        item.tooltip = [node.message, node.detail].filter(Boolean).join('\n');
        return this.finish(item, node, false);
      }
      default: {
        const item = new vscode.TreeItem(node.message);
        item.iconPath = new vscode.ThemeIcon('info');
        return this.finish(item, node, false);
      }
    }
  }

  private finish(item: vscode.TreeItem, node: TreeNode, watching: boolean): vscode.TreeItem {
    item.id = nodeKey(node);
    item.contextValue = contextValue(node, watching);
    return item;
  }

  private watchLabel(state: string): string {
    return state === 'streaming' ? 'watching' : state;
  }

  private watchOf(node: TreeNode) {
    if (node.kind !== 'connection' && node.kind !== 'database' && node.kind !== 'collection') return undefined;
    const target: WatchTarget = nodeTarget(node);
    const watch = this.watches.find(target);
    return watch?.live ? watch : undefined;
  }

  private async load(node: TreeNode, key: string): Promise<void> {
    try {
      const children = await this.fetch(node);
      this.loads.set(key, {
        state: 'ready',
        children:
          children.length > 0
            ? children
            : [
                {
                  kind: 'empty',
                  parentKey: key,
                  message: node.kind === 'connection' ? 'No databases yet' : 'No collections yet',
                },
              ],
      });
    } catch (err) {
      // The error rules are a chunk (an import() of a source file would be inlined into the entry).
      const { classifyError } = require('../chunks/errorsChunk') as typeof import('../chunks/errorsChunk');
      const info = classifyError(err, (t: string) => this.known.redact(t));
      // Logs name connections by name, never by internal id.
      const what =
        node.kind === 'database'
          ? `the collections of ${node.db} on "${node.connectionName}"`
          : node.kind === 'connection'
            ? `the databases of "${node.connectionName}"`
            : 'a tree node';
      this.logger.warn(`Listing ${what} failed: ${info.code}: ${info.message}`);
      this.loads.set(key, {
        state: 'error',
        node: { kind: 'error', parentKey: key, message: info.message, detail: `${info.action} Then use Refresh.` },
      });
    }
    this.changed.fire(undefined);
  }

  private async fetch(node: TreeNode): Promise<TreeNode[]> {
    if (node.kind === 'connection') {
      const dbs = await this.deployments.databases(node.connectionId);
      return dbs.map((d) => ({
        kind: 'database',
        connectionId: node.connectionId,
        connectionName: node.connectionName,
        db: d.name,
      }));
    }
    if (node.kind === 'database') {
      const colls = await this.deployments.collections(node.connectionId, node.db);
      return colls
        .slice()
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((c) => ({
          kind: 'collection',
          connectionId: node.connectionId,
          connectionName: node.connectionName,
          db: node.db,
          coll: c.name,
          type: c.type,
          images: c.type === 'view' ? undefined : c.preAndPostImages,
        }));
    }
    return [];
  }
}

// diff (issue 8): what the collection's image recording means for a watch.
function imagesTooltip(images: boolean | undefined): string {
  if (images === undefined) return '';
  return images
    ? '\nPre- and post-images: on (events can carry the document before and after each change)'
    : '\nPre- and post-images: off (updates show only their changed fields)';
}
