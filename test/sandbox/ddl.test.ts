// Conformance: collection- and database-level events (drop, rename, dropDatabase, invalidate) and
// the expanded DDL events of showExpandedEvents.
import { strict as assert } from 'node:assert';
import { Binary, type MongoClient, type Db, type Document } from 'mongodb';
import { openTargetDb, type Target } from '../helpers/target';
import { eventsWithin, nextEvents, opened, type Stream } from '../helpers/stream';

describe('sandbox conformance: DDL and invalidate events', function () {
  let target: Target;
  let client: MongoClient;
  let db: Db;
  let stream: Stream | undefined;
  let seq = 0;

  before(async function () {
    ({ target, client, db } = await openTargetDb());
  });
  afterEach(async function () {
    await stream?.close();
    stream = undefined;
  });
  after(async function () {
    await target?.stop();
  });
  const name = () => `ddl${++seq}`;

  it('gives drop then invalidate on a collection stream when the collection is dropped', async function () {
    const coll = db.collection(name());
    await coll.insertOne({ _id: 1 } as never);
    stream = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    await coll.drop();
    const [drop, invalidate] = await nextEvents(stream, 2);
    assert.equal(drop.operationType, 'drop');
    assert.deepEqual(drop.ns, { db: db.databaseName, coll: coll.collectionName });
    assert.equal(invalidate.operationType, 'invalidate');
    assert.ok(invalidate._id._data);
    assert.ok(invalidate.clusterTime);
    assert.equal(invalidate.ns, undefined);
  });

  it('gives rename with `to` then invalidate on the source collection stream', async function () {
    const coll = db.collection(name());
    await coll.insertOne({ _id: 1 } as never);
    stream = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    const target = `${coll.collectionName}_renamed`;
    await coll.rename(target);
    const [rename, invalidate] = await nextEvents(stream, 2);
    assert.equal(rename.operationType, 'rename');
    assert.deepEqual(rename.ns, { db: db.databaseName, coll: coll.collectionName });
    assert.deepEqual(rename.to, { db: db.databaseName, coll: target });
    assert.equal(invalidate.operationType, 'invalidate');
  });

  it('gives drop, dropDatabase and invalidate on a database stream when the database is dropped', async function () {
    const doomed = client.db(target.dbName());
    await doomed.collection('a').insertOne({ _id: 1 } as never);
    await doomed.collection('b').insertOne({ _id: 1 } as never);
    stream = await opened(doomed.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    await doomed.dropDatabase();
    const events = await nextEvents(stream, 4);
    const kinds = events.map((e) => e.operationType);
    assert.deepEqual(kinds, ['drop', 'drop', 'dropDatabase', 'invalidate']);
    assert.deepEqual(
      events
        .slice(0, 2)
        .map((e) => e.ns.coll)
        .sort(),
      ['a', 'b'],
    );
    assert.deepEqual(events[2].ns, { db: doomed.databaseName });
  });

  it('gives drop then invalidate on a collection stream when its database is dropped', async function () {
    const doomed = client.db(target.dbName());
    const coll = doomed.collection('only');
    await coll.insertOne({ _id: 1 } as never);
    stream = await opened(coll.watch<Document, Document>([], { maxAwaitTimeMS: 100 }));
    await doomed.dropDatabase();
    const events = await nextEvents(stream, 2);
    assert.deepEqual(
      events.map((e) => e.operationType),
      ['drop', 'invalidate'],
    );
  });

  it('hides create and index events unless showExpandedEvents is set', async function () {
    const coll = db.collection(name());
    stream = await opened(
      db.watch<Document, Document>([{ $match: { 'ns.coll': coll.collectionName } }], { maxAwaitTimeMS: 100 }),
    );
    await db.createCollection(coll.collectionName);
    await coll.createIndex({ a: 1 });
    await coll.insertOne({ _id: 1 } as never);
    const [event] = await nextEvents(stream, 1);
    assert.equal(event.operationType, 'insert');
    assert.equal(event.collectionUUID, undefined);
    assert.deepEqual(await eventsWithin(stream, 200), []);
  });

  it('shows create, createIndexes, dropIndexes and modify with collectionUUID and operationDescription', async function () {
    const coll = db.collection(name());
    stream = await opened(
      db.watch<Document, Document>([{ $match: { 'ns.coll': coll.collectionName } }], {
        maxAwaitTimeMS: 100,
        showExpandedEvents: true,
      }),
    );
    await db.createCollection(coll.collectionName);
    await coll.createIndex({ sku: 1 }, { name: 'sku_1' });
    await coll.dropIndex('sku_1');
    await db.command({ collMod: coll.collectionName, changeStreamPreAndPostImages: { enabled: true } });
    await coll.insertOne({ _id: 1 } as never);
    const [create, createIndexes, dropIndexes, modify, insert] = await nextEvents(stream, 5);

    assert.equal(create.operationType, 'create');
    assert.deepEqual(create.ns, { db: db.databaseName, coll: coll.collectionName });
    assert.ok(create.collectionUUID instanceof Binary && create.collectionUUID.sub_type === 4);
    assert.ok(create.operationDescription, 'create carries operationDescription');

    assert.equal(createIndexes.operationType, 'createIndexes');
    assert.equal(createIndexes.operationDescription.indexes.length, 1);
    assert.equal(createIndexes.operationDescription.indexes[0].name, 'sku_1');
    assert.deepEqual(createIndexes.operationDescription.indexes[0].key, { sku: 1 });

    assert.equal(dropIndexes.operationType, 'dropIndexes');
    assert.equal(dropIndexes.operationDescription.indexes[0].name, 'sku_1');

    assert.equal(modify.operationType, 'modify');
    assert.ok(modify.operationDescription, 'modify carries operationDescription');
    assert.ok(modify.stateBeforeChange?.collectionOptions, 'modify carries stateBeforeChange.collectionOptions');

    assert.equal(insert.operationType, 'insert');
    const uuid = (e: Document) => Buffer.from(e.collectionUUID.buffer).toString('hex');
    for (const e of [createIndexes, dropIndexes, modify, insert])
      assert.equal(uuid(e), uuid(create), `${e.operationType} has the collection's UUID`);
  });

  it('shows an implicit create before the first insert into a new collection with showExpandedEvents', async function () {
    const coll = db.collection(name());
    stream = await opened(
      db.watch<Document, Document>([{ $match: { 'ns.coll': coll.collectionName } }], {
        maxAwaitTimeMS: 100,
        showExpandedEvents: true,
      }),
    );
    await coll.insertOne({ _id: 1 } as never);
    const events = await nextEvents(stream, 2);
    assert.deepEqual(
      events.map((e) => e.operationType),
      ['create', 'insert'],
    );
  });

  it('shows the collection rename on a database stream with showExpandedEvents and keeps the stream open', async function () {
    const coll = db.collection(name());
    await coll.insertOne({ _id: 1 } as never);
    stream = await opened(db.watch<Document, Document>([], { maxAwaitTimeMS: 100, showExpandedEvents: true }));
    await coll.rename(`${coll.collectionName}_b`);
    await db.collection(`${coll.collectionName}_b`).insertOne({ _id: 2 } as never);
    const [rename, insert] = await nextEvents(stream, 2);
    assert.equal(rename.operationType, 'rename');
    assert.equal(rename.to.coll, `${coll.collectionName}_b`);
    assert.ok(rename.operationDescription?.to, 'expanded rename carries operationDescription.to');
    assert.equal(insert.operationType, 'insert', 'a rename does not invalidate a database stream');
  });
});
