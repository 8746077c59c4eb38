// Conformance: fullDocument (default/updateLookup/whenAvailable/required) and
// fullDocumentBeforeChange (off/whenAvailable/required) against stored pre/post images.
import { strict as assert } from 'node:assert';
import { MongoServerError, type ChangeStreamOptions, type Collection, type Db, type Document } from 'mongodb';
import { openTargetDb, type Target } from '../helpers/target';
import { nextEvents, opened, type Stream } from '../helpers/stream';

describe('sandbox conformance: full documents and pre/post images', function () {
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

  async function collection(images: boolean): Promise<Collection<Document>> {
    const name = `img${++seq}`;
    await db.createCollection(name, images ? { changeStreamPreAndPostImages: { enabled: true } } : {});
    const coll = db.collection(name);
    await coll.insertOne({ _id: 1, v: 1 } as never);
    return coll;
  }
  async function watch(coll: Collection<Document>, options: ChangeStreamOptions): Promise<Stream> {
    stream = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100, ...options }));
    return stream;
  }

  it('updateLookup gives the current document when the event is read, not the one at the time of the change', async function () {
    const coll = await collection(false);
    const s = await watch(coll, { fullDocument: 'updateLookup' });
    await coll.updateOne({ _id: 1 } as never, { $set: { v: 2 } });
    await coll.updateOne({ _id: 1 } as never, { $set: { v: 3 } });
    const [first, second] = await nextEvents(s, 2);
    assert.deepEqual(first.updateDescription.updatedFields, { v: 2 });
    assert.deepEqual(first.fullDocument, { _id: 1, v: 3 }, 'the lookup happens at read time');
    assert.deepEqual(second.fullDocument, { _id: 1, v: 3 });
  });

  it('updateLookup gives null when the document was deleted before the event was read', async function () {
    const coll = await collection(false);
    const s = await watch(coll, { fullDocument: 'updateLookup' });
    await coll.updateOne({ _id: 1 } as never, { $set: { v: 2 } });
    await coll.deleteOne({ _id: 1 } as never);
    const [update, del] = await nextEvents(s, 2);
    assert.equal(update.operationType, 'update');
    assert.equal(update.fullDocument, null);
    assert.equal(del.operationType, 'delete');
    assert.equal(del.fullDocument, undefined, 'delete events have no fullDocument');
  });

  it('whenAvailable gives the stored post-image of each update, not the current document', async function () {
    const coll = await collection(true);
    const s = await watch(coll, { fullDocument: 'whenAvailable' });
    await coll.updateOne({ _id: 1 } as never, { $set: { v: 2 } });
    await coll.updateOne({ _id: 1 } as never, { $set: { v: 3 } });
    const [first, second] = await nextEvents(s, 2);
    assert.deepEqual(first.fullDocument, { _id: 1, v: 2 });
    assert.deepEqual(second.fullDocument, { _id: 1, v: 3 });
  });

  it('whenAvailable gives null when the collection keeps no post-images', async function () {
    const coll = await collection(false);
    const s = await watch(coll, { fullDocument: 'whenAvailable' });
    await coll.updateOne({ _id: 1 } as never, { $set: { v: 2 } });
    const [event] = await nextEvents(s, 1);
    assert.equal(event.operationType, 'update');
    assert.equal(event.fullDocument, null);
  });

  it('required gives the post-image when one is stored', async function () {
    const coll = await collection(true);
    const s = await watch(coll, { fullDocument: 'required' });
    await coll.updateOne({ _id: 1 } as never, { $inc: { v: 10 } });
    const [event] = await nextEvents(s, 1);
    assert.deepEqual(event.fullDocument, { _id: 1, v: 11 });
  });

  it('required fails the stream when the post-image is missing', async function () {
    const coll = await collection(false);
    const s = await watch(coll, { fullDocument: 'required' });
    await coll.updateOne({ _id: 1 } as never, { $set: { v: 2 } });
    const error = await nextEvents(s, 1, 3000).catch((e) => e);
    assert.ok(error instanceof MongoServerError, `expected a server error, got ${error}`);
  });

  it('fullDocumentBeforeChange off (the default) leaves the field out', async function () {
    const coll = await collection(true);
    const s = await watch(coll, { fullDocumentBeforeChange: 'off' });
    await coll.updateOne({ _id: 1 } as never, { $set: { v: 2 } });
    const [event] = await nextEvents(s, 1);
    assert.equal('fullDocumentBeforeChange' in event, false);
  });

  it('fullDocumentBeforeChange whenAvailable gives pre-images for update, replace and delete', async function () {
    const coll = await collection(true);
    const s = await watch(coll, { fullDocumentBeforeChange: 'whenAvailable' });
    await coll.updateOne({ _id: 1 } as never, { $set: { v: 2 } });
    await coll.replaceOne({ _id: 1 } as never, { r: true });
    await coll.deleteOne({ _id: 1 } as never);
    const [update, replace, del] = await nextEvents(s, 3);
    assert.deepEqual(update.fullDocumentBeforeChange, { _id: 1, v: 1 });
    assert.deepEqual(replace.fullDocumentBeforeChange, { _id: 1, v: 2 });
    assert.deepEqual(del.fullDocumentBeforeChange, { _id: 1, r: true });
  });

  it('fullDocumentBeforeChange whenAvailable gives null without stored pre-images', async function () {
    const coll = await collection(false);
    const s = await watch(coll, { fullDocumentBeforeChange: 'whenAvailable' });
    await coll.deleteOne({ _id: 1 } as never);
    const [event] = await nextEvents(s, 1);
    assert.equal(event.operationType, 'delete');
    assert.equal(event.fullDocumentBeforeChange, null);
  });

  it('fullDocumentBeforeChange required fails the stream when the pre-image is missing', async function () {
    const coll = await collection(false);
    const s = await watch(coll, { fullDocumentBeforeChange: 'required' });
    await coll.deleteOne({ _id: 1 } as never);
    const error = await nextEvents(s, 1, 3000).catch((e) => e);
    assert.ok(error instanceof MongoServerError, `expected a server error, got ${error}`);
  });

  it('keeps images only for changes made after images were enabled with collMod', async function () {
    const coll = await collection(false);
    const s = await watch(coll, { fullDocument: 'whenAvailable', fullDocumentBeforeChange: 'whenAvailable' });
    await coll.updateOne({ _id: 1 } as never, { $set: { v: 2 } });
    await db.command({ collMod: coll.collectionName, changeStreamPreAndPostImages: { enabled: true } });
    await coll.updateOne({ _id: 1 } as never, { $set: { v: 3 } });
    const [before, after] = await nextEvents(s, 2);
    assert.equal(before.fullDocumentBeforeChange, null);
    assert.equal(before.fullDocument, null);
    assert.deepEqual(after.fullDocumentBeforeChange, { _id: 1, v: 2 });
    assert.deepEqual(after.fullDocument, { _id: 1, v: 3 });
  });

  it('combines required post-images and required pre-images on one event', async function () {
    const coll = await collection(true);
    const s = await watch(coll, { fullDocument: 'required', fullDocumentBeforeChange: 'required' });
    await coll.updateOne({ _id: 1 } as never, { $set: { v: 5 } });
    const [event] = await nextEvents(s, 1);
    assert.deepEqual(event.fullDocumentBeforeChange, { _id: 1, v: 1 });
    assert.deepEqual(event.fullDocument, { _id: 1, v: 5 });
  });
});
