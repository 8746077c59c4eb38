// Every watch of this window, by id: creates them (loading the core lazily), finds them by target,
// applies log-limit settings, and disposes them all on deactivation.
import * as vscode from 'vscode';
import type { Document } from 'bson';
import { newId } from '../ids';
import type { EventLog } from '../../core/events/eventLog';
import type { Logger } from '../../core/logger';
import type { WatchOptions, WatchTarget } from '../../shared/protocol';
import type { Deployments } from '../connections/deployments';
import type { KnownSecrets } from '../outputLog';
import { readLogLimits } from '../settings';
import { sameTarget, Watch } from '../../core/watch/watch';
import { DisposableOwner } from '../lifecycle';
import { ContextKeys } from '../commandIds';

function watchChunk(): typeof import('../chunks/watchChunk') {
  return require('../chunks/watchChunk') as typeof import('../chunks/watchChunk');
}

/**
 * A new event log with the settings' limits. The log (its BSON store) is in the watch chunk, with
 * the session: activation does not load it (it was a seventh of the entry's bytes).
 */
export function newEventLog(): EventLog {
  const limits = readLogLimits();
  return new (watchChunk().EventLog)({ maxEvents: limits.maxEvents, maxBytes: limits.maxBytes });
}

export class WatchList extends DisposableOwner {
  private readonly watches = new Map<string, Watch>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when a watch is added, removed, or changes state (the tree and the status bar follow it). */
  readonly onDidChange = this.changed.event;
  private readonly created = this._register(new vscode.EventEmitter<Watch>());
  /** Fires with a new watch before its creator starts it (follow mode sets where it continues from). */
  readonly onDidCreate = this.created.event;

  constructor(
    private readonly deployments: Deployments,
    private readonly logger: Logger,
    private readonly known: KnownSecrets,
    /** Field masking (issue 12), applied by each session before an event is logged. */
    private readonly mask?: (change: Document) => Document,
  ) {
    super();
  }

  all(): Watch[] {
    return [...this.watches.values()];
  }

  live(): Watch[] {
    return this.all().filter((w) => w.live);
  }

  get(id: string): Watch | undefined {
    return this.watches.get(id);
  }

  find(target: WatchTarget): Watch | undefined {
    return this.all().find((w) => sameTarget(w.target, target));
  }

  forConnection(connectionId: string): Watch[] {
    return this.all().filter((w) => w.target.connectionId === connectionId);
  }

  async create(target: WatchTarget, options: WatchOptions, id: string = newId()): Promise<Watch> {
    // The session (state machine, cursors, error rules) is a chunk of its own, required on the first watch.
    const { WatchSession } = watchChunk();
    const log = newEventLog();
    const watch = new Watch(
      id,
      target,
      options,
      log,
      (sid, t, o, l) =>
        new WatchSession({
          id: sid,
          client: () => this.deployments.client(t.connectionId),
          target: t,
          options: o,
          log: l,
          logger: this.logger,
          redact: (text: string) => this.known.redact(text),
          mask: this.mask,
        }),
    );
    this.watches.set(id, watch);
    watch.onDidChangeStatus((s) => {
      this.logger.info(`Watch ${watch.title}: ${s.state}${s.error ? ` (${s.error.code}: ${s.error.message})` : ''}`);
      this.fire();
    });
    this.created.fire(watch);
    this.fire();
    return watch;
  }

  async remove(watch: Watch): Promise<void> {
    if (!this.watches.delete(watch.id)) return;
    await watch.dispose();
    this.logger.info(`Watch ${watch.title} closed.`);
    this.fire();
  }

  applyLogLimits(): void {
    const limits = readLogLimits();
    for (const w of this.all()) w.log.setLimits(limits.maxEvents, limits.maxBytes);
  }

  async disposeAll(): Promise<void> {
    const all = this.all();
    this.watches.clear();
    await Promise.all(
      all.map((w) =>
        w.dispose().catch((err: unknown) => this.logger.warn(`Stopping ${w.title} failed: ${String(err)}`)),
      ),
    );
    this.fire();
  }

  override dispose(): void {
    void this.disposeAll();
    super.dispose();
  }

  private fire(): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.hasWatches, this.live().length > 0);
    this.changed.fire();
  }
}
