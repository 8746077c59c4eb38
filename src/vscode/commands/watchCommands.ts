// Watch Collection / Database / Deployment, Stop, Pause/Resume and Clear. From the tree they act on
// the node they were given; from the palette they ask (connection → db → collection) or use the panel.
import * as vscode from 'vscode';
import type { WatchScope, WatchTarget } from '../../shared/protocol';
import type { Logger } from '../../core/logger';
import { SANDBOX_ID, type ConnectionStore } from '../connections/connectionStore';
import type { Deployments } from '../connections/deployments';
import type { Notices } from '../notices';
import type { InspectorPanels } from '../panel/inspectorPanels';
import { readWatchDefaults } from '../settings';
import { asWatchableNode, nodeTarget, type ConnectionNode } from '../tree/nodes';
import type { Watch } from '../../core/watch/watch';
import type { WatchList } from '../watches/watchList';
import type { Pickers } from './pickers';
import type { StartPosition } from '../../core/watch/positions';
import type { WayOn } from '../../core/watch/model';
import { Commands } from '../commandIds';

const WAY_LABELS: Record<WayOn, string> = {
  continue: 'Continue from the last event',
  startAfter: 'Start after the invalidate event',
  now: 'Start now (events in between are lost)',
  oldest: 'Start at the oldest time the server still holds',
  atTime: 'Start at a chosen time…',
};

/** Asks where a watch whose token is gone should start; undefined if the person dismissed it. */
async function pickWayOn(watch: Watch, ways: readonly WayOn[]): Promise<StartPosition | undefined> {
  const pick = await vscode.window.showQuickPick(
    ways.map((way) => ({ label: WAY_LABELS[way], way })),
    { placeHolder: `${watch.title}: ${watch.status.error?.message ?? 'the last event cannot be resumed.'}` },
  );
  if (!pick) return undefined;
  switch (pick.way) {
    case 'now':
      return { kind: 'now' };
    case 'oldest':
      return { kind: 'oldest' };
    case 'startAfter':
      return watch.lastToken === undefined ? { kind: 'now' } : { kind: 'startAfter', token: watch.lastToken };
    case 'continue':
      return watch.lastToken === undefined ? { kind: 'now' } : { kind: 'resumeAfter', token: watch.lastToken };
    case 'atTime': {
      const text = await vscode.window.showInputBox({
        prompt: 'Start at which time? (ISO 8601, e.g. 2026-12-01T21:00:00Z)',
        validateInput: (v) =>
          Number.isNaN(Date.parse(v)) ? 'Enter a date and time such as 2026-12-01T21:00:00Z' : undefined,
      });
      return text ? { kind: 'atTime', seconds: Math.max(1, Math.floor(Date.parse(text) / 1000)) } : undefined;
    }
  }
}

