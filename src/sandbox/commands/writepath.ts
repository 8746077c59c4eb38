// Shared write paths: locate matching documents, insert/update/delete one document and record
// its oplog entry (with images where the collection enables them and a size hint for batching).
import { BSON, ObjectId, type Timestamp } from 'bson';
import type { SandboxState } from '../server/state';
import { CommandError } from '../base/errors';
import type { Collection } from '../storage/collection';
import { type Doc, bsonTypeOf, isPlainObject, keyOf } from '../base/values';
import { compileFilter, sortDocs } from '../query/match';
import { applyUpdate, isOperatorUpdate } from '../query/update';
import { describeUpdate, isEmptyDescription } from '../query/updatedescription';
import { rawBytes } from '../base/raw';
import { LazyDoc } from '../base/lazy';
import { validatorFor } from '../query/validator';

const LARGE_BYTES = 4 * 1024 * 1024;
const MAX_DOC_BYTES = 16 * 1024 * 1024;
/** Upper-bound BSON size of stored document versions; exact only for large writes. */
const docBytes = new WeakMap<Doc, number>();

export function validCollName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0)
    throw new CommandError(73, `Invalid namespace specified '${String(name)}'`);
  if (name.includes('\0') || name.startsWith('.') || name.includes('$'))
    throw new CommandError(73, `Invalid collection name: ${name}`);
  return name;
}

export function collectionFor(state: SandboxState, db: string, name: string): Collection {
  const { coll, created } = state.catalog.ensure(db, name);
  if (created) recordCreate(state, coll);
  return coll;
}

export function recordCreate(state: SandboxState, coll: Collection): void {
  const opts: Doc = { ...coll.options };
  state.record({
    op: 'create',
    db: coll.db,
    coll: coll.name,
    uuid: coll.uuid,
    operationDescription: { idIndex: { v: 2, key: { _id: 1 }, name: '_id_' }, ...opts },
  });
}

export function matching(coll: Collection | undefined, filter: unknown, sort?: unknown, limit = Infinity): Doc[] {
  if (!coll) return [];
  if (
    isPlainObject(filter) &&
    Object.keys(filter).length === 1 &&
    filter._id !== undefined &&
    !isOperatorObject(filter._id)
  ) {
    const d = coll.get(keyOf(filter._id));
    return d ? [d] : [];
  }
  const pred = compileFilter(filter);
  const out: Doc[] = [];
  const sorted = isPlainObject(sort) && Object.keys(sort).length > 0;
  for (const d of coll.values()) {
    if (pred(d)) {
      out.push(d);
      if (!sorted && out.length >= limit) break;
    }
  }
  return sorted ? sortDocs(out, sort).slice(0, limit) : out;
}

function isOperatorObject(v: unknown): boolean {
  return isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$'));
}

function withIdFirst(doc: Doc): Doc {
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  const out = { _id, ...rest };
  const raw = rawBytes.get(doc);
  if (raw) rawBytes.set(out, raw);
  return out;
}

/** mongod replaces a top-level Timestamp(0, 0) of an inserted document (not _id) with the current cluster time. */
function fillEmptyTimestamps(state: SandboxState, doc: Doc): Doc {
  let out = doc;
  for (const [k, v] of Object.entries(doc)) {
    if (k !== '_id' && bsonTypeOf(v) === 'Timestamp' && (v as Timestamp).isZero()) {
      if (out === doc) out = { ...doc };
      out[k] = state.clock.tick();
    }
  }
  return out;
}

function sizeHint(doc: Doc, hint: number, updating = false): number {
  if (hint <= LARGE_BYTES) return hint;
  const exact = BSON.calculateObjectSize(doc);
  if (exact > MAX_DOC_BYTES) {
    if (updating) throw new CommandError(17419, `Resulting document after update is larger than ${MAX_DOC_BYTES}`);
    throw new CommandError(2, `object to insert too large. size in bytes: ${exact}, max size: ${MAX_DOC_BYTES}`);
  }
  return exact;
}

export interface WriteOptions {
  /** The command's bypassDocumentValidation: the collection validator is not applied. */
  bypassValidation?: boolean;
}

/** mongod refuses an _id that is (or holds) a document with a '$'-prefixed field. */
function checkId(id: unknown): void {
  if (!isPlainObject(id)) return;
  for (const [k, v] of Object.entries(id)) {
    if (k.startsWith('$'))
      throw new CommandError(52, `_id fields may not contain '$'-prefixed fields: ${k} is not valid for storage.`);
    checkId(v);
  }
}

