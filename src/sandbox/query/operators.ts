// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types for mingo subpaths must reach every tsconfig that compiles the sandbox
/// <reference path="./mingo-subpaths.d.ts" />
// The mingo Context the sandbox evaluates with: mingo's operators, except every one whose answer
// depends on numbers or on BSON types, which are replaced by versions over BSON values
// (../base/numbers). Documents therefore go into mingo as stored, never as a lossy numeric view.
import { Context, evalExpr } from 'mingo/core';
import { Lazy } from 'mingo/lazy';
import { resolve } from 'mingo/util';
import * as accumulatorOps from 'mingo/operators/accumulator';
import * as expressionOps from 'mingo/operators/expression';
import * as pipelineOps from 'mingo/operators/pipeline';
import * as projectionOps from 'mingo/operators/projection';
import * as queryOps from 'mingo/operators/query';
import * as windowOps from 'mingo/operators/window';
import { Long } from 'bson';
import { CommandError } from '../base/errors';
import { type Doc, compareValues, getPath, isPlainObject, typeClass } from '../base/values';
import {
  type ArithOp,
  type NumKind,
  type RoundOp,
  arithmetic,
  avgOf,
  convertNumber,
  isNumber,
  isZero,
  makeNum,
  roundTo,
  sumOf,
  toJsNumber,
  unary,
} from '../base/numbers';
import { typeMatches, typeName } from './bsontype';
import { compileSchema } from './jsonschema';

type Opts = Parameters<typeof evalExpr>[2];
type Expr = (obj: unknown, expr: unknown, options: Opts) => unknown;
type QueryOp = (selector: string, value: unknown, options: Opts) => (obj: unknown) => boolean;
type Acc = (coll: unknown[], expr: unknown, options: Opts) => unknown;

const ev = (obj: unknown, expr: unknown, options: Opts): unknown => evalExpr(obj, expr, options);
const nil = (v: unknown): boolean => v === null || v === undefined;
const same = (a: unknown, b: unknown): boolean => compareValues(a, b) === 0;

function argList(obj: unknown, expr: unknown, options: Opts, name: string, n?: number): unknown[] {
  const args = ev(obj, expr, options);
  if (!Array.isArray(args) || (n !== undefined && args.length !== n))
    throw new CommandError(16020, `Expression ${name} takes exactly ${n ?? 'an array of'} arguments.`);
  return args;
}

function notNumeric(name: string, v: unknown): never {
  throw new CommandError(14, `${name} only supports numeric types, not ${typeName(v)}`);
}

// ---- query operators: the candidates of a path (the value, and elements of arrays on the way)

function candidates(o: unknown, selector: string): unknown[] {
  const v = resolve(o as Doc, selector, { unwrapArray: true });
  if (!Array.isArray(v)) return [v];
  const out: unknown[] = [v];
  const depth = selector.split('.').length;
  const walk = (arr: unknown[], d: number): void => {
    for (const x of arr) {
      out.push(x);
      if (Array.isArray(x) && d > 1) walk(x, d - 1);
    }
  };
  walk(v, depth);
  return out;
}

const equalsQuery: QueryOp = (selector, value) => {
  if (typeof value === 'string' || typeof value === 'boolean') {
    // The common change-stream filter ({operationType: 'insert'}): no candidate list unless an array is on the path.
    return (o) => {
      const v = resolve(o as Doc, selector, { unwrapArray: true });
      return v === value || (Array.isArray(v) && candidates(o, selector).some((c) => c === value));
    };
  }
  return (o) => candidates(o, selector).some((c) => same(c, value));
};
const inQuery: QueryOp = (selector, value) => {
  if (!Array.isArray(value)) throw new CommandError(2, '$in needs an array');
  return (o) =>
    candidates(o, selector).some((c) =>
      value.some((v) => (v instanceof RegExp ? typeof c === 'string' && v.test(c) : same(c, v))),
    );
};
/** Ordering operators compare only within one type class (numbers with numbers, ...), as mongod does. */
function ordering(test: (c: number) => boolean): QueryOp {
  return (selector, value) => (o) =>
    candidates(o, selector).some((c) => typeClass(c) === typeClass(value) && test(compareValues(c, value)));
}
const typeQuery: QueryOp = (selector, value) => {
  const wanted = Array.isArray(value) ? value : [value];
  return (o) => candidates(o, selector).some((c) => c !== undefined && typeMatches(c, wanted));
};
const allQuery: QueryOp = (selector, value, options) => {
  if (Array.isArray(value) && value.some((v) => isPlainObject(v) && v.$elemMatch !== undefined))
    return queryOps.$all(selector, value, options as never) as (o: unknown) => boolean;
  return (o) => {
    if (!Array.isArray(value) || value.length === 0) return false;
    const cs = candidates(o, selector);
    return value.every((v) => cs.some((c) => (v instanceof RegExp ? typeof c === 'string' && v.test(c) : same(c, v))));
  };
};

