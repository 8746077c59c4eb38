// The one declaration of a bookmark's shape, with bounds. Stored bookmarks and imported files are
// both read through it, so a hand-edited or hostile file can never put an unchecked value in the store.
import * as v from 'valibot';

export const LIMITS = {
  idLength: 100,
  nameLength: 255,
  labelLength: 200,
  noteLength: 4000,
  tokenHexLength: 32_768,
  pipelineStages: 50,
  shortTextLength: 300,
  bookmarksPerFile: 10_000,
  fileBytes: 5 * 1024 * 1024,
} as const;

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const name = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.nameLength));
const uint32 = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff));

export const ScopeSchema = v.variant('kind', [
  v.object({ kind: v.literal('collection'), db: name, coll: name }),
  v.object({ kind: v.literal('database'), db: name }),
  v.object({ kind: v.literal('deployment') }),
]);
export type BookmarkScope = v.InferOutput<typeof ScopeSchema>;

/** A resume token as the server sent it, in canonical EJSON (`_typeBits` is BinData when present). */
export const TokenSchema = v.object({
  _data: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.tokenHexLength), v.regex(/^[0-9A-Fa-f]+$/, 'not hex')),
  _typeBits: v.optional(
    v.object({
      $binary: v.object({
        base64: v.pipe(v.string(), v.maxLength(4096), v.base64()),
        subType: v.pipe(v.string(), v.regex(/^[0-9a-fA-F]{1,2}$/)),
      }),
    }),
  ),
});
export type StoredToken = v.InferOutput<typeof TokenSchema>;

export const WatchOptionsSchema = v.object({
  fullDocument: v.optional(v.picklist(['default', 'updateLookup', 'whenAvailable', 'required'])),
  fullDocumentBeforeChange: v.optional(v.picklist(['off', 'whenAvailable', 'required'])),
  showExpandedEvents: v.optional(v.boolean()),
  batchSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))),
  maxAwaitTimeMS: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60_000))),
});
export type BookmarkWatchOptions = v.InferOutput<typeof WatchOptionsSchema>;

/** Stages as canonical EJSON: one `$stage` key each. Their content is checked by the server at open. */
const StageSchema = v.pipe(
  v.record(v.string(), v.unknown()),
  v.check((s) => {
    const keys = Object.keys(s);
    return keys.length === 1 && keys[0].startsWith('$');
  }, 'a pipeline stage has exactly one key, starting with $'),
);

export const BookmarkSchema = v.object({
  id: v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(LIMITS.idLength),
    v.regex(/^[\w.-]+$/, 'id: letters, digits, . _ - only'),
  ),
  connectionId: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.idLength)),
  /** Display name of the connection, to rebind a shared file; never the connection string. */
  connectionName: v.optional(text(LIMITS.nameLength)),
  scope: ScopeSchema,
  token: TokenSchema,
  clusterTime: v.optional(v.object({ t: uint32, i: uint32 })),
  /** ISO date-time: the event's wallTime, else the cluster time's seconds. */
  wallTime: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  operationType: v.optional(text(64)),
  /** Short text of the event's document key (`_id: ObjectId('…')`), for display only. */
  documentKey: v.optional(text(LIMITS.shortTextLength)),
  pipeline: v.pipe(v.array(StageSchema), v.maxLength(LIMITS.pipelineStages)),
  options: WatchOptionsSchema,
  label: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.labelLength)),
  note: v.optional(text(LIMITS.noteLength)),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  fromInvalidate: v.boolean(),
  /** Follow mode: the bookmark moves with its watch (kept saved, throttled); one per watch target. */
  follow: v.optional(v.boolean()),
});
export type Bookmark = v.InferOutput<typeof BookmarkSchema>;

export const FILE_FORMAT = 'change-stream-inspector.bookmarks';
export const FILE_VERSION = 1;

/** The envelope of an export file; entries are validated one by one so one bad entry spoils nothing. */
export const FileEnvelopeSchema = v.object({
  format: v.literal(FILE_FORMAT),
  version: v.number(),
  exportedAt: v.optional(v.string()),
  bookmarks: v.array(v.unknown()),
});

/** The first problem of a failed parse as one line: `path: message`. */
export function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'invalid';
  const path = v.getDotPath(issue);
  return path ? `${path}: ${issue.message}` : issue.message;
}
