// ImageDiff: the field-level difference between a document's pre-image and post-image, as a flat
// list of entries in document order (changes and the unchanged parts between them, for folding).
import type { Document } from 'bson';
import type { Delta } from 'jsondiffpatch';
import {
  bsonTypeOf,
  canonicalText,
  isAtomic,
  toCanonical,
  type BsonTypeName,
  type CanonicalDocument,
  type CanonicalValue,
} from './canonical';
import { createDiffer, elementKey, hasIdKey, type Differ } from './differ';
import { dottedPath, type PathSegment } from './path';

export type DiffKind = 'added' | 'removed' | 'changed' | 'moved' | 'unchanged';

export interface DiffEntry {
  kind: DiffKind;
  /**
   * Where the value is in the after image. For `removed`: its parent's place in the after image and
   * its own key or before-image index.
   */
  path: PathSegment[];
  /** `path` joined with dots, as MongoDB writes it (`items.2.qty`); `path` is the unambiguous form. */
  dotted: string;
  /** Where the value was in the before image, when that differs from `path` (moves, shifted elements). */
  fromPath?: PathSegment[];
  /** Canonical EJSON; absent for `added`. For `unchanged` both sides are the same value. */
  before?: CanonicalValue;
  /** Canonical EJSON; absent for `removed`. */
  after?: CanonicalValue;
  beforeType?: BsonTypeName;
  afterType?: BsonTypeName;
  /** Set on `changed` entries whose BSON type changed (int → long, object → array…). */
  typeChanged?: { before: BsonTypeName; after: BsonTypeName };
}

export interface ImageDiff {
  /** Every part of the document once, in document order: unchanged subtrees as one entry each. */
  entries: DiffEntry[];
  /** `entries` without the unchanged ones. */
  changes: DiffEntry[];
  counts: Record<DiffKind, number>;
  identical: boolean;
  /** Arrays too large for sequence matching, compared index by index (their moves are not detected). */
  positionalArrays: PathSegment[][];
}

/** Diffs two BSON documents (as the driver or EJSON.parse gives them). */
export function diffImages(before: Document, after: Document, differ?: Differ): ImageDiff {
  return diffCanonical(toCanonical(before), toCanonical(after), differ);
}

/** Diffs two canonical EJSON documents (as reconstruction produces them). */
export function diffCanonical(before: CanonicalDocument, after: CanonicalDocument, differ = createDiffer()): ImageDiff {
  const delta = differ.diff(before, after);
  const walk = new Walk(differ);
  walk.object(before, after, delta as Record<string, Delta> | undefined, [], []);
  const counts: Record<DiffKind, number> = { added: 0, removed: 0, changed: 0, moved: 0, unchanged: 0 };
  for (const e of walk.entries) counts[e.kind]++;
  const changes = walk.entries.filter((e) => e.kind !== 'unchanged');
  return { entries: walk.entries, changes, counts, identical: changes.length === 0, positionalArrays: walk.positional };
}

type Obj = { [key: string]: CanonicalValue };
const isObj = (v: CanonicalValue | undefined): v is Obj =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !isAtomic(v);
const isEmpty = (v: CanonicalValue): boolean =>
  Array.isArray(v) ? v.length === 0 : isObj(v) && Object.keys(v).length === 0;
const own = (o: object, k: string | number): boolean => Object.prototype.hasOwnProperty.call(o, k);

class Walk {
  readonly entries: DiffEntry[] = [];
  readonly positional: PathSegment[][] = [];
  constructor(private readonly differ: Differ) {}

  value(l: CanonicalValue, r: CanonicalValue, delta: Delta, path: PathSegment[], from: PathSegment[]): void {
    if (delta === undefined) return this.push('unchanged', path, from, l, r);
    // An emptied or filled-from-empty container is shown whole: its entries alone could not say it is there.
    if (isEmpty(l) || isEmpty(r)) return this.push('changed', path, from, l, r);
    if (Array.isArray(l) && Array.isArray(r) && !Array.isArray(delta))
      return this.array(l, r, delta as Record<string, Delta>, path, from);
    if (isObj(l) && isObj(r) && !Array.isArray(delta))
      return this.object(l, r, delta as Record<string, Delta>, path, from);
    this.push('changed', path, from, l, r);
  }

  object(l: Obj, r: Obj, delta: Record<string, Delta> | undefined, path: PathSegment[], from: PathSegment[]): void {
    // A removed key is shown after the key that preceded it in the before image (or first).
    const removedAfter = new Map<string | undefined, string[]>();
    let previous: string | undefined;
    for (const k of Object.keys(l)) {
      if (own(r, k)) previous = k;
      else removedAfter.set(previous, [...(removedAfter.get(previous) ?? []), k]);
    }
    const removed = (anchor: string | undefined): void => {
      for (const k of removedAfter.get(anchor) ?? []) this.push('removed', [...path, k], [...from, k], l[k], undefined);
    };
    removed(undefined);
    for (const k of Object.keys(r)) {
      if (!own(l, k)) this.push('added', [...path, k], undefined, undefined, r[k]);
      else if (k === '__proto__') {
        // jsondiffpatch skips this key (prototype safety): compare it whole here.
        const same = canonicalText(l[k]!) === canonicalText(r[k]!);
        this.push(same ? 'unchanged' : 'changed', [...path, k], [...from, k], l[k], r[k]);
      } else this.value(l[k]!, r[k]!, delta && own(delta, k) ? delta[k] : undefined, [...path, k], [...from, k]);
      removed(k);
    }
  }

