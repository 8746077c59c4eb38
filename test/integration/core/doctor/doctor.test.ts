// The doctor against the sandbox: healthy replica set, standalone (40573 explained with its recipe),
// a tiny oplog (short window, an expired bookmark), pre-images off then fixed through the doctor's fix.
import { strict as assert } from 'node:assert';
import type { MongoClient } from 'mongodb';
import {
  buildReport,
  enableImages,
  gatherFacts,
  type DoctorCheck,
  type DoctorReport,
  type DoctorTarget,
} from '../../../../src/core/doctor';
import { tokenTime } from '../../../helpers/stream';
import { describeSandboxOnly, getTarget, type Target } from '../../../helpers/target';

async function runDoctor(
  client: MongoClient,
  target: DoctorTarget,
  extra: Partial<Parameters<typeof gatherFacts>[0]> = {},
): Promise<DoctorReport> {
  const facts = await gatherFacts({
    client,
    target,
    hosts: ['127.0.0.1'],
    bookmarks: [],
    consumerDowntimeHours: 24,
    ...extra,
  });
  return buildReport(facts, target);
}
const check = (r: DoctorReport, id: DoctorCheck['id']): DoctorCheck => {
  const c = r.checks.find((x) => x.id === id);
  assert.ok(c, `check ${id}`);
  return c;
};

describe('doctor: a healthy replica set', function () {
  this.timeout(30_000);
  let target: Target;
  let client: MongoClient;
  before(async () => {
    target = await getTarget();
    client = await target.client();
  });
  after(() => target?.stop());

  it('passes topology, version and service, and reads the oplog window', async () => {
    const db = target.dbName();
    await client.db(db).collection('orders').insertOne({ n: 1 });
    const r = await runDoctor(client, { db, coll: 'orders' });
    assert.equal(check(r, 'topology').status, 'ok');
    assert.match(check(r, 'topology').sentence, /Replica set/);
    assert.notEqual(check(r, 'version').status, 'fail');
    assert.equal(check(r, 'service').status, 'ok');
    const oplog = check(r, 'oplogWindow');
    assert.notEqual(oplog.status, 'unknown', oplog.sentence);
    assert.ok(oplog.details?.some((d) => d.startsWith('Window:')));
  });

  it('finds pre-images off, offers the fix, and after the fix reports them on', async () => {
    const db = target.dbName();
    await client.db(db).createCollection('items');
    const before = check(await runDoctor(client, { db, coll: 'items' }), 'images');
    assert.equal(before.status, 'warn');
    assert.deepEqual(before.fixes, [{ kind: 'enableImages', db, coll: 'items' }]);
    assert.match(
      before.recipes?.[0]?.text ?? '',
      /collMod: "items", changeStreamPreAndPostImages: \{ enabled: true \}/,
    );

    const fix = before.fixes![0]!;
    await enableImages(client, fix.db, fix.coll);
    const after = check(await runDoctor(client, { db, coll: 'items' }), 'images');
    assert.equal(after.status, 'ok', after.sentence);
    assert.equal(after.fixes, undefined);
    // The fix really records images: an update now carries fullDocumentBeforeChange.
    const c = client.db(db).collection('items');
    await c.insertOne({ _id: 1 as never, v: 1 });
    const s = c.watch([], { fullDocumentBeforeChange: 'required' });
    try {
      await s.tryNext();
      await c.updateOne({ _id: 1 as never }, { $set: { v: 2 } });
      const e = (await s.next()) as { fullDocumentBeforeChange?: { v?: number } };
      assert.equal(e.fullDocumentBeforeChange?.v, 1);
    } finally {
      await s.close();
    }
  });
});

describeSandboxOnly('doctor: sandbox-only deployments', function () {
  this.timeout(30_000);

  it('standalone: the topology check fails, explains 40573 and gives the single-node replica set recipe', async () => {
    const target = await getTarget({ standalone: true });
    try {
      const client = await target.client({ directConnection: true });
      const db = client.db('shop');
      const err = await db
        .collection('x')
        .watch()
        .tryNext()
        .then(
          () => undefined,
          (e: { code?: number }) => e,
        );
      assert.equal(err?.code, 40573, 'the server itself refuses the watch');
      const r = await runDoctor(client, { db: 'shop' });
      const topology = check(r, 'topology');
      assert.equal(topology.status, 'fail');
      assert.match(topology.sentence, /40573/);
      const recipe = topology.recipes?.[0]?.text ?? '';
      assert.match(recipe, /--replSet rs0/);
      assert.match(recipe, /rs\.initiate\(/);
      assert.equal(check(r, 'oplogWindow').status, 'unknown');
    } finally {
      await target.stop();
    }
  });

  it('tiny oplog: the short window is flagged against the downtime setting and an old bookmark is expired', async () => {
    const target = await getTarget({ oplogSize: 5 });
    try {
      const client = await target.client();
      const c = client.db(target.dbName()).collection('ring');
      const s = c.watch();
      await s.tryNext();
      await c.insertOne({ n: 0 });
      const first = await s.next();
      await s.close();
      const old = tokenTime(first._id);
      for (let n = 1; n <= 20; n++) await c.insertOne({ n });
      const r = await runDoctor(
        client,
        { db: c.dbName, coll: 'ring' },
        {
          consumerDowntimeHours: 1,
          bookmarks: [{ label: 'before the ring wrapped', clusterTime: { t: old.high >>> 0, i: old.low >>> 0 } }],
        },
      );
      const oplog = check(r, 'oplogWindow');
      assert.equal(oplog.status, 'fail', oplog.sentence);
      assert.match(oplog.sentence, /286/);
      assert.match(oplog.recipes?.[0]?.text ?? '', /replSetResizeOplog: 1, size: \d+/);
      const bookmarks = check(r, 'bookmarks');
      assert.equal(bookmarks.status, 'fail');
      assert.ok(bookmarks.details?.some((d) => d.startsWith('expired') && d.includes('before the ring wrapped')));
    } finally {
      await target.stop();
    }
  });
});
