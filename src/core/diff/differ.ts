// The jsondiffpatch instance the image diff runs on, taught two BSON facts: a type wrapper
// ({$oid}, {$numberLong}, …) is one value, and array elements with an `_id` are the same element
// wherever they move. Produces jsondiffpatch deltas; imageDiff.ts turns them into entries.
import { create, type Delta, type DiffContext, type Filter } from 'jsondiffpatch';
import { canonicalText, isAtomic, type CanonicalValue } from './canonical';

/**
 * jsondiffpatch's array LCS is quadratic in time and memory; past this many cells (after trimming
 * the common head and tail) elements unique by key are matched in linear time instead, and an
 * array with repeated keys is compared position by position (and reported so).
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
    const Ctx = context.constructor as new (left: unknown, right: unknown) => DiffContext;
    const keyed = matchByKey(l, r, head, tail, (v) =>
      v !== null && typeof v === 'object' ? keyOf(v) : `s:${String(v)}`,
    );
    if (keyed) {
      for (let i = 0; i < head; i++) context.push(new Ctx(l[i], r[i]), i);
      for (const [i, j] of keyed.kept) context.push(new Ctx(l[i], r[j]), j);
      const result: Record<string, unknown> = { _t: 'a' };
      for (const i of keyed.removed) result[`_${i}`] = [l[i], 0, 0];
      for (const [i, j] of keyed.moved) {
        result[`_${i}`] = ['', j, 3];
        context.push(new Ctx(l[i], r[j]), j);
      }
      for (const j of keyed.added) result[j] = [r[j]];
      for (let t = 1; t <= tail; t++) context.push(new Ctx(l[l.length - t], r[r.length - t]), r.length - t);
      const changed = keyed.removed.length + keyed.moved.length + keyed.added.length > 0;
      context.setResult(changed ? (result as Delta) : undefined).exit();
      return;
    }
    positional.add(l);
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

/**
 * Linear-time matching for large arrays whose elements are unique by key (`_id`, or content):
 * the same key is the same element; the longest run kept in order (longest increasing
 * subsequence) stays, the other matched elements moved. Undefined when keys repeat.
 */
function matchByKey(
  l: readonly unknown[],
  r: readonly unknown[],
  head: number,
  tail: number,
  keyOf: (v: unknown) => string,
): { kept: [number, number][]; moved: [number, number][]; removed: number[]; added: number[] } | undefined {
  const rightAt = new Map<string, number>();
  for (let j = head; j < r.length - tail; j++) {
    const k = keyOf(r[j]);
    if (rightAt.has(k)) return undefined;
    rightAt.set(k, j);
  }
  const seen = new Set<string>();
  const pairs: [number, number][] = [];
  const removed: number[] = [];
  const matchedRight = new Set<number>();
  for (let i = head; i < l.length - tail; i++) {
    const k = keyOf(l[i]);
    if (seen.has(k)) return undefined;
    seen.add(k);
    const j = rightAt.get(k);
    if (j === undefined) removed.push(i);
    else {
      pairs.push([i, j]);
      matchedRight.add(j);
    }
  }
  // Patience sorting over the right indexes, in left order, with back links to rebuild the run.
  const tails: number[] = [];
  const back: number[] = new Array<number>(pairs.length);
  for (let p = 0; p < pairs.length; p++) {
    const j = pairs[p]![1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < j) lo = mid + 1;
      else hi = mid;
    }
    back[p] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = p;
  }
  const inRun = new Set<number>();
  for (let p = tails.length ? tails[tails.length - 1]! : -1; p >= 0; p = back[p]!) inRun.add(p);
  const kept: [number, number][] = [];
  const moved: [number, number][] = [];
  pairs.forEach((pair, p) => (inRun.has(p) ? kept : moved).push(pair));
  const added: number[] = [];
  for (let j = head; j < r.length - tail; j++) if (!matchedRight.has(j)) added.push(j);
  return { kept, moved, removed, added };
}
