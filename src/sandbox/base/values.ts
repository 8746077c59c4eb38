// BSON value semantics: canonical keys, equality, mongod's cross-type ordering (numbers through
// ./numbers), the spec view mingo reads commands through, and copy-on-write cloning of stored documents.
import type { Binary, Double, Int32, ObjectId, Timestamp } from 'bson';
import { compareNumbers, numKind, numericKey, toJsNumber } from './numbers';

export type Doc = Record<string, unknown>;

/** A value that bson wraps (ObjectId, Long, Int32, ...) carries `_bsontype`. */
export function bsonTypeOf(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
}

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  if ((v as { _bsontype?: string })._bsontype !== undefined) return false;
  if (v instanceof Date || v instanceof RegExp || Buffer.isBuffer(v)) return false;
  return true;
}

export function isNumeric(v: unknown): boolean {
  return numKind(v) !== undefined;
}

/** Plain JS number for any numeric BSON value (Long/Decimal128 may round: display and control arguments only). */
export function toNumber(v: unknown): number {
  return toJsNumber(v);
}

/**
 * Operators and stages whose numeric arguments are counts, positions, indexes or flags ($limit,
 * $slice, $project's 1/0, ...): there any numeric type becomes a plain JS number for mingo.
 */
const CONTROL_POSITIONS = new Set([
  '$limit',
  '$skip',
  '$sample',
  '$sort',
  '$project',
  '$unset',
  '$bucketAuto',
  '$count',
  '$arrayElemAt',
  '$slice',
  '$substr',
  '$substrBytes',
  '$substrCP',
  '$range',
  '$indexOfArray',
  '$indexOfBytes',
  '$indexOfCP',
  '$firstN',
  '$lastN',
  '$maxN',
  '$minN',
  '$topN',
  '$bottomN',
  '$top',
  '$bottom',
  '$sortArray',
  '$zip',
  '$dateAdd',
  '$dateSubtract',
  '$pow',
  '$sqrt',
  '$exp',
  '$ln',
  '$log',
  '$log10',
  '$size',
  '$mod',
  '$bitsAllSet',
  '$bitsAllClear',
  '$bitsAnySet',
  '$bitsAnyClear',
]);

/**
 * A command's specification (filter, pipeline, update arguments) as mingo reads it. Where a
 * literal is a value (filters, $addFields, operands of arithmetic) it keeps its type: Int32 and
 * non-integral Double become JS numbers (lossless: numKind reads a JS integer as int), an integral
 * Double stays a Double (int + 2.0 is a double), Long/Decimal128 stay wrapped. Under
 * CONTROL_POSITIONS every numeric type becomes a JS number. Documents are never converted.
 */
export function specView(v: unknown, control = false): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => specView(x, control));
  const t = (v as { _bsontype?: string })._bsontype;
  if (t === 'Int32') return (v as Int32).value;
  if (t === 'Double') {
    const n = (v as Double).value;
    return control || !(Number.isInteger(n) || Object.is(n, -0)) ? n : v;
  }
  if (t === 'Long' || t === 'Decimal128') return control ? toJsNumber(v) : v;
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const k of Object.keys(v)) {
    // An operator decides for its operands; a plain field keeps its parent's kind of position.
    out[k] = specView((v as Doc)[k], k.startsWith('$') ? CONTROL_POSITIONS.has(k) : control);
  }
  return out;
}

/** Control arguments (counts, positions, 1/-1 flags) as plain numbers, whatever numeric type carried them. */
export function controlView(v: unknown): unknown {
  return specView(v, true);
}

/** Canonical string for a value used as a key (_id, unique index), numerics compared by value as mongod does. */
export function keyOf(v: unknown): string {
  if (typeof v === 'string') return 's' + v;
  if (typeof v === 'number') return 'n' + v;
  if (v === null || v === undefined) return 'z';
  if (typeof v === 'boolean') return 'b' + v;
  const t = bsonTypeOf(v);
  if (t === 'ObjectId') return 'o' + (v as ObjectId).toHexString();
  if (t === 'Int32' || t === 'Double' || t === 'Long' || t === 'Decimal128') return 'n' + numericKey(v);
  if (v instanceof Date) return 'd' + v.getTime();
  if (t === 'Binary') return 'x' + (v as Binary).sub_type + ':' + Buffer.from((v as Binary).buffer).toString('hex');
  if (t === 'Timestamp') return 't' + (v as Timestamp).toString();
  if (Array.isArray(v)) return '[' + v.map(keyOf).join(',') + ']';
  if (isPlainObject(v))
    return (
      '{' +
      Object.keys(v)
        .map((k) => JSON.stringify(k) + ':' + keyOf(v[k]))
        .join(',') +
      '}'
    );
  return '?' + String(v);
}

