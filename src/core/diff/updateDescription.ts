// What an update event says by itself: its updateDescription as a list of changes with real paths
// (disambiguatedPaths for dotted or numeric field names), and applying it to a known version of
// the document to rebuild the next one.
import type { Document } from 'bson';
import {
  bsonTypeOf,
  isAtomic,
  toCanonical,
  type BsonTypeName,
  type CanonicalDocument,
  type CanonicalValue,
} from './canonical';
import type { PathSegment } from './path';

export interface DescribedChange {
  /** `set`: updatedFields; `removed`: removedFields; `truncated`: truncatedArrays (cut to `newSize`). */
  kind: 'set' | 'removed' | 'truncated';
  path: PathSegment[];
  /** The path exactly as the server wrote it. */
  dotted: string;
  /** The new value (canonical EJSON) of a `set`. */
  after?: CanonicalValue;
  afterType?: BsonTypeName;
  newSize?: number;
  /**
   * True when a numeric segment may be a field name rather than an array index: the server sent no
   * disambiguatedPaths (before 8.2 it does so only with showExpandedEvents). Applying the change to
   * a known document settles it.
   */
  ambiguous: boolean;
}

export interface UpdateDescriptionDiff {
  changes: DescribedChange[];
  /** Whether the server sent disambiguatedPaths, so that every path above is exact. */
  disambiguated: boolean;
}

/** Number of a canonical numeric wrapper or a plain number (newSize, path indexes). */
function numberOf(v: CanonicalValue | number | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const raw = v.$numberInt ?? v.$numberLong ?? v.$numberDouble;
    if (typeof raw === 'string' && /^-?\d+(\.0)?$/.test(raw)) return Number(raw);
  }
  return undefined;
}

/** Reads an updateDescription (BSON as the driver gives it, or its canonical EJSON). */
export function describeUpdate(updateDescription: Document): UpdateDescriptionDiff {
  const ud = toCanonical(updateDescription) as Record<string, CanonicalValue>;
  const dis = ud.disambiguatedPaths as Record<string, CanonicalValue> | undefined;
  const disambiguated = dis !== undefined && dis !== null && typeof dis === 'object';
  const pathOf = (dotted: string): { path: PathSegment[]; ambiguous: boolean } => {
    const given = disambiguated ? dis[dotted] : undefined;
    if (Array.isArray(given))
      return { path: given.map((s) => (typeof s === 'string' ? s : (numberOf(s) ?? String(s)))), ambiguous: false };
    const path = dotted.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    return { path, ambiguous: !disambiguated && path.some((s) => typeof s === 'number') };
  };
  const changes: DescribedChange[] = [];
  const updated = (ud.updatedFields ?? {}) as Record<string, CanonicalValue>;
  for (const dotted of Object.keys(updated)) {
    const after = updated[dotted]!;
    changes.push({ kind: 'set', dotted, ...pathOf(dotted), after, afterType: bsonTypeOf(after) });
  }
  for (const dotted of (ud.removedFields ?? []) as string[])
    changes.push({ kind: 'removed', dotted, ...pathOf(dotted) });
  for (const t of (ud.truncatedArrays ?? []) as Record<string, CanonicalValue>[]) {
    const dotted = String(t.field);
    changes.push({ kind: 'truncated', dotted, ...pathOf(dotted), newSize: numberOf(t.newSize) ?? 0 });
  }
  return { changes, disambiguated };
}

export interface AppliedUpdate {
  document: CanonicalDocument;
  /** Changes that did not fit the document (a path through a scalar…): the base was not the version before. */
  problems: string[];
}

type Container = Record<string, CanonicalValue> | CanonicalValue[];
const isContainer = (v: CanonicalValue | undefined): v is Container =>
  v !== null && typeof v === 'object' && (Array.isArray(v) || !isAtomic(v));

/**
 * Applies an updateDescription to the version of the document just before the update, as MongoDB
 * does: arrays are truncated, fields removed, then fields set (an index past the end pads with null).
 */
export function applyUpdate(base: CanonicalDocument, updateDescription: Document): AppliedUpdate {
  const doc = structuredClone(base);
  const problems: string[] = [];
  const { changes } = describeUpdate(updateDescription);
  const order = { truncated: 0, removed: 1, set: 2 } as const;
  for (const c of [...changes].sort((a, b) => order[a.kind] - order[b.kind])) {
    const parent = walkTo(doc, c.path.slice(0, -1), c.kind === 'set');
    const last = c.path[c.path.length - 1]!;
    if (!parent) {
      problems.push(`${c.dotted}: no such place in the earlier version`);
      continue;
    }
    const key = keyIn(parent, last);
    if (c.kind === 'truncated') {
      const arr = (parent as Record<string, CanonicalValue>)[key];
      if (Array.isArray(arr)) arr.length = Math.min(arr.length, c.newSize ?? arr.length);
      else problems.push(`${c.dotted}: truncated but not an array in the earlier version`);
    } else if (c.kind === 'removed') {
      if (Array.isArray(parent)) parent[key as number] = null;
      else if (Object.prototype.hasOwnProperty.call(parent, key)) delete parent[key as string];
      else problems.push(`${c.dotted}: removed but absent in the earlier version`);
    } else if (Array.isArray(parent)) {
      while (parent.length < (key as number)) parent.push(null);
      parent[key as number] = structuredClone(c.after!);
    } else defineField(parent, key as string, structuredClone(c.after!));
  }
  return { document: doc, problems };
}

/** An index into an array; in an object, a numeric segment is the field name it spells. */
function keyIn(container: Container, segment: PathSegment): string | number {
  if (Array.isArray(container)) return typeof segment === 'number' ? segment : Number(segment);
  return String(segment);
}

function walkTo(doc: CanonicalDocument, path: PathSegment[], create: boolean): Container | undefined {
  let node: Container = doc;
  for (const segment of path) {
    const key = keyIn(node, segment);
    if (Array.isArray(node) && !Number.isInteger(key)) return undefined;
    let next: CanonicalValue | undefined = (node as Record<string, CanonicalValue>)[key];
    if (next === undefined && create) {
      next = {};
      if (Array.isArray(node)) node[key as number] = next;
      else defineField(node, key as string, next);
    }
    if (!isContainer(next)) return undefined;
    node = next;
  }
  return node;
}

/** Sets a field as an own property, safe for `__proto__` (database field names are untrusted). */
function defineField(obj: Record<string, CanonicalValue>, key: string, value: CanonicalValue): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}
