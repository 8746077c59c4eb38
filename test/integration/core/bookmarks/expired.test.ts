// A bookmark whose history the oplog ring has overwritten: flagged expired before use, and the
// 286 the server answers becomes the typed outcome with its ways on. Sandbox only: a tiny oplog.
import { strict as assert } from 'node:assert';
import type { Collection, Document, MongoClient } from 'mongodb';
import {
  alternativePosition,
  bookmarkFromEvent,
  classifyBookmark,
  planResume,
  planWatchOptions,
  positionOptions,
  readOplogWindow,
  resumeFailure,
  startTimeFor,
} from '../../../../src/core/bookmarks';
import { nextEvents, opened, type Stream } from '../../../helpers/stream';
import { describeSandboxOnly, getTarget, type Target } from '../../../helpers/target';

describeSandboxOnly('bookmarks: expired tokens after the oplog ring wraps (sandbox, oplogSize 5)', function () {
  this.timeout(30_000);
  let target: Target;
  let client: MongoClient;
  let c: Collection;
  const streams: Stream[] = [];

  before(async () => {
    target = await getTarget({ oplogSize: 5 });
    client = await target.client();
    c = client.db(target.dbName()).collection('ring');
  });
  after(async () => {
    await Promise.all(streams.map((s) => s.close().catch(() => undefined)));
    await target?.stop();
  });

  const failureOf = async (s: Stream): Promise<unknown> =>
    s.tryNext().then(
      () => undefined,
      (e: unknown) => e,
    );

  it('flags the bookmark expired before use, gets 286 on use, and starts at the oldest available instead', async () => {
    const s = c.watch([]);
    streams.push(s);
    await opened(s);
    await c.insertOne({ n: 1 });
    const [event] = await nextEvents(s, 1);
    const bookmark = bookmarkFromEvent(event, {
      connectionId: 'sandbox',
      scope: { kind: 'collection', db: c.dbName, coll: c.collectionName },
      pipeline: [],
      options: {},
      newId: () => 'expiring',
      now: () => new Date(),
    });
    await s.close();

    const windowBefore = await readOplogWindow(client);
    assert.equal(windowBefore.kind, 'known');
    assert.equal(classifyBookmark(bookmark, windowBefore).status, 'ok', 'still inside the ring');

    for (let n = 2; n <= 20; n++) await c.insertOne({ n });
    const window = await readOplogWindow(client);
    assert.equal(window.kind, 'known');
    if (window.kind !== 'known') return;
    const staleness = classifyBookmark(bookmark, window);
    assert.equal(staleness.status, 'expired');

    const plan = planResume(bookmark);
    assert.ok(plan.ok);
    if (!plan.ok) return;
    const dead = c.watch(plan.pipeline, planWatchOptions(plan));
    streams.push(dead);
    const failure = resumeFailure(await failureOf(dead));
    assert.equal(failure?.kind, 'history-lost');
    assert.equal(failure?.serverCode, 286);
    assert.deepEqual(failure?.alternatives, ['startNow', 'startAtOldest', 'startAtChosenTime']);

    // Way on: the oldest available time gives the events still in the ring, in order, ending at the last write.
    const oldest = alternativePosition('startAtOldest', bookmark, window.window);
    assert.ok(oldest);
    const fromOldest = c.watch([], positionOptions(oldest));
    streams.push(fromOldest);
    const kept = (await nextEvents(fromOldest, 5)).map((e: Document) => e.fullDocument?.n as number);
    assert.deepEqual(kept, [16, 17, 18, 19, 20]);

    // And "Start at time…" before the window is refused before asking the server.
    const tooOld = startTimeFor(
      { kind: 'date', date: new Date((window.window.first.t - 60) * 1000) },
      new Date(),
      window.window,
    );
    assert.equal(tooOld.ok, false);
  });
});

describeSandboxOnly('bookmarks: the oplog window of a standalone server (sandbox)', function () {
  this.timeout(20_000);
  it('is unknown, so bookmarks are classified unknown rather than expired', async () => {
    const target = await getTarget({ standalone: true });
    try {
      const client = await target.client();
      const window = await readOplogWindow(client);
      assert.equal(window.kind === 'unknown' && window.reason, 'not-replica-set');
      assert.equal(classifyBookmark({ clusterTime: { t: 1, i: 1 } }, window).status, 'unknown');
    } finally {
      await target.stop();
    }
  });
});
