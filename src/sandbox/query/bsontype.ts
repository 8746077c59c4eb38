// BSON type names as mongod spells them ($type in queries and expressions): int, long, double,
// decimal, objectId, ... (mingo's names come from JS constructors, e.g. 'int32').
import { bsonTypeOf } from '../base/values';
import { numKind } from '../base/numbers';

const ALIASES: Record<string, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  '-1': 'minKey',
  127: 'maxKey',
};
const NUMERIC = new Set(['double', 'int', 'long', 'decimal']);

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number' || typeof v === 'bigint') return numKind(v)!;
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  switch (bsonTypeOf(v)) {
    case 'Int32':
      return 'int';
    case 'Double':
      return 'double';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'ObjectId':
      return 'objectId';
    case 'Binary':
      return 'binData';
    case 'Timestamp':
      return 'timestamp';
    case 'BSONRegExp':
      return 'regex';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    case 'Code':
      return 'javascript';
    case undefined:
      return 'object';
  }
  return 'object';
}

/** `$type` query semantics: names, aliases (numeric codes) and 'number' for any numeric kind. */
export function typeMatches(v: unknown, wanted: unknown[]): boolean {
  const t = typeName(v);
  return wanted.some((spec) => {
    const w =
      ALIASES[String(typeof spec === 'object' && spec !== null ? Number(spec.valueOf()) : spec)] ?? String(spec);
    return w === t || (w === 'number' && NUMERIC.has(t));
  });
}
