// The jsondiffpatch instance the image diff runs on, taught two BSON facts: a type wrapper
// ({$oid}, {$numberLong}, …) is one value, and array elements with an `_id` are the same element
// wherever they move. Produces jsondiffpatch deltas; imageDiff.ts turns them into entries.
import { create, type Delta, type DiffContext, type Filter } from 'jsondiffpatch';
import { canonicalText, isAtomic, type CanonicalValue } from './canonical';

/**
 * jsondiffpatch's array LCS is quadratic in time and memory; past this many cells (after trimming
 * the common head and tail) an array is compared position by position instead, and reported so.
 */
export const MAX_LCS_CELLS = 1_000_000;

/** What identifies an array element for matching: its `_id`, else its whole canonical text. */
export function elementKey(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !isAtomic(value as CanonicalValue)) {
    const id = (value as Record<string, CanonicalValue>)._id;
    if (id !== undefined) return `id:${canonicalText(id)}`;
  }
  return `v:${canonicalText(value as CanonicalValue)}`;
}

export const hasIdKey = (key: string): boolean => key.startsWith('id:');

export interface Differ {
  diff(before: CanonicalValue, after: CanonicalValue): Delta;
  /** Arrays (by identity, the before side) that were too large for LCS and compared by position. */
  readonly positional: WeakSet<object>;
}

export function createDiffer(maxLcsCells = MAX_LCS_CELLS): Differ {
  const positional = new WeakSet<object>();
  // Hashing is the costly part on large arrays: cache each element's key by identity.
  const keys = new WeakMap<object, string>();
  const keyOf = (item: object | null): string => {
    if (item === null) return 'v:null';
    let k = keys.get(item);
    if (k === undefined) keys.set(item, (k = elementKey(item)));
    return k;
  };
  const patcher = create({
    objectHash: (item: object) => keyOf(item),
    arrays: { detectMove: true, includeValueOnMove: false },
    cloneDiffValues: false,
  });

  // A wrapper is compared by its canonical text and never descended into.
  const wrappers: Filter<DiffContext> = (context) => {
    const { left, right } = context;
    if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return;
    const lw = !Array.isArray(left) && isAtomic(left as CanonicalValue);
    const rw = !Array.isArray(right) && isAtomic(right as CanonicalValue);
    if (!lw && !rw) return;
    const same = lw && rw && canonicalText(left as CanonicalValue) === canonicalText(right as CanonicalValue);
    context.setResult(same ? undefined : [left, right]).exit();
  };
  wrappers.filterName = 'bsonWrappers';

  const largeArrays: Filter<DiffContext> = (context) => {
    if (!Array.isArray(context.left) || !Array.isArray(context.right)) return;
    const l = context.left as object[];
    const r = context.right as object[];
    let head = 0;
    while (head < l.length && head < r.length && sameKey(l[head], r[head])) head++;
    let tail = 0;
    while (tail + head < l.length && tail + head < r.length && sameKey(l[l.length - 1 - tail], r[r.length - 1 - tail]))
      tail++;
    if ((l.length - head - tail) * (r.length - head - tail) <= maxLcsCells) return;
    positional.add(l);
    const Ctx = context.constructor as new (left: unknown, right: unknown) => DiffContext;
    const common = Math.min(l.length, r.length);
    for (let i = 0; i < common; i++) context.push(new Ctx(l[i], r[i]), i);
    const result: Record<string, unknown> = { _t: 'a' };
    for (let i = common; i < l.length; i++) result[`_${i}`] = [l[i], 0, 0];
    for (let j = common; j < r.length; j++) result[j] = [r[j]];
    // The children pushed above are diffed next; jsondiffpatch's collectChildren merges them into this result.
    context.setResult(common < l.length || common < r.length ? (result as Delta) : undefined).exit();
  };
  largeArrays.filterName = 'bsonLargeArrays';

  function sameKey(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    return keyOf(a) === keyOf(b);
  }

  patcher.processor.pipes.diff!.before('dates', wrappers);
  patcher.processor.pipes.diff!.before('arrays', largeArrays);
  return { diff: (before, after) => patcher.diff(before, after), positional };
}
