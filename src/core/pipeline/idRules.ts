// Which stages remove or change an event's `_id` (its resume token): MongoDB then fails the stream with
// 280 on the next event. Reads the stage's parsed value; reports the path of the offending part.
import { isPlainDocument } from './ejsonWrappers';

export type IdVerdict =
  | { kind: 'keeps' }
  | { kind: 'removes' | 'modifies' | 'notKept' | 'maybeNotKept'; path: (string | number)[]; what: string };

const KEEPS: IdVerdict = { kind: 'keeps' };
const isIdPath = (k: string): boolean => k === '_id' || k.startsWith('_id.');
const copiesId = (v: unknown): boolean => v === '$_id' || v === '$$ROOT._id' || v === '$$CURRENT._id';
const truthy = (v: unknown): boolean =>
  v === true || (typeof v === 'number' && v !== 0) || (isBsonNumber(v) && Number(v.valueOf()) !== 0);

function isBsonNumber(v: unknown): v is { valueOf(): unknown } {
  if (typeof v !== 'object' || v === null || !('_bsontype' in v)) return false;
  const t = (v as { _bsontype: unknown })._bsontype;
  return t === 'Int32' || t === 'Double' || t === 'Long' || t === 'Decimal128';
}
const isZero = (v: unknown): boolean =>
  v === false || v === 0 || (isBsonNumber(v) && Number(String(v.valueOf())) === 0);

/** name: the stage's key; spec: its value; path is relative to the stage document. */
export function idVerdict(name: string, spec: unknown): IdVerdict {
  switch (name) {
    case '$project':
      return project(spec);
    case '$unset':
      return unset(spec);
    case '$addFields':
    case '$set':
      return addFields(name, spec);
    case '$replaceRoot':
      return isPlainDocument(spec) && 'newRoot' in spec
        ? newRoot(spec.newRoot, [name, 'newRoot'])
        : { kind: 'notKept', path: [name], what: 'has no newRoot' };
    case '$replaceWith':
      return newRoot(spec, [name]);
    default:
      return KEEPS;
  }
}

function project(spec: unknown): IdVerdict {
  if (!isPlainDocument(spec)) return KEEPS;
  for (const k of Object.keys(spec)) {
    if (!isIdPath(k)) continue;
    const v = spec[k];
    if (k === '_id' && (truthy(v) || copiesId(v))) continue;
    if (isZero(v)) return { kind: 'removes', path: ['$project', k], what: `excludes ${k}` };
    return { kind: 'modifies', path: ['$project', k], what: `sets ${k} to a new value` };
  }
  return KEEPS;
}

function unset(spec: unknown): IdVerdict {
  const list = Array.isArray(spec) ? spec : [spec];
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    if (typeof f === 'string' && isIdPath(f)) {
      return { kind: 'removes', path: Array.isArray(spec) ? ['$unset', i] : ['$unset'], what: `removes ${f}` };
    }
  }
  return KEEPS;
}

function addFields(name: string, spec: unknown): IdVerdict {
  if (!isPlainDocument(spec)) return KEEPS;
  for (const k of Object.keys(spec)) {
    if (!isIdPath(k)) continue;
    if (k === '_id' && copiesId(spec[k])) continue;
    if (spec[k] === '$$REMOVE') return { kind: 'removes', path: [name, k], what: `removes ${k}` };
    return { kind: 'modifies', path: [name, k], what: `sets ${k} to a new value` };
  }
  return KEEPS;
}

/** A new root keeps the token only if it visibly carries `_id: '$_id'` last, or is the event itself. */
function newRoot(expr: unknown, path: (string | number)[]): IdVerdict {
  if (expr === '$$ROOT' || expr === '$$CURRENT') return KEEPS;
  if (isPlainDocument(expr)) {
    const keys = Object.keys(expr);
    if (keys.length === 1 && keys[0] === '$mergeObjects')
      return mergeObjects(expr.$mergeObjects, [...path, '$mergeObjects']);
    if (keys.some((k) => k.startsWith('$'))) {
      return { kind: 'maybeNotKept', path, what: 'computes the new root with an expression this check cannot follow' };
    }
    if (keys.includes('_id')) {
      return copiesId(expr._id) ? KEEPS : { kind: 'modifies', path: [...path, '_id'], what: 'sets _id to a new value' };
    }
    return { kind: 'notKept', path, what: 'builds a new root without _id' };
  }
  if (typeof expr === 'string') return { kind: 'notKept', path, what: `replaces the event with ${expr}` };
  return { kind: 'notKept', path, what: 'replaces the event with a value that has no _id' };
}

function mergeObjects(args: unknown, path: (string | number)[]): IdVerdict {
  const list = Array.isArray(args) ? args : [args];
  // The last argument that can set _id wins; a field path like '$fullDocument' may carry its own _id.
  for (let i = list.length - 1; i >= 0; i--) {
    const a = list[i];
    const at = Array.isArray(args) ? [...path, i] : path;
    if (a === '$$ROOT' || a === '$$CURRENT') return KEEPS;
    if (isPlainDocument(a) && !Object.keys(a).some((k) => k.startsWith('$'))) {
      if (!('_id' in a)) continue;
      return copiesId(a._id) ? KEEPS : { kind: 'modifies', path: [...at, '_id'], what: 'sets _id to a new value' };
    }
    if (typeof a === 'string' && a.startsWith('$')) {
      return { kind: 'notKept', path: at, what: `lets ${a} overwrite _id (or leaves the token out)` };
    }
    return { kind: 'maybeNotKept', path: at, what: 'merges a value this check cannot follow' };
  }
  return { kind: 'notKept', path, what: 'merges documents without _id' };
}
