// One watch as the glue sees it: a stable id, its target and options, its EventLog, and one
// WatchSession made on first start and reused by every restart, so a restart continues from its
// last token. The panel bridge and the tree listen to it; it owns the session.
import * as vscode from 'vscode';
import type { EventLog, LoggedEvent } from '../../core/events/eventLog';
import type { WatchSession } from '../../core/watch/watchSession';
import type { SessionStatus, WatchOptions, WatchTarget } from '../../shared/protocol';

export type SessionFactory = (id: string, target: WatchTarget, options: WatchOptions, log: EventLog) => WatchSession;

const LIVE_STATES = new Set(['opening', 'streaming', 'paused', 'reconnecting']);

export function watchTitle(target: WatchTarget): string {
  switch (target.scope) {
    case 'collection':
      return `${target.db}.${target.coll}`;
    case 'database':
      return `${target.db} (database)`;
    default:
      return `${target.connectionName} (deployment)`;
  }
}

export function sameTarget(a: WatchTarget, b: WatchTarget): boolean {
  return (
    a.connectionId === b.connectionId &&
    a.scope === b.scope &&
    (a.db ?? '') === (b.db ?? '') &&
    (a.coll ?? '') === (b.coll ?? '')
  );
}

export class Watch {
  readonly title: string;
  private session: WatchSession | undefined;
  private currentOptions: WatchOptions;
  private sessionSubscriptions: { dispose(): void }[] = [];
  private stoppedStatus: SessionStatus = { state: 'idle', since: Date.now() };
  private disposed = false;

  private readonly appended = new vscode.EventEmitter<LoggedEvent>();
  private readonly statusChanged = new vscode.EventEmitter<SessionStatus>();
  private readonly optionsChanged = new vscode.EventEmitter<WatchOptions>();
  private readonly cleared = new vscode.EventEmitter<void>();
  readonly onDidAppend = this.appended.event;
  readonly onDidChangeStatus = this.statusChanged.event;
  readonly onDidChangeOptions = this.optionsChanged.event;
  readonly onDidClear = this.cleared.event;

  constructor(
    readonly id: string,
    readonly target: WatchTarget,
    options: WatchOptions,
    readonly log: EventLog,
    private readonly makeSession: SessionFactory,
  ) {
    this.title = watchTitle(target);
    this.currentOptions = options;
  }

  get status(): SessionStatus {
    return this.session?.status ?? this.stoppedStatus;
  }

  get options(): WatchOptions {
    return this.currentOptions;
  }

  /** Opening, streaming, paused or reconnecting: holds (or is getting) a cursor. */
  get live(): boolean {
    return LIVE_STATES.has(this.status.state);
  }

  /**
   * Opens the stream. The session is made once and then reused: after a stop, an invalidate or a
   * failure it reopens from its last token (startAfter after an invalidate, else resumeAfter), so
   * events written meanwhile arrive exactly once; only a lost/invalid token restarts from now. Never throws.
   */
  async start(): Promise<SessionStatus> {
    if (this.disposed) return this.status;
    if (!this.session) {
      const session = this.makeSession(this.id, this.target, this.currentOptions, this.log);
      this.session = session;
      this.sessionSubscriptions = [
        session.onDidAppend((e) => this.appended.fire(e)),
        session.onDidChangeStatus(() => this.statusChanged.fire(session.status)),
      ];
    }
    await this.session.start();
    return this.status;
  }

  pause(): void {
    this.session?.pause();
  }

  resume(): void {
    this.session?.resume();
  }

  togglePause(): void {
    if (this.status.state === 'paused') this.resume();
    else this.pause();
  }

  clear(): void {
    if (this.session) this.session.clear();
    else this.log.clear();
    this.cleared.fire();
  }

  /** New options reopen a live stream from its last token; a stopped watch keeps them for its restart. */
  async setOptions(options: WatchOptions): Promise<WatchOptions> {
    if (this.session) await this.session.setOptions(options);
    this.currentOptions = options;
    this.optionsChanged.fire(options);
    return options;
  }

  /** Shows a watch that was not (re)started, e.g. a restored panel whose connection is gone. */
  markStopped(detail: string): void {
    if (this.session) return;
    this.stoppedStatus = { state: 'stopped', since: Date.now(), detail };
    this.statusChanged.fire(this.stoppedStatus);
  }

  /** Stops the session and closes its cursor; the watch (and its events) stay for a restart. */
  async stop(): Promise<void> {
    if (!this.session) return;
    await this.session.stop();
    this.statusChanged.fire(this.status);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.dropSession();
    this.appended.dispose();
    this.statusChanged.dispose();
    this.optionsChanged.dispose();
    this.cleared.dispose();
  }

  private async dropSession(): Promise<void> {
    const session = this.session;
    if (!session) return;
    for (const s of this.sessionSubscriptions) s.dispose();
    this.sessionSubscriptions = [];
    this.stoppedStatus = { state: 'stopped', since: Date.now() };
    this.session = undefined;
    await session.dispose();
  }
}
