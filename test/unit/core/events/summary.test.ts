import { strict as assert } from 'node:assert';
import { Binary, Double, EJSON, Int32, Long, ObjectId, Timestamp, UUID } from 'bson';
import { documentKeyText, summarizeChange } from '../../../../src/core/events/summary';
import { fieldsText, type Json } from '../../../../src/shared/bsonText';

const OID = new ObjectId('65a1b2c3d4e5f60718293a4b');
const ns = { db: 'shop', coll: 'orders' };
const at = Date.UTC(2024, 0, 2, 3, 4, 5);

describe('summarizeChange', () => {
  it('takes the time from wallTime to the millisecond when the event has one', () => {
    const wall = new Date('2023-05-06T07:08:09.123Z');
    const s = summarizeChange(
      { operationType: 'insert', ns, clusterTime: new Timestamp({ t: 1683356889, i: 7 }), wallTime: wall },
      1,
      1,
      at,
    );
    assert.equal(s.time, wall.toISOString());
  });

  it('falls back to clusterTime seconds, then to the receipt time', () => {
    const s = summarizeChange(
      { operationType: 'insert', ns, clusterTime: new Timestamp({ t: 1700000000, i: 7 }), documentKey: { _id: OID } },
      1,
      10,
      at,
    );
    assert.equal(s.time, new Date(1700000000 * 1000).toISOString());
    assert.equal(summarizeChange({ operationType: 'insert', ns }, 1, 1, at).time, new Date(at).toISOString());
  });

  it('renders an insert with its namespace, key and post-image flag', () => {
    const s = summarizeChange(
      { operationType: 'insert', ns, documentKey: { _id: OID }, fullDocument: { _id: OID, a: 1 } },
      4,
      99,
      at,
    );
    assert.equal(s.seq, 4);
    assert.equal(s.op, 'insert');
    assert.equal(s.ns, 'shop.orders');
    assert.equal(s.key, "_id: ObjectId('65a1b2c3d4e5f60718293a4b')");
    assert.equal(s.changed, '');
    assert.equal(s.bytes, 99);
    assert.equal(s.hasPost, true);
    assert.equal(s.hasPre, false);
  });

  it('summarises an update as set, unset and truncated fields', () => {
    const s = summarizeChange(
      {
        operationType: 'update',
        ns,
        documentKey: { _id: 5 },
        updateDescription: {
          updatedFields: { status: 'paid', 'items.2': { sku: 'x' } },
          removedFields: ['note'],
          truncatedArrays: [{ field: 'tags', newSize: 1 }],
        },
      },
      1,
      1,
      at,
    );
    assert.equal(s.changed, 'set status, items.2 · unset note · truncated tags');
    assert.equal(s.key, '_id: 5');
    assert.equal(s.hasPost, false);
  });

  it('shows only the parts an update has', () => {
    const s = summarizeChange(
      { operationType: 'update', ns, updateDescription: { updatedFields: {}, removedFields: ['a', 'b.c'] } },
      1,
      1,
      at,
    );
    assert.equal(s.changed, 'unset a, b.c');
  });

  it('flags pre- and post-images on replace and delete', () => {
    const replace = summarizeChange(
      {
        operationType: 'replace',
        ns,
        documentKey: { _id: 'k' },
        fullDocument: { x: 1 },
        fullDocumentBeforeChange: { x: 0 },
      },
      1,
      1,
      at,
    );
    assert.deepEqual(
      [replace.op, replace.key, replace.changed, replace.hasPre, replace.hasPost],
      ['replace', "_id: 'k'", '', true, true],
    );
    const del = summarizeChange(
      { operationType: 'delete', ns, documentKey: { _id: new Long(12) }, fullDocumentBeforeChange: null },
      1,
      1,
      at,
    );
    assert.deepEqual([del.op, del.key, del.hasPre, del.hasPost], ['delete', "_id: Long('12')", false, false]);
  });

  it('renders rename with its target and namespace-only events without a key', () => {
    const r = summarizeChange({ operationType: 'rename', ns, to: { db: 'shop', coll: 'orders_old' } }, 1, 1, at);
    assert.equal(r.changed, 'to shop.orders_old');
    const drop = summarizeChange({ operationType: 'drop', ns }, 1, 1, at);
    assert.deepEqual([drop.op, drop.ns, drop.key, drop.changed], ['drop', 'shop.orders', '', '']);
    const dropDb = summarizeChange({ operationType: 'dropDatabase', ns: { db: 'shop' } }, 1, 1, at);
    assert.equal(dropDb.ns, 'shop');
    const inv = summarizeChange({ operationType: 'invalidate' }, 1, 1, at);
    assert.deepEqual([inv.op, inv.ns, inv.key], ['invalidate', '', '']);
  });

  it('passes expanded and unknown operation types through', () => {
    assert.equal(summarizeChange({ operationType: 'createIndexes', ns }, 1, 1, at).op, 'createIndexes');
    assert.equal(summarizeChange({}, 1, 1, at).op, 'unknown');
  });

  it('renders compound keys with BSON types', () => {
    const uuid = new UUID('0e3f5a2c-1b4d-4e6f-8a9b-0c1d2e3f4a5b');
    const s = summarizeChange(
      { operationType: 'insert', ns, documentKey: { region: 'eu', u: uuid, b: new Binary(Buffer.from('hi')) } },
      1,
      1,
      at,
    );
    assert.equal(
      s.key,
      "region: 'eu', u: UUID('0e3f5a2c-1b4d-4e6f-8a9b-0c1d2e3f4a5b'), b: Binary.createFromBase64('aGk=', 0)",
    );
  });

  it('bounds the key and the changed summary with an ellipsis', () => {
    const fields: Record<string, number> = {};
    for (let i = 0; i < 200; i++) fields[`field_number_${i}`] = i;
    const s = summarizeChange(
      {
        operationType: 'update',
        ns,
        documentKey: { _id: 'x'.repeat(500) },
        updateDescription: { updatedFields: fields },
      },
      1,
      1,
      at,
    );
    assert.ok(s.changed.length <= 160, `changed is ${s.changed.length} long`);
    assert.ok(s.changed.endsWith('…'));
    assert.ok(s.changed.startsWith('set field_number_0, field_number_1'));
    assert.ok(s.key.length <= 120);
    assert.ok(s.key.includes('…'), s.key);
    const wide: Record<string, string> = {};
    for (let i = 0; i < 20; i++) wide[`shard_key_part_${i}`] = 'value';
    const k = summarizeChange({ operationType: 'insert', ns, documentKey: wide }, 1, 1, at).key;
    assert.equal(k.length, 120);
    assert.ok(k.startsWith("shard_key_part_0: 'value', "), k);
    assert.ok(k.endsWith('…'));
  });

  it('carries split-event fragments', () => {
    const s = summarizeChange({ operationType: 'update', ns, splitEvent: { fragment: 2, of: 3 } }, 1, 1, at);
    assert.deepEqual(s.split, { fragment: 2, of: 3 });
  });
});

