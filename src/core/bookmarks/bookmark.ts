// Making bookmarks: from an event (its `_id` is the token) or from a watch's current position,
// plus the small questions the views ask of one (its namespace, its token for the driver).
import { EJSON, type Document } from 'bson';
import { decodeResumeToken } from '../tokens/resumeToken';
import { documentKeyText } from '../events/summary';
import { truncate } from '../events/shortText';
import { LIMITS, type Bookmark, type BookmarkScope, type BookmarkWatchOptions, type StoredToken } from './schema';

export type { Bookmark, BookmarkScope, BookmarkWatchOptions, StoredToken } from './schema';

/** What is in force when the bookmark is taken; never the connection string. */
export interface BookmarkContext {
  connectionId: string;
  connectionName?: string;
  scope: BookmarkScope;
  /** The watch's pipeline as driver values (EJSON-serializable). */
  pipeline: readonly Document[];
  options: BookmarkWatchOptions;
  label?: string;
  note?: string;
  /** Injected so tests and imports are deterministic. */
  newId: () => string;
  now: () => Date;
}

/** A bookmark on one change event; its `_id` is the token. Throws when the event has no usable token. */
export function bookmarkFromEvent(event: Document, ctx: BookmarkContext): Bookmark {
  const token = storedToken(event._id);
  const wall = event.wallTime instanceof Date && !Number.isNaN(event.wallTime.getTime()) ? event.wallTime : undefined;
  const operationType = typeof event.operationType === 'string' ? truncate(event.operationType, 64) : undefined;
  const key =
    event.documentKey !== undefined ? truncate(documentKeyText(event.documentKey), LIMITS.shortTextLength) : undefined;
  const label = ctx.label ?? defaultLabel(operationType, key);
  return make(token, ctx, { wall, operationType, documentKey: key, label, invalidate: operationType === 'invalidate' });
}

/** A bookmark on a watch's position between events (its postBatchResumeToken or last token). */
export function bookmarkFromPosition(token: unknown, ctx: BookmarkContext): Bookmark {
  return make(storedToken(token), ctx, { label: ctx.label ?? 'Position' });
}

function make(
  token: StoredToken,
  ctx: BookmarkContext,
  extra: { wall?: Date; operationType?: string; documentKey?: string; label: string; invalidate?: boolean },
): Bookmark {
  const decoded = decodeResumeToken(token);
  const wall = extra.wall ?? decoded.date;
  const b: Bookmark = {
    id: ctx.newId(),
    connectionId: ctx.connectionId,
    scope: { ...ctx.scope },
    token,
    pipeline: ctx.pipeline.map((s) => EJSON.serialize(s, { relaxed: false }) as Record<string, unknown>),
    options: { ...ctx.options },
    label: truncate(extra.label, LIMITS.labelLength),
    createdAt: ctx.now().toISOString(),
    fromInvalidate: extra.invalidate === true || decoded.fromInvalidate === true,
  };
  if (ctx.connectionName !== undefined) b.connectionName = truncate(ctx.connectionName, LIMITS.nameLength);
  if (decoded.clusterTime) b.clusterTime = { ...decoded.clusterTime };
  if (wall) b.wallTime = wall.toISOString();
  if (extra.operationType !== undefined) b.operationType = extra.operationType;
  if (extra.documentKey !== undefined) b.documentKey = extra.documentKey;
  if (ctx.note !== undefined && ctx.note !== '') b.note = truncate(ctx.note, LIMITS.noteLength);
  return b;
}

/** The same bookmark at a later token (follow mode): time, operation and key follow the token. */
export function movedTo(
  b: Bookmark,
  token: StoredToken,
  event?: { operationType?: string; documentKey?: string },
): Bookmark {
  const decoded = decodeResumeToken(token);
  const { clusterTime: _t, wallTime: _w, operationType: _o, documentKey: _k, ...rest } = b;
  void [_t, _w, _o, _k];
  const out: Bookmark = { ...rest, token, fromInvalidate: decoded.fromInvalidate === true };
  if (decoded.clusterTime) out.clusterTime = { ...decoded.clusterTime };
  if (decoded.date) out.wallTime = decoded.date.toISOString();
  if (event?.operationType !== undefined) out.operationType = truncate(event.operationType, 64);
  if (event?.documentKey !== undefined) out.documentKey = truncate(event.documentKey, LIMITS.shortTextLength);
  return out;
}

function defaultLabel(op: string | undefined, key: string | undefined): string {
  if (!op) return 'Event';
  return key ? `${op} ${key}` : op;
}

/** The token in canonical EJSON, as stored; refuses anything the driver did not hand out as a token. */
export function storedToken(token: unknown): StoredToken {
  const data = typeof token === 'object' && token !== null ? (token as { _data?: unknown })._data : undefined;
  if (typeof data !== 'string' || !/^[0-9A-Fa-f]+$/.test(data) || data.length > LIMITS.tokenHexLength) {
    throw new TypeError('This value is not a resume token (an object with a hex `_data`).');
  }
  const typeBits = (token as { _typeBits?: unknown })._typeBits;
  if (typeBits === undefined || typeBits === null) return { _data: data };
  return EJSON.serialize({ _data: data, _typeBits: typeBits }, { relaxed: false }) as StoredToken;
}

/** The token as the driver wants it back (`_typeBits` as a Binary again). */
export function driverToken(b: Pick<Bookmark, 'token'>): Document {
  return EJSON.deserialize(b.token as Document, { relaxed: false });
}

/** The pipeline as driver values. */
export function driverPipeline(b: Pick<Bookmark, 'pipeline'>): Document[] {
  return b.pipeline.map((s) => EJSON.deserialize(s as Document, { relaxed: false }));
}

/** `db.coll`, `db` or `(deployment)`: the grouping key of the Bookmarks view. */
export function namespaceOf(scope: BookmarkScope): string {
  if (scope.kind === 'collection') return `${scope.db}.${scope.coll}`;
  if (scope.kind === 'database') return scope.db;
  return '(deployment)';
}

/** Canonical text of a pipeline, for "is this the same pipeline" (key order matters to the server too). */
export function pipelineText(pipeline: readonly unknown[]): string {
  return EJSON.stringify(pipeline as Document[], { relaxed: false });
}
