// Bookmarks against a deployment (the sandbox, or MONGODB_URI): the positions the resume plan makes,
// opened with the driver's own watch(), give exactly the events after (or from) the bookmark.
import { strict as assert } from 'node:assert';
import type { Collection, Db, Document, MongoClient } from 'mongodb';
import {
  bookmarkFromEvent,
  classifyBookmark,
  MemoryStorage,
  PositionSaver,
  loadPosition,
  planResume,
  planWatchOptions,
  readOplogWindow,
  resumeFailure,
  startTimeFor,
  type Bookmark,
  type BookmarkContext,
} from '../../../../src/core/bookmarks';
import { decodeResumeToken } from '../../../../src/core/tokens/resumeToken';
import { eventsWithin, nextEvents, opened, type Stream } from '../../../helpers/stream';
import { openTargetDb, type Target } from '../../../helpers/target';

describe('bookmarks: resume from a saved position (driver watch)', function () {
  this.timeout(30_000);
  let target: Target;
  let client: MongoClient;
  let db: Db;
  let n = 0;
  const streams: Stream[] = [];

  before(async () => {
    ({ target, client, db } = await openTargetDb());
  });
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((s) => s.close().catch(() => undefined)));
  });
  after(async () => {
    await target?.stop();
  });

  const coll = (): Collection => db.collection(`c${++n}`);
  const ctx = (c: Collection, pipeline: Document[] = []): BookmarkContext => ({
    connectionId: 'itest',
    scope: { kind: 'collection', db: db.databaseName, coll: c.collectionName },
    pipeline,
    options: {},
    newId: () => `bm-${n}`,
    now: () => new Date(),
  });
  const watch = async (c: Collection, pipeline: Document[], options: Document = {}): Promise<Stream> => {
    const s = c.watch(pipeline, options);
    streams.push(s);
    return opened(s);
  };
  const numbers = (events: Document[]) => events.map((e) => e.fullDocument?.n as number);
  const writeNumbered = async (c: Collection, from: number, to: number) => {
    for (let k = from; k <= to; k++) await c.insertOne({ n: k });
  };
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);

  it('bookmark event k of N, stop, write more, resume: exactly events k+1.. in order', async () => {
    const c = coll();
    const pipeline = [{ $match: { operationType: 'insert' } }];
    const first = await watch(c, pipeline);
    await writeNumbered(c, 1, 10);
    const events = await nextEvents(first, 10);
    const bookmark: Bookmark = bookmarkFromEvent(events[3], ctx(c, pipeline)); // n = 4
    assert.equal(bookmark.operationType, 'insert');
    assert.ok(bookmark.clusterTime, 'the token time is decoded');
    const decoded = decodeResumeToken(events[3]._id);
    assert.equal(decoded.format, target.isSandbox ? 'sandbox' : 'mongodb');
    assert.equal(decoded.fromInvalidate, false);
    assert.deepEqual(decoded.clusterTime, bookmark.clusterTime);
    const ct = events[3].clusterTime as { t: number; i: number };
    assert.deepEqual(decoded.clusterTime, { t: ct.t, i: ct.i }, 'the token time is the event clusterTime');
    await first.close();
    await writeNumbered(c, 11, 15);

    const window = await readOplogWindow(client);
    if (window.kind === 'known') assert.equal(classifyBookmark(bookmark, window).status, 'ok');

    const plan = planResume(bookmark, { current: { pipeline, options: {} } });
    assert.ok(plan.ok);
    if (!plan.ok) return;
    assert.equal(plan.position.kind, 'resumeAfter');
    assert.deepEqual(plan.warnings, []);
    const resumed = c.watch(plan.pipeline, planWatchOptions(plan));
    streams.push(resumed);
    assert.deepEqual(numbers(await nextEvents(resumed, 11)), range(5, 15));
    assert.deepEqual(await eventsWithin(resumed, 300), [], 'nothing after the last write');
  });

  it('startAfter past an invalidate: the token of the invalidate event continues after the drop', async () => {
    const c = coll();
    await c.insertOne({ n: 0 }); // the collection exists before the stream opens
    const s = await watch(c, []);
    await writeNumbered(c, 1, 2);
    await c.drop();
    const events = await nextEvents(s, 4);
    assert.deepEqual(
      events.map((e) => e.operationType),
      ['insert', 'insert', 'drop', 'invalidate'],
    );
    const bookmark = bookmarkFromEvent(events[3], ctx(c));
    assert.equal(bookmark.fromInvalidate, true);
    assert.equal(
      decodeResumeToken(events[3]._id).fromInvalidate,
      true,
      'the token itself says it comes from an invalidate',
    );
    await s.close();

    // resumeAfter on it is refused with 260, which maps to the typed outcome.
    const wrong = c.watch([], { resumeAfter: events[3]._id });
    streams.push(wrong);
    const err = await wrong.tryNext().then(
      () => undefined,
      (e: unknown) => e,
    );
    const failure = resumeFailure(err);
    assert.equal(failure?.kind, 'invalidated', `got ${String(err)}`);
    assert.equal(failure?.alternatives[0], 'startAfter');

    const plan = planResume(bookmark);
    assert.ok(plan.ok && plan.position.kind === 'startAfter');
    if (!plan.ok) return;
    const after = c.watch(plan.pipeline, planWatchOptions(plan));
    streams.push(after);
    await c.insertOne({ n: 100 });
    const next = await nextEvents(after, 1);
    assert.equal(next[0].operationType, 'insert');
    assert.equal(next[0].fullDocument.n, 100);
  });

  it('startAtOperationTime at a chosen time: the events from that second on, none before', async () => {
    const c = coll();
    await writeNumbered(c, 1, 3);
    // Cross a second boundary so the chosen second holds only the later writes.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
    const chosen = new Date();
    await writeNumbered(c, 4, 6);
    const window = await readOplogWindow(client);
    const start = startTimeFor(
      { kind: 'date', date: chosen },
      new Date(),
      window.kind === 'known' ? window.window : undefined,
    );
    assert.ok(start.ok, JSON.stringify(start));
    if (!start.ok) return;
    const s = c.watch([], { startAtOperationTime: start.time });
    streams.push(s);
    assert.deepEqual(numbers(await nextEvents(s, 3)), [4, 5, 6]);
    assert.deepEqual(await eventsWithin(s, 300), []);
  });

  it("startAtOperationTime at a bookmark's time: the bookmarked event and everything after", async () => {
    const c = coll();
    const s = await watch(c, []);
    await writeNumbered(c, 1, 6);
    const events = await nextEvents(s, 6);
    await s.close();
    const plan = planResume(bookmarkFromEvent(events[2], ctx(c)), { mode: 'startAtOperationTime' });
    assert.ok(plan.ok && plan.position.kind === 'startAtOperationTime');
    if (!plan.ok) return;
    const again = c.watch(plan.pipeline, planWatchOptions(plan));
    streams.push(again);
    assert.deepEqual(numbers(await nextEvents(again, 4)), [3, 4, 5, 6]);
  });

  it('follow mode across a simulated restart: no gap, no duplicate', async () => {
    const c = coll();
    const storage = new MemoryStorage();
    const key = `csi.follow.itest.${db.databaseName}.${c.collectionName}`;
    const s = await watch(c, []);
    let saver = new PositionSaver(storage, key, [], 50);
    await writeNumbered(c, 1, 5);
    for (const e of await nextEvents(s, 5)) saver.record(e._id);
    await saver.dispose(); // the extension deactivates: the last token is saved
    await s.close();
    await writeNumbered(c, 6, 8); // while nothing watches

    // A new window: only the storage survives.
    const saved = loadPosition(storage, key);
    assert.ok(saved);
    saver = new PositionSaver(storage, key, [], 50);
    const reopened = c.watch([], { resumeAfter: saved.token });
    streams.push(reopened);
    const after = await nextEvents(reopened, 3);
    for (const e of after) saver.record(e._id);
    assert.deepEqual(numbers(after), [6, 7, 8]);
    assert.deepEqual(await eventsWithin(reopened, 300), []);
    await saver.dispose();
  });

  it('follow mode after a crash (no dispose): reopens right after the last saved token, contiguously', async () => {
    const c = coll();
    const storage = new MemoryStorage();
    const s = await watch(c, []);
    const saver = new PositionSaver(storage, 'k', [], 60_000); // throttled: only the first token is saved
    await writeNumbered(c, 1, 5);
    const seen = await nextEvents(s, 5);
    for (const e of seen) saver.record(e._id);
    await new Promise((r) => setImmediate(r)); // the first save reaches storage
    await s.close(); // crash: no dispose, the pending token (n = 5) is lost
    const saved = loadPosition(storage, 'k');
    assert.ok(saved);
    const savedN = seen.findIndex((e) => e._id._data === saved.token._data) + 1;
    assert.equal(savedN, 1);
    await writeNumbered(c, 6, 7);
    const reopened = c.watch([], { resumeAfter: saved.token });
    streams.push(reopened);
    // Events after the saved token come again (they were never confirmed), none is skipped or doubled.
    assert.deepEqual(numbers(await nextEvents(reopened, 6)), range(2, 7));
    assert.deepEqual(await eventsWithin(reopened, 300), []);
  });
});
