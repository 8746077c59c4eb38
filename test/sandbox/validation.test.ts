// Conformance: smaller mongod behaviours clients rely on: collection validators (121), `_id`
// documents with '$'-prefixed fields (52), a pipeline update that drops _id, and the rename event
// of renameCollection with dropTarget under showExpandedEvents.
import { strict as assert } from 'node:assert';
import { type MongoServerError, UUID, type Db, type Document } from 'mongodb';
import { openTargetDb, type Target } from '../helpers/target';
import { nextEvents, opened } from '../helpers/stream';

describe('sandbox conformance: validators, _id rules, pipeline updates, rename with dropTarget', function () {
  let target: Target;
  let db: Db;
  let seq = 0;

  before(async function () {
    ({ target, db } = await openTargetDb());
  });
  after(async function () {
    await target?.stop();
  });
  const name = () => `v${++seq}`;
  const failure = (p: Promise<unknown>) => p.then(() => undefined).catch((e) => e as MongoServerError);

  it('enforces a query validator on insert and update with 121 DocumentValidationFailure', async function () {
    const coll = await db.createCollection(name(), { validator: { qty: { $gte: 0 }, sku: { $type: 'string' } } });
    await coll.insertOne({ _id: 1, qty: 5, sku: 'a' } as never);
    const bad = await failure(coll.insertOne({ _id: 2, qty: -1, sku: 'b' } as never));
    assert.equal(bad?.code, 121, String(bad));
    const badType = await failure(coll.insertOne({ _id: 3, qty: 1, sku: 7 } as never));
    assert.equal(badType?.code, 121, String(badType));
    const badUpdate = await failure(coll.updateOne({ _id: 1 } as never, { $set: { qty: -5 } }));
    assert.equal(badUpdate?.code, 121, String(badUpdate));
    assert.deepEqual(await coll.find().toArray(), [{ _id: 1, qty: 5, sku: 'a' }], 'nothing invalid was written');
  });

  it('enforces a $jsonSchema validator with bsonType, required, properties and enum', async function () {
    const coll = await db.createCollection(name(), {
      validator: {
        $jsonSchema: {
          bsonType: 'object',
          required: ['name', 'status'],
          properties: {
            name: { bsonType: 'string', minLength: 2 },
            status: { enum: ['A', 'D'] },
            qty: { bsonType: ['int', 'long'], minimum: 0 },
          },
        },
      },
    });
    await coll.insertOne({ name: 'ok', status: 'A', qty: 3 });
    for (const doc of [
      { status: 'A' },
      { name: 'x', status: 'A' },
      { name: 'ok', status: 'Z' },
      { name: 'ok', status: 'A', qty: 1.5 },
    ]) {
      const e = await failure(coll.insertOne({ ...doc }));
      assert.equal(e?.code, 121, `${JSON.stringify(doc)} must fail validation, got ${e}`);
    }
    assert.equal(await coll.countDocuments(), 1);
  });

  it('honours validationAction warn, validationLevel moderate, collMod and bypassDocumentValidation', async function () {
    const n = name();
    const coll = await db.createCollection(n);
    await coll.insertMany([
      { _id: 1, qty: -1 },
      { _id: 2, qty: 1 },
    ] as never[]);
    await db.command({ collMod: n, validator: { qty: { $gte: 0 } }, validationLevel: 'moderate' });
    await coll.updateOne({ _id: 1 } as never, { $set: { qty: -2 } }); // already invalid: moderate does not check it
    const e = await failure(coll.updateOne({ _id: 2 } as never, { $set: { qty: -2 } }));
    assert.equal(e?.code, 121, 'a valid document may not become invalid under moderate');
    await coll.insertOne({ _id: 3, qty: -3 } as never, { bypassDocumentValidation: true });
    await db.command({ collMod: n, validationAction: 'warn' });
    await coll.insertOne({ _id: 4, qty: -4 } as never);
    assert.deepEqual(
      (await coll.find().sort({ _id: 1 }).toArray()).map((d) => d.qty),
      [-2, 1, -3, -4],
    );
  });

  it('refuses an _id document with a $-prefixed field at any depth (52)', async function () {
    const coll = db.collection(name());
    const e = await failure(coll.insertOne({ _id: { $bad: 1 } } as never));
    assert.equal(e?.code, 52, String(e));
    const nested = await failure(coll.insertOne({ _id: { a: { $bad: 1 } } } as never));
    assert.equal(nested?.code, 52, String(nested));
    await coll.insertOne({ _id: { a: 1, b: 'x' } } as never);
    assert.equal(await coll.countDocuments(), 1, 'an _id document without $ fields is fine');
  });

  it('keeps _id when a pipeline update replaces the root with a document without one', async function () {
    const coll = db.collection(name());
    await coll.insertOne({ _id: 7, t: { a: 1, b: 2 }, old: true } as never);
    await coll.updateOne({ _id: 7 } as never, [{ $replaceRoot: { newRoot: '$t' } }]);
    assert.deepEqual(await coll.findOne({ _id: 7 } as never), { _id: 7, a: 1, b: 2 });
  });

  it('names the dropped target in operationDescription.dropTarget of a rename with dropTarget', async function () {
    const from = name(),
      to = name();
    await db.collection(from).insertOne({ _id: 1 } as never);
    await db.collection(to).insertOne({ _id: 2 } as never);
    const infos = await db.listCollections({ name: to }).toArray();
    const targetUuid = (infos[0] as Document).info.uuid as UUID;
    const stream = await opened(db.watch<Document, Document>([], { showExpandedEvents: true, maxAwaitTimeMS: 100 }));
    try {
      await db.collection(from).rename(to, { dropTarget: true });
      const events = await nextEvents(stream, 1);
      const rename = events.find((e) => e.operationType === 'rename') ?? (await nextEvents(stream, 1))[0];
      assert.equal(rename.operationType, 'rename');
      assert.deepEqual(rename.operationDescription.to, { db: db.databaseName, coll: to });
      assert.ok(rename.operationDescription.dropTarget instanceof UUID, 'dropTarget is a UUID');
      assert.equal(rename.operationDescription.dropTarget.toHexString(), targetUuid.toHexString());
    } finally {
      await stream.close();
    }
  });
});
