// Canonical EJSON text of a change event in one pass, the same text `EJSON.stringify(x, {relaxed: false})`
// gives (test/unit/core/events/canonicalJson.test.ts compares them). bson's stringify first builds a
// whole second tree of wrapper objects and then JSON.stringify-s it; this writes the text directly,
// and hands back the `_id`'s text (the resume token) and the `documentKey`'s on the way, so the log
// does not serialize them again. What it does not know (Map, RegExp, functions, bigint, cycles, an
// object of another class, a BSON value of another bson copy) it leaves to bson: a BSON value's text
// is bson's for that value, anything else makes the whole event bson's.
import type { Document } from 'bson';
import { INDEXED_KEYS, type IndexedKey, type IndexedOffsets } from './indexedKeys';

type BsonModule = typeof import('bson');
let bsonModule: BsonModule | undefined;
/** bson, required on first use, not at import (activation time; the webview never loads this). */
export function bson(): BsonModule {
  bsonModule ??= require('bson') as BsonModule;
  return bsonModule;
}

const CANONICAL = { relaxed: false, legacy: false } as const;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const INT64_MIN = -(2 ** 63);
const INT64_MAX = 2 ** 63;
/** Deeper than this is left to bson (which also reports cycles). */
const MAX_DEPTH = 200;

/** Thrown inside the writer when a value is better left to bson; never escapes this module. */
class Unusual extends Error {}
const UNUSUAL = new Unusual();

export interface CanonicalText {
  /** The whole value as compact canonical EJSON. */
  ejson: string;
  /** The top-level `_id`'s canonical EJSON, '' when there is none (or it is undefined). */
  id: string;
  /** The top-level `documentKey`'s canonical EJSON, '' when there is none (or it is undefined). */
  documentKey: string;
  /**
   * Where the values of the top-level keys the quick filter reads most (INDEXED_KEYS) start in `ejson`,
   * -1 for a key the event lacks; absent when bson wrote the text (then nobody knows).
   */
  valueAt?: IndexedOffsets;
}

/** Canonical EJSON of a change event, with its `_id` and `documentKey` texts. Throws what bson throws. */
export function canonicalText(change: Document): CanonicalText {
  try {
    if (Object.getPrototypeOf(change) !== Object.prototype && Object.getPrototypeOf(change) !== null) throw UNUSUAL;
    if ((change as { _bsontype?: unknown })._bsontype !== undefined) throw UNUSUAL;
    let out = '{';
    let id = '';
    let documentKey = '';
    let first = true;
    const valueAt: IndexedOffsets = [-1, -1, -1];
    for (const key of Object.keys(change)) {
      const text = write(change[key], 1);
      if (key === '_id') id = text;
      else if (key === 'documentKey') documentKey = text;
      const head = (first ? '' : ',') + JSON.stringify(key) + ':';
      const k = INDEXED_KEYS.indexOf(key as IndexedKey);
      if (k >= 0) valueAt[k] = out.length + head.length;
      out += head + text;
      first = false;
    }
    // bson writes undefined as null; the texts the log kept before wrote it too, so keep that.
    if (change._id === undefined) id = '';
    if (change.documentKey === undefined) documentKey = '';
    // The token is kept beside the text: flat, not as a rope of its pieces (+100 B per event held).
    // The text itself is flattened by the log's Buffer.byteLength, and the collector drops its rope.
    flatten(id);
    return { ejson: out + '}', id, documentKey, valueAt };
  } catch (e) {
    if (!(e instanceof Unusual)) throw e;
    const { EJSON } = bson();
    return {
      ejson: EJSON.stringify(change, CANONICAL),
      id: change._id === undefined ? '' : EJSON.stringify(change._id, CANONICAL),
      documentKey: change.documentKey === undefined ? '' : EJSON.stringify(change.documentKey, CANONICAL),
    };
  }
}

/** Kept so the engine cannot drop the conversion below as unused. */
let _sink = 0;
/**
 * A string built by `+=` is a rope of every piece, which holds more memory than the flat text.
 * Converting it to a number flattens it in place; the collector then drops the pieces.
 */
function flatten(s: string): void {
  _sink ^= Number(s) | 0;
}

function write(v: unknown, depth: number): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return number(v);
    case 'undefined':
      return 'null';
    case 'object':
      break;
    default:
      // function, symbol, bigint: bson's rules for them are odd (dropped keys, toJSON); leave them to it.
      throw UNUSUAL;
  }
  if (v === null) return 'null';
  if (depth > MAX_DEPTH) throw UNUSUAL;
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + write(v[i], depth + 1);
    return out + ']';
  }
  if (v instanceof Date) return `{"$date":{"$numberLong":"${String(v.getTime())}"}}`;
  const bsontype = (v as { _bsontype?: unknown })._bsontype;
  if (bsontype !== undefined) return bsonValue(v as { _bsontype: unknown }, bsontype);
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw UNUSUAL;
  let out = '{';
  let first = true;
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + write(o[key], depth + 1);
    first = false;
  }
  return out + '}';
}

/** bson's canonical rules for a JS number: int32, then int64, else double. */
function number(n: number): string {
  if (Number.isInteger(n) && !Object.is(n, -0)) {
    if (n >= INT32_MIN && n <= INT32_MAX) return `{"$numberInt":"${n.toString()}"}`;
    if (n >= INT64_MIN && n <= INT64_MAX) return `{"$numberLong":"${n.toString()}"}`;
  }
  return `{"$numberDouble":"${Object.is(n, -0) ? '-0.0' : n.toString()}"}`;
}

/** A BSON value: the common ones of this bson through their own toExtendedJSON, the rest through bson. */
function bsonValue(v: { _bsontype: unknown }, bsontype: unknown): string {
  const b = bson();
  if (bsontype === 'ObjectId' && v instanceof b.ObjectId) return `{"$oid":"${v.toHexString()}"}`;
  if (
    (bsontype === 'Long' && v instanceof b.Long) ||
    (bsontype === 'Timestamp' && v instanceof b.Timestamp) ||
    (bsontype === 'Int32' && v instanceof b.Int32) ||
    (bsontype === 'Double' && v instanceof b.Double) ||
    (bsontype === 'Decimal128' && v instanceof b.Decimal128)
  ) {
    // toExtendedJSON is what bson's stringify calls on them; it is not in bson's public types.
    return JSON.stringify((v as unknown as { toExtendedJSON(o: typeof CANONICAL): unknown }).toExtendedJSON(CANONICAL));
  }
  // Binary, Code, DBRef, regex, symbols, min/max keys, values of another bson copy: bson's own text
  // (compact JSON composes, so its text for the value is its text inside the event).
  return b.EJSON.stringify(v, CANONICAL);
}
