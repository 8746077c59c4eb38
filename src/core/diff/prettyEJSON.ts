// Documents as text for VS Code's diff editor: pretty EJSON, keys in document order, the same
// bytes for the same document every time (two read-only virtual documents compare cleanly).
import { EJSON, type Document } from 'bson';
import { fromCanonical, isAtomic, toCanonical, type CanonicalDocument, type CanonicalValue } from './canonical';

export interface PrettyOptions {
  /** canonical keeps every type ({"$numberInt": "1"}); relaxed reads like JSON (1, "2024-…Z" dates). */
  mode?: 'canonical' | 'relaxed';
  indent?: number;
  /**
   * Order each object's keys as in this other version of the document (its keys first, in its
   * order, then the rest in document order), so a diff editor lines both sides up. Off by
   * default: field order is part of a BSON document, and this hides a reordering.
   */
  alignTo?: CanonicalDocument;
}

/** Pretty EJSON of a BSON document (as the driver gives it) or of a canonical EJSON document. */
export function prettyEJSON(doc: Document | CanonicalDocument, options: PrettyOptions = {}): string {
  const { mode = 'canonical', indent = 2, alignTo } = options;
  let canonical = toCanonicalOnce(doc);
  if (alignTo) canonical = aligned(canonical, alignTo) as CanonicalDocument;
  if (mode === 'canonical') return JSON.stringify(canonical, undefined, indent) + '\n';
  return EJSON.stringify(fromCanonical(canonical), undefined, indent, { relaxed: true }) + '\n';
}

/** The before and after texts of a diff, the after aligned to the before when asked. */
export function prettyImagePair(
  before: Document | CanonicalDocument | null,
  after: Document | CanonicalDocument | null,
  options: Omit<PrettyOptions, 'alignTo'> & { align?: boolean } = {},
): { before: string; after: string } {
  const b = before ? toCanonicalOnce(before) : null;
  const a = after ? toCanonicalOnce(after) : null;
  return {
    before: b ? prettyEJSON(b, options) : '',
    after: a ? prettyEJSON(a, { ...options, alignTo: options.align && b ? b : undefined }) : '',
  };
}

// Canonical EJSON is not a fixed point of EJSON.serialize ({$minKey: 1} would gain a wrapper):
// a document holding no BSON class instance is taken to be canonical already.
function toCanonicalOnce(doc: Document | CanonicalDocument): CanonicalDocument {
  return hasBsonValues(doc) ? toCanonical(doc) : (doc as CanonicalDocument);
}

function hasBsonValues(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return typeof v === 'number' || typeof v === 'bigint' || v === undefined;
  if ('_bsontype' in v || v instanceof Date || v instanceof RegExp) return true;
  if (!Array.isArray(v) && isAtomic(v as CanonicalValue)) return false; // a canonical wrapper (its numbers are its own)
  return Object.values(v).some(hasBsonValues);
}

function aligned(value: CanonicalValue, reference: CanonicalValue | undefined): CanonicalValue {
  if (value === null || typeof value !== 'object' || isAtomic(value)) return value;
  if (Array.isArray(value)) {
    const ref = Array.isArray(reference) ? reference : [];
    return value.map((v, i) => aligned(v, ref[i]));
  }
  const ref = reference && typeof reference === 'object' && !Array.isArray(reference) ? reference : {};
  const out: Record<string, CanonicalValue> = {};
  const put = (k: string): void => {
    Object.defineProperty(out, k, {
      value: aligned(value[k]!, ref[k]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  };
  for (const k of Object.keys(ref)) if (Object.prototype.hasOwnProperty.call(value, k)) put(k);
  for (const k of Object.keys(value)) if (!Object.prototype.hasOwnProperty.call(out, k)) put(k);
  return out;
}
