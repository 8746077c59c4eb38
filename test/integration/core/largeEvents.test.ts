// Events over 16 MB through a WatchSession with the real driver: the server's BSONObjectTooLarge (10334)
// makes the watch reopen from its last token with $changeStreamSplitLargeEvent, and the fragments come
// out of the log as one event, with the events before and after it in order and none twice.
import { strict as assert } from 'node:assert';
import type { Db, MongoClient } from 'mongodb';
import type { WatchTarget } from '../../../src/shared/protocol';
import { getTarget, type Target } from '../../helpers/target';
import { SessionProbe } from './sessionProbe';

const NINE_MB = 9 * 1024 * 1024;

describe('large events (over 16 MB) through a watch', function () {
  this.timeout(120_000);
  let target: Target;
  let client: MongoClient;
  let db: Db;
  const probes: SessionProbe[] = [];

  before(async function () {
    target = await getTarget();
    client = await target.client({ appName: 'csi-large-watcher' });
    const writer = await target.client({ appName: 'csi-large-writer' });
    db = writer.db(target.dbName());
  });
  afterEach(async () => Promise.all(probes.splice(0).map((p) => p.session.dispose())));
  after(async () => target?.stop());

  const collTarget = (coll: string): WatchTarget => ({
    connectionId: 'c1',
    connectionName: 'Test',
    scope: 'collection',
    db: db.databaseName,
    coll,
  });

  /** An update whose pre- and post-images are 9 MB each: an 18 MB event. */
  async function bigUpdate(coll: string) {
    await db.createCollection(coll, { changeStreamPreAndPostImages: { enabled: true } });
    const c = db.collection<{ _id: number; big?: string; n?: number }>(coll);
    await c.insertOne({ _id: 1, big: 'a'.repeat(NINE_MB) });
    return c;
  }

  it('reopens with $changeStreamSplitLargeEvent when the server says 10334 and shows the fragments as one event', async function () {
    const coll = 'big_auto';
    const c = await bigUpdate(coll);
    const p = new SessionProbe(client, collTarget(coll), {
      fullDocument: 'required',
      fullDocumentBeforeChange: 'required',
    });
    probes.push(p);
    await p.session.start();
    await c.insertOne({ _id: 2, n: 1 });
    await c.updateOne({ _id: 1 }, { $set: { big: 'b'.repeat(NINE_MB) } });
    await c.insertOne({ _id: 3, n: 2 });
    await p.waitForEvents(3, 60_000);
    assert.deepEqual(
      p.events.map((e) => e.summary.op),
      ['insert', 'update', 'insert'],
      'one update between the inserts: no fragment on its own, none lost, none twice',
    );
    assert.deepEqual(p.ids(), [2, 1, 3]);
    const big = JSON.parse(p.events[1].ejson);
    assert.equal(big.fullDocument.big.length, NINE_MB);
    assert.equal(big.fullDocument.big[0], 'b');
    assert.equal(big.fullDocumentBeforeChange.big[0], 'a');
    assert.equal(big.splitEvent, undefined, 'the joined event carries no fragment marker');
    assert.equal(p.events[1].summary.split, undefined);
    assert.ok(p.events[1].bytes > 16 * 1024 * 1024, `the joined event is ${p.events[1].bytes} bytes`);
    assert.ok(p.states().includes('reconnecting'), `reopened: ${p.states().join(' → ')}`);
    assert.equal(p.session.status.state, 'streaming');
    const opened = p.streams.map((s) => JSON.stringify(s.pipeline));
    assert.ok(
      opened[opened.length - 1].includes('$changeStreamSplitLargeEvent'),
      `the last cursor asks for fragments: ${opened.join(' | ')}`,
    );
    assert.ok(!opened[0].includes('$changeStreamSplitLargeEvent'), 'the first did not');
    assert.deepEqual(p.session.options.pipeline ?? [], [], "the person's own options are unchanged");
  });

  it('joins the fragments when the pipeline already splits, and the token resumes after the whole event', async function () {
    const coll = 'big_split';
    const c = await bigUpdate(coll);
    const p = new SessionProbe(client, collTarget(coll), {
      fullDocument: 'required',
      fullDocumentBeforeChange: 'required',
      pipeline: [{ $match: { operationType: { $in: ['insert', 'update'] } } }, { $changeStreamSplitLargeEvent: {} }],
    });
    probes.push(p);
    await p.session.start();
    await c.updateOne({ _id: 1 }, { $set: { big: 'c'.repeat(NINE_MB) } });
    await p.waitForEvents(1, 60_000);
    assert.deepEqual(p.states(), ['opening', 'streaming'], 'no error, no reopen');
    const whole = JSON.parse(p.events[0].ejson);
    assert.equal(whole.operationType, 'update');
    assert.equal(whole.fullDocument.big[0], 'c');
    assert.equal(whole.fullDocumentBeforeChange.big[0], 'a');
    // Restarting from the saved token must continue after the big event, not inside it.
    await p.session.stop();
    await c.insertOne({ _id: 9, n: 9 });
    await p.session.start();
    await p.waitForEvents(2, 30_000);
    assert.deepEqual(p.ids(), [1, 9]);
  });
});
