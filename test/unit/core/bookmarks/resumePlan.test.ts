import { strict as assert } from 'node:assert';
import { Timestamp } from 'mongodb';
import {
  alternativePosition,
  bookmarkFromEvent,
  bookmarkFromPosition,
  classifyBookmark,
  parseDateTime,
  planResume,
  positionOptions,
  resumeFailure,
  startTimeFor,
  type OplogWindowResult,
} from '../../../../src/core/bookmarks';
import { INVALIDATE_TOKEN, V1_EVENT_TOKEN, context, insertEvent } from './fixtures';

const bookmark = () => bookmarkFromEvent(insertEvent(), context());
const invalidateBookmark = () => bookmarkFromPosition({ _data: INVALIDATE_TOKEN }, context());

describe('planResume', () => {
  it('resumes after the token by default, with the bookmark pipeline and options', () => {
    const p = planResume(bookmark());
    assert.ok(p.ok);
    if (!p.ok) return;
    assert.deepEqual(p.position, { kind: 'resumeAfter', token: { _data: V1_EVENT_TOKEN } });
    assert.deepEqual(p.pipeline, [{ $match: { operationType: 'insert' } }]);
    assert.deepEqual(p.options, { fullDocument: 'updateLookup' });
    assert.deepEqual(p.warnings, []);
    assert.deepEqual(positionOptions(p.position), { resumeAfter: { _data: V1_EVENT_TOKEN } });
  });

  it('chooses startAfter by itself for a token from an invalidate event', () => {
    const p = planResume(invalidateBookmark());
    assert.ok(p.ok && p.position.kind === 'startAfter');
    if (p.ok) assert.deepEqual(positionOptions(p.position), { startAfter: { _data: INVALIDATE_TOKEN } });
  });

  it('switches an explicit resumeAfter on an invalidate token to startAfter, and says why', () => {
    const p = planResume(invalidateBookmark(), { mode: 'resumeAfter' });
    assert.ok(p.ok && p.position.kind === 'startAfter');
    if (p.ok)
      assert.deepEqual(
        p.warnings.map((w) => w.code),
        ['SWITCHED_TO_START_AFTER'],
      );
  });

  it('starts at the bookmark time as a BSON Timestamp, warning that the event itself shows again', () => {
    const p = planResume(bookmark(), { mode: 'startAtOperationTime' });
    assert.ok(p.ok && p.position.kind === 'startAtOperationTime');
    if (!p.ok || p.position.kind !== 'startAtOperationTime') return;
    assert.ok(p.position.time instanceof Timestamp);
    assert.equal(p.position.time.t, 1630438675);
    assert.equal(p.position.time.i, 1);
    assert.deepEqual(
      p.warnings.map((w) => w.code),
      ['INCLUDES_BOOKMARKED_EVENT'],
    );
  });

  it('cannot start at the time of a token whose time is unreadable', () => {
    const p = planResume(bookmarkFromPosition({ _data: 'ABCD' }, context()), { mode: 'startAtOperationTime' });
    assert.equal(p.ok, false);
    if (!p.ok) assert.equal(p.code, 'NO_CLUSTER_TIME');
  });

  it('warns when the current pipeline differs, and reopens with the bookmark pipeline unless told otherwise', () => {
    const current = {
      pipeline: [{ $match: { operationType: 'update' } }],
      options: { fullDocument: 'updateLookup' as const },
    };
    const p = planResume(bookmark(), { current });
    assert.ok(p.ok);
    if (!p.ok) return;
    assert.deepEqual(
      p.warnings.map((w) => w.code),
      ['PIPELINE_DIFFERS'],
    );
    assert.deepEqual(p.pipeline, [{ $match: { operationType: 'insert' } }]);
    const q = planResume(bookmark(), { current, pipelineFrom: 'current' });
    assert.ok(q.ok);
    if (q.ok) assert.deepEqual(q.pipeline, current.pipeline);
  });

  it('gives no pipeline warning when the current pipeline is the same (BSON values compared canonically)', () => {
    const p = planResume(bookmark(), {
      current: { pipeline: [{ $match: { operationType: 'insert' } }], options: { fullDocument: 'updateLookup' } },
    });
    assert.ok(p.ok);
    if (p.ok) assert.deepEqual(p.warnings, []);
  });

  it('warns when only the options differ', () => {
    const p = planResume(bookmark(), { current: { pipeline: [{ $match: { operationType: 'insert' } }], options: {} } });
    assert.ok(p.ok);
    if (p.ok)
      assert.deepEqual(
        p.warnings.map((w) => w.code),
        ['OPTIONS_DIFFER'],
      );
  });
});

