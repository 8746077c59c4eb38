// One watch as the rest of the extension sees it: a stable id, its target and options, its EventLog,
// and one WatchSession made on first start and reused by every restart, so a restart continues from
// its last token. It is the EventSource a live inspector panel shows.
import type { Disposable } from '../disposable';
import { Emitter } from '../emitter';
import type { EventLog, LoggedEvent } from '../events/eventLog';
import type { EventSource, SourceCapabilities } from '../events/eventSource';
import { isLive, watchTitle, type SessionStatus, type WatchOptions, type WatchTarget } from './model';
import type { StartPosition } from './positions';
import type { WatchSession } from './watchSession';

export type SessionFactory = (id: string, target: WatchTarget, options: WatchOptions, log: EventLog) => WatchSession;

export { sameTarget, watchTitle } from './model';

const LIVE_CAPABILITIES: SourceCapabilities = { pause: true, options: true, restart: true };

export class Watch implements EventSource {
  readonly title: string;
  readonly capabilities = LIVE_CAPABILITIES;
  private session: WatchSession | undefined;
  private currentOptions: WatchOptions;
  private sessionSubscriptions: Disposable[] = [];
  private stoppedStatus: SessionStatus = { state: 'idle', since: Date.now() };
  /** A resume token to continue from on the first start (saved before a window reload). */
  private initialToken: unknown;
  private disposed = false;

  private readonly appended = new Emitter<LoggedEvent>();
  private readonly statusChanged = new Emitter<SessionStatus>();
  private readonly optionsChanged = new Emitter<WatchOptions>();
  private readonly cleared = new Emitter<void>();
  readonly onDidAppend = (l: (e: LoggedEvent) => void): Disposable => this.appended.on(l);
  readonly onDidChangeStatus = (l: (s: SessionStatus) => void): Disposable => this.statusChanged.on(l);
  readonly onDidChangeOptions = (l: (o: WatchOptions) => void): Disposable => this.optionsChanged.on(l);
  readonly onDidClear = (l: () => void): Disposable => this.cleared.on(l);

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
    return isLive(this.status.state);
  }

  /** The session's last resume token (or the one it will continue from), for persistence. */
  get lastToken(): unknown {
    return this.session?.lastToken ?? this.initialToken;
  }

  /** Only a streaming watch has a rate: paused, stopped and failed ones show 0, not their last figure. */
  rate(): number {
    return this.status.state === 'streaming' ? this.log.rate() : 0;
  }

  /** The next first start continues after this token (a window reload hands back the saved one). */
  continueFrom(token: unknown): void {
    if (!this.session) this.initialToken = token;
  }

  /**
   * Opens the stream. The session is made once and then reused: after a stop, an invalidate or a
   * failure it continues from its last token unless told another position. Never throws.
   */
  async start(position?: StartPosition): Promise<SessionStatus> {
    if (this.disposed) return this.status;
    if (!this.session) {
      const session = this.makeSession(this.id, this.target, this.currentOptions, this.log);
      this.session = session;
      this.sessionSubscriptions = [
        session.onDidAppend((e) => this.appended.fire(e)),
        session.onDidChangeStatus(() => this.statusChanged.fire(session.status)),
      ];
      if (this.initialToken !== undefined && position === undefined) {
        position = { kind: 'resumeAfter', token: this.initialToken };
      }
    }
    await this.session.start(position);
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
  markStopped(detail: string, action?: string): void {
    if (this.session) return;
    this.stoppedStatus = { state: 'stopped', since: Date.now(), detail, ...(action ? { action } : {}) };
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
    const session = this.session;
    for (const s of this.sessionSubscriptions) s.dispose();
    this.sessionSubscriptions = [];
    this.session = undefined;
    this.stoppedStatus = { state: 'stopped', since: Date.now() };
    if (session) await session.dispose();
    this.appended.clear();
    this.statusChanged.clear();
    this.optionsChanged.clear();
    this.cleared.clear();
  }
}
