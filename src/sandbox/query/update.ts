// Applies update documents (operators, replacement, pipeline) to a copy of a stored document.
// $inc/$mul/$min/$max are ours (BSON numerics); other operators run in mingo over a numeric view
// and the original wrapper types are restored wherever a value did not change.
import { update as mingoUpdate } from 'mingo';
import { CommandError } from '../base/errors';
import { arith } from './numeric';
import { aggregateView } from './match';
import {
  type Doc,
  cloneDoc,
  compareValues,
  isNumeric,
  isPlainObject,
  sameValue,
  toNumber,
  toView,
} from '../base/values';

const KNOWN = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$rename',
  '$pop',
  '$currentDate',
  '$setOnInsert',
  '$bit',
]);

export function isOperatorUpdate(u: unknown): boolean {
  return isPlainObject(u) && Object.keys(u).length > 0 && Object.keys(u)[0].startsWith('$');
}

export interface UpdateInput {
  update: unknown;
  arrayFilters?: Doc[];
  filter?: Doc;
  inserting?: boolean;
}

/** Returns the new document (a fresh object); the input is never mutated. */
export function applyUpdate(doc: Doc, input: UpdateInput): Doc {
  const u = input.update;
  let out: Doc;
  if (Array.isArray(u)) {
    out = restoreTypes(doc, aggregateView([doc], u as Doc[])[0] ?? {}) as Doc;
  } else if (!isOperatorUpdate(u)) {
    if (!isPlainObject(u)) throw new CommandError(9, 'Update argument must be either an object or an array');
    for (const k of Object.keys(u))
      if (k.startsWith('$'))
        throw new CommandError(
          52,
          `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document.`,
        );
    out = { _id: doc._id, ...u };
    if (u._id === undefined) out._id = doc._id;
    else {
      const { _id, ...rest } = u;
      out = { _id, ...rest };
    }
  } else {
    out = applyOperators(doc, u as Doc, input);
  }
  if (doc._id !== undefined && !sameValue(toView(doc._id), toView(out._id))) {
    throw new CommandError(66, "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  if (out._id === undefined && doc._id !== undefined) out = { _id: doc._id, ...out };
  return out;
}

function applyOperators(doc: Doc, u: Doc, input: UpdateInput): Doc {
  const ours: Doc = {};
  const rest: Doc = {};
  for (const [op, spec] of Object.entries(u)) {
    if (!KNOWN.has(op))
      throw new CommandError(
        9,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    if (!isPlainObject(spec))
      throw new CommandError(9, `Modifiers operate on fields but we found type ${typeof spec} instead.`);
    if (op === '$setOnInsert') {
      if (input.inserting) rest.$set = { ...((rest.$set as Doc) ?? {}), ...spec };
      continue;
    }
    for (const p of Object.keys(spec)) {
      if (p === '_id' || p.startsWith('_id.')) {
        const same =
          (op === '$set' || op === '$setOnInsert') && sameValue(toView(getPathValue(doc, p)), toView(spec[p]));
        if (!same && !(input.inserting && doc._id === undefined))
          throw new CommandError(66, "Performing an update on the path '_id' would modify the immutable field '_id'");
      }
    }
    if (op === '$inc' || op === '$mul' || op === '$min' || op === '$max' || op === '$addToSet') {
      const plain: Doc = {},
        positional: Doc = {};
      for (const [p, v] of Object.entries(spec)) (p.includes('$') ? positional : plain)[p] = v;
      if (Object.keys(plain).length) ours[op] = plain;
      if (Object.keys(positional).length) rest[op] = toView(positional);
    } else if (op === '$pull' || op === '$pullAll') {
      rest[op] = toView(spec);
    } else {
      rest[op] = op === '$set' && rest.$set ? { ...(rest.$set as Doc), ...spec } : spec;
    }
  }
  let out = cloneDoc(doc);
  for (const [op, spec] of Object.entries(ours)) {
    for (const [path, operand] of Object.entries(spec as Doc)) applyNumeric(out, op, path, operand);
  }
  if (Object.keys(rest).length > 0) {
    const view = toView(out) as Doc;
    try {
      mingoUpdate(
        view,
        rest as never,
        input.arrayFilters?.map((f) => toView(f) as Doc),
        input.filter ? (toView(input.filter) as Doc) : undefined,
        { cloneMode: 'none' },
      );
    } catch (e) {
      throw new CommandError(2, (e as Error).message);
    }
    out = restoreTypes(out, view) as Doc;
  }
  return out;
}

function applyNumeric(doc: Doc, op: string, path: string, operand: unknown): void {
  const parts = path.split('.');
  let cur: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const c = cur as Doc;
    let next = Array.isArray(c) ? c[Number(parts[i])] : c[parts[i]];
    if (next === undefined || next === null) {
      next = {};
      (c as Doc)[parts[i]] = next;
    }
    if (typeof next !== 'object')
      throw new CommandError(28, `Cannot create field '${parts[i + 1]}' in element {${parts[i]}: ${String(next)}}`);
    cur = next;
  }
  const last = parts[parts.length - 1];
  const holder = cur as Doc;
  const current = Array.isArray(holder) ? holder[Number(last)] : holder[last];
  let next: unknown;
  if (op === '$addToSet') next = addToSet(current, operand, path);
  else if (op === '$inc' || op === '$mul') next = arith(op, current, operand, path);
  else if (current === undefined) next = operand;
  else {
    const c = compareValues(operand, current);
    next = (op === '$min' ? c < 0 : c > 0) ? operand : current;
  }
  if (Array.isArray(holder)) holder[Number(last)] = next;
  else holder[last] = next;
}

/** $addToSet with mongod's equality (numerics by value, any wrapper type), incl. $each. */
function addToSet(current: unknown, operand: unknown, path: string): unknown[] {
  if (current !== undefined && !Array.isArray(current))
    throw new CommandError(
      2,
      `Cannot apply $addToSet to non-array field. Field named '${path}' has non-array type ${typeof current}`,
    );
  const out = current ? [...current] : [];
  const values = isPlainObject(operand) && Array.isArray(operand.$each) ? operand.$each : [operand];
  for (const v of values) if (!out.some((x) => compareValues(x, v) === 0)) out.push(v);
  return out;
}

function getPathValue(doc: Doc, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Puts the original wrapper back where the view value is numerically unchanged. */
export function restoreTypes(orig: unknown, res: unknown): unknown {
  if (typeof res === 'number') return isNumeric(orig) && toNumber(orig) === res ? orig : res;
  if (Array.isArray(res)) {
    const o = Array.isArray(orig) ? orig : [];
    for (let i = 0; i < res.length; i++) res[i] = restoreTypes(o[i], res[i]);
    return res;
  }
  if (isPlainObject(res)) {
    const o = isPlainObject(orig) ? orig : {};
    for (const k of Object.keys(res)) res[k] = restoreTypes(o[k], res[k]);
    return res;
  }
  return res;
}