export function insertOne(
  state: SandboxState,
  coll: Collection,
  raw: Doc | LazyDoc,
  hint: number,
  opts: WriteOptions = {},
): unknown {
  const validate = opts.bypassValidation ? undefined : validatorFor(coll.options);
  if (raw instanceof LazyDoc) {
    checkId(raw.id);
    validate?.(raw.doc);
    const size = raw.raw.length;
    if (size > MAX_DOC_BYTES)
      throw new CommandError(2, `object to insert too large. size in bytes: ${size}, max size: ${MAX_DOC_BYTES}`);
    if (Array.isArray(raw.id)) throw new CommandError(2, "can't use an array for _id");
    coll.insert(raw);
    state.record({
      op: 'insert',
      db: coll.db,
      coll: coll.name,
      uuid: coll.uuid,
      documentKey: { _id: raw.id },
      doc: raw,
      bytes: size,
      large: size > LARGE_BYTES,
    });
    return raw.id;
  }
  if (!isPlainObject(raw)) throw new CommandError(2, 'document to insert must be an object');
  const doc = fillEmptyTimestamps(state, withIdFirst(raw));
  if (Array.isArray(doc._id)) throw new CommandError(2, "can't use an array for _id");
  checkId(doc._id);
  validate?.(doc);
  const bytes = sizeHint(doc, hint);
  coll.insert(doc);
  docBytes.set(doc, bytes);
  state.record({
    op: 'insert',
    db: coll.db,
    coll: coll.name,
    uuid: coll.uuid,
    documentKey: { _id: doc._id },
    doc,
    bytes,
    large: bytes > LARGE_BYTES,
  });
  return doc._id;
}

/** Applies an update to one stored document; returns the new version, or undefined for a no-op. */
export function updateOne(
  state: SandboxState,
  coll: Collection,
  doc: Doc,
  update: unknown,
  arrayFilters: Doc[] | undefined,
  filter: Doc | undefined,
  hint: number,
  opts: WriteOptions = {},
): Doc | undefined {
  const next = applyUpdate(doc, { update, arrayFilters, filter });
  if (!opts.bypassValidation) validatorFor(coll.options)?.(next, doc);
  const replacement = !Array.isArray(update) && !isOperatorUpdate(update);
  const desc = replacement ? undefined : describeUpdate(doc, next);
  if (desc && isEmptyDescription(desc)) return undefined;
  const bytes = sizeHint(next, (docBytes.get(doc) ?? rawBytes.get(doc)?.length ?? 1024) + hint, true);
  const id = keyOf(doc._id);
  coll.replace(id, next);
  docBytes.set(next, bytes);
  const images = coll.imagesEnabled();
  state.record({
    op: replacement ? 'replace' : 'update',
    db: coll.db,
    coll: coll.name,
    uuid: coll.uuid,
    documentKey: { _id: next._id },
    doc: replacement ? next : undefined,
    updateDescription: desc,
    pre: images ? doc : undefined,
    post: images ? next : undefined,
    bytes,
    large: bytes > LARGE_BYTES,
  });
  return next;
}

export function deleteOne(state: SandboxState, coll: Collection, doc: Doc): void {
  coll.remove(keyOf(doc._id));
  const images = coll.imagesEnabled();
  state.record({
    op: 'delete',
    db: coll.db,
    coll: coll.name,
    uuid: coll.uuid,
    documentKey: { _id: doc._id },
    pre: images ? doc : undefined,
    bytes: docBytes.get(doc) ?? 1024,
    large: (docBytes.get(doc) ?? 0) > LARGE_BYTES,
  });
}

/** The document an upsert inserts: equality fields of the filter, then the update applied. */
export function upsertDocument(filter: Doc, update: unknown, arrayFilters?: Doc[]): Doc {
  const base: Doc = {};
  for (const [k, v] of Object.entries(filter ?? {})) {
    if (k.startsWith('$') || k.includes('.') || isOperatorObject(v)) continue;
    base[k] = v;
  }
  if (!Array.isArray(update) && !isOperatorUpdate(update)) {
    const repl = update as Doc;
    return withIdFirst({ ...(base._id !== undefined && repl._id === undefined ? { _id: base._id } : {}), ...repl });
  }
  const out = applyUpdate(base, { update, arrayFilters, inserting: true });
  return withIdFirst(out);
}