/** Exact equality keeping BSON types apart (Int32(1) != Double(1)): used to detect no-op updates. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  const ta = bsonTypeOf(a),
    tb = bsonTypeOf(b);
  if (ta !== tb) return false;
  if (ta !== undefined)
    return keyOf(a) === keyOf(b) && (ta !== 'Double' || Object.is((a as Double).value, (b as Double).value));
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a as Doc),
    kb = Object.keys(b as Doc);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || !sameValue((a as Doc)[ka[i]], (b as Doc)[kb[i]])) return false;
  }
  return true;
}

/** Copy-on-write clone: containers are copied, BSON wrappers are shared (they are never mutated in place). */
export function cloneDoc<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneDoc) as unknown as T;
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const k of Object.keys(v)) out[k] = cloneDoc((v as Doc)[k]);
  return out as T;
}

const TYPE_ORDER: Record<string, number> = {
  MinKey: 0,
  null: 1,
  number: 2,
  string: 3,
  object: 4,
  array: 5,
  Binary: 6,
  ObjectId: 7,
  boolean: 8,
  Date: 9,
  Timestamp: 10,
  BSONRegExp: 11,
  MaxKey: 12,
};

/** mongod's canonical type class of a value (numbers of every kind share one): query operators compare within one. */
export function typeClass(v: unknown): number {
  if (v === null || v === undefined) return TYPE_ORDER.null;
  if (isNumeric(v)) return TYPE_ORDER.number;
  if (typeof v === 'string' || bsonTypeOf(v) === 'BSONSymbol') return TYPE_ORDER.string;
  if (typeof v === 'boolean') return TYPE_ORDER.boolean;
  if (v instanceof Date) return TYPE_ORDER.Date;
  if (Array.isArray(v)) return TYPE_ORDER.array;
  const t = bsonTypeOf(v);
  if (t !== undefined && TYPE_ORDER[t] !== undefined) return TYPE_ORDER[t];
  if (v instanceof RegExp) return TYPE_ORDER.BSONRegExp;
  return TYPE_ORDER.object;
}

/** mongod's cross-type sort order, with numerics of every wrapper compared by value. */
export function compareValues(a: unknown, b: unknown): number {
  const ca = typeClass(a),
    cb = typeClass(b);
  if (ca !== cb) return ca - cb;
  switch (ca) {
    case TYPE_ORDER.null:
      return 0;
    case TYPE_ORDER.number:
      return compareNumbers(a, b);
    case TYPE_ORDER.string: {
      const x = String(a),
        y = String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case TYPE_ORDER.boolean:
      return (a ? 1 : 0) - (b ? 1 : 0);
    case TYPE_ORDER.Date:
      return (a as Date).getTime() - (b as Date).getTime();
    case TYPE_ORDER.Timestamp:
      return (a as Timestamp).compare(b as Timestamp);
    case TYPE_ORDER.ObjectId: {
      const x = (a as ObjectId).toHexString(),
        y = (b as ObjectId).toHexString();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case TYPE_ORDER.array: {
      const x = a as unknown[],
        y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i]);
        if (c) return c;
      }
      return x.length - y.length;
    }
    case TYPE_ORDER.object: {
      const ka = Object.keys(a as Doc),
        kb = Object.keys(b as Doc);
      for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
        if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
        const c = compareValues((a as Doc)[ka[i]], (b as Doc)[kb[i]]);
        if (c) return c;
      }
      return ka.length - kb.length;
    }
  }
  return keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0;
}

/** Reads a dotted path from a stored document (no array fan-out: sort keys and documentKey only). */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Doc)[part];
  }
  return cur;
}

export function num(v: unknown, fallback = 0): number {
  if (v === undefined || v === null) return fallback;
  const n = toNumber(v);
  return Number.isNaN(n) ? (typeof v === 'boolean' ? (v ? 1 : 0) : fallback) : n;
}
