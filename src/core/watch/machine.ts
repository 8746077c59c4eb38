// The watch's state machine as one pure function: (state, event) → (state, effects). Every legal
// move is in `transition`; WatchSession runs the effects (cursor and timer work) and feeds back events.
// `statusOf` turns a state into what people read: one sentence of state, one of what to do.
import type { WatchError } from './errors';
import type { SessionStatus, StopReason, WayOn } from './model';
import { describePosition, type StartPosition } from './positions';

export type WatchState =
  | { kind: 'idle' }
  | { kind: 'opening'; position: StartPosition }
  | { kind: 'streaming'; note?: string }
  | { kind: 'paused' }
  | { kind: 'reconnecting'; attempt: number; error: WatchError }
  | { kind: 'stopped'; reason: StopReason; continueFrom: StartPosition }
  | { kind: 'failed'; error: WatchError; continueFrom: StartPosition | undefined };

export interface MachineState {
  state: WatchState;
  /** The person paused: a (re)opened stream stays paused until resumed. */
  wantPaused: boolean;
  /** Reconnect attempts since the stream last delivered an event or an empty batch. */
  attempts: number;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Fraction (0..1) of each delay drawn at random, so many watches do not reconnect in lockstep. */
  jitter?: number;
  /** The random source for jitter (tests pass a fixed one to keep the machine deterministic). */
  random?: () => number;
}

export type WatchEvent =
  | { type: 'start'; position: StartPosition }
  | { type: 'opened' }
  | { type: 'openFailed'; error: WatchError; resume: StartPosition | undefined }
  | { type: 'pause' }
  | { type: 'resume' }
  /** The cursor failed while reading (transient errors reconnect, others fail). */
  | { type: 'lost'; error: WatchError; resume: StartPosition | undefined }
  | { type: 'ended'; reason: 'serverClosed' | 'invalidated'; resume: StartPosition }
  | { type: 'stop'; resume: StartPosition }
  /** The stream delivered an event or an empty batch: the connection works again. */
  | { type: 'progress' }
  | { type: 'optionsApplied'; what: string }
  | { type: 'optionsKept' };

export type Effect =
  | { do: 'open'; position: StartPosition }
  | { do: 'read' }
  | { do: 'halt' }
  | { do: 'close' }
  | { do: 'retryIn'; ms: number; attempt: number }
  | { do: 'cancelRetry' };

export interface Step {
  next: MachineState;
  effects: Effect[];
}

const LIVE = new Set<WatchState['kind']>(['opening', 'streaming', 'paused', 'reconnecting']);

export function transition(m: MachineState, e: WatchEvent, policy: RetryPolicy): Step {
  const s = m.state;
  const to = (state: WatchState, effects: Effect[] = [], wantPaused = m.wantPaused): Step => ({
    next: { ...m, state, wantPaused },
    effects,
  });
  const stay: Step = { next: m, effects: [] };
  switch (e.type) {
    case 'start':
      if (LIVE.has(s.kind)) return stay;
      return {
        next: { ...m, attempts: 0, state: { kind: 'opening', position: e.position } },
        effects: [{ do: 'cancelRetry' }, { do: 'open', position: e.position }],
      };
    case 'opened':
      if (s.kind !== 'opening' && s.kind !== 'reconnecting') return stay;
      return m.wantPaused ? to({ kind: 'paused' }) : to({ kind: 'streaming' }, [{ do: 'read' }]);
    case 'openFailed':
      if (s.kind === 'reconnecting' && e.error.transient) return retry(m, e.error, policy);
      if (s.kind !== 'opening' && s.kind !== 'reconnecting') return stay;
      return to({ kind: 'failed', error: e.error, continueFrom: e.resume }, [{ do: 'cancelRetry' }]);
    case 'pause':
      if (s.kind === 'streaming') return to({ kind: 'paused' }, [{ do: 'halt' }], true);
      return to(s, [], true);
    case 'resume':
      if (s.kind === 'paused') return to({ kind: 'streaming' }, [{ do: 'read' }], false);
      return to(s, [], false);
    case 'lost':
      if (s.kind !== 'streaming' && s.kind !== 'paused') return stay;
      if (e.error.transient) return retry(m, e.error, policy, [{ do: 'close' }]);
      return to({ kind: 'failed', error: e.error, continueFrom: e.resume }, [{ do: 'close' }]);
    case 'ended':
      if (!LIVE.has(s.kind)) return stay;
      return to({ kind: 'stopped', reason: e.reason, continueFrom: e.resume }, [
        { do: 'cancelRetry' },
        { do: 'close' },
      ]);
    case 'stop':
      if (s.kind === 'stopped' || s.kind === 'failed') return stay;
      return to({ kind: 'stopped', reason: 'user', continueFrom: e.resume }, [{ do: 'cancelRetry' }, { do: 'close' }]);
    case 'progress':
      return m.attempts === 0 ? stay : { next: { ...m, attempts: 0 }, effects: [] };
    case 'optionsApplied':
      return s.kind === 'streaming' ? to({ kind: 'streaming', note: e.what }) : stay;
    case 'optionsKept':
      return stay;
  }
}

