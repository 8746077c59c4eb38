// The Bookmarks view: connection → namespace → bookmarks (newest first), each with its time, operation
// and key, a tooltip of everything it holds, and "expired" once it is older than the oplog window.
// The window is read only for connections in use (a live watch) or when the person asks (Check Ages),
// so opening the view never connects to every deployment a bookmark names.
import * as vscode from 'vscode';
import type { Bookmark, Staleness } from '../../core/bookmarks';
import { DisposableOwner } from '../lifecycle';
import { bookmarksRoom, localTime, type BookmarkService } from './bookmarkService';

export type BookmarkTreeNode =
  | { kind: 'bookmarkConnection'; connectionId: string; name: string }
  | { kind: 'bookmarkNamespace'; connectionId: string; namespace: string; scope: Bookmark['scope']['kind'] }
  | { kind: 'bookmark'; id: string };

const CHECK_TTL_MS = 30_000;

export class BookmarkTree extends DisposableOwner implements vscode.TreeDataProvider<BookmarkTreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<BookmarkTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly checkedAt = new Map<string, number>();

  constructor(
    private readonly service: BookmarkService,
    /** Whether a connection is in use (a live watch): only then is its oplog window read unasked. */
    private readonly inUse: (connectionId: string) => boolean,
  ) {
    super();
    this._register(service.onDidChange(() => this.changed.fire(undefined)));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Reads the oplog window of every connection that has bookmarks, then shows their ages. */
  async checkAges(): Promise<void> {
    const ids = [...new Set(this.service.list().map((b) => b.connectionId))];
    await Promise.all(ids.map((id) => this.service.oplogWindow(id, true)));
    for (const id of ids) this.checkedAt.set(id, Date.now());
    this.changed.fire(undefined);
  }

  getChildren(node?: BookmarkTreeNode): BookmarkTreeNode[] {
    const groups = this.service.list().length === 0 ? [] : this.service.store.grouped();
    if (!node) {
      return groups.map((g) => ({
        kind: 'bookmarkConnection',
        connectionId: g.connectionId,
        name: this.service.connectionName(g.connectionId, g.connectionName),
      }));
    }
    if (node.kind === 'bookmark') return [];
    const group = groups.find((g) => g.connectionId === node.connectionId);
    if (!group) return [];
    if (node.kind === 'bookmarkConnection') {
      this.maybeCheck(node.connectionId);
      return group.namespaces.map((n) => ({
        kind: 'bookmarkNamespace',
        connectionId: node.connectionId,
        namespace: n.namespace,
        scope: n.bookmarks[0]?.scope.kind ?? 'collection',
      }));
    }
    const ns = group.namespaces.find((n) => n.namespace === node.namespace);
    return (ns?.bookmarks ?? []).map((b) => ({ kind: 'bookmark', id: b.id }));
  }

  getParent(node: BookmarkTreeNode): BookmarkTreeNode | undefined {
    if (node.kind === 'bookmarkConnection') return undefined;
    if (node.kind === 'bookmarkNamespace') {
      return {
        kind: 'bookmarkConnection',
        connectionId: node.connectionId,
        name: this.service.connectionName(node.connectionId),
      };
    }
    const b = this.service.get(node.id);
    if (!b) return undefined;
    return {
      kind: 'bookmarkNamespace',
      connectionId: b.connectionId,
      namespace: bookmarksRoom().namespaceOf(b.scope),
      scope: b.scope.kind,
    };
  }

  async getTreeItem(node: BookmarkTreeNode): Promise<vscode.TreeItem> {
    if (node.kind === 'bookmarkConnection') {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `bmc/${node.connectionId}`;
      const here = this.service.hasConnection(node.connectionId);
      item.iconPath = new vscode.ThemeIcon(here ? 'plug' : 'debug-disconnect');
      if (!here) {
        item.description = 'connection not saved here';
        item.tooltip = `No connection with this id is saved in this window. Add a connection named "${node.name}" and import the file again to use these bookmarks.`;
      }
      item.contextValue = 'bookmarkConnection';
      return item;
    }
    if (node.kind === 'bookmarkNamespace') {
      const item = new vscode.TreeItem(node.namespace, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `bmn/${node.connectionId}/${node.namespace}`;
      item.iconPath = new vscode.ThemeIcon(
        node.scope === 'collection' ? 'table' : node.scope === 'database' ? 'database' : 'server-environment',
      );
      item.contextValue = 'bookmarkNamespace';
      return item;
    }
    const b = this.service.get(node.id);
    if (!b) return new vscode.TreeItem('(deleted)');
    const stale = await this.service.knownStaleness(b);
    return bookmarkItem(b, stale);
  }

  private maybeCheck(connectionId: string): void {
    if (!this.inUse(connectionId)) return;
    const at = this.checkedAt.get(connectionId) ?? 0;
    if (Date.now() - at < CHECK_TTL_MS) return;
    this.checkedAt.set(connectionId, Date.now());
    void this.service.oplogWindow(connectionId).then(() => this.changed.fire(undefined));
  }
}

/** One bookmark row: label, then time · operation key in the description; the tooltip says the rest. */
export function bookmarkItem(b: Bookmark, stale: Staleness | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(b.label, vscode.TreeItemCollapsibleState.None);
  item.id = `bm/${b.id}`;
  const expired = stale?.status === 'expired';
  const parts: string[] = [];
  if (expired) parts.push('expired');
  if (b.follow) parts.push('following');
  if (b.wallTime) parts.push(localTime(new Date(b.wallTime)));
  const what = [b.operationType, b.documentKey].filter(Boolean).join(' ');
  if (what) parts.push(what);
  item.description = parts.join(' · ');
  item.iconPath = expired
    ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
    : new vscode.ThemeIcon(b.follow ? 'sync' : 'bookmark');
  item.tooltip = bookmarkTooltip(b, stale);
  item.contextValue = `bookmark${expired ? '.expired' : ''}${b.follow ? '.follow' : ''}`;
  return item;
}

/** Plain text (never Markdown: the key and note may hold anything). */
export function bookmarkTooltip(b: Bookmark, stale: Staleness | undefined): string {
  const lines = [b.label];
  if (b.note) lines.push('', b.note, '');
  if (b.wallTime) {
    const ct = b.clusterTime ? ` (cluster time ${b.clusterTime.t}:${b.clusterTime.i})` : '';
    lines.push(`Time: ${localTime(new Date(b.wallTime))}${ct}`);
  } else lines.push('Time: cannot be read from this token (it still works)');
  if (b.operationType) lines.push(`Event: ${b.operationType}${b.documentKey ? ` ${b.documentKey}` : ''}`);
  lines.push(`Namespace: ${bookmarksRoom().namespaceOf(b.scope)}`);
  lines.push(b.pipeline.length > 0 ? `Pipeline: ${b.pipeline.length} stage(s)` : 'Pipeline: none');
  if (b.fromInvalidate) lines.push('From an invalidate event: resumes with startAfter.');
  if (b.follow) lines.push('Follow mode: moves with its watch.');
  if (stale?.status === 'expired') lines.push('', `Expired: ${stale.message}`);
  else if (stale?.status === 'unknown') lines.push('', stale.message);
  lines.push('', `Created ${localTime(new Date(b.createdAt))}`);
  return lines.join('\n');
}