const QUERY: Record<string, QueryOp> = {
  $eq: equalsQuery,
  $ne: (s, v, opt) => {
    const eq = equalsQuery(s, v, opt);
    return (o) => !eq(o);
  },
  $in: inQuery,
  $nin: (s, v, opt) => {
    const inn = inQuery(s, v, opt);
    return (o) => !inn(o);
  },
  $gt: ordering((c) => c > 0),
  $gte: ordering((c) => c >= 0),
  $lt: ordering((c) => c < 0),
  $lte: ordering((c) => c <= 0),
  $type: typeQuery,
  $all: allQuery,
};

// ---- expression operators

function fold(name: string, op: ArithOp): Expr {
  return (obj, expr, options) => {
    const args = argList(obj, expr, options, name);
    let acc: unknown = op === 'add' ? 0 : 1;
    let date: Date | undefined;
    for (const a of args) {
      if (nil(a)) return null;
      if (a instanceof Date && op === 'add') {
        if (date) throw new CommandError(16612, 'only one date allowed in an $add expression');
        date = a;
      } else if (isNumber(a)) acc = arithmetic(op, acc, a);
      else
        throw new CommandError(
          14,
          `${name} only supports numeric${op === 'add' ? ' or date' : ''} types, not ${typeName(a)}`,
        );
    }
    return date ? new Date(date.getTime() + toJsNumber(acc)) : acc;
  };
}

function binary(name: string, op: ArithOp): Expr {
  return (obj, expr, options) => {
    const [a, b] = argList(obj, expr, options, name, 2);
    if (nil(a) || nil(b)) return null;
    if (op === 'subtract' && a instanceof Date) {
      if (b instanceof Date) return Long.fromNumber(a.getTime() - b.getTime());
      if (isNumber(b)) return new Date(a.getTime() - toJsNumber(b));
    }
    if (!isNumber(a)) notNumeric(name, a);
    if (!isNumber(b)) notNumeric(name, b);
    if (op === 'divide' && isZero(b)) throw new CommandError(2, "can't $divide by zero");
    if (op === 'mod' && isZero(b)) throw new CommandError(16610, "can't $mod by 0");
    return arithmetic(op, a, b);
  };
}

function rounding(name: string, op: RoundOp): Expr {
  return (obj, expr, options) => {
    let v = ev(obj, expr, options);
    if (Array.isArray(v)) v = v[0];
    if (nil(v)) return null;
    if (!isNumber(v)) notNumeric(name, v);
    return unary(op, v);
  };
}

function extreme(values: unknown[], sign: 1 | -1): unknown {
  let best: unknown = null;
  for (const v of values) if (!nil(v) && (best === null || sign * compareValues(v, best) > 0)) best = v;
  return best;
}

function comparison(test: (c: number) => unknown): Expr {
  return (obj, expr, options) => {
    const [a, b] = argList(obj, expr, options, 'comparison', 2);
    return test(compareValues(a, b));
  };
}

function conversion(kind: NumKind, original: Expr): Expr {
  return (obj, expr, options) => {
    const v = ev(obj, expr, options);
    if (nil(v)) return null;
    if (isNumber(v)) return convertNumber(v, kind);
    if (typeof v === 'boolean') return convertNumber(v ? 1 : 0, kind);
    if (v instanceof Date && kind !== 'int') return convertNumber(v.getTime(), kind);
    if (typeof v === 'string' && kind !== 'double' && /^\s*[+-]?\d+\s*$/.test(v))
      return kind === 'decimal' ? makeNum('decimal', v.trim()) : convertNumber(BigInt(v.trim()), kind);
    if (typeof v === 'string' && kind === 'decimal' && !Number.isNaN(Number(v))) return makeNum('decimal', v.trim());
    const r = original(obj, expr, options);
    return typeof r === 'number' ? convertNumber(r, kind) : r;
  };
}

