// The panel's bookmark requests over a real EventLog and a memory Memento: what is saved for an event
// or a position, what the panel lists, and where resuming / start-at-time reopen the watch (a fake
// watch records its stop / clear / options / start), including the ways on after a 286.
import { strict as assert } from 'node:assert';
import { EJSON, ObjectId, Timestamp, type Document } from 'bson';
import { MemoryStorage, type Bookmark } from '../../../../src/core/bookmarks';
import { EventLog } from '../../../../src/core/events/eventLog';
import { nullLogger } from '../../../../src/core/logger';
import type { SessionStatus, WatchOptions, WatchTarget } from '../../../../src/core/watch/model';
import type { StartPosition } from '../../../../src/core/watch/positions';
import type { Watch } from '../../../../src/core/watch/watch';
import { checkWebviewMessage } from '../../../../src/shared/protocol';
import { BookmarkService } from '../../../../src/vscode/bookmarks/bookmarkService';
import { TimeTravel, type TimeTravelUi } from '../../../../src/vscode/bookmarks/timeTravel';
import { bookmarkHandlers } from '../../../../src/vscode/panel/handlers/bookmarks';
import type { InspectorContext } from '../../../../src/vscode/panel/handlers/context';

const TARGET: WatchTarget = {
  connectionId: 'c1',
  connectionName: 'Local',
  scope: 'collection',
  db: 'shop',
  coll: 'orders',
};
const DEFAULTS: WatchOptions = { fullDocument: 'default', fullDocumentBeforeChange: 'off', showExpandedEvents: false };

/** A sandbox-shaped token at cluster time (t, i); `invalidate` sets its fromInvalidate byte. */
const token = (t: number, i: number, invalidate = false) => ({
  _data:
    `82${t.toString(16).padStart(8, '0')}${i.toString(16).padStart(8, '0')}2B02${invalidate ? '01' : '00'}0000000004`.toUpperCase(),
});

const event = (n: number, op = 'insert'): Document => ({
  _id: token(1_800_000_000 + n, 1, op === 'invalidate'),
  operationType: op,
  clusterTime: new Timestamp({ t: 1_800_000_000 + n, i: 1 }),
  ns: { db: 'shop', coll: 'orders' },
  documentKey: { _id: new ObjectId(`64b00000000000000000000${n}`) },
  fullDocument: { n },
});

/** A watch that records what time travel asks of it; `failWith` makes its next start fail. */
class FakeWatch {
  readonly id = 'w1';
  readonly title = 'shop.orders · Local';
  readonly log = new EventLog({ maxEvents: 100, maxBytes: 1e7 });
  options: WatchOptions = { ...DEFAULTS };
  lastToken: unknown;
  status: SessionStatus = { state: 'streaming', since: 0 };
  calls: string[] = [];
  starts: StartPosition[] = [];
  failWith: SessionStatus['error'][] = [];
  constructor(readonly target: WatchTarget = TARGET) {}
  get live() {
    return this.status.state === 'streaming';
  }
  async stop() {
    this.calls.push('stop');
    this.status = { state: 'stopped', since: 0 };
  }
  clear() {
    this.calls.push('clear');
    this.log.clear();
  }
  async setOptions(o: WatchOptions) {
    this.calls.push('setOptions');
    this.options = o;
    return o;
  }
  async start(p?: StartPosition) {
    this.calls.push('start');
    if (p) this.starts.push(p);
    const error = this.failWith.shift();
    this.status = error ? { state: 'failed', since: 0, error } : { state: 'streaming', since: 0 };
    return this.status;
  }
  append(doc: Document) {
    const e = this.log.append(doc);
    this.lastToken = doc._id;
    return e;
  }
}

