// One watch's change stream: runs the state machine of machine.ts (the pure transition function)
// and does its effects: opening and closing cursors, reading, halting, the reconnect timer.
// Transient failures reopen from our own last token with backoff; terminal ones stop with the ways on.
import type { Document, MongoClient } from 'mongodb';
import type { Disposable } from '../disposable';
import { Emitter } from '../emitter';
import type { EventLog, LoggedEvent } from '../events/eventLog';
import type { Logger } from '../logger';
import { classifyError, type WatchError } from './errors';
import { transition, statusOf, type Effect, type MachineState, type RetryPolicy, type WatchEvent } from './machine';
import { describeTarget, type SessionStatus, type WatchOptions, type WatchTarget } from './model';
import { openStream, streamPosition } from './openStream';
import { describePosition, type StartPosition } from './positions';
import { StreamReader } from './streamReader';

export interface WatchSessionDeps {
  id?: string;
  client: () => Promise<MongoClient>;
  target: WatchTarget;
  options: WatchOptions;
  log: EventLog;
  logger: Logger;
  clock?: { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void };
  reconnect?: RetryPolicy;
  redact?: (s: string) => string;
  /** Applied to each event before it is logged (field masking): nothing past the log sees the original. */
  mask?: (change: Document) => Document;
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

const INVALIDATING = new Set(['drop', 'rename', 'dropDatabase']);

export { describeTarget };

export class WatchSession {
  readonly id: string;
  readonly target: WatchTarget;
  private machine: MachineState = { state: { kind: 'idle' }, wantPaused: false, attempts: 0 };
  private _status: SessionStatus;
  private _options: WatchOptions;
  private token: unknown | undefined;
  /** The last event read was an invalidate: reopening must use startAfter, resumeAfter would fail with 260. */
  private afterInvalidate = false;
  private lastOp: string | undefined;
  /** The server refused an event over 16 MB: reopen with $changeStreamSplitLargeEvent from then on. */
  private splitLarge = false;
  /** Fragments of one split event read so far (splitEvent {fragment, of}); joined when the last arrives. */
  private fragments: Document[] = [];
  private reader: StreamReader | undefined;
  private retryTimer: unknown;
  /** Bumped by stop(): work started under an older epoch must not touch the session. */
  private epoch = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private readonly statusEmitter = new Emitter<SessionStatus>();
  private readonly appendEmitter = new Emitter<LoggedEvent>();
  private readonly clock: NonNullable<WatchSessionDeps['clock']>;
  private readonly policy: RetryPolicy;
  private readonly redact: (s: string) => string;

