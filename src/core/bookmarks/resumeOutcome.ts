// What a failed resume means and the ways on. 286 (history lost) and 260 (resumeAfter on an
// invalidate token) can never succeed on retry with the same token: they become typed outcomes.
import { Timestamp } from 'mongodb';
import { driverToken } from './bookmark';
import type { StartPosition } from './resumePlan';
import type { Bookmark } from './schema';
import type { OplogWindow } from './staleness';

export type Alternative = 'startAfter' | 'startNow' | 'startAtOldest' | 'startAtChosenTime';

export interface ResumeFailure {
  kind: 'history-lost' | 'invalidated' | 'not-a-token';
  serverCode: number;
  message: string;
  action: string;
  /** In the order to offer them. 'startAtChosenTime' needs the person's input ("Start at time…"). */
  alternatives: Alternative[];
}

/** The typed outcome, or undefined when the error is not about the token (network, auth, …). */
export function resumeFailure(err: unknown): ResumeFailure | undefined {
  const e = typeof err === 'object' && err !== null ? (err as { code?: unknown; message?: unknown }) : {};
  const code = typeof e.code === 'number' ? e.code : undefined;
  const text = typeof e.message === 'string' ? e.message : '';
  if (code === 286) {
    return {
      kind: 'history-lost',
      serverCode: 286,
      message:
        'The server no longer has the history of this position: its oplog entries have been overwritten (286 ChangeStreamHistoryLost).',
      action: 'Start now, start at the oldest available time, or choose a later time. Retrying this token cannot work.',
      alternatives: ['startNow', 'startAtOldest', 'startAtChosenTime'],
    };
  }
  if (code === 260) {
    return {
      kind: 'invalidated',
      serverCode: 260,
      message:
        'This token is from an invalidate event (the collection was dropped or renamed): resumeAfter cannot continue from it (260 InvalidResumeToken).',
      action: 'Start after it (startAfter) to see what happens next in this namespace, or start now.',
      alternatives: ['startAfter', 'startNow', 'startAtChosenTime'],
    };
  }
  if ((code === 9 || code === 40414) && /resume token/i.test(text)) {
    return {
      kind: 'not-a-token',
      serverCode: code,
      message: 'The server does not accept this value as a resume token.',
      action: 'Start now or at a chosen time; check the bookmark file if it was edited by hand.',
      alternatives: ['startNow', 'startAtOldest', 'startAtChosenTime'],
    };
  }
  return undefined;
}

/**
 * The position of an alternative that needs no more input; undefined for 'startAtChosenTime', or for
 * 'startAtOldest' when the oplog window is unknown.
 */
export function alternativePosition(
  alt: Alternative,
  bookmark: Bookmark,
  window?: OplogWindow,
): StartPosition | undefined {
  switch (alt) {
    case 'startAfter':
      return { kind: 'startAfter', token: driverToken(bookmark) };
    case 'startNow':
      return { kind: 'now' };
    case 'startAtOldest':
      return window ? { kind: 'startAtOperationTime', time: new Timestamp(window.first) } : undefined;
    default:
      return undefined;
  }
}
