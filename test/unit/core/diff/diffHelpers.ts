// Test helpers: a one-line view of diff entries, and documents rebuilt from entries alone.
import type { DiffEntry } from '../../../../src/core/diff/imageDiff';
import type { CanonicalValue } from '../../../../src/core/diff/canonical';
import type { PathSegment } from '../../../../src/core/diff/path';

/** `kind path[<-from]` for the changes; values checked separately where they matter. */
export const lines = (entries: DiffEntry[]): string[] =>
  entries.map((e) => `${e.kind} ${e.dotted}${e.fromPath ? ` <- ${e.fromPath.join('.')}` : ''}`);

function setAt(root: Record<string, unknown>, path: PathSegment[], value: unknown): void {
  let node: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    if (node[seg] === undefined) node[seg] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[seg] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = structuredClone(value);
}

/** The after image as the entries describe it (every entry but `removed`, at its path). */
export function afterFromEntries(entries: DiffEntry[]): Record<string, CanonicalValue> {
  const out: Record<string, CanonicalValue> = {};
  for (const e of entries) if (e.kind !== 'removed') setAt(out, e.path, e.after);
  return out;
}

/** The before image as the entries describe it (every entry but `added`, at its before path). */
export function beforeFromEntries(entries: DiffEntry[]): Record<string, CanonicalValue> {
  const out: Record<string, CanonicalValue> = {};
  // Moved elements are written whole first, then refined by their nested entries.
  for (const e of entries) if (e.kind !== 'added') setAt(out, e.fromPath ?? e.path, e.before);
  return out;
}
