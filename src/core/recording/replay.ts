// Replays recorded change events into one collection, in order: inserts insert the full document,
// replaces replace it (upserting), updates apply their updateDescription (truncated arrays, then
// updated and removed fields) or, without one, the post-image, deletes delete by document key.
// A dry run comes first; writing into a collection that already holds documents needs a second yes.
import type { Collection, Document } from 'mongodb';
import { holdsMaskedValue } from './masking';

export const REPLAYED_OPS = ['insert', 'update', 'replace', 'delete'] as const;
export type ReplayedOp = (typeof REPLAYED_OPS)[number];

export interface ReplayPlan {
  /** Events per operation that will be written. */
  counts: Record<ReplayedOp, number>;
  /** Events left out, by why (another namespace, an operation replay does not write). */
  skipped: { reason: string; count: number }[];
  /** Namespaces ("db.coll") of the recording's document events, with their counts. */
  namespaces: Record<string, number>;
  /** The source namespace replayed (undefined: every namespace into the one target). */
  from: string | undefined;
  /** Events that carry masked values: they are written with the masked text. */
  masked: number;
  total: number;
}

export interface ReplayIssue {
  index: number;
  op: string;
  reason: string;
}

export interface ReplayResult {
  applied: number;
  skipped: ReplayIssue[];
  failed: ReplayIssue[];
  cancelled: boolean;
}

export interface ReplayEvent {
  change: Document;
  /** Its canonical EJSON text when known (saves re-serialising to spot masked values). */
  ejson?: string;
}

export class ReplayRefusedError extends Error {
  readonly code = 'replay.targetNotEmpty';
  constructor(readonly target: string) {
    super(`${target} already holds documents: replay writes into an empty collection unless you confirm twice.`);
    this.name = 'ReplayRefusedError';
  }
}

const nsOf = (c: Document): string | undefined => {
  const ns = c.ns as { db?: unknown; coll?: unknown } | undefined;
  return typeof ns?.db === 'string' && typeof ns.coll === 'string' ? `${ns.db}.${ns.coll}` : undefined;
};
const isReplayed = (op: unknown): op is ReplayedOp => REPLAYED_OPS.includes(op as ReplayedOp);

/** What a replay would do: counts per operation, what it leaves out and why. Writes nothing. */
export function planReplay(events: readonly ReplayEvent[], from?: string): ReplayPlan {
  const counts: Record<ReplayedOp, number> = { insert: 0, update: 0, replace: 0, delete: 0 };
  const skipped = new Map<string, number>();
  const namespaces: Record<string, number> = {};
  let masked = 0;
  for (const { change, ejson } of events) {
    const op = change.operationType;
    const ns = nsOf(change);
    if (isReplayed(op) && ns) namespaces[ns] = (namespaces[ns] ?? 0) + 1;
    const why = skipReason(change, from);
    if (why) {
      skipped.set(why, (skipped.get(why) ?? 0) + 1);
      continue;
    }
    counts[op as ReplayedOp]++;
    if (holdsMaskedValue(ejson ?? JSON.stringify(change))) masked++;
  }
  return {
    counts,
    skipped: [...skipped].map(([reason, count]) => ({ reason, count })),
    namespaces,
    from,
    masked,
    total: events.length,
  };
}

function skipReason(change: Document, from: string | undefined): string | undefined {
  const op = change.operationType;
  if (!isReplayed(op)) return `${typeof op === 'string' ? op : 'unknown'} events are not replayed`;
  if (from !== undefined && nsOf(change) !== from) return `events of other namespaces than ${from}`;
  if (change.splitEvent) return 'fragments of split events are not replayed';
  return undefined;
}

export interface ReplayOptions {
  /** The source namespace to replay; other namespaces are skipped. */
  from?: string;
  /** Write even though the target holds documents (the person confirmed twice). */
  allowNonEmpty: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Whether the collection holds at least one document. */
export async function holdsDocuments(coll: Collection): Promise<boolean> {
  return (await coll.findOne({}, { projection: { _id: 1 } })) !== null;
}

/** Applies the events to the collection in order; one failing event is reported and the rest go on. */
export async function applyReplay(
  coll: Collection,
  events: readonly ReplayEvent[],
  opts: ReplayOptions,
): Promise<ReplayResult> {
  if (!opts.allowNonEmpty && (await holdsDocuments(coll))) {
    throw new ReplayRefusedError(`${coll.dbName}.${coll.collectionName}`);
  }
  const result: ReplayResult = { applied: 0, skipped: [], failed: [], cancelled: false };
  for (let index = 0; index < events.length; index++) {
    if (opts.signal?.aborted) {
      result.cancelled = true;
      break;
    }
    const { change } = events[index];
    const op = String(change.operationType);
    const why = skipReason(change, opts.from);
    if (why) result.skipped.push({ index, op, reason: why });
    else {
      try {
        const failure = await applyOne(coll, change);
        if (failure) result.failed.push({ index, op, reason: failure });
        else result.applied++;
      } catch (err) {
        result.failed.push({ index, op, reason: err instanceof Error ? err.message : String(err) });
      }
    }
    if ((index + 1) % 100 === 0 || index + 1 === events.length) opts.onProgress?.(index + 1, events.length);
  }
  return result;
}

/** Writes one event; returns why it could not be applied, or undefined. */
async function applyOne(coll: Collection, change: Document): Promise<string | undefined> {
  const op = change.operationType as ReplayedOp;
  const key = change.documentKey as Document | undefined;
  const full = change.fullDocument as Document | null | undefined;
  if (op === 'insert') {
    if (!full) return 'the insert event carries no fullDocument';
    await coll.insertOne(full);
    return undefined;
  }
  if (!key || typeof key !== 'object') return `the ${op} event carries no documentKey`;
  if (op === 'delete') {
    const r = await coll.deleteOne(key);
    return r.deletedCount === 1 ? undefined : 'no document with its key in the target (deleted already?)';
  }
  if (op === 'replace') {
    if (!full) return 'the replace event carries no fullDocument';
    await coll.replaceOne(key, full, { upsert: true });
    return undefined;
  }
  const ud = change.updateDescription as
    | { updatedFields?: Document; removedFields?: string[]; truncatedArrays?: { field: string; newSize: number }[] }
    | undefined;
  if (!ud) {
    if (!full) return 'the update event carries neither an updateDescription nor a post-image';
    await coll.replaceOne(key, full, { upsert: true });
    return undefined;
  }
  // Truncation first, as the server computes it: `arr.2` in updatedFields is relative to the cut array.
  const truncated = ud.truncatedArrays ?? [];
  if (truncated.length > 0) {
    const push: Document = {};
    for (const t of truncated) push[t.field] = { $each: [], $slice: Number(t.newSize) };
    const r = await coll.updateOne(key, { $push: push });
    if (r.matchedCount === 0) return 'no document with its key in the target (inserted before the recording?)';
  }
  const update: Document = {};
  const set = ud.updatedFields ?? {};
  if (Object.keys(set).length > 0) update.$set = set;
  const removed = ud.removedFields ?? [];
  if (removed.length > 0) update.$unset = Object.fromEntries(removed.map((f) => [f, '']));
  if (Object.keys(update).length === 0) {
    if (truncated.length > 0) return undefined;
    const exists = await coll.findOne(key, { projection: { _id: 1 } });
    return exists ? undefined : 'no document with its key in the target (inserted before the recording?)';
  }
  const r = await coll.updateOne(key, update);
  return r.matchedCount === 1 ? undefined : 'no document with its key in the target (inserted before the recording?)';
}
