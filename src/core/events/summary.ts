// Turns one change event into the small row the list shows: time, operation, namespace, key and
// what changed. Everything is bounded so a huge event still yields a short row.
import type { Document } from 'bson';
import { fieldsText, quote, type Json } from '../../shared/bsonText';
import type { EventSummary } from './model';
import { clusterTimeOf, transactionKey } from '../insight/transactions';
import { truncate } from './shortText';

const MAX_OP = 40;
const MAX_NS = 200;
const MAX_KEY = 120;
const MAX_CHANGED = 160;

/** `keyEjson`: the documentKey's canonical EJSON when the caller already has it (the log does), so it is not serialized again. */
export function summarizeChange(
  change: Document,
  seq: number,
  bytes: number,
  receivedAt: number,
  keyEjson?: string,
): EventSummary {
  const op = typeof change.operationType === 'string' ? change.operationType : 'unknown';
  const summary: EventSummary = {
    seq,
    time: new Date(eventTime(change) ?? receivedAt).toISOString(),
    op: truncate(op, MAX_OP),
    ns: namespaceOf(change.ns),
    key:
      change.documentKey === undefined
        ? ''
        : keyEjson
          ? keyTextOf(keyEjson)
          : truncate(documentKeyText(change.documentKey), MAX_KEY),
    changed: truncate(changedText(op, change), MAX_CHANGED),
    bytes,
    hasPre: change.fullDocumentBeforeChange !== undefined && change.fullDocumentBeforeChange !== null,
    hasPost: change.fullDocument !== undefined && change.fullDocument !== null,
  };
  const split = change.splitEvent as { fragment?: unknown; of?: unknown } | undefined;
  if (split && typeof split === 'object') {
    summary.split = { fragment: Number(split.fragment), of: Number(split.of) };
  }
  const txn = transactionKey(change);
  if (txn !== undefined) summary.txn = { key: txn, ...(clusterTimeOf(change) ?? { t: 0, i: 0 }) };
  return summary;
}

/** Epoch ms of the event: wallTime (millisecond precision, MongoDB 6.0+) first, else the
 *  clusterTime's seconds (a BSON Timestamp whose high 32 bits are seconds). */
function eventTime(change: Document): number | undefined {
  const wall = change.wallTime;
  if (wall instanceof Date && !Number.isNaN(wall.getTime())) return wall.getTime();
  const ct = change.clusterTime as { t?: unknown; high?: unknown; getHighBits?: () => number } | undefined;
  if (ct && typeof ct === 'object') {
    const seconds =
      typeof ct.t === 'number' ? ct.t : typeof ct.getHighBits === 'function' ? ct.getHighBits() >>> 0 : undefined;
    if (seconds !== undefined && seconds > 0) return seconds * 1000;
  }
  return undefined;
}

/** A summary's `ns`: what the list shows and the quick filter's free text reads (the log keeps it per event). */
export function namespaceOf(ns: unknown): string {
  return truncate(namespaceText(ns), MAX_NS);
}

/** A summary's `key` from the documentKey's canonical EJSON. */
export function keyTextOf(keyEjson: string): string {
  return truncate(fieldsText(JSON.parse(keyEjson) as Json), MAX_KEY);
}

function namespaceText(ns: unknown): string {
  if (typeof ns !== 'object' || ns === null) return '';
  const { db, coll } = ns as { db?: unknown; coll?: unknown };
  if (typeof db !== 'string') return '';
  return typeof coll === 'string' ? `${db}.${coll}` : db;
}

function changedText(op: string, change: Document): string {
  if (op === 'rename') {
    const to = namespaceText(change.to);
    return to ? `to ${to}` : '';
  }
  if (op !== 'update') return '';
  const d = change.updateDescription as
    { updatedFields?: Document; removedFields?: unknown[]; truncatedArrays?: { field?: unknown }[] } | undefined;
  if (!d || typeof d !== 'object') return '';
  const parts: string[] = [];
  const set = d.updatedFields ? Object.keys(d.updatedFields) : [];
  if (set.length > 0) parts.push(`set ${set.join(', ')}`);
  const unset = Array.isArray(d.removedFields) ? d.removedFields.map(String) : [];
  if (unset.length > 0) parts.push(`unset ${unset.join(', ')}`);
  const truncated = Array.isArray(d.truncatedArrays) ? d.truncatedArrays.map((t) => String(t?.field)) : [];
  if (truncated.length > 0) parts.push(`truncated ${truncated.join(', ')}`);
  return parts.join(' · ');
}

type EJSONModule = typeof import('bson').EJSON;
let ejson: EJSONModule | undefined;

/** The document key in the one mongosh-style rendering the details pane uses (src/shared/bsonText). */
export function documentKeyText(key: unknown): string {
  const usual = idOnlyText(key);
  if (usual !== undefined) return usual;
  ejson ??= (require('bson') as typeof import('bson')).EJSON;
  return fieldsText(ejson.serialize(key, { relaxed: false }) as Json);
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

/**
 * The usual key, a lone `_id` holding an int32, a string or an ObjectId, written directly: the text
 * fieldsText makes of its EJSON (summary.test checks them equal), without the EJSON, which was most
 * of a summary's cost. Undefined for any other key.
 */
function idOnlyText(key: unknown): string | undefined {
  if (typeof key !== 'object' || key === null || Object.getPrototypeOf(key) !== Object.prototype) return undefined;
  let id: unknown;
  let fields = 0;
  for (const k in key) {
    if (k !== '_id' || ++fields > 1) return undefined;
    id = (key as { _id: unknown })._id;
  }
  if (fields !== 1) return undefined;
  switch (typeof id) {
    case 'number':
      return Number.isInteger(id) && id >= INT32_MIN && id <= INT32_MAX && !Object.is(id, -0)
        ? `_id: ${id}`
        : undefined;
    case 'string':
      return wellFormed(id) ? `_id: ${quote(id)}` : undefined;
    case 'object': {
      const oid = id as { _bsontype?: unknown; toHexString?: () => string } | null;
      return oid?._bsontype === 'ObjectId' && typeof oid.toHexString === 'function'
        ? `_id: ObjectId('${oid.toHexString()}')`
        : undefined;
    }
    default:
      return undefined;
  }
}

/** A lone surrogate takes the EJSON path, whatever it makes of it. */
function wellFormed(s: string): boolean {
  return !/[\ud800-\udfff]/.test(s);
}
