// `$type` evaluated on stored BSON values: the numeric view mingo sees cannot tell int, long,
// double and decimal apart, so $type conditions are lifted out of the filter and run here.
import { type Doc, bsonTypeOf, isPlainObject } from '../base/values';

const ALIASES: Record<string, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  '-1': 'minKey',
  127: 'maxKey',
};
const NUMERIC = new Set(['double', 'int', 'long', 'decimal']);

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  switch (bsonTypeOf(v)) {
    case 'Int32':
      return 'int';
    case 'Double':
      return 'double';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'ObjectId':
      return 'objectId';
    case 'Binary':
      return 'binData';
    case 'Timestamp':
      return 'timestamp';
    case 'BSONRegExp':
      return 'regex';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    case 'Code':
      return 'javascript';
    case undefined:
      return 'object';
  }
  return 'object';
}

function matchesType(v: unknown, wanted: string[]): boolean {
  const t = typeName(v);
  return wanted.some((w) => w === t || (w === 'number' && NUMERIC.has(t)));
}

/** Values at a dotted path, fanning out through arrays as a query does (the array itself included). */
function valuesAt(doc: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(doc);
    if (Array.isArray(doc)) out.push(...doc);
    return;
  }
  if (Array.isArray(doc)) {
    if (/^\d+$/.test(parts[i])) valuesAt(doc[Number(parts[i])], parts, i + 1, out);
    for (const el of doc) if (isPlainObject(el)) valuesAt(el, parts, i, out);
    return;
  }
  if (!isPlainObject(doc)) return;
  if (parts[i] in doc) valuesAt(doc[parts[i]], parts, i + 1, out);
}

export type RawPredicate = (doc: Doc) => boolean;

/** Removes `$type` conditions (top level and inside top-level $and) and returns them as predicates. */
export function liftTypeConditions(filter: Doc): [Doc, RawPredicate[]] {
  const preds: RawPredicate[] = [];
  const rest: Doc = {};
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      rest.$and = v.map((sub) => {
        if (!isPlainObject(sub)) return sub;
        const [r, p] = liftTypeConditions(sub);
        preds.push(...p);
        return r;
      });
      continue;
    }
    if (!k.startsWith('$') && isPlainObject(v) && v.$type !== undefined) {
      const spec = Array.isArray(v.$type) ? v.$type : [v.$type];
      const wanted = spec.map((s) => {
        const n = typeof s === 'object' ? Number((s as { valueOf(): unknown }).valueOf()) : s;
        return ALIASES[String(n)] ?? String(n);
      });
      const parts = k.split('.');
      preds.push((doc) => {
        const vals: unknown[] = [];
        valuesAt(doc, parts, 0, vals);
        return vals.some((x) => matchesType(x, wanted));
      });
      const { $type: _omit, ...others } = v;
      if (Object.keys(others).length) rest[k] = others;
      continue;
    }
    rest[k] = v;
  }
  return [rest, preds];
}