describe('startTimeFor ("Start at time…")', () => {
  const now = new Date('2026-12-01T12:00:00.000Z');
  const t = (d: string) => Math.floor(Date.parse(d) / 1000);
  const window = { first: { t: t('2026-12-01T10:00:00Z'), i: 3 }, last: { t: t('2026-12-01T11:59:59Z'), i: 1 } };

  it('turns "5 minutes ago" and "1 hour ago" into a Timestamp of that second, increment 0', () => {
    const five = startTimeFor({ kind: 'ago', ms: 5 * 60_000 }, now);
    assert.ok(five.ok);
    if (five.ok) assert.deepEqual([five.time.t, five.time.i], [t('2026-12-01T11:55:00Z'), 0]);
    const hour = startTimeFor({ kind: 'ago', ms: 3_600_000 }, now, window);
    assert.ok(hour.ok);
    if (hour.ok) assert.equal(hour.time.t, t('2026-12-01T11:00:00Z'));
  });

  it('gives the first oplog entry for "oldest available", and refuses it when the window is unknown', () => {
    const r = startTimeFor({ kind: 'oldest' }, now, window);
    assert.ok(r.ok);
    if (r.ok) assert.deepEqual([r.time.t, r.time.i], [window.first.t, 3]);
    const u = startTimeFor({ kind: 'oldest' }, now);
    assert.equal(u.ok, false);
    if (!u.ok) assert.equal(u.code, 'OLDEST_UNKNOWN');
  });

  it('refuses a time before the oplog, in the future, or invalid', () => {
    const codes = [
      startTimeFor({ kind: 'date', date: new Date('2026-12-01T09:59:59Z') }, now, window),
      startTimeFor({ kind: 'date', date: new Date('2026-12-01T12:00:05Z') }, now, window),
      startTimeFor({ kind: 'date', date: new Date('nope') }, now),
    ].map((r) => (r.ok ? 'ok' : r.code));
    assert.deepEqual(codes, ['BEFORE_OPLOG', 'IN_FUTURE', 'INVALID_DATE']);
  });

  it("starts at the oldest entry itself when the chosen second is that entry's second", () => {
    const r = startTimeFor({ kind: 'date', date: new Date('2026-12-01T10:00:00.500Z') }, now, window);
    assert.ok(r.ok);
    if (r.ok) assert.deepEqual([r.time.t, r.time.i], [window.first.t, 3]);
  });

  it('parses typed date-times strictly', () => {
    assert.equal(parseDateTime('2026-12-01T14:30:05Z')?.toISOString(), '2026-12-01T14:30:05.000Z');
    assert.equal(parseDateTime('2026-12-01T14:30+02:00')?.toISOString(), '2026-12-01T12:30:00.000Z');
    assert.equal(parseDateTime('2026-12-01 14:30:05.25Z')?.toISOString(), '2026-12-01T14:30:05.250Z');
    const local = parseDateTime('2026-12-01 14:30');
    assert.deepEqual([local?.getHours(), local?.getMinutes()], [14, 30]);
    for (const bad of ['2026-02-31 10:00', '2026-12-01 25:00', 'yesterday', '1701234567', '2026-12-01', '']) {
      assert.equal(parseDateTime(bad), undefined, bad);
    }
  });
});

describe('classifyBookmark (staleness)', () => {
  const known = (first: { t: number; i: number }): OplogWindowResult => ({
    kind: 'known',
    window: { first, last: { t: first.t + 100, i: 1 } },
  });
  const b = bookmark(); // cluster time (1630438675, 1)

  it('is ok inside the window, including at the first entry itself', () => {
    assert.equal(classifyBookmark(b, known({ t: 1630438600, i: 1 })).status, 'ok');
    assert.equal(classifyBookmark(b, known({ t: 1630438675, i: 1 })).status, 'ok');
  });

  it('is expired when older than the first entry, by seconds or by increment', () => {
    const bySeconds = classifyBookmark(b, known({ t: 1630438700, i: 1 }));
    assert.equal(bySeconds.status, 'expired');
    if (bySeconds.status === 'expired') assert.match(bySeconds.message, /older than the oldest oplog entry/);
    assert.equal(classifyBookmark(b, known({ t: 1630438675, i: 2 })).status, 'expired');
  });

  it('is unknown without privileges, without a replica set, or without a readable time', () => {
    const unknown: OplogWindowResult = { kind: 'unknown', reason: 'unauthorized', message: 'no privileges' };
    assert.deepEqual(classifyBookmark(b, unknown), { status: 'unknown', message: 'no privileges' });
    const noTime = bookmarkFromPosition({ _data: 'ABCD' }, context());
    assert.equal(classifyBookmark(noTime, known({ t: 1, i: 1 })).status, 'unknown');
  });
});

describe('resumeFailure', () => {
  it('maps 286 to history-lost with start now / oldest / chosen time, never the dead token', () => {
    const f = resumeFailure({ code: 286, message: 'Resume of change stream was not possible' });
    assert.equal(f?.kind, 'history-lost');
    assert.deepEqual(f?.alternatives, ['startNow', 'startAtOldest', 'startAtChosenTime']);
  });

  it('maps 260 to invalidated with startAfter first', () => {
    const f = resumeFailure({
      code: 260,
      message:
        "Attempting to resume a change stream using 'resumeAfter' is not allowed from an invalidate notification",
    });
    assert.equal(f?.kind, 'invalidated');
    assert.equal(f?.alternatives[0], 'startAfter');
  });

  it('maps a token parse error, and leaves other errors to the watch classifier', () => {
    assert.equal(resumeFailure({ code: 9, message: "Failed to parse resume token: 'x'" })?.kind, 'not-a-token');
    for (const e of [{ code: 9, message: 'bad query' }, { code: 6 }, new Error('socket'), null, 'x'])
      assert.equal(resumeFailure(e), undefined);
  });

  it('builds the positions of the alternatives that need no input', () => {
    const inv = invalidateBookmark();
    const window = { first: { t: 100, i: 2 }, last: { t: 200, i: 1 } };
    assert.deepEqual(alternativePosition('startAfter', inv), {
      kind: 'startAfter',
      token: { _data: INVALIDATE_TOKEN },
    });
    assert.deepEqual(alternativePosition('startNow', inv), { kind: 'now' });
    const oldest = alternativePosition('startAtOldest', inv, window);
    assert.ok(oldest?.kind === 'startAtOperationTime' && oldest.time.t === 100 && oldest.time.i === 2);
    assert.equal(alternativePosition('startAtOldest', inv), undefined);
    assert.equal(alternativePosition('startAtChosenTime', inv, window), undefined);
  });
});
