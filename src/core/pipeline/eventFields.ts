// Field paths of a change event for completion: the fixed shape MongoDB documents, plus the
// fullDocument / updateDescription / fullDocumentBeforeChange paths seen in recent events.
import { isPlainDocument } from './ejsonWrappers';

export interface EventFieldPath {
  path: string;
  description: string;
  /** Values worth offering after the path (operationType's names). */
  values?: string[];
  /** True for paths found in the given events rather than in MongoDB's documented shape. */
  seen?: boolean;
}

export const OPERATION_TYPES = [
  'insert',
  'update',
  'replace',
  'delete',
  'drop',
  'rename',
  'dropDatabase',
  'invalidate',
] as const;

/** Extra event types with showExpandedEvents (MongoDB 6.0+). */
export const EXPANDED_OPERATION_TYPES = [
  'create',
  'createIndexes',
  'dropIndexes',
  'modify',
  'shardCollection',
  'reshardCollection',
  'refineCollectionShardKey',
] as const;

const FIXED: EventFieldPath[] = [
  { path: '_id', description: "The event's resume token: never remove or change it in the pipeline." },
  {
    path: 'operationType',
    description: 'What happened.',
    values: [...OPERATION_TYPES, ...EXPANDED_OPERATION_TYPES],
  },
  { path: 'ns.db', description: 'Database of the changed collection.' },
  { path: 'ns.coll', description: 'Collection that changed.' },
  { path: 'to.db', description: 'rename: the new database.' },
  { path: 'to.coll', description: 'rename: the new collection name.' },
  { path: 'documentKey', description: 'The changed document key.' },
  { path: 'documentKey._id', description: "The changed document's _id." },
  {
    path: 'fullDocument',
    description: 'The document after the change (inserts, replaces; updates with fullDocument).',
  },
  { path: 'fullDocumentBeforeChange', description: 'The document before the change (needs pre-images).' },
  { path: 'updateDescription', description: 'update events: what changed.' },
  { path: 'updateDescription.updatedFields', description: 'Changed fields, with dotted keys.' },
  { path: 'updateDescription.removedFields', description: 'Names of removed fields.' },
  { path: 'updateDescription.truncatedArrays', description: 'Arrays that were shrunk: {field, newSize}.' },
  {
    path: 'updateDescription.disambiguatedPaths',
    description: 'Paths with ambiguous dots (7.0+, showExpandedEvents).',
  },
  { path: 'clusterTime', description: 'Timestamp of the oplog entry.' },
  { path: 'wallTime', description: 'Server wall-clock date of the change (6.0+).' },
  { path: 'lsid', description: 'Session of a transaction or retryable write.' },
  { path: 'txnNumber', description: 'Transaction number, with lsid.' },
  { path: 'collectionUUID', description: 'UUID of the collection (showExpandedEvents).' },
  { path: 'operationDescription', description: 'DDL details (showExpandedEvents).' },
  { path: 'splitEvent', description: 'Fragment {fragment, of} with $changeStreamSplitLargeEvent.' },
];

const MAX_SEEN_PATHS = 500;
const MAX_DEPTH = 6;

/** Documented paths plus those found under fullDocument, fullDocumentBeforeChange and updatedFields. */
export function eventFieldPaths(recentEvents: readonly unknown[] = []): EventFieldPath[] {
  const known = new Set(FIXED.map((f) => f.path));
  const seen = new Set<string>();
  const add = (p: string): void => {
    if (!known.has(p) && seen.size < MAX_SEEN_PATHS) seen.add(p);
  };
  for (const ev of recentEvents) {
    if (!isPlainDocument(ev)) continue;
    collect(ev.fullDocument, 'fullDocument', add, 0);
    collect(ev.fullDocumentBeforeChange, 'fullDocumentBeforeChange', add, 0);
    const ud = ev.updateDescription;
    if (isPlainDocument(ud) && isPlainDocument(ud.updatedFields)) {
      for (const k of Object.keys(ud.updatedFields)) add(`updateDescription.updatedFields.${k}`);
    }
  }
  const extra = [...seen].sort().map((path) => ({ path, description: 'Seen in recent events.', seen: true }));
  return [...FIXED, ...extra];
}

function collect(v: unknown, prefix: string, add: (p: string) => void, depth: number): void {
  if (!isPlainDocument(v) || depth >= MAX_DEPTH) return;
  for (const k of Object.keys(v)) {
    const p = `${prefix}.${k}`;
    add(p);
    collect(v[k], p, add, depth + 1);
  }
}
