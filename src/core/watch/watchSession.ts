// One watch: its change stream, options, last resume token, state machine and resume policy.
// Transient failures reopen from our own last token with backoff; terminal ones stop with a reason.
import type { Document, MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import type { SessionState, SessionStatus, WatchOptions, WatchTarget } from '../../shared/protocol';
import type { Disposable } from '../disposable';
import { Emitter } from '../emitter';
import type { EventLog, LoggedEvent } from '../events/eventLog';
import type { Logger } from '../logger';
import { classifyError, type WatchError } from './errors';
import { openStream, type StreamPosition } from './openStream';
import { StreamReader } from './streamReader';

export interface WatchSessionDeps {
  id?: string;
  client: () => Promise<MongoClient>;
  target: WatchTarget;
  options: WatchOptions;
  log: EventLog;
  logger: Logger;
  clock?: { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void };
  reconnect?: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  redact?: (s: string) => string;
}

/** Thrown by setOptions when the server refused the new options; the previous stream keeps running. */
export class WatchOptionsError extends Error {
  constructor(readonly error: WatchError) {
    super(error.message);
    this.name = 'WatchOptionsError';
  }
  get code(): string {
    return this.error.code;
  }
}

const LIVE: readonly SessionState[] = ['opening', 'streaming', 'paused', 'reconnecting'];
const INVALIDATING = new Set(['drop', 'rename', 'dropDatabase']);

export function describeTarget(t: WatchTarget): string {
  if (t.scope === 'deployment') return `${t.connectionName} (all databases)`;
  if (t.scope === 'database') return `${t.connectionName}: ${t.db ?? '?'}`;
  return `${t.connectionName}: ${t.db ?? '?'}.${t.coll ?? '?'}`;
}

export class WatchSession {
  readonly id: string;
  readonly target: WatchTarget;
  private _status: SessionStatus;
  private _options: WatchOptions;
  private token: unknown | undefined;
  /** The last event read was an invalidate: reopening must use startAfter, resumeAfter would fail with 260. */
  private afterInvalidate = false;
  private lastOp: string | undefined;
  private reader: StreamReader | undefined;
  private wantPaused = false;
  private attempts = 0;
  private retryTimer: unknown;
  /** Bumped by stop(): work started under an older epoch must not touch the session. */
  private epoch = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private readonly statusEmitter = new Emitter<SessionStatus>();
  private readonly appendEmitter = new Emitter<LoggedEvent>();
  private readonly clock: NonNullable<WatchSessionDeps['clock']>;
  private readonly policy: NonNullable<WatchSessionDeps['reconnect']>;
  private readonly redact: (s: string) => string;

  constructor(private readonly deps: WatchSessionDeps) {
    this.id = deps.id ?? randomUUID();
    this.target = deps.target;
    this._options = deps.options;
    this.clock = deps.clock ?? {
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.policy = deps.reconnect ?? { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 15_000 };
    this.redact = deps.redact ?? ((s) => s);
    this._status = { state: 'idle', since: this.clock.now() };
  }

  get status(): SessionStatus {
    return this._status;
  }
  get options(): WatchOptions {
    return this._options;
  }
  get lastToken(): unknown | undefined {
    return this.token;
  }

  onDidChangeStatus(l: (s: SessionStatus) => void): Disposable {
    return this.statusEmitter.on(l);
  }
  onDidAppend(l: (e: LoggedEvent) => void): Disposable {
    return this.appendEmitter.on(l);
  }

  /** Opens the stream (again, after stop/failure: from the last token). Resolves streaming or failed; never throws. */
  start(): Promise<void> {
    return this.serial(async () => {
      if (this.disposed || LIVE.includes(this._status.state)) return;
      const epoch = this.epoch;
      const position = this.restartPosition();
      this.attempts = 0;
      this.setStatus('opening', { detail: `Opening ${describeTarget(this.target)}…` });
      const opened = await this.open(this._options, position, epoch);
      if (opened === 'stale') return;
      if ('error' in opened) {
        this.fail(opened.error);
        return;
      }
      this.attach(opened.reader);
    });
  }

  /** Stops reading but keeps the cursor and token: resume continues exactly where reading stopped. */
  pause(): void {
    if (this.disposed) return;
    this.wantPaused = true;
    if (this._status.state === 'streaming') {
      void this.reader?.halt();
      this.setStatus('paused', { detail: 'Paused: new events wait on the server until you resume.' });
    }
  }

  resume(): void {
    if (this.disposed) return;
    this.wantPaused = false;
    if (this._status.state === 'paused') {
      this.setStatus('streaming');
      this.reader?.start();
    }
  }

  /**
   * Reopens from the last token with new options: no gap, no duplicate. If the server refuses them,
   * the previous stream carries on and this rejects with a WatchOptionsError.
   */
  setOptions(options: WatchOptions): Promise<void> {
    return this.serial(async () => {
      const state = this._status.state;
      const old = this.reader;
      if ((state !== 'streaming' && state !== 'paused') || !old) {
        this._options = options;
        return;
      }
      const epoch = this.epoch;
      await old.halt();
      if (epoch !== this.epoch || this.reader !== old || old.isClosed) {
        // The stream failed or was stopped meanwhile; whoever reopens next uses the new options.
        this._options = options;
        return;
      }
      const opened = await this.open(options, this.resumePosition(), epoch);
      if (opened === 'stale') return;
      if ('error' in opened) {
        this.deps.logger.warn(
          `${describeTarget(this.target)}: new options refused (${opened.error.code}): ${opened.error.message}`,
        );
        if (!this.wantPaused) old.start();
        this.setStatus(this._status.state, {
          detail: `Kept the previous options: ${opened.error.message}`,
          error: stripFlags(opened.error),
        });
        throw new WatchOptionsError(opened.error);
      }
      this._options = options;
      await old.close();
      this.attach(opened.reader);
    });
  }

  clear(): void {
    this.deps.log.clear();
  }

  /** Closes the cursor and stays stopped; calling it again does nothing. */
  async stop(): Promise<void> {
    this.epoch++;
    this.cancelRetry();
    const reader = this.reader;
    this.reader = undefined;
    if (reader) await reader.close();
    if (this._status.state !== 'stopped' && this._status.state !== 'idle' && this._status.state !== 'failed') {
      this.setStatus('stopped', { detail: 'Stopped. Start again to continue from the last event.' });
    } else if (this._status.state === 'idle') {
      this.setStatus('stopped', { detail: 'Stopped.' });
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.stop();
    this.disposed = true;
    this.statusEmitter.clear();
    this.appendEmitter.clear();
  }

  // ------------------------------------------------------------------ opening and reading

  private async open(
    options: WatchOptions,
    position: StreamPosition,
    epoch: number,
  ): Promise<{ reader: StreamReader } | { error: WatchError } | 'stale'> {
    let stream;
    let firstRead;
    try {
      const client = await this.deps.client();
      if (epoch !== this.epoch) return 'stale';
      ({ stream, firstRead } = await openStream(client, this.target, options, position));
    } catch (err) {
      if (epoch !== this.epoch) return 'stale';
      const error = classifyError(err, this.redact);
      this.deps.logger.warn(
        `${describeTarget(this.target)}: could not open the change stream (${error.code}): ${error.message}`,
      );
      return { error };
    }
    const reader: StreamReader = new StreamReader(stream, firstRead, {
      event: (doc, token) => this.onEvent(reader, doc, token),
      idle: (token) => this.onIdle(reader, token),
      error: (err) => this.onReadError(reader, err),
      ended: () => this.onEnded(reader),
    });
    if (epoch !== this.epoch) {
      await reader.close();
      return 'stale';
    }
    return { reader };
  }

  private attach(reader: StreamReader): void {
    this.reader = reader;
    this.deps.logger.info(`${describeTarget(this.target)}: change stream open.`);
    if (this.wantPaused) {
      this.setStatus('paused', { detail: 'Paused: new events wait on the server until you resume.' });
    } else {
      this.setStatus('streaming');
      reader.start();
    }
  }

  private onEvent(reader: StreamReader, doc: Document, token: unknown): void {
    if (reader !== this.reader) return;
    this.attempts = 0;
    const op = typeof doc.operationType === 'string' ? doc.operationType : undefined;
    this.lastOp = op;
    this.afterInvalidate = op === 'invalidate';
    // startAfter needs the invalidate event's own token, whatever the batch token says.
    this.token = this.afterInvalidate ? doc._id : (token ?? doc._id);
    const logged = this.deps.log.append(doc);
    this.appendEmitter.fire(logged, (e) => this.deps.logger.error(`An event listener failed: ${String(e)}`));
    if (this.afterInvalidate) this.endInvalidated(reader);
  }

  private onIdle(reader: StreamReader, token: unknown): void {
    if (reader !== this.reader) return;
    this.attempts = 0;
    if (token !== undefined && token !== null) this.token = token;
  }

  private onEnded(reader: StreamReader): void {
    if (reader !== this.reader) return;
    if (this.lastOp && INVALIDATING.has(this.lastOp)) {
      this.endInvalidated(reader);
      return;
    }
    this.reader = undefined;
    void reader.close();
    this.setStatus('stopped', {
      detail: 'The server closed the change stream. Start again to continue from the last event.',
    });
  }

  private onReadError(reader: StreamReader, err: unknown): void {
    if (reader !== this.reader) return;
    const error = classifyError(err, this.redact);
    this.reader = undefined;
    void reader.close();
    if (!error.transient && this.lastOp && INVALIDATING.has(this.lastOp) && this.target.scope !== 'deployment') {
      // The driver may close the cursor between the drop and the invalidate it implies.
      this.endInvalidated(reader);
      return;
    }
    if (error.transient) this.scheduleReconnect(error);
    else this.fail(error);
  }

  private endInvalidated(reader: StreamReader): void {
    if (this.reader === reader) this.reader = undefined;
    void reader.close();
    this.deps.logger.info(`${describeTarget(this.target)}: the stream was invalidated.`);
    this.setStatus('stopped', {
      detail:
        'The stream was invalidated: the watched collection or database was dropped or renamed. ' +
        'Start again to continue after the invalidate event (startAfter).',
    });
  }

  // ------------------------------------------------------------------ reconnecting

  private scheduleReconnect(error: WatchError): void {
    this.attempts++;
    if (this.attempts > this.policy.maxAttempts) {
      this.fail({
        ...error,
        message: `Gave up reconnecting after ${this.policy.maxAttempts} attempts: ${error.message}`,
        action: 'Check that the server is reachable, then start the watch again; it continues from its last event.',
      });
      return;
    }
    const delay = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (this.attempts - 1));
    this.deps.logger.warn(
      `${describeTarget(this.target)}: ${error.message} Reconnecting in ${delay} ms (attempt ${this.attempts}).`,
    );
    this.setStatus('reconnecting', { detail: `Reconnecting (attempt ${this.attempts})…`, error: stripFlags(error) });
    const epoch = this.epoch;
    this.cancelRetry();
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      void this.reconnect(epoch);
    }, delay);
  }

  private reconnect(epoch: number): Promise<void> {
    return this.serial(async () => {
      if (epoch !== this.epoch || this._status.state !== 'reconnecting') return;
      const opened = await this.open(this._options, this.resumePosition(), epoch);
      if (opened === 'stale') return;
      if ('error' in opened) {
        if (opened.error.transient) this.scheduleReconnect(opened.error);
        else this.fail(opened.error);
        return;
      }
      this.attach(opened.reader);
    });
  }

  private cancelRetry(): void {
    if (this.retryTimer !== undefined) {
      this.clock.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
  }

  // ------------------------------------------------------------------ positions and status

  private resumePosition(): StreamPosition {
    if (this.token === undefined) return {};
    return this.afterInvalidate ? { startAfter: this.token } : { resumeAfter: this.token };
  }

  /** After a token-terminal failure (260/286) the old token can never work again: start from now. */
  private restartPosition(): StreamPosition {
    const code = this._status.error?.code;
    if (this._status.state === 'failed' && (code === 'HISTORY_LOST' || code === 'INVALID_RESUME_TOKEN')) {
      this.deps.logger.info(
        `${describeTarget(this.target)}: the last token cannot be resumed (${code}); starting from now.`,
      );
      this.token = undefined;
      this.afterInvalidate = false;
      return {};
    }
    return this.resumePosition();
  }

  private fail(error: WatchError): void {
    this.cancelRetry();
    const reader = this.reader;
    this.reader = undefined;
    if (reader) void reader.close();
    this.deps.logger.error(`${describeTarget(this.target)}: ${error.code}: ${error.message}`);
    this.setStatus('failed', { detail: error.message, error: stripFlags(error) });
  }

  private setStatus(state: SessionState, extra: Pick<SessionStatus, 'detail' | 'error'> = {}): void {
    const status: SessionStatus = { state, since: this.clock.now() };
    if (extra.detail !== undefined) status.detail = this.redact(extra.detail);
    if (extra.error !== undefined) status.error = extra.error;
    this._status = status;
    this.statusEmitter.fire(status, (e) => this.deps.logger.error(`A status listener failed: ${String(e)}`));
  }

  /** Runs start/setOptions/reconnect one at a time, so two opens never race for the same token. */
  private serial(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function stripFlags(e: WatchError): SessionStatus['error'] {
  const info: NonNullable<SessionStatus['error']> = { code: e.code, message: e.message, action: e.action };
  if (e.serverCode !== undefined) info.serverCode = e.serverCode;
  return info;
}
