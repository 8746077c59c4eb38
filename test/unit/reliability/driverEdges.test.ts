// Driver edge cases with real-shaped events: a mongos stream's documentKey holds the shard key before
// _id, and the summary, the log and the diff's record show all of it in the server's order; events of
// one transaction share a clusterTime and keep their arrival order (their tokens differ by txnOpIndex).
import { strict as assert } from 'node:assert';
import { Binary, Long, ObjectId, Timestamp, UUID } from 'bson';
import { EventLog } from '../../../src/core/events/eventLog';
import { summarizeChange } from '../../../src/core/events/summary';
import { groupTransactions } from '../../../src/core/insight/transactions';

const OID = new ObjectId('65a1b2c3d4e5f60718293a4b');

/** An update as mongos 7.0 sends it for a collection sharded on { region: 1, customerId: 'hashed' }. */
function mongosUpdate(seq: number) {
  return {
    _id: { _data: `8265A1B2C3000000${seq}2B042C0100296E5A1004ABCDEF0123456789ABCDEF012345670046645F69640064` },
    operationType: 'update',
    clusterTime: new Timestamp({ t: 1705095875, i: seq }),
    wallTime: new Date('2024-01-12T21:44:35.120Z'),
    collectionUUID: new UUID('0b4a4c7e-3f9d-4c2b-9a51-6ad0e8e8f1a2'),
    ns: { db: 'shop', coll: 'orders' },
    documentKey: { region: 'eu-west', customerId: Long.fromNumber(4242), _id: OID },
    updateDescription: { updatedFields: { status: 'shipped' }, removedFields: [], truncatedArrays: [] },
  };
}

describe('driver edge cases', () => {
  it('shows a mongos documentKey with its shard key fields first, as the server sent them', () => {
    const s = summarizeChange(mongosUpdate(1), 1, 400, Date.now());
    assert.equal(s.key, "region: 'eu-west', customerId: Long('4242'), _id: ObjectId('65a1b2c3d4e5f60718293a4b')");
    assert.equal(s.changed, 'set status');
    assert.equal(s.ns, 'shop.orders');
  });

  it('keeps the whole shard-keyed documentKey, typed, in the logged event', () => {
    const log = new EventLog({ maxEvents: 10, maxBytes: 1 << 20 });
    const e = log.append(mongosUpdate(2));
    const doc = JSON.parse(e.ejson);
    assert.deepEqual(Object.keys(doc.documentKey), ['region', 'customerId', '_id']);
    assert.deepEqual(doc.documentKey.customerId, { $numberLong: '4242' });
    assert.deepEqual(doc.documentKey._id, { $oid: OID.toHexString() });
  });

  it('shows a delete whose shard key field is binary as typed mongosh text', () => {
    const s = summarizeChange(
      {
        operationType: 'delete',
        ns: { db: 'shop', coll: 'carts' },
        documentKey: { tenant: new Binary(Buffer.from('0011', 'hex'), 4), _id: 7 },
        clusterTime: new Timestamp({ t: 1705095875, i: 9 }),
      },
      3,
      100,
      Date.now(),
    );
    assert.equal(s.key, "tenant: Binary.createFromBase64('ABE=', 4), _id: 7");
  });

  it('keeps the arrival order of a transaction whose events share one clusterTime', () => {
    const lsid = { id: new UUID('6d5b3c2a-1f0e-4d9c-8b7a-695847362514'), uid: new Binary(Buffer.alloc(32)) };
    const commit = new Timestamp({ t: 1705095900, i: 3 });
    const ids = [5, 3, 1, 4, 2];
    const log = new EventLog({ maxEvents: 100, maxBytes: 1 << 20 });
    for (const [opIndex, id] of ids.entries()) {
      log.append({
        // Same clusterTime, increasing txnOpIndex in the token: only arrival order tells them apart.
        _id: { _data: `8265A1B2DC000000032B042C0100296E5A1004${String(opIndex).padStart(4, '0')}` },
        operationType: 'insert',
        clusterTime: commit,
        wallTime: new Date('2024-01-12T21:45:00.000Z'),
        lsid,
        txnNumber: Long.fromNumber(12),
        ns: { db: 'shop', coll: 'orders' },
        documentKey: { _id: id },
        fullDocument: { _id: id },
      });
    }
    const rows = log.summaries(1, 10);
    assert.deepEqual(
      rows.map((r) => r.key),
      ids.map((id) => `_id: ${id}`),
    );
    assert.deepEqual(
      rows.map((r) => r.seq),
      [1, 2, 3, 4, 5],
    );
    assert.equal(new Set(rows.map((r) => r.time)).size, 1, 'all share one time');
    assert.equal(new Set(rows.map((r) => r.txn?.key)).size, 1, 'all in one transaction');
    assert.deepEqual(rows[0].txn && { t: rows[0].txn.t, i: rows[0].txn.i }, { t: 1705095900, i: 3 });
    const grouped = groupTransactions(rows, (r) => JSON.parse(log.get(r.seq)!.ejson));
    assert.equal(grouped.length, 1);
    assert.ok(grouped[0].kind === 'transaction');
    assert.deepEqual(
      grouped[0].events.map((r) => r.key),
      ids.map((id) => `_id: ${id}`),
      'the group keeps the order too',
    );
  });
});
