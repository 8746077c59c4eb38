// Computes a change event's updateDescription (updatedFields with dotted/array paths,
// removedFields, truncatedArrays, disambiguatedPaths) from the before and after documents.
import { type Doc, isPlainObject, sameValue } from '../base/values';

export interface UpdateDescription {
  updatedFields: Doc;
  removedFields: string[];
  truncatedArrays: { field: string; newSize: number }[];
  /** Paths whose dotted form is ambiguous (numeric or dotted field names), with their real components. */
  disambiguatedPaths: Record<string, (string | number)[]>;
}

type Parts = (string | number)[];

export function describeUpdate(before: Doc, after: Doc): UpdateDescription {
  const d: UpdateDescription = { updatedFields: {}, removedFields: [], truncatedArrays: [], disambiguatedPaths: {} };
  diffObject(before, after, [], false, d);
  return d;
}

export function isEmptyDescription(d: UpdateDescription): boolean {
  return d.removedFields.length === 0 && d.truncatedArrays.length === 0 && Object.keys(d.updatedFields).length === 0;
}

function note(d: UpdateDescription, parts: Parts, ambiguous: boolean): string {
  const path = parts.join('.');
  if (ambiguous) d.disambiguatedPaths[path] = parts;
  return path;
}

const isAmbiguousKey = (k: string): boolean => /^\d+$/.test(k) || k.includes('.');

function diffObject(a: Doc, b: Doc, parts: Parts, amb: boolean, d: UpdateDescription): void {
  for (const k of Object.keys(a)) {
    if (!(k in b) || b[k] === undefined) d.removedFields.push(note(d, [...parts, k], amb || isAmbiguousKey(k)));
  }
  for (const k of Object.keys(b)) {
    const bv = b[k];
    if (bv === undefined) continue;
    diffValue(a[k], bv, [...parts, k], amb || isAmbiguousKey(k), d);
  }
}

function diffValue(av: unknown, bv: unknown, parts: Parts, amb: boolean, d: UpdateDescription): void {
  if (sameValue(av, bv)) return;
  if (isPlainObject(av) && isPlainObject(bv)) {
    diffObject(av, bv, parts, amb, d);
    return;
  }
  if (Array.isArray(av) && Array.isArray(bv)) {
    if (bv.length < av.length) d.truncatedArrays.push({ field: note(d, parts, amb), newSize: bv.length });
    for (let i = 0; i < bv.length; i++) {
      if (i >= av.length) d.updatedFields[note(d, [...parts, i], amb)] = bv[i];
      else diffValue(av[i], bv[i], [...parts, i], amb, d);
    }
    return;
  }
  d.updatedFields[note(d, parts, amb)] = bv;
}