function setup(opts: { labels?: (string | undefined)[]; offers?: (string | undefined)[] } = {}) {
  const storage = new MemoryStorage();
  const asked: string[] = [];
  const offered: { text: string; actions: readonly string[] }[] = [];
  const infos: string[] = [];
  let n = 0;
  const service = new BookmarkService({
    storage,
    storageKey: 'csi.bookmarks.v1',
    client: () => Promise.reject(new Error('no deployment in unit tests')),
    connections: () => [{ id: 'c1', name: 'Local' }],
    ui: {
      askLabel: async (prefill) => {
        asked.push(prefill);
        return opts.labels?.length ? opts.labels.shift() : prefill;
      },
    },
    logger: nullLogger,
    newId: () => `bm-${++n}`,
    now: () => new Date('2027-01-15T10:00:00Z'),
  });
  const watch = new FakeWatch();
  const ui: TimeTravelUi = {
    info: (t) => infos.push(t),
    offer: async (text, actions) => {
      offered.push({ text, actions });
      return opts.offers?.shift() as never;
    },
    askTime: async () => undefined,
  };
  const travel = new TimeTravel({
    bookmarks: service,
    find: (t) => (t.coll === watch.target.coll ? (watch as unknown as Watch) : undefined),
    create: async () => watch as unknown as Watch,
    defaultOptions: () => ({ ...DEFAULTS }),
    show: () => undefined,
    ui,
    logger: nullLogger,
    now: () => new Date('2027-01-15T10:00:00Z'),
  });
  const ctx = { watch, bookmarks: { service, travel } } as unknown as InspectorContext;
  return { storage, service, watch, ctx, asked, offered, infos };
}