const EXPRESSION: Record<string, Expr> = {
  $add: fold('$add', 'add'),
  $multiply: fold('$multiply', 'multiply'),
  $subtract: binary('$subtract', 'subtract'),
  $divide: binary('$divide', 'divide'),
  $mod: binary('$mod', 'mod'),
  $abs: rounding('$abs', 'abs'),
  $ceil: rounding('$ceil', 'ceil'),
  $floor: rounding('$floor', 'floor'),
  $trunc: (obj, expr, options) => {
    const args = Array.isArray(expr) ? argList(obj, expr, options, '$trunc') : [ev(obj, expr, options)];
    if (nil(args[0])) return null;
    if (!isNumber(args[0])) notNumeric('$trunc', args[0]);
    return args.length > 1 && toJsNumber(args[1]) !== 0
      ? roundTo(args[0], toJsNumber(args[1]))
      : unary('trunc', args[0]);
  },
  $round: (obj, expr, options) => {
    const args = Array.isArray(expr) ? argList(obj, expr, options, '$round') : [ev(obj, expr, options)];
    if (nil(args[0])) return null;
    if (!isNumber(args[0])) notNumeric('$round', args[0]);
    return roundTo(args[0], args.length > 1 ? toJsNumber(args[1]) : 0);
  },
  $eq: comparison((c) => c === 0),
  $ne: comparison((c) => c !== 0),
  $gt: comparison((c) => c > 0),
  $gte: comparison((c) => c >= 0),
  $lt: comparison((c) => c < 0),
  $lte: comparison((c) => c <= 0),
  $cmp: comparison((c) => Math.sign(c)),
  $in: (obj, expr, options) => {
    const [v, arr] = argList(obj, expr, options, '$in', 2);
    if (!Array.isArray(arr))
      throw new CommandError(40081, `$in requires an array as a second argument, found: ${typeName(arr)}`);
    return arr.some((x) => same(v, x));
  },
  $type: (obj, expr, options) => {
    const v = ev(obj, Array.isArray(expr) ? expr[0] : expr, options);
    return v === undefined ? 'missing' : typeName(v);
  },
  $isNumber: (obj, expr, options) => isNumber(ev(obj, Array.isArray(expr) ? expr[0] : expr, options)),
  $toInt: conversion('int', expressionOps.$toInt as Expr),
  $toLong: conversion('long', expressionOps.$toLong as Expr),
  $toDouble: conversion('double', expressionOps.$toDouble as Expr),
  $toDecimal: conversion('decimal', expressionOps.$toDecimal as Expr),
};

// ---- accumulators ($group, and $sum/$avg/$min/$max as expressions: mingo falls back to these) and $sort

const values = (coll: unknown[], expr: unknown, options: Opts): unknown[] =>
  accumulatorOps.$push(coll as Doc[], expr, options as never) as unknown[];

const ACCUMULATOR: Record<string, Acc> = {
  $sum: (coll, expr, options) =>
    isNumber(expr) ? arithmetic('multiply', expr, coll.length) : sumOf(values(coll, expr, options)),
  $avg: (coll, expr, options) => avgOf(values(coll, expr, options)),
  $min: (coll, expr, options) => extreme(values(coll, expr, options), -1),
  $max: (coll, expr, options) => extreme(values(coll, expr, options), 1),
};

/** Sorts by mongod's BSON order (mingo's compares wrapper types as strings). */
export function sortDocuments(docs: Doc[], spec: unknown): Doc[] {
  if (!isPlainObject(spec) || Object.keys(spec).length === 0) return docs;
  const keys = Object.entries(spec).map(([k, v]) => [k, toJsNumber(v) < 0 ? -1 : 1] as const);
  return [...docs].sort((a, b) => {
    for (const [k, dir] of keys) {
      const c = compareValues(getPath(a, k), getPath(b, k));
      if (c !== 0) return c * dir;
    }
    return 0;
  });
}

type LazyIterator = ReturnType<typeof Lazy>;
const PIPELINE = {
  $sort: (coll: LazyIterator, spec: unknown) => Lazy(sortDocuments(coll.collect<Doc>(), spec)),
};

export const CONTEXT = Context.init({
  accumulator: { ...accumulatorOps, ...ACCUMULATOR },
  expression: { ...expressionOps, ...EXPRESSION },
  pipeline: { ...pipelineOps, ...PIPELINE },
  projection: { ...projectionOps },
  query: { ...queryOps, ...QUERY },
  window: { ...windowOps },
} as never);

/** Options for every mingo Query/Aggregator/update the sandbox runs. */
export const MINGO_OPTIONS = { useStrictMode: true, context: CONTEXT, jsonSchemaValidator: compileSchema } as const;
