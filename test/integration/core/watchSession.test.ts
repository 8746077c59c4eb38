// WatchSession + EventLog end to end with the real driver: scopes, pause/resume, option changes,
// invalidation and stop, each checked for lost and duplicated events.
import { strict as assert } from 'node:assert';
import type { Db, MongoClient } from 'mongodb';
import type { WatchTarget } from '../../../src/shared/protocol';
import { WatchOptionsError } from '../../../src/core/watch/watchSession';
import { getTarget, type Target } from '../../helpers/target';
import { SessionProbe, range, sleep } from './sessionProbe';

describe('WatchSession with the real driver', function () {
  this.timeout(30_000);
  let target: Target;
  let client: MongoClient;
  let writer: MongoClient;
  let dbName: string;
  let db: Db;
  let n = 0;
  const probes: SessionProbe[] = [];

  before(async function () {
    target = await getTarget();
    client = await target.client({ appName: 'csi-core-watcher' });
    writer = await target.client({ appName: 'csi-core-writer' });
    dbName = target.dbName();
    db = writer.db(dbName);
  });
  afterEach(async function () {
    await Promise.all(probes.splice(0).map((p) => p.session.dispose()));
  });
  after(async function () {
    await target?.stop();
  });

  function collTarget(coll: string): WatchTarget {
    return { connectionId: 'c1', connectionName: 'Test', scope: 'collection', db: dbName, coll };
  }
  function probe(t: WatchTarget, options = {}): SessionProbe {
    const p = new SessionProbe(client, t, options);
    probes.push(p);
    return p;
  }
  const freshColl = () => `c${++n}`;

  it('streams inserts, updates and deletes of a collection in order', async function () {
    const coll = freshColl();
    const p = probe(collTarget(coll));
    await p.session.start();
    assert.equal(p.session.status.state, 'streaming');
    const c = db.collection<{ _id: number; s?: string }>(coll);
    await c.insertOne({ _id: 1 });
    await c.updateOne({ _id: 1 }, { $set: { s: 'paid' } });
    await c.deleteOne({ _id: 1 });
    await p.waitForEvents(3);
    assert.deepEqual(
      p.events.map((e) => e.summary.op),
      ['insert', 'update', 'delete'],
    );
    assert.deepEqual(
      p.events.map((e) => e.seq),
      [1, 2, 3],
    );
    assert.equal(p.events[1].summary.changed, 'set s');
    assert.equal(p.events[0].summary.ns, `${dbName}.${coll}`);
    assert.deepEqual(p.states(), ['opening', 'streaming']);
    assert.deepEqual(p.session.lastToken, p.docs()[2]._id, 'the token follows the last event');
  });

  it('sees every collection of a database at database scope, and only that database', async function () {
    const p = probe({ connectionId: 'c1', connectionName: 'Test', scope: 'database', db: dbName });
    await p.session.start();
    const other = writer.db(target.dbName());
    await other.collection('x').insertOne({ _id: 99 } as never);
    await db.collection<{ _id: number }>(freshColl()).insertOne({ _id: 1 });
    await db.collection<{ _id: number }>(freshColl()).insertOne({ _id: 2 });
    await p.waitForEvents(2);
    await sleep(300);
    assert.deepEqual(p.ids(), [1, 2]);
  });

  it('sees several databases at deployment scope', async function () {
    const p = probe({ connectionId: 'c1', connectionName: 'Test', scope: 'deployment' });
    await p.session.start();
    assert.equal(p.session.status.state, 'streaming');
    const other = target.dbName();
    await db.collection<{ _id: number }>(freshColl()).insertOne({ _id: 1 });
    await writer.db(other).collection<{ _id: number }>('y').insertOne({ _id: 2 });
    await p.waitForEvents(2);
    const mine = p.events.filter((e) => e.summary.ns.startsWith(dbName) || e.summary.ns.startsWith(other));
    assert.deepEqual(
      mine.map((e) => e.summary.ns.split('.')[0]),
      [dbName, other],
    );
  });

  it('appends nothing while paused and then resumes without a gap or a duplicate', async function () {
    const coll = freshColl();
    const p = probe(collTarget(coll));
    await p.session.start();
    const c = db.collection<{ _id: number }>(coll);
    for (const id of range(0, 3)) await c.insertOne({ _id: id });
    await p.waitForEvents(3);
    p.session.pause();
    assert.equal(p.session.status.state, 'paused');
    for (const id of range(3, 8)) await c.insertOne({ _id: id });
    await sleep(600);
    assert.equal(p.events.length, 3, 'paused sessions append nothing');
    p.session.resume();
    assert.equal(p.session.status.state, 'streaming');
    await p.waitForEvents(8);
    await sleep(300);
    assert.deepEqual(p.ids(), range(0, 8));
  });

  it('reopens with new options from the last token with no gap or duplicate', async function () {
    const coll = freshColl();
    const p = probe(collTarget(coll));
    await p.session.start();
    const c = db.collection<{ _id: number; v?: number }>(coll);
    await c.insertOne({ _id: 0 });
    await p.waitForEvents(1);
    // Writes keep landing while the options change.
    const writes = (async () => {
      for (const id of range(1, 30)) await c.insertOne({ _id: id });
    })();
    await sleep(20);
    await p.session.setOptions({ ...p.session.options, fullDocument: 'updateLookup' });
    await writes;
    await c.updateOne({ _id: 0 }, { $set: { v: 1 } });
    await p.waitForEvents(31);
    await sleep(300);
    assert.deepEqual(p.ids(), [...range(0, 30), 0]);
    assert.equal(p.session.options.fullDocument, 'updateLookup');
    const update = p.docs()[30];
    assert.equal(update.operationType, 'update');
    assert.deepEqual(
      update.fullDocument,
      { _id: { $numberInt: '0' }, v: { $numberInt: '1' } },
      'the new option is in effect',
    );
    assert.ok(p.streams.length === 2 && p.streams[0].closed, 'the old cursor is closed');
  });

  it('keeps the running stream when the server refuses a new pipeline', async function () {
    const coll = freshColl();
    const p = probe(collTarget(coll));
    await p.session.start();
    const c = db.collection<{ _id: number }>(coll);
    await c.insertOne({ _id: 1 });
    await p.waitForEvents(1);
    const before = p.session.options;
    const err = await p.session
      .setOptions({ ...before, pipeline: [{ $lookup: { from: 'x', localField: 'a', foreignField: 'b', as: 'c' } }] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err instanceof WatchOptionsError, `expected a WatchOptionsError, got ${String(err)}`);
    assert.equal(err.code, 'PIPELINE_REFUSED');
    assert.equal(p.session.status.state, 'streaming');
    assert.equal(p.session.status.error?.code, 'PIPELINE_REFUSED');
    assert.deepEqual(p.session.options, before, 'the old options stay');
    assert.ok(p.streams[1]?.closed, 'the refused stream left no cursor');
    assert.ok(!p.streams[0].closed, 'the running stream stays open');
    await c.insertOne({ _id: 2 });
    await p.waitForEvents(2);
    assert.deepEqual(p.ids(), [1, 2]);
  });

  it('applies a $match pipeline set while paused, and stays paused', async function () {
    const coll = freshColl();
    const p = probe(collTarget(coll));
    await p.session.start();
    p.session.pause();
    await p.session.setOptions({ ...p.session.options, pipeline: [{ $match: { operationType: 'delete' } }] });
    assert.equal(p.session.status.state, 'paused');
    const c = db.collection<{ _id: number }>(coll);
    await c.insertOne({ _id: 1 });
    await c.deleteOne({ _id: 1 });
    p.session.resume();
    await p.waitForEvents(1);
    await sleep(300);
    assert.deepEqual(
      p.events.map((e) => e.summary.op),
      ['delete'],
    );
  });

  it('logs drop and invalidate, stops, and restarts after the invalidate with startAfter', async function () {
    const coll = freshColl();
    const p = probe(collTarget(coll));
    const c = db.collection<{ _id: number }>(coll);
    await c.insertOne({ _id: 0 });
    await p.session.start();
    await c.insertOne({ _id: 1 });
    await c.drop();
    await p.waitForState('stopped');
    assert.deepEqual(
      p.events.map((e) => e.summary.op),
      ['insert', 'drop', 'invalidate'],
    );
    assert.match(p.session.status.detail ?? '', /invalidated/);
    assert.match(p.session.status.action ?? '', /startAfter/);
    assert.equal(p.session.status.reason, 'invalidated');
    assert.deepEqual(p.session.lastToken, p.docs()[2]._id, 'the token is the invalidate event');
    assert.ok(
      p.streams.every((s) => s.closed),
      'no cursor stays open',
    );

    await p.session.start();
    assert.equal(p.session.status.state, 'streaming', p.session.status.detail);
    await c.insertOne({ _id: 2 });
    await p.waitForEvents(4);
    assert.deepEqual(p.ids(), [1, 2]);
  });

  it('stops after rename on a collection stream, with the rename target in the summary', async function () {
    const coll = freshColl();
    const p = probe(collTarget(coll));
    const c = db.collection<{ _id: number }>(coll);
    await c.insertOne({ _id: 0 });
    await p.session.start();
    await c.rename(`${coll}_old`);
    await p.waitForState('stopped');
    assert.deepEqual(
      p.events.map((e) => e.summary.op),
      ['rename', 'invalidate'],
    );
    assert.equal(p.events[0].summary.changed, `to ${dbName}.${coll}_old`);
    assert.ok(p.streams.every((s) => s.closed));
  });

  it('stops after dropDatabase on a database stream, having logged each drop', async function () {
    const other = writer.db(target.dbName());
    await other.collection<{ _id: number }>('a').insertOne({ _id: 1 });
    await other.collection<{ _id: number }>('b').insertOne({ _id: 2 });
    const p = probe({ connectionId: 'c1', connectionName: 'Test', scope: 'database', db: other.databaseName });
    await p.session.start();
    await other.dropDatabase();
    await p.waitForState('stopped');
    const ops = p.events.map((e) => e.summary.op);
    assert.deepEqual(ops.slice(-2), ['dropDatabase', 'invalidate']);
    assert.deepEqual(ops.slice(0, -2).sort(), ['drop', 'drop']);
    assert.match(p.session.status.detail ?? '', /invalidated/);
  });

  it('closes the cursor on stop, stays stopped and can stop twice', async function () {
    const coll = freshColl();
    const p = probe(collTarget(coll));
    await p.session.start();
    const stream = p.streams[0];
    assert.ok(stream && !stream.closed);
    await p.session.stop();
    assert.equal(p.session.status.state, 'stopped');
    assert.ok(stream.closed, 'stream.closed after stop');
    assert.equal(stream.listenerCount('change'), 0);
    const status = await writer.db('admin').command({ serverStatus: 1 });
    if (status.sandbox) assert.equal(status.sandbox.cursors, 0, 'the server holds no cursor after stop');
    await p.session.stop();
    assert.equal(p.session.status.state, 'stopped');
    await db.collection<{ _id: number }>(coll).insertOne({ _id: 1 });
    await sleep(300);
    assert.equal(p.events.length, 0, 'a stopped session reads nothing');
  });

  it('continues from the last event when started again after stop', async function () {
    const coll = freshColl();
    const p = probe(collTarget(coll));
    await p.session.start();
    const c = db.collection<{ _id: number }>(coll);
    await c.insertOne({ _id: 1 });
    await p.waitForEvents(1);
    await p.session.stop();
    await c.insertOne({ _id: 2 });
    await p.session.start();
    await p.waitForEvents(2);
    await sleep(200);
    assert.deepEqual(p.ids(), [1, 2]);
  });

  it('fails with ID_MODIFIED when the pipeline removes _id, without retrying', async function () {
    const coll = freshColl();
    const p = probe(collTarget(coll), { pipeline: [{ $project: { _id: 0 } }] });
    await p.session.start();
    await db.collection<{ _id: number }>(coll).insertOne({ _id: 1 });
    await p.waitForState('failed');
    assert.equal(p.session.status.error?.code, 'ID_MODIFIED');
    assert.ok(!p.states().includes('reconnecting'));
    assert.ok(p.streams.every((s) => s.closed));
  });
});