  array(
    l: CanonicalValue[],
    r: CanonicalValue[],
    delta: Record<string, Delta>,
    path: PathSegment[],
    from: PathSegment[],
  ): void {
    if (this.differ.positional.has(l)) this.positional.push(path);
    const removed = new Set<number>();
    const movedFrom = new Map<number, number>(); // after index → before index
    const added = new Set<number>();
    for (const key of Object.keys(delta)) {
      const d = delta[key] as unknown[];
      if (key[0] === '_' && key !== '_t') {
        const i = Number(key.slice(1));
        if (d[2] === 3) movedFrom.set(d[1] as number, i);
        else removed.add(i);
      } else if (key !== '_t' && Array.isArray(d) && d.length === 1) added.add(Number(key));
    }
    const moved = new Set(movedFrom.values());
    // Elements kept in sequence (the LCS) pair up in order: the anchors between which the rest sits.
    const keptL: number[] = [];
    for (let i = 0; i < l.length; i++) if (!removed.has(i) && !moved.has(i)) keptL.push(i);
    let li = 0; // next before index not yet shown
    let kept = 0;
    let gapRemoved: number[] = [];
    let gapAfter: number[] = [];
    const flush = (): void => {
      // Elements without an `_id` removed and added at the same place are one element that changed.
      const pairs = new Map<number, number>();
      let p = 0;
      for (const j of gapAfter) {
        if (!added.has(j) || p >= gapRemoved.length) continue;
        const i = gapRemoved[p]!;
        if (hasIdKey(elementKey(l[i])) || hasIdKey(elementKey(r[j]))) break;
        pairs.set(j, i);
        p++;
      }
      // Unpaired removals go where they were: before the first paired element that followed them.
      const unpaired = gapRemoved.slice(p);
      let u = 0;
      const removedUpTo = (limit: number): void => {
        for (; u < unpaired.length && unpaired[u]! < limit; u++)
          this.push('removed', [...path, unpaired[u]!], [...from, unpaired[u]!], l[unpaired[u]!], undefined);
      };
      const nextPairLeft: number[] = [];
      for (let k = gapAfter.length - 1, next = Infinity; k >= 0; k--)
        nextPairLeft[k] = next = pairs.get(gapAfter[k]!) ?? next;
      for (let k = 0; k < gapAfter.length; k++) {
        const j = gapAfter[k]!;
        removedUpTo(nextPairLeft[k]!);
        const pi = pairs.get(j);
        const mi = movedFrom.get(j);
        if (pi !== undefined) this.value(l[pi]!, r[j]!, this.differ.diff(l[pi]!, r[j]!), [...path, j], [...from, pi]);
        else if (mi !== undefined) {
          this.push('moved', [...path, j], [...from, mi], l[mi], r[j]);
          const inner = own(delta, j) ? delta[j] : undefined;
          if (inner !== undefined) this.value(l[mi]!, r[j]!, inner, [...path, j], [...from, mi]);
        } else this.push('added', [...path, j], undefined, undefined, r[j]);
      }
      removedUpTo(Infinity);
      gapRemoved = [];
      gapAfter = [];
    };
    for (let j = 0; j < r.length; j++) {
      if (added.has(j) || movedFrom.has(j)) {
        gapAfter.push(j);
        continue;
      }
      const anchor = keptL[kept++]!;
      for (; li < anchor; li++) if (removed.has(li)) gapRemoved.push(li);
      li = anchor + 1;
      flush();
      this.value(l[anchor]!, r[j]!, own(delta, j) ? delta[j] : undefined, [...path, j], [...from, anchor]);
    }
    for (; li < l.length; li++) if (removed.has(li)) gapRemoved.push(li);
    flush();
  }

  push(
    kind: DiffKind,
    path: PathSegment[],
    from: PathSegment[] | undefined,
    before?: CanonicalValue,
    after?: CanonicalValue,
  ): void {
    const e: DiffEntry = { kind, path, dotted: dottedPath(path) };
    if (from && (from.length !== path.length || from.some((s, i) => s !== path[i]))) e.fromPath = from;
    if (before !== undefined) {
      e.before = before;
      e.beforeType = bsonTypeOf(before);
    }
    if (after !== undefined) {
      e.after = after;
      e.afterType = bsonTypeOf(after);
    }
    if (kind === 'changed' && e.beforeType && e.afterType && e.beforeType !== e.afterType)
      e.typeChanged = { before: e.beforeType, after: e.afterType };
    this.entries.push(e);
  }
}
