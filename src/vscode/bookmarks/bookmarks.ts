// Builds the bookmarks feature of a window: the service over workspaceState, time travel, follow mode,
// the Bookmarks view and its commands. extension.ts makes one and hands its parts to the panels.
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { Watch } from '../../core/watch/watch';
import { Views } from '../commandIds';
import { SANDBOX_ID, SANDBOX_NAME, type ConnectionStore } from '../connections/connectionStore';
import type { Deployments } from '../connections/deployments';
import { newId } from '../ids';
import { DisposableOwner, toDisposable } from '../lifecycle';
import type { Notices } from '../notices';
import type { PanelBookmarks } from '../panel/handlers/context';
import { readWatchDefaults } from '../settings';
import { StorageKeys } from '../storageKeys';
import type { WatchList } from '../watches/watchList';
import { BookmarkCommands, timeTravelUi, type CommandPanels } from './bookmarkCommands';
import { BookmarkService } from './bookmarkService';
import { BookmarkTree, type BookmarkTreeNode } from './bookmarkTree';
import { FollowMode } from './followMode';
import { TimeTravel } from './timeTravel';

export class Bookmarks extends DisposableOwner {
  readonly service: BookmarkService;
  readonly travel: TimeTravel;
  readonly follow: FollowMode;
  readonly tree: BookmarkTree;
  private showWatch: ((w: Watch) => void) | undefined;

  constructor(
    workspaceState: vscode.Memento,
    store: ConnectionStore,
    deployments: Deployments,
    private readonly watches: WatchList,
    private readonly logger: Logger,
    private readonly notices: Notices,
  ) {
    super();
    this.service = new BookmarkService({
      storage: workspaceState,
      storageKey: StorageKeys.bookmarks,
      client: (id) => deployments.client(id),
      connections: () => [
        ...store.list().map((c) => ({ id: c.id, name: c.name })),
        { id: SANDBOX_ID, name: SANDBOX_NAME },
      ],
      ui: {
        askLabel: (prefill, prompt) =>
          Promise.resolve(
            vscode.window.showInputBox({
              title: prompt,
              value: prefill,
              prompt: 'A label for this bookmark (Enter keeps the one shown)',
              validateInput: (v) => (v.trim() ? undefined : 'A bookmark needs a label.'),
            }),
          ),
      },
      logger,
      newId,
    });
    this.travel = new TimeTravel({
      bookmarks: this.service,
      find: (t) => watches.find(t),
      create: (t, o) => watches.create(t, o),
      defaultOptions: readWatchDefaults,
      show: (w) => this.showWatch?.(w),
      ui: timeTravelUi(notices),
      logger,
    });
    this.follow = new FollowMode(this.service, watches, logger);
    this.tree = this._register(new BookmarkTree(this.service, (id) => watches.forConnection(id).some((w) => w.live)));
    // The tree reads watches only to know which connections are live (their bookmarks' ages are read
    // unasked): it redraws when a connection becomes live, not on every watch change. A redraw while
    // a row's context menu is open lost the row: its command ran with no argument (seen in E2E).
    let live = new Set<string>();
    this._register(
      watches.onDidChange(() => {
        const now = new Set(watches.live().map((w) => w.target.connectionId));
        const gained = [...now].some((id) => !live.has(id));
        live = now;
        if (gained) this.tree.refresh();
      }),
    );
    this._register(toDisposable(() => void this.follow.dispose()));
  }

  /** What the panels' bookmark requests use; `show` reveals a watch's panel. */
  forPanels(show: (w: Watch) => void): PanelBookmarks {
    this.showWatch = show;
    return { service: this.service, travel: this.travel };
  }

  register(panels: CommandPanels): vscode.Disposable[] {
    const view = vscode.window.createTreeView(Views.bookmarks, {
      treeDataProvider: this.tree,
      showCollapseAll: true,
    });
    return [view, ...this.registerCommands(panels)];
  }

  /** The bookmark commands alone (src/extension.ts makes the view at activation, over a lazy tree). */
  registerCommands(panels: CommandPanels): vscode.Disposable[] {
    const commands = new BookmarkCommands(
      this.service,
      this.travel,
      this.follow,
      this.tree,
      this.watches,
      panels,
      this.notices,
      this.logger,
    );
    return commands.register();
  }

  /** Saves follow-mode positions now (deactivation). */
  flush(): Promise<void> {
    return this.follow.flushAll();
  }

  /** The view's rows under a node, as rendered (the extension-host tests read them). */
  async rows(node?: unknown): Promise<{ label: string; description?: string; contextValue?: string; node: unknown }[]> {
    const children = this.tree.getChildren(node as BookmarkTreeNode | undefined);
    return Promise.all(
      children.map(async (child) => {
        const item = await this.tree.getTreeItem(child);
        const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
        return {
          label,
          description: typeof item.description === 'string' ? item.description : undefined,
          contextValue: item.contextValue,
          node: child,
        };
      }),
    );
  }
}
