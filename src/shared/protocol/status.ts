// A watch's state as the panel shows it: the state, one sentence of what happened, one of what to do,
// the error (code once), and after a stop or a lost resume point the ways on that the UI offers.
import * as v from 'valibot';
import { ErrorPayloadSchema } from './envelope';

export const SessionStateSchema = v.picklist([
  'idle',
  'opening',
  'streaming',
  'paused',
  'reconnecting',
  'stopped',
  'failed',
]);
export type SessionState = v.InferOutput<typeof SessionStateSchema>;

/** Where a watch can start from: the buttons of a stopped or failed watch, in order of preference. */
export const WayOnSchema = v.picklist(['continue', 'startAfter', 'now', 'oldest', 'atTime']);
export type WayOn = v.InferOutput<typeof WayOnSchema>;

export const StopReasonSchema = v.picklist(['user', 'serverClosed', 'invalidated']);
export type StopReason = v.InferOutput<typeof StopReasonSchema>;

/** The error of a status or a reply: code, sentence and action, plus the server's code and a text position. */
export type WatchErrorInfo = v.InferOutput<typeof ErrorPayloadSchema>;

export const SessionStatusSchema = v.object({
  state: SessionStateSchema,
  /** Epoch ms of the last state change. */
  since: v.number(),
  /** One sentence of state for the banner (e.g. "Reconnecting (attempt 2)."). */
  detail: v.optional(v.string()),
  /** One sentence of what to do next; button words match it. */
  action: v.optional(v.string()),
  error: v.optional(ErrorPayloadSchema),
  /** Why a stopped watch stopped. */
  reason: v.optional(StopReasonSchema),
  /** The ways on a stopped or failed watch offers (see the `startFrom` request). */
  waysOn: v.optional(v.array(WayOnSchema)),
});
export type SessionStatus = v.InferOutput<typeof SessionStatusSchema>;

/** Where `startFrom` opens the stream: one of the status's ways on; `atTime` takes epoch seconds. */
export const StartPositionSchema = v.variant('kind', [
  v.object({ kind: v.picklist(['continue', 'startAfter', 'now', 'oldest']) }),
  v.object({ kind: v.literal('atTime'), seconds: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
]);
export type StartPositionChoice = v.InferOutput<typeof StartPositionSchema>;
