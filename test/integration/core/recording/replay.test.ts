// Record → export → import → replay against the target (the sandbox, or MONGODB_URI): the replayed
// collection ends up equal to the recorded one, for inserts, updates (set, unset, nested, array
// truncation), replaces and deletes; a non-empty target is refused unless confirmed.
import { strict as assert } from 'node:assert';
import { Decimal128, Long, type Db, type Document } from 'mongodb';
import { EventLog } from '../../../../src/core/events/eventLog';
import {
  applyReplay,
  exportRecording,
  parseRecording,
  planReplay,
  ReplayRefusedError,
  type ReplayEvent,
} from '../../../../src/core/recording';
import type { WatchTarget } from '../../../../src/core/watch/model';
import { nextEvents, opened } from '../../../helpers/stream';
import { openTargetDb, type Target } from '../../../helpers/target';

describe('replay of a recording (sandbox or MONGODB_URI)', function () {
  this.timeout(30_000);
  let target: Target;
  let db: Db;

  before(async function () {
    ({ target, db } = await openTargetDb());
  });
  after(async function () {
    await target?.stop();
  });

  /** Writes a mixed sequence to `src` and returns the change events it produced, through a recording file. */
  async function record(coll: string): Promise<{ events: ReplayEvent[]; text: string }> {
    const src = db.collection<{ _id: number } & Document>(coll);
    const stream = await opened(src.watch([], { maxAwaitTimeMS: 100 }));
    const writes: (() => Promise<unknown>)[] = [
      () => src.insertOne({ _id: 1, name: 'a', tags: ['x', 'y', 'z', 'w'], n: Long.fromNumber(1) }),
      () => src.insertOne({ _id: 2, name: 'b', price: Decimal128.fromString('9.90'), nested: { k: 1, gone: true } }),
      () => src.insertOne({ _id: 3, name: 'c' }),
      () => src.updateOne({ _id: 1 }, { $set: { name: 'a2', 'meta.seen': true }, $inc: { n: Long.fromNumber(4) } }),
      () => src.updateOne({ _id: 2 }, { $unset: { 'nested.gone': '' }, $set: { 'nested.k': 2 } }),
      () => src.updateOne({ _id: 1 }, [{ $set: { tags: { $slice: ['$tags', 2] } } }]),
      () => src.updateOne({ _id: 1 }, { $push: { tags: 'q' } } as never),
      () => src.replaceOne({ _id: 3 }, { name: 'c-replaced', v: 2 }),
      () => src.deleteOne({ _id: 2 }),
      () => src.insertOne({ _id: 4, name: 'd' }),
      () => src.updateOne({ _id: 4 }, { $set: { name: 'd2' } }),
    ];
    for (const w of writes) await w();
    const changes = await nextEvents(stream, writes.length);
    await stream.close();
    // Through the log and a recording file, as the extension does it.
    const log = new EventLog({ maxEvents: 1000, maxBytes: 1 << 26 });
    for (const c of changes) log.append(c);
    const t: WatchTarget = { connectionId: 'x', connectionName: 'T', scope: 'collection', db: db.databaseName, coll };
    const chunks: string[] = [];
    await exportRecording(
      {
        target: t,
        options: { fullDocument: 'default', fullDocumentBeforeChange: 'off', showExpandedEvents: false },
        log,
      },
      { kind: 'all' },
      { write: async (c) => void chunks.push(c) },
      { format: 'ndjson' },
    );
    const text = chunks.join('');
    const parsed = parseRecording(text);
    assert.deepEqual(parsed.problems, []);
    return { events: parsed.events.map((change) => ({ change })), text };
  }

  const contents = async (coll: string) => db.collection(coll).find({}).sort({ _id: 1 }).toArray();

  it('reproduces the recorded collection state: inserts, updates, replaces, deletes in order', async function () {
    const { events } = await record('source1');
    const ops = events.map((e) => e.change.operationType as string);
    assert.ok(ops.includes('update') && ops.includes('replace') && ops.includes('delete'));
    const truncating = events.find(
      (e) => (e.change.updateDescription as Document | undefined)?.truncatedArrays?.length,
    );
    assert.ok(truncating, 'the sequence holds an update with truncatedArrays');

    const plan = planReplay(events, `${db.databaseName}.source1`);
    assert.deepEqual(plan.counts, { insert: 4, update: 5, replace: 1, delete: 1 });
    assert.deepEqual(plan.skipped, []);

    const result = await applyReplay(db.collection('replayed1'), events, {
      from: `${db.databaseName}.source1`,
      allowNonEmpty: false,
    });
    assert.deepEqual(result.failed, []);
    assert.equal(result.applied, events.length);
    assert.deepEqual(await contents('replayed1'), await contents('source1'));
  });

  it('refuses a non-empty target unless allowed, and reports events it cannot apply', async function () {
    const { events } = await record('source2');
    const dest = db.collection('replayed2');
    await dest.insertOne({ _id: 99, already: 'here' } as never);
    await assert.rejects(
      applyReplay(dest, events, { allowNonEmpty: false }),
      (err: unknown) => err instanceof ReplayRefusedError && /already holds documents/.test(err.message),
    );
    assert.equal(await dest.countDocuments(), 1, 'nothing written after the refusal');
    // Allowed, but starting after the first insert: the later update of _id 1 finds nothing.
    const result = await applyReplay(dest, events.slice(1), { allowNonEmpty: true });
    const failedOps = result.failed.map((f) => `${f.index}:${f.op}`);
    assert.ok(failedOps.includes('2:update'), failedOps.join(','));
    assert.match(result.failed[0].reason, /no document with its key/);
    assert.ok(result.applied > 0);
  });

  it('skips events of other namespaces and operations it does not write, saying why', async function () {
    const { events } = await record('source3');
    const drop: ReplayEvent = { change: { operationType: 'drop', ns: { db: db.databaseName, coll: 'source3' } } };
    const other: ReplayEvent = {
      change: {
        operationType: 'insert',
        ns: { db: db.databaseName, coll: 'elsewhere' },
        documentKey: { _id: 1 },
        fullDocument: { _id: 1 },
      },
    };
    const all = [...events, drop, other];
    const plan = planReplay(all, `${db.databaseName}.source3`);
    assert.deepEqual(
      plan.skipped.map((s) => [s.reason, s.count]),
      [
        ['drop events are not replayed', 1],
        [`events of other namespaces than ${db.databaseName}.source3`, 1],
      ],
    );
    assert.deepEqual(Object.keys(plan.namespaces).sort(), [
      `${db.databaseName}.elsewhere`,
      `${db.databaseName}.source3`,
    ]);
    const result = await applyReplay(db.collection('replayed3'), all, {
      from: `${db.databaseName}.source3`,
      allowNonEmpty: false,
    });
    assert.equal(result.skipped.length, 2);
    assert.deepEqual(await contents('replayed3'), await contents('source3'));
  });
});