function retry(m: MachineState, error: WatchError, policy: RetryPolicy, first: Effect[] = []): Step {
  const next = m.attempts + 1;
  if (next > policy.maxAttempts) {
    const gaveUp: WatchError = {
      ...error,
      message: `Gave up reconnecting after ${policy.maxAttempts} attempts: ${error.message}`,
      action: 'Check that the server is reachable, then restart the watch; it continues from its last event.',
    };
    return { next: { ...m, state: { kind: 'failed', error: gaveUp, continueFrom: undefined } }, effects: first };
  }
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (next - 1));
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? 0));
  // Jitter only shortens the delay, so the cap stays a cap.
  const ms = Math.round(capped * (1 - jitter * (policy.random ?? Math.random)()));
  return {
    next: { ...m, attempts: next, state: { kind: 'reconnecting', attempt: next, error } },
    effects: [...first, { do: 'retryIn', ms, attempt: next }],
  };
}

/** The ways on a stopped or failed state offers, best first. */
export function waysOn(s: WatchState): WayOn[] {
  if (s.kind === 'stopped') return s.reason === 'invalidated' ? ['startAfter', 'now', 'atTime'] : ['continue', 'now'];
  if (s.kind === 'failed') {
    if (s.error.waysOn) return [...s.error.waysOn];
    return s.continueFrom ? ['continue', 'now'] : ['now'];
  }
  return [];
}

/** What people read for a state: one sentence of state, one of what to do, the error code once. */
export function statusOf(s: WatchState, since: number, target: string): SessionStatus {
  const base = { state: s.kind, since };
  switch (s.kind) {
    case 'idle':
      return base;
    case 'opening':
      return { ...base, detail: `Opening ${target} ${describePosition(s.position)}.` };
    case 'streaming':
      return s.note ? { ...base, detail: s.note } : base;
    case 'paused':
      return { ...base, detail: 'New events wait on the server.', action: 'Resume to continue where reading stopped.' };
    case 'reconnecting':
      return {
        ...base,
        detail: `Reconnecting (attempt ${s.attempt})…`,
        action: 'Nothing to do: the watch continues from its last event when the server answers.',
        error: info(s.error),
      };
    case 'stopped': {
      const detail =
        s.reason === 'invalidated'
          ? 'The stream was invalidated: the watched collection or database was dropped or renamed.'
          : s.reason === 'serverClosed'
            ? 'The server closed the change stream.'
            : 'Stopped by you; the cursor is closed.';
      const action =
        s.reason === 'invalidated'
          ? 'Restart to continue after the invalidate event (startAfter).'
          : 'Restart to continue from the last event.';
      return { ...base, detail, action, reason: s.reason, waysOn: waysOn(s) };
    }
    case 'failed':
      return { ...base, action: s.error.action, error: info(s.error), waysOn: waysOn(s) };
  }
}

function info(e: WatchError): NonNullable<SessionStatus['error']> {
  const out: NonNullable<SessionStatus['error']> = { code: e.code, message: e.message, action: e.action };
  if (e.serverCode !== undefined) out.serverCode = e.serverCode;
  return out;
}
