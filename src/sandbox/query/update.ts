// Applies update documents (operators, replacement, pipeline) to a copy of a stored document.
// $inc/$mul/$min/$max/$addToSet/$currentDate are ours (BSON numerics and types); the others run
// in mingo's updater with the sandbox context, on the BSON-typed copy (values keep their types).
import { update as mingoUpdate } from 'mingo/updater';
import { Timestamp } from 'bson';
import { CommandError } from '../base/errors';
import { arith } from './numeric';
import { aggregateDocs } from './match';
import { MINGO_OPTIONS } from './operators';
import { type Doc, cloneDoc, compareValues, controlView, isPlainObject, specView } from '../base/values';

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
    out = aggregateDocs([cloneDoc(doc)], u as Doc[])[0] ?? {};
    // A pipeline whose result drops _id keeps the document's _id (mongod re-adds it first).
    if (out._id === undefined && doc._id !== undefined) out = { _id: doc._id, ...out };
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
  if (doc._id !== undefined && compareValues(doc._id, out._id) !== 0) {
    throw new CommandError(66, "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  if (out._id === undefined && doc._id !== undefined) out = { _id: doc._id, ...out };
  return out;
}

function applyOperators(doc: Doc, u: Doc, input: UpdateInput): Doc {
  const ours: Doc = {};
  const oursPositional: Doc = {};
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
        const same = (op === '$set' || op === '$setOnInsert') && compareValues(getPathValue(doc, p), spec[p]) === 0;
        if (!same && !(input.inserting && doc._id === undefined))
          throw new CommandError(66, "Performing an update on the path '_id' would modify the immutable field '_id'");
      }
    }
    if (OURS.has(op)) {
      const plain: Doc = {},
        positional: Doc = {};
      for (const [p, v] of Object.entries(spec)) (p.includes('$') ? positional : plain)[p] = v;
      if (Object.keys(plain).length) ours[op] = plain;
      if (Object.keys(positional).length) oursPositional[op] = positional;
    } else if (op === '$pop' || op === '$bit' || op === '$rename') {
      rest[op] = controlView(spec); // control arguments (1/-1, masks): plain numbers for mingo
    } else if (op === '$push') {
      rest[op] = pushSpec(spec);
    } else if (op === '$pull' || op === '$pullAll') {
      rest[op] = specView(spec);
    } else {
      rest[op] = op === '$set' && rest.$set ? { ...(rest.$set as Doc), ...spec } : spec;
    }
  }
  const out = cloneDoc(doc);
  for (const [op, spec] of Object.entries(ours)) {
    for (const [path, operand] of Object.entries(spec as Doc)) applyNumeric(out, op, path, operand);
  }
  for (const [op, spec] of Object.entries(oursPositional)) {
    for (const [path, operand] of Object.entries(spec as Doc))
      for (const concrete of concretePaths(out, path, input)) applyNumeric(out, op, concrete, operand);
  }
  if (Object.keys(rest).length > 0) {
    try {
      mingoUpdate(
        out,
        rest as never,
        input.arrayFilters?.map((f) => specView(f) as Doc),
        input.filter ? (specView(input.filter) as Doc) : undefined,
        { cloneMode: 'none', queryOptions: MINGO_OPTIONS },
      );
    } catch (e) {
      throw e instanceof CommandError ? e : new CommandError(2, (e as Error).message);
    }
  }
  return out;
}

/** A marker mingo's $set places (it never clones class instances), to find where a positional path lands. */
class Marker {}

/** The concrete paths a positional path ($, $[], $[id]) names in `doc`, found by letting mingo place markers. */
function concretePaths(doc: Doc, path: string, input: UpdateInput): string[] {
  const probe = cloneDoc(doc);
  const mark = new Marker();
  try {
    mingoUpdate(
      probe,
      { $set: { [path]: mark } } as never,
      input.arrayFilters?.map((f) => specView(f) as Doc),
      input.filter ? (specView(input.filter) as Doc) : undefined,
      { cloneMode: 'none', queryOptions: MINGO_OPTIONS },
    );
  } catch (e) {
    throw e instanceof CommandError ? e : new CommandError(2, (e as Error).message);
  }
  const found: string[] = [];
  const walk = (v: unknown, parts: string[]): void => {
    if (v === mark) found.push(parts.join('.'));
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...parts, String(i)]));
    else if (isPlainObject(v)) for (const k of Object.keys(v)) walk(v[k], [...parts, k]);
  };
  walk(probe, []);
  return found;
}

const OURS = new Set(['$inc', '$mul', '$min', '$max', '$addToSet', '$currentDate']);

/** $push values keep their types; its modifiers ($slice, $position, $sort) are control numbers. */
function pushSpec(spec: Doc): Doc {
  const out: Doc = {};
  for (const [p, v] of Object.entries(spec)) {
    if (isPlainObject(v) && v.$each !== undefined) {
      const { $each, ...mods } = v;
      out[p] = { $each, ...(controlView(mods) as Doc) };
    } else out[p] = v;
  }
  return out;
}

/** $currentDate as values: a Date, or a Timestamp for {$type: 'timestamp'} (mongod fills it with now). */
function currentDate(spec: unknown, path: string): Date | Timestamp {
  if (spec === true || (isPlainObject(spec) && spec.$type === 'date')) return new Date();
  if (isPlainObject(spec) && spec.$type === 'timestamp')
    return new Timestamp({ t: Math.floor(Date.now() / 1000), i: 1 });
  if (isPlainObject(spec))
    throw new CommandError(
      2,
      "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
    );
  throw new CommandError(
    2,
    `${path} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`,
  );
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
  else if (op === '$currentDate') next = currentDate(operand, path);
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
