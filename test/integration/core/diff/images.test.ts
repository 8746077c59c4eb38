// The diff against a real server or the sandbox: images recorded by collMod, read with 'required',
// must diff to exactly the change each update made; 'required' without images fails as the server says.
import { strict as assert } from 'node:assert';
import { Int32, Long, MongoServerError, type Collection, type Db, type Document } from 'mongodb';
import { openTargetDb, type Target } from '../../../helpers/target';
import { nextEvents, opened, type Stream } from '../../../helpers/stream';
import { diffImages } from '../../../../src/core/diff/imageDiff';
import { imagesOf } from '../../../../src/core/diff/reconstruct';
import { whyImageMissing } from '../../../../src/core/diff/missingImage';
import { parseEJSON, toCanonical } from '../../../../src/core/diff/canonical';
import { EJSON } from 'bson';

describe('image diff against the server', function () {
  let target: Target;
  let db: Db;
  let stream: Stream | undefined;
  let n = 0;

  before(async function () {
    // promoteValues: false keeps Int32/Double/Long as the server sent them, as the event log does.
    ({ target, db } = await openTargetDb({ promoteValues: false }));
  });
  afterEach(async function () {
    await stream?.close();
    stream = undefined;
  });
  after(async function () {
    await target?.stop();
  });

  async function collection(images: boolean): Promise<Collection<Document>> {
    const name = `diff${++n}`;
    await db.createCollection(name);
    if (images) await db.command({ collMod: name, changeStreamPreAndPostImages: { enabled: true } });
    const coll = db.collection(name);
    await coll.insertOne({
      _id: 1 as never,
      name: 'order',
      qty: new Int32(1),
      address: { city: 'Oslo', zip: '0150' },
      items: [
        { _id: 'a', qty: new Int32(1) },
        { _id: 'b', qty: new Int32(2) },
      ],
      tags: ['x', 'y', 'z'],
      note: 'remove me',
    });
    return coll;
  }

  const changeLines = (pre: Document, post: Document): string[] =>
    diffImages(pre, post).changes.map(
      (c) => `${c.kind} ${c.dotted}${c.typeChanged ? ` ${c.typeChanged.before}->${c.typeChanged.after}` : ''}`,
    );

  it('gives both images with required, and their diff is the change each update made', async function () {
    const coll = await collection(true);
    const [recorded] = await db.listCollections({ name: coll.collectionName }).toArray();
    assert.equal(((recorded as Document).options as Document).changeStreamPreAndPostImages?.enabled, true);
    stream = await opened(
      coll.watch<Document, Document>([], {
        fullDocument: 'required',
        fullDocumentBeforeChange: 'required',
        maxAwaitTimeMS: 100,
      }),
    );
    const id = { _id: 1 } as never;
    await coll.updateOne(id, { $set: { 'address.zip': '0151' }, $unset: { note: '' } });
    await coll.updateOne(id, { $inc: { qty: Long.fromNumber(1) } });
    // One update may not touch `items.1.qty` and push to `items` (a conflict, as MongoDB says): two updates.
    await coll.updateOne(id, { $set: { 'items.1.qty': new Int32(5) } });
    await coll.updateOne(id, { $push: { items: { _id: 'c', qty: new Int32(1) } } as never });
    await coll.updateOne(id, { $pull: { tags: 'y' } as never });
    await coll.updateOne(id, { $set: { 'address.floor': new Int32(3), name: 'renamed' } });
    await coll.replaceOne(id, { name: 'replaced', qty: new Int32(1) });
    const events = await nextEvents(stream, 7);

    const expected = [
      ['changed address.zip', 'removed note'],
      ['changed qty int->long'],
      ['changed items.1.qty'],
      ['added items.2'],
      ['removed tags.1'],
      ['changed name', 'added address.floor'],
      ['changed name', 'changed qty long->int', 'removed address', 'removed items', 'removed tags'],
    ];
    for (const [i, e] of events.entries()) {
      assert.ok(e.fullDocumentBeforeChange && e.fullDocument, `event ${i} carries both images`);
      assert.deepEqual(
        changeLines(e.fullDocumentBeforeChange, e.fullDocument),
        expected[i],
        `event ${i} (${e.operationType})`,
      );
    }
    assert.equal(events[6]!.operationType, 'replace');

    // Through the event log's text form (canonical EJSON and back), the diff is the same.
    const logged = parseEJSON(EJSON.stringify(events[2], { relaxed: false }));
    assert.deepEqual(
      diffImages(logged.fullDocumentBeforeChange, logged.fullDocument),
      diffImages(events[2]!.fullDocumentBeforeChange, events[2]!.fullDocument),
    );

    // Each update's own updateDescription, applied to its pre-image, rebuilds its real post-image.
    for (const e of events.slice(0, 6)) {
      const { fullDocument, ...withoutPost } = e;
      const pair = imagesOf({ change: withoutPost, fullDocument: 'default', fullDocumentBeforeChange: 'required' });
      assert.equal(pair.after.source.kind, 'reconstructed');
      assert.deepEqual(pair.after.document, toCanonical(fullDocument as Document), JSON.stringify(e.updateDescription));
    }
  });

  it('rebuilds before and after from the insert in the buffer when the collection keeps no images', async function () {
    const coll = db.collection(`diff${++n}`);
    await db.createCollection(coll.collectionName);
    stream = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    await coll.insertOne({ _id: 7 as never, v: new Int32(1), tags: ['a', 'b', 'c'] });
    await coll.updateOne({ _id: 7 } as never, { $set: { v: new Int32(2) } });
    await coll.updateOne({ _id: 7 } as never, [{ $set: { tags: { $slice: ['$tags', 2] } } }]);
    const records = (await nextEvents(stream, 3)).map((change, i) => ({
      change,
      seq: i + 1,
      fullDocument: 'default' as const,
    }));
    const pair = imagesOf(records[2]!, records.slice(0, 2));
    assert.equal(pair.reconstructed, true);
    assert.deepEqual(pair.before.document, toCanonical({ _id: 7, v: new Int32(2), tags: ['a', 'b', 'c'] }));
    assert.deepEqual(pair.after.document, toCanonical({ _id: 7, v: new Int32(2), tags: ['a', 'b'] }));
    assert.deepEqual(
      diffImages(pair.before.document!, pair.after.document!).changes.map((c) => `${c.kind} ${c.dotted}`),
      ['removed tags.2'],
    );
    assert.equal(pair.before.missing?.code, 'not-requested');
  });

  it('whenAvailable on a collection without images: null images, explained by the catalog', async function () {
    const coll = await collection(false);
    stream = await opened(
      coll.watch<Document, Document>([], {
        fullDocument: 'whenAvailable',
        fullDocumentBeforeChange: 'whenAvailable',
        maxAwaitTimeMS: 100,
      }),
    );
    await coll.updateOne({ _id: 1 } as never, { $set: { qty: new Int32(9) } });
    const [e] = await nextEvents(stream, 1);
    assert.equal(e!.fullDocument, null);
    assert.equal(e!.fullDocumentBeforeChange, null);
    const [info] = await db.listCollections({ name: coll.collectionName }).toArray();
    const enabled = Boolean(
      ((info as Document).options as Document | undefined)?.changeStreamPreAndPostImages?.enabled,
    );
    const record = { change: e!, fullDocument: 'whenAvailable', fullDocumentBeforeChange: 'whenAvailable' } as const;
    assert.equal(whyImageMissing(record, 'before', { recording: { enabled } })?.code, 'collection-not-enabled');
    assert.equal(whyImageMissing(record, 'after', { recording: { enabled } })?.code, 'collection-not-enabled');
  });

  for (const option of ['fullDocument', 'fullDocumentBeforeChange'] as const) {
    it(`${option} 'required' on a collection without images fails the stream with the server's error`, async function () {
      const coll = await collection(false);
      stream = await opened(coll.watch<Document, Document>([], { [option]: 'required', maxAwaitTimeMS: 100 }));
      await coll.updateOne({ _id: 1 } as never, { $set: { qty: new Int32(2) } });
      const error = await stream.tryNext().then(
        () => stream!.tryNext(),
        (e: unknown) => e,
      );
      assert.ok(error instanceof MongoServerError, `got ${String(error)}`);
      // Int32 under promoteValues: false.
      assert.equal(Number(error.code), 47);
      const image = option === 'fullDocument' ? 'post-image' : 'pre-image';
      assert.match(
        error.message,
        new RegExp(`Change stream was configured to require a ${image}.*but the ${image} was not found`),
      );
    });
  }
});
