// Lets EJSON and shell syntax mix: after the shell parser, documents that are exactly an Extended JSON
// wrapper ({$oid}, {$date}, {$numberLong}, ...) become their BSON value through bson's own EJSON.
// None of these keys is a query or expression operator, so a wrapper is never a real filter.
import { EJSON } from 'bson';

const WRAPPERS: readonly string[][] = [
  ['$oid'],
  ['$date'],
  ['$numberInt'],
  ['$numberLong'],
  ['$numberDouble'],
  ['$numberDecimal'],
  ['$binary'],
  ['$binary', '$type'],
  ['$uuid'],
  ['$timestamp'],
  ['$regularExpression'],
  ['$minKey'],
  ['$maxKey'],
  ['$symbol'],
  ['$code'],
  ['$code', '$scope'],
  ['$dbPointer'],
];

export function isPlainDocument(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && !('_bsontype' in v);
}

function isWrapper(doc: Record<string, unknown>): boolean {
  const keys = Object.keys(doc).sort();
  return WRAPPERS.some((w) => w.length === keys.length && [...w].sort().every((k, i) => k === keys[i]));
}

export class WrapperError extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

/** Returns the value with every EJSON wrapper replaced; throws WrapperError(path) for a malformed one. */
export function liftWrappers(value: unknown, path: (string | number)[] = []): unknown {
  if (Array.isArray(value)) return value.map((v, i) => liftWrappers(v, [...path, i]));
  if (!isPlainDocument(value)) return value;
  if (isWrapper(value)) {
    try {
      return EJSON.deserialize(value, { relaxed: false });
    } catch (err) {
      throw new WrapperError(path, err instanceof Error ? err.message : String(err));
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // defineProperty, not assignment: a key named __proto__ must stay data, never a prototype.
    Object.defineProperty(out, key, {
      value: liftWrappers(value[key], [...path, key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
