import { strict as assert } from 'node:assert';
import { Binary, ObjectId } from 'bson';
import * as v from 'valibot';
import {
  BookmarkSchema,
  bookmarkFromEvent,
  bookmarkFromPosition,
  driverPipeline,
  driverToken,
  namespaceOf,
  storedToken,
} from '../../../../src/core/bookmarks';
import { INVALIDATE_TOKEN, V1_EVENT_TOKEN, context, insertEvent } from './fixtures';

describe('bookmarkFromEvent', () => {
  it('keeps the token, its decoded time, the wall time, operation, short key, pipeline and options', () => {
    const b = bookmarkFromEvent(insertEvent(), context());
    assert.equal(b.id, 'bm-1');
    assert.equal(b.connectionId, 'conn-1');
    assert.deepEqual(b.token, { _data: V1_EVENT_TOKEN });
    assert.deepEqual(b.clusterTime, { t: 1630438675, i: 1 });
    assert.equal(b.wallTime, '2021-08-31T19:37:55.123Z');
    assert.equal(b.operationType, 'insert');
    assert.equal(b.documentKey, "_id: ObjectId('6275077a2f3159f971e405c6')");
    assert.deepEqual(b.pipeline, [{ $match: { operationType: 'insert' } }]);
    assert.deepEqual(b.options, { fullDocument: 'updateLookup' });
    assert.equal(b.label, "insert _id: ObjectId('6275077a2f3159f971e405c6')");
    assert.equal(b.createdAt, '2026-12-01T12:00:00.000Z');
    assert.equal(b.fromInvalidate, false);
    assert.ok(v.safeParse(BookmarkSchema, b).success);
  });

  it('never stores anything like a connection string: only the id and the display name', () => {
    const b = bookmarkFromEvent(insertEvent(), context());
    assert.doesNotMatch(JSON.stringify(b), /mongodb:\/\//);
    assert.equal(b.connectionName, 'Local');
  });

  it('marks a bookmark on an invalidate event, by its operation or by the token flag', () => {
    const byOp = bookmarkFromEvent({ _id: { _data: V1_EVENT_TOKEN }, operationType: 'invalidate' }, context());
    assert.equal(byOp.fromInvalidate, true);
    const byToken = bookmarkFromPosition({ _data: INVALIDATE_TOKEN }, context());
    assert.equal(byToken.fromInvalidate, true);
  });

  it('takes the wall time from the cluster time when the event has none', () => {
    const b = bookmarkFromEvent({ _id: { _data: V1_EVENT_TOKEN }, operationType: 'delete' }, context({ label: 'x' }));
    assert.equal(b.wallTime, '2021-08-31T19:37:55.000Z');
    assert.equal(b.label, 'x');
  });

  it('keeps an undecodable token usable, without time', () => {
    const b = bookmarkFromPosition({ _data: 'ABCDEF01' }, context());
    assert.deepEqual(b.token, { _data: 'ABCDEF01' });
    assert.equal(b.clusterTime, undefined);
    assert.equal(b.wallTime, undefined);
    assert.equal(b.label, 'Position');
  });

  it('refuses values that are not tokens', () => {
    for (const t of [undefined, null, 'x', { _data: 5 }, { _data: 'not hex' }, { _data: '' }]) {
      assert.throws(() => storedToken(t), /not a resume token/);
    }
  });

  it('round-trips _typeBits and pipeline BSON values to what the driver sends', () => {
    const typeBits = new Binary(Buffer.from([0x81]), 0);
    const b = bookmarkFromPosition(
      { _data: V1_EVENT_TOKEN, _typeBits: typeBits },
      context({ pipeline: [{ $match: { 'fullDocument._id': new ObjectId('6275077a2f3159f971e405c6') } }] }),
    );
    assert.deepEqual(JSON.parse(JSON.stringify(b.token)), {
      _data: V1_EVENT_TOKEN,
      _typeBits: { $binary: { base64: 'gQ==', subType: '00' } },
    });
    const back = driverToken(b);
    assert.ok(back._typeBits instanceof Binary);
    assert.deepEqual([...back._typeBits.buffer], [0x81]);
    const p = driverPipeline(b);
    assert.ok(p[0].$match['fullDocument._id'] instanceof ObjectId);
  });

  it('names its namespace for grouping', () => {
    assert.equal(namespaceOf({ kind: 'collection', db: 'a', coll: 'b' }), 'a.b');
    assert.equal(namespaceOf({ kind: 'database', db: 'a' }), 'a');
    assert.equal(namespaceOf({ kind: 'deployment' }), '(deployment)');
  });
});
