// WatchSession under faults: its own reconnect after the driver's single resume gave up, and the
// terminal errors (40573, 286, 260) that must fail at once and never loop.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import type { CommandStartedEvent, Db, Document, MongoClient } from 'mongodb';
import type { WatchTarget } from '../../../src/shared/protocol';
import { getTarget, sandboxOnly, type Target } from '../../helpers/target';
import { SessionProbe, range, sleep } from './sessionProbe';

describe('WatchSession under faults', function () {
  this.timeout(30_000);
  let target: Target;
  let client: MongoClient;
  let writer: MongoClient;
  let dbName: string;
  let db: Db;
  let n = 0;
  const probes: SessionProbe[] = [];
  // Failpoints name this app so the writer and other suites are never hit.
  const appName = `csi-core-faults-${randomBytes(3).toString('hex')}`;
  const started: CommandStartedEvent[] = [];

  before(async function () {
    target = await getTarget();
    client = await target.client({ appName, monitorCommands: true, retryReads: false });
    client.on('commandStarted', (e) => started.push(e));
    writer = await target.client({ appName: 'csi-core-faults-writer' });
    dbName = target.dbName();
    db = writer.db(dbName);
  });
  afterEach(async function () {
    await writer.db('admin').command({ configureFailPoint: 'failCommand', mode: 'off' });
    await Promise.all(probes.splice(0).map((p) => p.session.dispose()));
  });
  after(async function () {
    await target?.stop();
  });

  function failCommand(mode: Document | string, data: Document): Promise<Document> {
    return writer.db('admin').command({ configureFailPoint: 'failCommand', mode, data: { appName, ...data } });
  }
  function collTarget(coll: string): WatchTarget {
    return { connectionId: 'c1', connectionName: 'Test', scope: 'collection', db: dbName, coll };
  }
  function probe(coll: string): SessionProbe {
    const p = new SessionProbe(client, collTarget(coll));
    probes.push(p);
    return p;
  }
  const aggregatesSince = (mark: number) => started.slice(mark).filter((e) => e.commandName === 'aggregate').length;

  it('reconnects by itself when the driver resume fails too, losing and repeating nothing', async function () {
    const coll = `f${++n}`;
    const p = probe(coll);
    await p.session.start();
    const c = db.collection<{ _id: number }>(coll);
    for (const id of range(0, 3)) await c.insertOne({ _id: id });
    await p.waitForEvents(3);
    // getMore drops the connection, the driver's one resume (aggregate) drops too, and so does our first reopen.
    await failCommand({ times: 3 }, { failCommands: ['getMore', 'aggregate'], closeConnection: true });
    for (const id of range(3, 10)) await c.insertOne({ _id: id });
    await p.waitForEvents(10, 15_000);
    await sleep(300);
    assert.deepEqual(p.ids(), range(0, 10));
    assert.ok(p.states().includes('reconnecting'), `states: ${p.states().join(' → ')}`);
    const reconnecting = p.statuses.find((s) => s.state === 'reconnecting');
    assert.match(reconnecting?.detail ?? '', /^Reconnecting \(attempt 1\)/);
    assert.equal(reconnecting?.error?.code, 'NETWORK');
    assert.equal(p.session.status.state, 'streaming');
    assert.ok(
      p.streams.slice(0, -1).every((s) => s.closed),
      'every replaced cursor is closed',
    );
  });

  it('gives up after the configured number of reconnect attempts', async function () {
    const coll = `f${++n}`;
    const p = probe(coll);
    await p.session.start();
    await failCommand('alwaysOn', { failCommands: ['getMore', 'aggregate'], closeConnection: true });
    await p.waitForState('failed', 15_000);
    const attempts = p.statuses.filter((s) => s.state === 'reconnecting').map((s) => s.detail);
    assert.deepEqual(
      attempts,
      range(1, 6).map((i) => `Reconnecting (attempt ${i})…`),
    );
    assert.match(p.session.status.error?.message ?? '', /Gave up reconnecting after 5 attempts/);
    assert.ok(p.streams.every((s) => s.closed));
  });

  for (const [code, expected] of [
    [286, 'HISTORY_LOST'],
    [260, 'INVALID_RESUME_TOKEN'],
  ] as const) {
    it(`fails at once with ${expected} on error ${code} and never reopens`, async function () {
      const coll = `f${++n}`;
      const p = probe(coll);
      await p.session.start();
      const mark = started.length;
      await failCommand({ times: 1 }, { failCommands: ['getMore'], errorCode: code });
      await db.collection<{ _id: number }>(coll).insertOne({ _id: 1 });
      await p.waitForState('failed');
      await sleep(400);
      assert.equal(p.session.status.error?.code, expected);
      assert.equal(p.session.status.error?.serverCode, code);
      assert.ok(!p.states().includes('reconnecting'));
      assert.equal(aggregatesSince(mark), 0, 'no reopen was attempted');
      assert.ok(p.streams.every((s) => s.closed));
    });
  }

  it('reports real history loss on restart, offers the ways on, and starts from now only when asked', async function () {
    sandboxOnly(this);
    const small = await getTarget({ oplogSize: 5 });
    try {
      const smallClient = await small.client();
      const smallDb = smallClient.db(small.dbName());
      const p = new SessionProbe(smallClient, {
        connectionId: 'c2',
        connectionName: 'Small',
        scope: 'collection',
        db: smallDb.databaseName,
        coll: 'h',
      });
      const c = smallDb.collection<{ _id: number }>('h');
      await p.session.start();
      await c.insertOne({ _id: 0 });
      await p.waitForEvents(1);
      await p.session.stop();
      for (const id of range(1, 20)) await c.insertOne({ _id: id });
      await p.session.start();
      await p.waitForState('failed');
      assert.equal(p.session.status.error?.code, 'HISTORY_LOST');
      assert.ok(!p.states().includes('reconnecting'));
      assert.deepEqual(p.session.status.waysOn, ['now', 'oldest', 'atTime']);
      await p.session.start();
      assert.equal(p.session.status.state, 'failed', 'a plain restart never silently starts from now');
      await p.session.start({ kind: 'now' });
      assert.equal(p.session.status.state, 'streaming', p.session.status.detail);
      await c.insertOne({ _id: 100 });
      await p.waitForEvents(2);
      assert.deepEqual(p.ids(), [0, 100]);
      await p.session.dispose();
      assert.ok(p.streams.every((s) => s.closed));
    } finally {
      await small.stop();
    }
  });

  it('fails with NOT_REPLICA_SET on a standalone server and leaves no cursor', async function () {
    sandboxOnly(this);
    const standalone = await getTarget({ standalone: true });
    try {
      const sClient = await standalone.client();
      const p = new SessionProbe(sClient, {
        connectionId: 'c3',
        connectionName: 'Solo',
        scope: 'collection',
        db: 'shop',
        coll: 'orders',
      });
      await p.session.start();
      assert.equal(p.session.status.state, 'failed');
      assert.deepEqual(p.states(), ['opening', 'failed']);
      const error = p.session.status.error!;
      assert.equal(error.code, 'NOT_REPLICA_SET');
      assert.equal(error.serverCode, 40573);
      assert.match(error.message, /not a replica set/);
      assert.match(error.action, /Sandbox/);
      assert.equal(p.streams.length, 1);
      assert.ok(p.streams[0].closed, 'the refused stream is closed');
      const status = await sClient.db('admin').command({ serverStatus: 1 });
      if (status.sandbox) assert.equal(status.sandbox.cursors, 0, 'the server holds no cursor');
      await p.session.dispose();
    } finally {
      await standalone.stop();
    }
  });
});
