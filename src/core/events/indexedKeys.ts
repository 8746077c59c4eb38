// The top-level keys of a change event whose value offsets the log records in its canonical EJSON text,
// so quick-filter field clauses (fullDocument.qty > 5) jump to the value instead of walking the keys before it.
// Its own module: the webview bundle reads the quick filter's hint and must not pull in the writer's bson.

export const INDEXED_KEYS = ['fullDocument', 'updateDescription', 'fullDocumentBeforeChange'] as const;
export type IndexedKey = (typeof INDEXED_KEYS)[number];
/** Offsets of INDEXED_KEYS' values, in that order; -1 for a key the event lacks (three small integers, no object). */
export type IndexedOffsets = [number, number, number];