describe('documentKeyText', () => {
  const slow = (key: unknown): string => fieldsText(EJSON.serialize(key, { relaxed: false }) as Json);
  it('writes the usual keys (a lone _id of an int, a string or an ObjectId) as their EJSON would show', () => {
    const ids: unknown[] = [
      0,
      1,
      -1,
      5,
      2147483647,
      -2147483648,
      2147483648,
      -2147483649,
      -0,
      1.5,
      NaN,
      Infinity,
      1e21,
      2 ** 53,
      '',
      'abc',
      "it's",
      'say "hi"',
      `both ' and "`,
      'back\\slash',
      'new\nline\ttab\u0001',
      '\u2028',
      'ünïcødé',
      '🎉',
      '\ud800',
      'a\udc00b',
      '<b>&amp;</b>',
      ' spaced ',
      new ObjectId('64b7f0c2a1b2c3d4e5f60718'),
      new ObjectId(),
      Long.fromNumber(5),
      new Double(3),
      new Int32(4),
      null,
      true,
      [1, 2],
      { a: 1 },
      new Date(0),
      new UUID(),
      new Binary(Buffer.from('x')),
    ];
    for (let i = 0; i < 200; i++) ids.push(Math.floor((Math.random() - 0.5) * 2 ** (i % 40)));
    for (let i = 0; i < 100; i++)
      ids.push(String.fromCharCode(...Array.from({ length: i % 9 }, () => Math.floor(Math.random() * 0x3000))));
    for (const id of ids) assert.equal(documentKeyText({ _id: id }), slow({ _id: id }), `_id ${String(id)}`);
    for (const key of [
      {},
      { _id: 1, sk: 2 },
      { sk: 2, _id: 1 },
      { x: 1 },
      Object.assign(Object.create(null), { _id: 1 }),
    ])
      assert.equal(documentKeyText(key), slow(key));
  });
});
