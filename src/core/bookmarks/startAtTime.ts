// "Start at time…": a date-time, a preset ("5 minutes ago", "1 hour ago") or "oldest available",
// turned into the BSON Timestamp of startAtOperationTime, checked against the oplog window if known.
import { Timestamp } from 'mongodb';
import type { OplogWindow } from './staleness';

export type TimeChoice = { kind: 'date'; date: Date } | { kind: 'ago'; ms: number } | { kind: 'oldest' };

export const TIME_PRESETS: readonly { label: string; choice: TimeChoice }[] = [
  { label: '5 minutes ago', choice: { kind: 'ago', ms: 5 * 60_000 } },
  { label: '1 hour ago', choice: { kind: 'ago', ms: 60 * 60_000 } },
  { label: 'Oldest available', choice: { kind: 'oldest' } },
];

export type StartTimeResult =
  | { ok: true; time: Timestamp; date: Date }
  | {
      ok: false;
      code: 'INVALID_DATE' | 'IN_FUTURE' | 'BEFORE_OPLOG' | 'OLDEST_UNKNOWN';
      message: string;
      action: string;
    };

/**
 * The Timestamp to start at. Seconds only (increment 0): every event of that second and later is shown.
 * `window` is the oplog window when it could be read; without it only "oldest" is refused.
 */
export function startTimeFor(choice: TimeChoice, now: Date, window?: OplogWindow): StartTimeResult {
  if (choice.kind === 'oldest') {
    if (!window) {
      return {
        ok: false,
        code: 'OLDEST_UNKNOWN',
        message:
          'The oldest available time is unknown: the oplog cannot be read with this connection (privileges or topology).',
        action: 'Choose a date and time instead.',
      };
    }
    return { ok: true, time: new Timestamp(window.first), date: new Date(window.first.t * 1000) };
  }
  const date = choice.kind === 'date' ? choice.date : new Date(now.getTime() - choice.ms);
  if (Number.isNaN(date.getTime()) || date.getTime() < 0) {
    return {
      ok: false,
      code: 'INVALID_DATE',
      message: 'This is not a valid date and time.',
      action: 'Type it as 2026-12-01 14:30 or 2026-12-01T14:30:00Z.',
    };
  }
  if (date.getTime() > now.getTime() + 1000) {
    return {
      ok: false,
      code: 'IN_FUTURE',
      message: 'This time is in the future: the watch would show nothing until then.',
      action: 'Choose a time in the past, or start now.',
    };
  }
  const t = Math.floor(date.getTime() / 1000);
  if (window && t < window.first.t) {
    return {
      ok: false,
      code: 'BEFORE_OPLOG',
      message: `This time is before the oldest entry of the oplog (${new Date(window.first.t * 1000).toISOString()}): the server no longer has those changes.`,
      action: 'Start at the oldest available time, or choose a later time.',
    };
  }
  // Within the oldest entry's second, (t, 0) would precede that entry and fail with 286: start at it.
  if (window && t === window.first.t) return { ok: true, time: new Timestamp(window.first), date: new Date(t * 1000) };
  return { ok: true, time: new Timestamp({ t, i: 0 }), date: new Date(t * 1000) };
}

/**
 * Reads what people type in a date-time box: ISO 8601 (`2026-12-01T14:30[:05][.123][Z|±hh:mm]`), or
 * `2026-12-01 14:30` in local time. Hand-written because Date.parse accepts many ambiguous forms.
 */
export function parseDateTime(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?\s*(Z|[+-]\d{2}:\d{2})?$/i.exec(
    text.trim(),
  );
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', ms = '0', zone] = m;
  const parts = [
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(ms.padEnd(3, '0')),
  ] as const;
  const date = zone === undefined ? new Date(...parts) : new Date(Date.UTC(...parts) - zoneOffsetMs(zone));
  // Reject overflowing fields such as 2026-02-31 or 25:00 rather than rolling them over.
  const check =
    zone === undefined
      ? [date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes()]
      : undefined;
  if (check && check.some((v, k) => v !== parts[k])) return undefined;
  if (!check) {
    const back = new Date(date.getTime() + zoneOffsetMs(zone!));
    if (back.getUTCMonth() !== parts[1] || back.getUTCDate() !== parts[2] || back.getUTCHours() !== parts[3])
      return undefined;
  }
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [h, m] = zone.slice(1).split(':').map(Number);
  return sign * (h * 60 + m) * 60_000;
}
