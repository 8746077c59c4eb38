// ClientPool and catalog with the real driver: one shared connect per profile, closing, failures
// that are not cached and never carry the password, and the tree's database/collection listing.
import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import type { MongoClient } from 'mongodb';
import { listCollections, listDatabases } from '../../../src/core/connections/catalog';
import { ClientPool } from '../../../src/core/connections/clientPool';
import { classifyError } from '../../../src/core/watch/errors';
import { joinSecret } from '../../../src/core/connections/connectionString';
import type { Logger } from '../../../src/core/logger';
import { EventLog } from '../../../src/core/events/eventLog';
import { WatchSession } from '../../../src/core/watch/watchSession';
import { getTarget, type Target } from '../../helpers/target';

function memoryLogger(lines: string[]): Logger {
  const put = (level: string) => (m: string) => lines.push(`${level} ${m}`);
  return { trace: put('trace'), debug: put('debug'), info: put('info'), warn: put('warn'), error: put('error') };
}

describe('ClientPool and catalog with the real driver', function () {
  this.timeout(30_000);
  let target: Target;

  before(async function () {
    target = await getTarget();
  });
  after(async function () {
    await target?.stop();
  });

  it('shares one connected client among concurrent acquires of a profile', async function () {
    const pool = new ClientPool({ logger: memoryLogger([]) });
    const profile = { id: 'p1', name: 'One', uri: target.uri };
    const [a, b, c] = await Promise.all([pool.acquire(profile), pool.acquire(profile), pool.acquire(profile)]);
    assert.ok(a === b && b === c);
    assert.equal(pool.size, 1);
    assert.equal((await a.db('admin').command({ ping: 1 })).ok, 1);
    await pool.closeAll();
  });

  it('closes every client on closeAll and connects afresh afterwards', async function () {
    const pool = new ClientPool({ logger: memoryLogger([]) });
    const a = await pool.acquire({ id: 'a', name: 'A', uri: target.uri });
    const b = await pool.acquire({ id: 'b', name: 'B', uri: target.uri });
    assert.notEqual(a, b);
    const closed: MongoClient[] = [];
    a.on('topologyClosed', () => closed.push(a));
    b.on('topologyClosed', () => closed.push(b));
    await pool.closeAll();
    assert.equal(pool.size, 0);
    assert.equal(closed.length, 2, 'both clients closed their topology');
    const again = await pool.acquire({ id: 'a', name: 'A', uri: target.uri });
    assert.notEqual(again, a);
    await pool.close('a');
    await pool.close('a');
    assert.equal(pool.size, 0);
  });

  it('replaces the client when a profile changes its connection string', async function () {
    const pool = new ClientPool({ logger: memoryLogger([]) });
    const first = await pool.acquire({ id: 'p', name: 'P', uri: target.uri });
    const separator = target.uri.includes('?') ? '&' : '?';
    const second = await pool.acquire({ id: 'p', name: 'P', uri: `${target.uri}${separator}appName=changed` });
    assert.notEqual(first, second);
    assert.equal(pool.size, 1);
    await pool.closeAll();
  });

  it('does not cache a failed connect, and neither the error nor the log shows the password', async function () {
    const lines: string[] = [];
    const pool = new ClientPool({ logger: memoryLogger(lines), serverSelectionTimeoutMS: 300 });
    const password = 'Pl4nted-Secret!';
    const uri = joinSecret('mongodb://eve@127.0.0.1:1/?directConnection=true', password);
    const profile = { id: 'bad', name: 'Bad', uri };
    const err = await pool.acquire(profile).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    assert.ok(err instanceof Error);
    assert.equal(pool.size, 0, 'the failure is not cached');
    for (const text of [err.message, err.stack ?? '', ...lines]) {
      assert.ok(!text.includes(password) && !text.includes(encodeURIComponent(password)), text);
    }
    assert.ok(
      lines.some((l) => l.startsWith('warn') && l.includes('eve:****@127.0.0.1:1')),
      lines.join('\n'),
    );
  });

  it('gives a watch on an unreachable deployment a failed status that holds no password', async function () {
    const lines: string[] = [];
    const logger = memoryLogger(lines);
    const pool = new ClientPool({ logger, serverSelectionTimeoutMS: 300 });
    const password = 'An0ther%Planted@Secret';
    const uri = joinSecret('mongodb://frank@127.0.0.1:1/?directConnection=true', password);
    const session = new WatchSession({
      client: () => pool.acquire({ id: 'gone', name: 'Gone', uri }),
      target: { connectionId: 'gone', connectionName: 'Gone', scope: 'collection', db: 'shop', coll: 'orders' },
      options: { fullDocument: 'default', fullDocumentBeforeChange: 'off', showExpandedEvents: false },
      log: new EventLog({ maxEvents: 10, maxBytes: 1e6 }),
      logger,
    });
    await session.start();
    const status = session.status;
    assert.equal(status.state, 'failed');
    assert.equal(status.error?.code, 'SERVER_SELECTION');
    const texts = [JSON.stringify(status), ...lines];
    for (const text of texts) {
      assert.ok(
        !text.includes(password) && !text.includes(encodeURIComponent(password)) && !text.includes('Planted'),
        text,
      );
    }
    await session.dispose();
    await pool.closeAll();
  });

  it('fails a refused port within a few seconds with a sentence that says what to check', async function () {
    // A port that was free a moment ago: nothing listens there, so the connection is refused.
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const pool = new ClientPool({ logger: memoryLogger([]) });
    const started = Date.now();
    const err = await pool.acquire({ id: 'x', name: 'X', uri: `mongodb://127.0.0.1:${port}/` }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const took = Date.now() - started;
    assert.ok(err, 'the connect failed');
    assert.ok(took < 8_000, `a refused port took ${took} ms to fail`);
    const info = classifyError(err);
    assert.equal(info.code, 'SERVER_SELECTION');
    assert.match(info.action, /running and reachable/);
    await pool.closeAll();
  });

  it('lists databases and collections sorted by name, with the pre/post-image flag', async function () {
    const writer = await target.client();
    const dbName = target.dbName();
    const db = writer.db(dbName);
    await db.createCollection('zeta');
    await db.createCollection('alpha', { changeStreamPreAndPostImages: { enabled: true } });
    const dbs = await listDatabases(writer);
    assert.ok(
      dbs.some((d) => d.name === dbName),
      dbs.map((d) => d.name).join(','),
    );
    const names = dbs.map((d) => d.name);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b)),
    );
    const colls = await listCollections(writer, dbName);
    assert.deepEqual(
      colls.map((c) => [c.name, c.type, c.preAndPostImages]),
      [
        ['alpha', 'collection', true],
        ['zeta', 'collection', false],
      ],
    );
  });
});