  constructor(private readonly deps: WatchSessionDeps) {
    // node:crypto is required here, not at import: loading it costs activation several ms.
    this.id = deps.id ?? (require('node:crypto') as typeof import('node:crypto')).randomUUID();
    this.target = deps.target;
    this._options = deps.options;
    this.clock = deps.clock ?? {
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    };
    this.policy = deps.reconnect ?? { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 15_000, jitter: 0.3 };
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

  /**
   * Opens the stream at `position`, or where the state says to continue (the last token; after an
   * invalidate, startAfter). A token the server can never resume (260/286) is not replaced by "now"
   * silently: without a position the watch stays failed and its status lists the ways on.
   * Resolves streaming or failed; never throws.
   */
  start(position?: StartPosition): Promise<void> {
    return this.serial(async () => {
      if (this.disposed) return;
      const s = this.machine.state;
      if (s.kind === 'opening' || s.kind === 'streaming' || s.kind === 'paused' || s.kind === 'reconnecting') return;
      let at = position;
      if (!at && s.kind === 'failed' && s.error.waysOn) {
        this.deps.logger.info(
          `${describeTarget(this.target)}: the last token cannot be resumed (${s.error.code}); choose where to start.`,
        );
        this.publish();
        return;
      }
      if (!at && s.kind === 'stopped') at = s.continueFrom;
      if (!at && s.kind === 'failed') at = s.continueFrom;
      at ??= this.resumePosition();
      if (at.kind === 'now' || at.kind === 'atTime' || at.kind === 'oldest') {
        this.token = undefined;
        this.afterInvalidate = false;
      }
      const epoch = this.epoch;
      this.dispatch({ type: 'start', position: at });
      const opened = await this.open(this._options, at, epoch);
      if (opened === 'stale') return;
      if ('error' in opened) {
        this.dispatch({ type: 'openFailed', error: opened.error, resume: this.continuePosition() });
        return;
      }
      this.attach(opened.reader);
    });
  }

  /** Stops reading but keeps the cursor and token: resume continues exactly where reading stopped. */
  pause(): void {
    if (!this.disposed) this.dispatch({ type: 'pause' });
  }

  resume(): void {
    if (!this.disposed) this.dispatch({ type: 'resume' });
  }

  /**
   * Reopens from the last token with new options: no gap, no duplicate. If the server refuses them,
   * the previous stream carries on and this rejects with a WatchOptionsError.
   */
  setOptions(options: WatchOptions): Promise<void> {
    return this.serial(async () => {
      const state = this.machine.state.kind;
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
      const from = this.resumePosition();
      const opened = await this.open(options, from, epoch);
      if (opened === 'stale') return;
      if ('error' in opened) {
        this.deps.logger.warn(
          `${describeTarget(this.target)}: new options refused (${opened.error.code}): ${opened.error.message}`,
        );
        if (!this.machine.wantPaused) old.start();
        // The status keeps its state and says why the old options stay.
        this.publish({ detail: 'Kept the previous options: the server refused the new ones.', error: opened.error });
        throw new WatchOptionsError(opened.error);
      }
      this._options = options;
      await old.close();
      this.reader = opened.reader;
      const what = `Reopened ${describePosition(from)} with ${describeOptions(options)}.`;
      this.deps.logger.info(`${describeTarget(this.target)}: ${what}`);
      this.dispatch({ type: 'optionsApplied', what });
      if (this.machine.state.kind === 'streaming') opened.reader.start();
    });
  }

  clear(): void {
    this.deps.log.clear();
  }

  /** Closes the cursor and stays stopped; calling it again does nothing. */
  async stop(): Promise<void> {
    this.epoch++;
    const reader = this.reader;
    this.dispatch({ type: 'stop', resume: this.resumePosition() });
    this.cancelRetry();
    this.reader = undefined;
    if (reader) await reader.close();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.stop();
    this.disposed = true;
    this.statusEmitter.clear();
    this.appendEmitter.clear();
  }

  // ------------------------------------------------------------------ the machine

  private dispatch(event: WatchEvent): void {
    const before = this.machine.state;
    const step = transition(this.machine, event, this.policy);
    this.machine = step.next;
    for (const effect of step.effects) this.run(effect);
    if (this.machine.state !== before) this.publish();
  }

  private run(effect: Effect): void {
    switch (effect.do) {
      case 'read':
        this.reader?.start();
        break;
      case 'halt':
        void this.reader?.halt();
        break;
      case 'close': {
        const reader = this.reader;
        this.reader = undefined;
        if (reader) void reader.close();
        break;
      }
      case 'cancelRetry':
        this.cancelRetry();
        break;
      case 'retryIn': {
        const s = this.machine.state;
        if (s.kind === 'reconnecting') {
          this.deps.logger.warn(
            `${describeTarget(this.target)}: ${s.error.message} Reconnecting in ${effect.ms} ms (attempt ${effect.attempt}).`,
          );
        }
        const epoch = this.epoch;
        this.cancelRetry();
        this.retryTimer = this.clock.setTimeout(() => {
          this.retryTimer = undefined;
          void this.reconnect(epoch);
        }, effect.ms);
        break;
      }
      case 'open':
        // Opening is async and answered by opened/openFailed: start() and reconnect() do it.
        break;
    }
  }

  private publish(extra: { detail?: string; error?: WatchError } = {}): void {
    const s = this.machine.state;
    if (s.kind === 'failed')
      this.deps.logger.error(`${describeTarget(this.target)}: ${s.error.code}: ${s.error.message}`);
    const status = statusOf(s, this.clock.now(), describeTarget(this.target));
    if (extra.detail !== undefined) status.detail = extra.detail;
    if (extra.error !== undefined) {
      status.error = { code: extra.error.code, message: extra.error.message, action: extra.error.action };
      if (extra.error.serverCode !== undefined) status.error.serverCode = extra.error.serverCode;
    }
    if (status.detail !== undefined) status.detail = this.redact(status.detail);
    this._status = status;
    this.statusEmitter.fire(status, (e) => this.deps.logger.error(`A status listener failed: ${String(e)}`));
  }

  // ------------------------------------------------------------------ opening and reading

  private async open(
    options: WatchOptions,
    position: StartPosition,
    epoch: number,
  ): Promise<{ reader: StreamReader } | { error: WatchError } | 'stale'> {
    let stream;
    let firstRead;
    try {
      const client = await this.deps.client();
      if (epoch !== this.epoch) return 'stale';
      const at = await streamPosition(client, position);
      ({ stream, firstRead } = await openStream(client, this.target, this.withSplit(options), at));
    } catch (err) {
      if (epoch !== this.epoch) return 'stale';
      const error = classifyError(err, this.redact);
      this.deps.logger.warn(
        `${describeTarget(this.target)}: could not open the change stream (${error.code}): ${error.message}`,
      );
      return { error };
    }
    // A reopened cursor starts from a whole event's token: fragments of a half-read event come again.
    this.fragments = [];
    const reader: StreamReader = new StreamReader(stream, firstRead, {
      event: (doc, token, bytes) => this.onEvent(reader, doc, token, bytes),
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
    this.dispatch({ type: 'opened' });
  }

  private onEvent(reader: StreamReader, fragment: Document, token: unknown, bytes: Uint8Array | undefined): void {
    if (reader !== this.reader) return;
    if (this.machine.attempts > 0) this.dispatch({ type: 'progress' });
    const doc = this.joinFragments(fragment);
    // The token stays at the last whole event until the last fragment: resuming never lands mid-event.
    if (doc === undefined) return;
    const op = typeof doc.operationType === 'string' ? doc.operationType : undefined;
    this.lastOp = op;
    this.afterInvalidate = op === 'invalidate';
    // startAfter needs the invalidate event's own token, whatever the batch token says.
    this.token = this.afterInvalidate ? doc._id : (token ?? doc._id);
    const { fullDocument, fullDocumentBeforeChange } = this._options;
    const read = { fullDocument, fullDocumentBeforeChange };
    // The server's bytes are the event's only when it is neither masked nor joined from fragments.
    const logged = this.deps.mask
      ? this.deps.log.append(this.deps.mask(doc), read)
      : this.deps.log.append(doc, read, doc === fragment ? bytes : undefined);
    this.appendEmitter.fire(logged, (e) => this.deps.logger.error(`An event listener failed: ${String(e)}`));
    if (this.afterInvalidate) this.endInvalidated();
  }

  private onIdle(reader: StreamReader, token: unknown): void {
    if (reader !== this.reader) return;
    if (this.machine.attempts > 0) this.dispatch({ type: 'progress' });
    if (token !== undefined && token !== null && this.fragments.length === 0) this.token = token;
  }

  private onEnded(reader: StreamReader): void {
    if (reader !== this.reader) return;
    if (this.lastOp && INVALIDATING.has(this.lastOp)) {
      this.endInvalidated();
      return;
    }
    this.dispatch({ type: 'ended', reason: 'serverClosed', resume: this.resumePosition() });
  }

  private onReadError(reader: StreamReader, err: unknown): void {
    if (reader !== this.reader) return;
    const error = classifyError(err, this.redact);
    if (error.code === 'EVENT_TOO_LARGE' && !this.splitLarge && !hasSplitStage(this._options)) {
      // Offer what the server asks for: reopen from the last token with the split stage appended.
      this.splitLarge = true;
      this.deps.logger.warn(
        `${describeTarget(this.target)}: an event is over 16 MB; reopening with $changeStreamSplitLargeEvent and joining its fragments.`,
      );
      const reopen: WatchError = {
        ...error,
        message: 'An event is over 16 MB: reopening with $changeStreamSplitLargeEvent to read it in fragments.',
        action: 'Nothing to do: the fragments are joined into one event.',
        terminal: false,
        transient: true,
      };
      this.dispatch({ type: 'lost', error: reopen, resume: this.continuePosition() });
      return;
    }
    if (!error.transient && this.lastOp && INVALIDATING.has(this.lastOp) && this.target.scope !== 'deployment') {
      // The driver may close the cursor between the drop and the invalidate it implies.
      this.endInvalidated();
      return;
    }
    this.dispatch({ type: 'lost', error, resume: this.continuePosition() });
  }

  private endInvalidated(): void {
    this.deps.logger.info(`${describeTarget(this.target)}: the stream was invalidated.`);
    this.dispatch({ type: 'ended', reason: 'invalidated', resume: this.resumePosition() });
  }

  // ------------------------------------------------------------------ large events

  private withSplit(options: WatchOptions): WatchOptions {
    if (!this.splitLarge || hasSplitStage(options)) return options;
    return { ...options, pipeline: [...(options.pipeline ?? []), { $changeStreamSplitLargeEvent: {} }] };
  }

  /** The whole event once its last fragment is in (an unsplit event at once); undefined while waiting. */
  private joinFragments(doc: Document): Document | undefined {
    const split = doc.splitEvent as { fragment?: unknown; of?: unknown } | undefined;
    if (!split || typeof split.fragment !== 'number' || typeof split.of !== 'number') return doc;
    if (split.fragment === 1) this.fragments = [];
    if (split.fragment !== this.fragments.length + 1) {
      this.deps.logger.warn(
        `${describeTarget(this.target)}: fragment ${split.fragment} of ${split.of} arrived without the ones before it; it is shown on its own.`,
      );
      this.fragments = [];
      return doc;
    }
    this.fragments.push(doc);
    if (split.fragment < split.of) return undefined;
    const parts = this.fragments;
    this.fragments = [];
    // Each fragment holds whole top-level fields; the last fragment's _id resumes after the whole event.
    const whole: Document = { _id: doc._id };
    for (const part of parts)
      for (const [k, v] of Object.entries(part)) if (k !== '_id' && k !== 'splitEvent') whole[k] = v;
    this.deps.logger.info(`${describeTarget(this.target)}: joined ${parts.length} fragments into one event.`);
    return whole;
  }

  // ------------------------------------------------------------------ reconnecting

  private reconnect(epoch: number): Promise<void> {
    return this.serial(async () => {
      if (epoch !== this.epoch || this.machine.state.kind !== 'reconnecting') return;
      const opened = await this.open(this._options, this.resumePosition(), epoch);
      if (opened === 'stale') return;
      if ('error' in opened) {
        this.dispatch({ type: 'openFailed', error: opened.error, resume: this.continuePosition() });
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

  // ------------------------------------------------------------------ positions

  private resumePosition(): StartPosition {
    if (this.token === undefined) return { kind: 'now' };
    return this.afterInvalidate
      ? { kind: 'startAfter', token: this.token }
      : { kind: 'resumeAfter', token: this.token };
  }

  /** Where a failed watch can continue: its last token, if it has one. */
  private continuePosition(): StartPosition | undefined {
    return this.token === undefined ? undefined : this.resumePosition();
  }

  /** Runs start/setOptions/reconnect one at a time, so two opens never race for the same token. */
  private serial(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function hasSplitStage(options: WatchOptions): boolean {
  const last = options.pipeline?.[options.pipeline.length - 1] as Record<string, unknown> | undefined;
  return last !== undefined && '$changeStreamSplitLargeEvent' in last;
}

/** "fullDocument updateLookup, pre-images whenAvailable" — what changed from the defaults, for the status. */
export function describeOptions(o: WatchOptions): string {
  const parts = [`fullDocument ${o.fullDocument}`, `fullDocumentBeforeChange ${o.fullDocumentBeforeChange}`];
  if (o.showExpandedEvents) parts.push('expanded events');
  if (o.batchSize !== undefined) parts.push(`batchSize ${o.batchSize}`);
  if (o.maxAwaitTimeMS !== undefined) parts.push(`maxAwaitTimeMS ${o.maxAwaitTimeMS}`);
  if (o.pipeline?.length) parts.push(`a ${o.pipeline.length}-stage pipeline`);
  return parts.join(', ');
}