export class WatchCommands {
  constructor(
    private readonly store: ConnectionStore,
    private readonly deployments: Deployments,
    private readonly watches: WatchList,
    private readonly panels: InspectorPanels,
    private readonly pickers: Pickers,
    private readonly logger: Logger,
    private readonly notices: Notices,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(Commands.watchCollection, (arg?: unknown) => this.watch('collection', arg)),
      vscode.commands.registerCommand(Commands.watchDatabase, (arg?: unknown) => this.watch('database', arg)),
      vscode.commands.registerCommand(Commands.watchDeployment, (arg?: unknown) => this.watch('deployment', arg)),
      vscode.commands.registerCommand(Commands.stopWatch, async (arg?: unknown) => {
        const w = await this.pickWatch(arg, 'Stop which watch?');
        await w?.stop();
      }),
      vscode.commands.registerCommand(Commands.togglePause, async (arg?: unknown) =>
        (await this.pickWatch(arg, 'Pause or resume which watch?'))?.togglePause(),
      ),
      vscode.commands.registerCommand(Commands.clearEvents, async (arg?: unknown) =>
        (await this.pickWatch(arg, 'Clear the events of which watch?', false))?.clear(),
      ),
    ];
  }

  /** Starts (or reveals) the watch for a scope; returns its id, or undefined if nothing was picked. */
  async watch(scope: WatchScope, arg?: unknown): Promise<string | undefined> {
    const target = await this.targetFor(scope, arg);
    if (!target) return undefined;
    const existing = this.watches.find(target);
    if (existing) {
      this.panels.show(existing);
      if (!existing.live) await this.start(existing);
      return existing.id;
    }
    const watch = await this.watches.create(target, readWatchDefaults());
    this.panels.show(watch);
    await this.start(watch);
    return watch.id;
  }

  /** Opens the watch's stream; a failure to open becomes one clear message (the session left no cursor). */
  async start(watch: Watch, position?: StartPosition): Promise<void> {
    if (watch.target.connectionId === SANDBOX_ID) void this.store.markSandboxSeen();
    // A token the server can never resume is not silently replaced by "now": the person picks.
    const ways = watch.status.waysOn;
    if (!position && watch.status.state === 'failed' && ways && !ways.includes('continue')) {
      position = await pickWayOn(watch, ways);
      if (!position) return;
    }
    this.logger.info(`Opening a change stream on ${watch.title}.`);
    const status = await watch.start(position);
    if (status.state !== 'failed') return;
    const error = status.error;
    const text = error
      ? `Could not watch ${watch.title}: ${error.message} ${error.action}`
      : `Could not watch ${watch.title}.`;
    const actions = watch.target.connectionId === SANDBOX_ID ? ['Show Log'] : ['Edit Connection', 'Show Log'];
    // Not awaited: the command returns once the watch has settled, not when the toast is dismissed.
    void this.notices.error(text, ...actions).then(async (choice) => {
      if (choice === 'Show Log') await vscode.commands.executeCommand(Commands.showLog);
      if (choice === 'Edit Connection') {
        await vscode.commands.executeCommand(Commands.editConnection, {
          kind: 'connection',
          connectionId: watch.target.connectionId,
          connectionName: watch.target.connectionName,
        });
      }
    });
  }

  private async targetFor(scope: WatchScope, arg: unknown): Promise<WatchTarget | undefined> {
    const node = asWatchableNode(arg);
    if (node) {
      const connectionName = node.connectionName || this.deployments.displayName(node.connectionId);
      const target = nodeTarget({ ...node, connectionName });
      // A node of another kind (e.g. Watch Database on a collection) narrows or widens to the command's scope.
      if (scope === 'deployment') return { connectionId: target.connectionId, connectionName, scope };
      if (scope === 'database' && target.db)
        return { connectionId: target.connectionId, connectionName, scope, db: target.db };
      if (scope === 'collection' && target.coll) return target;
      if (node.kind === 'connection') return this.askFrom(scope, { ...node, connectionName });
      if (scope === 'collection' && target.db) {
        const title = 'Watch Collection';
        const coll = await this.pickers.collection(
          title,
          { kind: 'connection', connectionId: node.connectionId, connectionName },
          target.db,
        );
        return coll ? { connectionId: node.connectionId, connectionName, scope, db: target.db, coll } : undefined;
      }
      return undefined;
    }
    const title =
      scope === 'collection' ? 'Watch Collection' : scope === 'database' ? 'Watch Database' : 'Watch Deployment';
    const connection = await this.pickers.connection(title);
    return connection ? this.askFrom(scope, connection) : undefined;
  }

  private async askFrom(scope: WatchScope, connection: ConnectionNode): Promise<WatchTarget | undefined> {
    const base = { connectionId: connection.connectionId, connectionName: connection.connectionName };
    if (scope === 'deployment') return { ...base, scope };
    const title = scope === 'collection' ? 'Watch Collection' : 'Watch Database';
    const db = await this.pickers.database(title, connection);
    if (!db) return undefined;
    if (scope === 'database') return { ...base, scope, db };
    const coll = await this.pickers.collection(title, connection, db);
    return coll ? { ...base, scope, db, coll } : undefined;
  }

  /** The watch a Stop/Pause/Clear acts on: the node's, the active panel's, the only one, or a pick. */
  private async pickWatch(arg: unknown, placeHolder: string, liveOnly = true): Promise<Watch | undefined> {
    const node = asWatchableNode(arg);
    if (node) return this.watches.find(nodeTarget(node));
    if (typeof arg === 'object' && arg !== null && typeof (arg as { watchId?: unknown }).watchId === 'string') {
      return this.watches.get((arg as { watchId: string }).watchId);
    }
    const active = this.panels.activeWatch();
    if (active) return active;
    const candidates = liveOnly ? this.watches.live() : this.watches.all();
    if (candidates.length <= 1) return candidates[0];
    const pick = await vscode.window.showQuickPick(
      candidates.map((w) => ({
        label: w.title,
        description: `${w.target.connectionName} · ${w.status.state}`,
        watch: w,
      })),
      { placeHolder },
    );
    return pick?.watch;
  }
}
