// Conformance: the shape of every document-level change event on a collection stream.
import { strict as assert } from 'node:assert';
import { Decimal128, Double, Int32, Long, Timestamp, type Collection, type Db, type Document } from 'mongodb';
import { openTargetDb, type Target } from '../helpers/target';
import { applyUpdateDescription, eventsWithin, nextEvents, opened, type Stream } from '../helpers/stream';

describe('sandbox conformance: change events', function () {
  let target: Target;
  let db: Db;
  let stream: Stream | undefined;
  let seq = 0;

  before(async function () {
    ({ target, db } = await openTargetDb());
  });
  afterEach(async function () {
    await stream?.close();
    stream = undefined;
  });
  after(async function () {
    await target?.stop();
  });

  async function watched(): Promise<Collection<Document>> {
    const coll = db.collection(`ev${++seq}`);
    await coll.insertOne({ _id: 'seed' } as never);
    stream = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    return coll;
  }

  it('describes an insert with _id token, clusterTime, wallTime, ns, documentKey and fullDocument', async function () {
    const coll = await watched();
    await coll.insertOne({ _id: 1, name: 'ada', n: Long.fromNumber(5) } as never);
    const [event] = await nextEvents(stream!, 1);
    assert.equal(event.operationType, 'insert');
    assert.equal(typeof event._id._data, 'string');
    assert.ok(event.clusterTime instanceof Timestamp);
    assert.ok(event.wallTime instanceof Date);
    assert.ok(Math.abs(event.wallTime.getTime() - Date.now()) < 60_000);
    assert.deepEqual(event.ns, { db: db.databaseName, coll: coll.collectionName });
    assert.deepEqual(event.documentKey, { _id: 1 });
    assert.deepEqual(event.fullDocument, { _id: 1, name: 'ada', n: 5 });
    assert.equal(event.updateDescription, undefined);
  });

  it('describes an update with dotted updatedFields, array element paths and removedFields, without fullDocument by default', async function () {
    const coll = await watched();
    await coll.insertOne({ _id: 1, a: { b: 1, c: 2 }, arr: ['x', 'y', 'z'], gone: 1 } as never);
    await coll.updateOne({ _id: 1 } as never, { $set: { 'a.b': 10, 'arr.1': 'Y', fresh: true }, $unset: { gone: '' } });
    const [, event] = await nextEvents(stream!, 2);
    assert.equal(event.operationType, 'update');
    assert.deepEqual(event.documentKey, { _id: 1 });
    assert.deepEqual(event.updateDescription.updatedFields, { 'a.b': 10, 'arr.1': 'Y', fresh: true });
    assert.deepEqual(event.updateDescription.removedFields, ['gone']);
    assert.deepEqual(event.updateDescription.truncatedArrays, []);
    assert.equal(event.fullDocument, undefined, 'default fullDocument mode omits it on updates');
  });

  it('reports an array shrunk by a pipeline update in truncatedArrays', async function () {
    const coll = await watched();
    await coll.insertOne({ _id: 1, arr: [1, 2, 3, 4, 5] } as never);
    await coll.updateOne({ _id: 1 } as never, [{ $set: { arr: { $slice: ['$arr', 2] } } }]);
    const [, event] = await nextEvents(stream!, 2);
    assert.equal(event.operationType, 'update');
    assert.deepEqual(event.updateDescription.truncatedArrays, [{ field: 'arr', newSize: 2 }]);
    assert.deepEqual(event.updateDescription.updatedFields, {});
    assert.deepEqual(event.updateDescription.removedFields, []);
  });

  it('describes $push, $pull and $inc so that applying the description to the old document gives the new one', async function () {
    const coll = await watched();
    const start = { _id: 1, tags: ['a', 'b', 'c'], n: 1, nest: { list: [1] } };
    await coll.insertOne(start as never);
    await coll.updateOne({ _id: 1 } as never, { $push: { tags: 'd', 'nest.list': 2 }, $inc: { n: 2 } } as never);
    await coll.updateOne({ _id: 1 } as never, { $pull: { tags: 'b' } } as never);
    const [, push, pull] = await nextEvents(stream!, 3);
    const afterPush = { _id: 1, tags: ['a', 'b', 'c', 'd'], n: 3, nest: { list: [1, 2] } };
    assert.deepEqual(applyUpdateDescription(start, push.updateDescription), afterPush);
    assert.deepEqual(applyUpdateDescription(afterPush, pull.updateDescription), {
      ...afterPush,
      tags: ['a', 'c', 'd'],
    });
  });

  it('gives a replace event with the new document for replaceOne', async function () {
    const coll = await watched();
    await coll.insertOne({ _id: 1, a: 1 } as never);
    await coll.replaceOne({ _id: 1 } as never, { b: 2 });
    const [, event] = await nextEvents(stream!, 2);
    assert.equal(event.operationType, 'replace');
    assert.deepEqual(event.documentKey, { _id: 1 });
    assert.deepEqual(event.fullDocument, { _id: 1, b: 2 });
    assert.equal(event.updateDescription, undefined);
  });

  it('gives a delete event with only the documentKey', async function () {
    const coll = await watched();
    await coll.insertOne({ _id: 1, a: 1 } as never);
    await coll.deleteOne({ _id: 1 } as never);
    const [, event] = await nextEvents(stream!, 2);
    assert.equal(event.operationType, 'delete');
    assert.deepEqual(event.documentKey, { _id: 1 });
    assert.equal(event.fullDocument, undefined);
  });

  it('gives insert, not update, for an upsert that inserts', async function () {
    const coll = await watched();
    await coll.updateOne({ _id: 7 } as never, { $set: { v: 1 } }, { upsert: true });
    const [event] = await nextEvents(stream!, 1);
    assert.equal(event.operationType, 'insert');
    assert.deepEqual(event.fullDocument, { _id: 7, v: 1 });
  });

  it('gives no event for a no-op update', async function () {
    const coll = await watched();
    await coll.insertOne({ _id: 1, a: 1 } as never);
    await coll.updateOne({ _id: 1 } as never, { $set: { a: 1 } });
    await coll.updateOne({ _id: 'missing' } as never, { $set: { a: 2 } });
    await coll.insertOne({ _id: 2 } as never);
    const events = await nextEvents(stream!, 2);
    assert.deepEqual(
      events.map((e) => e.operationType),
      ['insert', 'insert'],
    );
    assert.deepEqual(
      events.map((e) => e.documentKey._id),
      [1, 2],
    );
    assert.deepEqual(await eventsWithin(stream!, 300), []);
  });

  it('gives one event per document for insertMany, in order, each with its own cluster time', async function () {
    const coll = await watched();
    await coll.insertMany(Array.from({ length: 5 }, (_, i) => ({ _id: i })) as never[]);
    const events = await nextEvents(stream!, 5);
    assert.deepEqual(
      events.map((e) => e.documentKey._id),
      [0, 1, 2, 3, 4],
    );
    for (let i = 1; i < events.length; i++) {
      assert.ok(
        events[i].clusterTime.greaterThan(events[i - 1].clusterTime),
        'each insert has its own, later cluster time',
      );
    }
    assert.equal(new Set(events.map((e) => e._id._data)).size, 5, 'each event has its own resume token');
  });

  it('gives one event per matched document for updateMany and deleteMany', async function () {
    const coll = await watched();
    await coll.insertMany([
      { _id: 1, g: 1 },
      { _id: 2, g: 1 },
      { _id: 3, g: 2 },
    ] as never[]);
    await coll.updateMany({ g: 1 }, { $set: { seen: true } });
    await coll.deleteMany({ g: 1 });
    const events = (await nextEvents(stream!, 7)).slice(3);
    assert.deepEqual(events.map((e) => `${e.operationType}:${e.documentKey._id}`).sort(), [
      'delete:1',
      'delete:2',
      'update:1',
      'update:2',
    ]);
  });

  it('keeps BSON types in event documents and updatedFields when the stream does not promote values', async function () {
    const coll = db.collection(`ev${++seq}`);
    await coll.insertOne({ _id: 'seed' } as never);
    stream = await opened(
      coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, promoteValues: false, promoteLongs: false }),
    );
    await coll.insertOne({
      _id: 1,
      l: Long.fromString('9007199254740993'),
      d: Decimal128.fromString('0.1'),
      i: new Int32(1),
      f: new Double(3),
    } as never);
    await coll.updateOne({ _id: 1 } as never, { $inc: { l: Long.fromNumber(1), i: new Int32(1) } });
    const [insert, update] = await nextEvents(stream, 2);
    assert.ok(insert.fullDocument.l instanceof Long && insert.fullDocument.l.toString() === '9007199254740993');
    assert.ok(insert.fullDocument.d instanceof Decimal128 && insert.fullDocument.d.toString() === '0.1');
    assert.ok(insert.fullDocument.i instanceof Int32);
    assert.ok(insert.fullDocument.f instanceof Double, 'Double(3) stays a Double');
    const fields = update.updateDescription.updatedFields;
    assert.ok(fields.l instanceof Long && fields.l.toString() === '9007199254740994');
    assert.ok(fields.i instanceof Int32 && fields.i.value === 2);
  });

  it('filters update events by the fields they changed with a $match on updateDescription', async function () {
    const coll = db.collection(`ev${++seq}`);
    await coll.insertMany([
      { _id: 1, status: 'new', n: 0 },
      { _id: 2, status: 'new', n: 0 },
    ] as never[]);
    stream = await opened(
      coll.watch<Document, Document>(
        [{ $match: { operationType: 'update', 'updateDescription.updatedFields.status': { $exists: true } } }],
        { maxAwaitTimeMS: 100 },
      ),
    );
    await coll.updateOne({ _id: 1 } as never, { $inc: { n: 1 } });
    await coll.updateOne({ _id: 2 } as never, { $set: { status: 'paid' } });
    await coll.deleteOne({ _id: 1 } as never);
    const [event] = await nextEvents(stream, 1);
    assert.equal(event.documentKey._id, 2);
    assert.deepEqual(await eventsWithin(stream, 200), []);
  });

  it('applies a user $match and $project to events', async function () {
    const coll = db.collection(`ev${++seq}`);
    stream = await opened(
      coll.watch<Document, Document>(
        [{ $match: { 'fullDocument.keep': true } }, { $project: { operationType: 1, 'fullDocument.v': 1 } }],
        { maxAwaitTimeMS: 100 },
      ),
    );
    await coll.insertMany([
      { keep: false, v: 1 },
      { keep: true, v: 2 },
    ]);
    const [event] = await nextEvents(stream, 1);
    assert.deepEqual(event.fullDocument, { v: 2 });
    assert.equal(event.operationType, 'insert');
    assert.equal(event.ns, undefined, 'fields not projected are absent');
    assert.ok(event._id._data);
  });
});