describe('bookmark handlers (addBookmark, listBookmarks, resumeFromBookmark, startAtTime)', () => {
  it('bookmarks an event by seq: its _id is the token, with its time, operation and key, listed with its seq', async () => {
    const { watch, ctx, service } = setup();
    for (let k = 1; k <= 5; k++) watch.append(event(k));
    const r = await bookmarkHandlers.addBookmark({ seq: 3, label: 'before the bug', note: 'n=3' }, ctx);
    assert.ok(r.bookmark, r.message);
    assert.equal(r.bookmark.label, 'before the bug');
    assert.equal(r.bookmark.seq, 3);
    assert.equal(r.bookmark.operationType, 'insert');
    assert.match(r.bookmark.documentKey ?? '', /64b000000000000000000003/);
    assert.deepEqual(r.bookmark.clusterTime, { t: 1_800_000_003, i: 1 });
    const saved = service.list();
    assert.equal(saved.length, 1);
    assert.deepEqual(saved[0].token, token(1_800_000_003, 1));
    assert.equal(saved[0].note, 'n=3');
    assert.deepEqual(saved[0].scope, { kind: 'collection', db: 'shop', coll: 'orders' });
    const list = await bookmarkHandlers.listBookmarks({}, ctx);
    assert.deepEqual(
      list.bookmarks.map((b) => [b.label, b.seq]),
      [['before the bug', 3]],
    );
  });

  it('asks for a label (prefilled with the operation and key) when none is given; a dismissed dialog adds nothing', async () => {
    const { watch, ctx, service, asked } = setup({ labels: [undefined, 'mine'] });
    watch.append(event(1));
    const dismissed = await bookmarkHandlers.addBookmark({ seq: 1 }, ctx);
    assert.equal(dismissed.bookmark, null);
    assert.match(asked[0], /^insert _id: ObjectId\('64b000000000000000000001'\)$/);
    assert.equal(service.list().length, 0);
    const named = await bookmarkHandlers.addBookmark({ seq: 1 }, ctx);
    assert.equal(named.bookmark?.label, 'mine');
  });

  it('refuses an evicted seq and a position before the stream has one, saying why', async () => {
    const { watch, ctx, service } = setup();
    const gone = await bookmarkHandlers.addBookmark({ seq: 42, label: 'x' }, ctx);
    assert.equal(gone.bookmark, null);
    assert.match(gone.message ?? '', /#42 is no longer in the list/);
    const none = await bookmarkHandlers.addBookmark({ label: 'x' }, ctx);
    assert.match(none.message ?? '', /has no position yet/);
    watch.lastToken = token(1_800_000_100, 0);
    const pos = await bookmarkHandlers.addBookmark({ label: 'here' }, ctx);
    assert.equal(pos.bookmark?.label, 'here');
    assert.equal(pos.bookmark?.seq, undefined, 'a position is not an event of the list');
    assert.deepEqual(service.list()[0].token, token(1_800_000_100, 0));
  });

  it("lists only the panel's namespace and says when a bookmark was taken under another pipeline", async () => {
    const { watch, ctx, service } = setup();
    watch.append(event(1));
    await bookmarkHandlers.addBookmark({ seq: 1, label: 'plain' }, ctx);
    watch.options = { ...DEFAULTS, pipeline: [{ $match: { operationType: 'insert' } }] };
    await bookmarkHandlers.addBookmark({ seq: 1, label: 'filtered' }, ctx);
    const other = new FakeWatch({ ...TARGET, coll: 'users' });
    other.append(event(2));
    await service.addForEvent(other as unknown as Watch, 1, 'elsewhere');
    const list = await bookmarkHandlers.listBookmarks({}, ctx);
    assert.deepEqual(list.bookmarks.map((b) => [b.label, b.pipelineDiffers]).sort(), [
      ['filtered', false],
      ['plain', true],
    ]);
  });

  it('resumes after a bookmark: stops, clears, reopens with the bookmark pipeline and resumeAfter its token', async () => {
    const { watch, ctx, infos } = setup();
    watch.options = { ...DEFAULTS, pipeline: [{ $match: { operationType: 'insert' } }] };
    for (let k = 1; k <= 4; k++) watch.append(event(k));
    const added = await bookmarkHandlers.addBookmark({ seq: 2, label: 'k=2' }, ctx);
    watch.options = { ...DEFAULTS }; // the pipeline changed since
    const r = await bookmarkHandlers.resumeFromBookmark({ id: added.bookmark!.id }, ctx);
    assert.equal(r.ok, true, r.message);
    assert.deepEqual(watch.calls, ['stop', 'clear', 'setOptions', 'start']);
    assert.equal(watch.log.size, 0, 'the list was cleared: the events come again from the server');
    assert.equal(watch.starts[0].kind, 'resumeAfter');
    assert.deepEqual(EJSON.serialize((watch.starts[0] as { token: Document }).token), token(1_800_000_002, 1));
    assert.deepEqual(watch.options.pipeline, [{ $match: { operationType: 'insert' } }]);
    assert.match(infos.join(' '), /not the one this bookmark was taken with/);
  });

  it('starts after an invalidate token by itself, and at the bookmark time when asked', async () => {
    const { watch, ctx } = setup();
    watch.append(event(1));
    watch.append(event(2, 'invalidate'));
    const inv = await bookmarkHandlers.addBookmark({ seq: 2, label: 'dropped' }, ctx);
    await bookmarkHandlers.resumeFromBookmark({ id: inv.bookmark!.id }, ctx);
    assert.equal(watch.starts[0].kind, 'startAfter');
    const first = await bookmarkHandlers.addBookmark({ seq: 1, label: 'first' }, ctx);
    assert.equal(first.bookmark, null, 'the list was cleared by the resume, event 1 is gone');
    watch.append(event(7));
    const seven = await bookmarkHandlers.addBookmark({ seq: watch.log.lastSeq, label: 'seven' }, ctx);
    await bookmarkHandlers.resumeFromBookmark({ id: seven.bookmark!.id, mode: 'startAtOperationTime' }, ctx);
    assert.deepEqual(watch.starts[1], { kind: 'atTime', seconds: 1_800_000_007, increment: 1 });
  });

  it('after 286 it offers start now / oldest / a time and never tries the dead token again', async () => {
    const { watch, ctx, offered } = setup({ offers: ['Start Now'] });
    watch.append(event(1));
    const b = await bookmarkHandlers.addBookmark({ seq: 1, label: 'old' }, ctx);
    watch.failWith.push({ code: 'HISTORY_LOST', serverCode: 286, message: 'history lost', action: 'x' });
    const r = await bookmarkHandlers.resumeFromBookmark({ id: b.bookmark!.id }, ctx);
    assert.equal(r.ok, true);
    assert.equal(offered.length, 1);
    assert.match(offered[0].text, /286/);
    assert.deepEqual(offered[0].actions, ['Start Now', 'Start at Oldest Available', 'Start at Time…']);
    assert.deepEqual(
      watch.starts.map((p) => p.kind),
      ['resumeAfter', 'now'],
    );
  });

  it('answers a deleted bookmark with a sentence, not an exception', async () => {
    const { ctx } = setup();
    const r = await bookmarkHandlers.resumeFromBookmark({ id: 'gone' }, ctx);
    assert.deepEqual(r, { ok: false, message: 'This bookmark was deleted (perhaps in the Bookmarks view).' });
  });

  it('starts at a time: minutes ago becomes startAtOperationTime seconds; a bad date or unknown oldest is refused', async () => {
    const { watch, ctx } = setup();
    const r = await bookmarkHandlers.startAtTime({ minutesAgo: 5 }, ctx);
    assert.equal(r.ok, true, r.message);
    const now = Date.parse('2027-01-15T10:00:00Z') / 1000;
    assert.deepEqual(watch.starts[0], { kind: 'atTime', seconds: now - 300, increment: 0 });
    const bad = await bookmarkHandlers.startAtTime({ at: 'yesterday-ish' }, ctx);
    assert.match(bad.message ?? '', /not a date and time/);
    const oldest = await bookmarkHandlers.startAtTime({ oldest: true }, ctx);
    assert.equal(oldest.ok, false);
    assert.match(oldest.message ?? '', /oldest available time is unknown/);
    const future = await bookmarkHandlers.startAtTime({ at: '2027-02-01T00:00:00Z' }, ctx);
    assert.match(future.message ?? '', /in the future/);
    assert.equal(watch.starts.length, 1, 'refused times never reopen the watch');
  });

  it('the protocol refuses out-of-bounds requests before any handler runs', () => {
    const bad = (method: string, params: unknown) => checkWebviewMessage({ kind: 'request', id: 7, method, params });
    assert.equal(bad('addBookmark', { seq: -1 }).ok, false);
    assert.equal(bad('addBookmark', { label: 'x'.repeat(201) }).ok, false);
    assert.equal(bad('resumeFromBookmark', { id: '' }).ok, false);
    assert.equal(bad('resumeFromBookmark', { id: 'a', mode: 'sideways' }).ok, false);
    assert.equal(bad('startAtTime', { minutesAgo: -3 }).ok, false);
    assert.equal(bad('addBookmark', { seq: 3, label: 'ok' }).ok, true);
  });
});

describe('bookmark service: export and import', () => {
  it('round-trips through the file, keeps good entries of a damaged file and rebinds a teammate connection by name', async () => {
    const a = setup();
    for (let k = 1; k <= 3; k++) a.watch.append(event(k));
    for (const seq of [1, 2, 3]) await a.service.addForEvent(a.watch as unknown as Watch, seq, `k=${seq}`);
    const { text, count } = a.service.exportText();
    assert.equal(count, 3);

    const b = setup();
    const file = JSON.parse(text) as { bookmarks: Bookmark[] };
    file.bookmarks[1] = { ...file.bookmarks[1], token: { _data: 'not hex!' } };
    file.bookmarks[2] = { ...file.bookmarks[2], connectionId: 'their-id', connectionName: 'Local' };
    const r = await b.service.importText(JSON.stringify(file));
    assert.ok(r.ok);
    assert.equal(r.added, 2);
    assert.equal(r.rebound, 1);
    assert.deepEqual(
      r.rejected.map((x) => x.index),
      [1],
    );
    assert.deepEqual(
      b.service.list().map((x) => [x.label, x.connectionId]),
      [
        ['k=1', 'c1'],
        ['k=3', 'c1'],
      ],
    );
    const again = await b.service.importText(JSON.stringify(file));
    assert.ok(again.ok);
    assert.equal(again.added, 0, 'importing the same file twice adds nothing');
  });

  it('refuses a file that is not a bookmarks file as a whole, with what to do', async () => {
    const { service } = setup();
    const r = await service.importText('{"format":"something-else","version":1,"bookmarks":[]}');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.action, /Export Bookmarks/);
  });
});
