// Shared builders for bookmark tests: a context with a counting id source and a fixed clock.
import { ObjectId, type Document } from 'bson';
import type { BookmarkContext } from '../../../../src/core/bookmarks';

export const V1_EVENT_TOKEN =
  '82612E8513000000012B022C0100296E5A1004A5093ABB38FE4B9EA67F01BB1A96D812463C5F6964003C5F5F5F78000004';
/** Same header with fromInvalidate = true (0x6F). */
export const INVALIDATE_TOKEN = '82612E8514000000012B022C0100296F5A1004A5093ABB38FE4B9EA67F01BB1A96D81204';

export function context(over: Partial<BookmarkContext> = {}): BookmarkContext {
  let n = 0;
  return {
    connectionId: 'conn-1',
    connectionName: 'Local',
    scope: { kind: 'collection', db: 'shop', coll: 'orders' },
    pipeline: [{ $match: { operationType: 'insert' } }],
    options: { fullDocument: 'updateLookup' },
    newId: () => `bm-${++n}`,
    now: () => new Date('2026-12-01T12:00:00.000Z'),
    ...over,
  };
}

export function insertEvent(data = V1_EVENT_TOKEN): Document {
  return {
    _id: { _data: data },
    operationType: 'insert',
    wallTime: new Date('2021-08-31T19:37:55.123Z'),
    documentKey: { _id: new ObjectId('6275077a2f3159f971e405c6') },
    ns: { db: 'shop', coll: 'orders' },
  };
}
