// What a window reload does to a watch, without VS Code: the panel's record keeps the last token as
// canonical EJSON text; a new Watch continues from it, so events written meanwhile arrive once each.
import { strict as assert } from 'node:assert';
import { EJSON } from 'bson';
import type { MongoClient } from 'mongodb';
import { EventLog } from '../../../src/core/events/eventLog';
import { nullLogger } from '../../../src/core/logger';
import type { WatchTarget } from '../../../src/core/watch/model';
import { Watch } from '../../../src/core/watch/watch';
import { WatchSession } from '../../../src/core/watch/watchSession';
import { getTarget, type Target } from '../../helpers/target';
import { defaultOptions, waitFor } from './sessionProbe';

describe('a watch across a window reload', function () {
  this.timeout(30_000);
  let target: Target;
  let client: MongoClient;
  let writer: MongoClient;

  before(async function () {
    target = await getTarget();
    client = await target.client({ appName: 'csi-reload-watcher' });
    writer = await target.client({ appName: 'csi-reload-writer' });
  });
  after(async function () {
    await target?.stop();
  });

  function makeWatch(t: WatchTarget): Watch {
    return new Watch(
      'w1',
      t,
      defaultOptions,
      new EventLog({ maxEvents: 1000, maxBytes: 1 << 20 }),
      (id, tt, o, log) =>
        new WatchSession({ id, client: async () => client, target: tt, options: o, log, logger: nullLogger }),
    );
  }
  const ids = (w: Watch) => w.log.summaries(w.log.firstSeq, 100).map((s) => s.key);

  it('continues from the saved token: the gap is filled and nothing comes twice', async function () {
    const dbName = target.dbName();
    const t: WatchTarget = { connectionId: 'c1', connectionName: 'Test', scope: 'collection', db: dbName, coll: 'r' };
    const c = writer.db(dbName).collection<{ _id: number }>('r');

    const before = makeWatch(t);
    await before.start();
    await c.insertMany([{ _id: 1 }, { _id: 2 }]);
    await waitFor(
      () => before.log.total === 2,
      8000,
      () => `have ${before.log.total}`,
    );
    // What InspectorPanels saves in the workspace record, and what it parses back after the reload.
    const saved = EJSON.stringify(before.lastToken as object, { relaxed: false });
    await before.dispose();

    await c.insertMany([{ _id: 3 }, { _id: 4 }, { _id: 5 }]);

    const after = makeWatch(t);
    after.continueFrom(EJSON.parse(saved, { relaxed: false }));
    await after.start();
    assert.equal(after.status.state, 'streaming', after.status.detail);
    await c.insertOne({ _id: 6 });
    await waitFor(
      () => after.log.total >= 4,
      8000,
      () => `have ${ids(after).join(', ')}`,
    );
    assert.deepEqual(ids(after), ['_id: 3', '_id: 4', '_id: 5', '_id: 6']);
    await after.dispose();
  });

  it('shows a rate only while streaming', async function () {
    const dbName = target.dbName();
    const t: WatchTarget = { connectionId: 'c1', connectionName: 'Test', scope: 'collection', db: dbName, coll: 'q' };
    const w = makeWatch(t);
    await w.start();
    await writer
      .db(dbName)
      .collection('q')
      .insertMany([{ a: 1 }, { a: 2 }]);
    await waitFor(
      () => w.log.total === 2,
      8000,
      () => `have ${w.log.total}`,
    );
    assert.ok(w.rate() > 0);
    w.pause();
    assert.equal(w.rate(), 0, 'paused: 0, not the last figure');
    await w.dispose();
  });
});
