// Canonical EJSON as the diff's value model: converting BSON documents to it, telling a type
// wrapper ({$oid}, {$numberLong}, …) from a sub-document, and naming each value's BSON type.
import { EJSON, type Document } from 'bson';

/** A canonical Extended JSON value (EJSON.serialize with relaxed: false): plain JSON, types kept. */
export type CanonicalValue = null | boolean | string | CanonicalValue[] | { [key: string]: CanonicalValue };
export type CanonicalDocument = { [key: string]: CanonicalValue };

/** MongoDB's `$type` aliases, the names a person can query with. */
export type BsonTypeName =
  | 'double'
  | 'string'
  | 'object'
  | 'array'
  | 'binData'
  | 'undefined'
  | 'objectId'
  | 'bool'
  | 'date'
  | 'null'
  | 'regex'
  | 'dbPointer'
  | 'javascript'
  | 'symbol'
  | 'javascriptWithScope'
  | 'int'
  | 'timestamp'
  | 'long'
  | 'decimal'
  | 'minKey'
  | 'maxKey';

/** Canonical EJSON of a BSON value as the driver or EJSON.parse gives it (Int32, Long, Double… kept). */
export function toCanonical(value: Document): CanonicalDocument;
export function toCanonical(value: unknown): CanonicalValue;
export function toCanonical(value: unknown): CanonicalValue {
  return EJSON.serialize(value, { relaxed: false }) as CanonicalValue;
}

/** Parses EJSON text (as the event log stores it) into BSON values, keeping every numeric type. */
export function parseEJSON(text: string): Document {
  return EJSON.parse(text, { relaxed: false }) as Document;
}

/** Back from canonical EJSON to BSON values (for EJSON.stringify in relaxed mode, or the driver). */
export function fromCanonical(value: CanonicalValue): unknown {
  return EJSON.deserialize(value as Document, { relaxed: false });
}

// One-key wrappers and their $type names; the multi-key ones ($code+$scope, DBRef, legacy $regex) follow.
const SINGLE_KEY: Record<string, BsonTypeName> = {
  $oid: 'objectId',
  $date: 'date',
  $numberDecimal: 'decimal',
  $numberLong: 'long',
  $numberInt: 'int',
  $numberDouble: 'double',
  $binary: 'binData',
  $uuid: 'binData',
  $timestamp: 'timestamp',
  $regularExpression: 'regex',
  $symbol: 'symbol',
  $code: 'javascript',
  $dbPointer: 'dbPointer',
  $minKey: 'minKey',
  $maxKey: 'maxKey',
  $undefined: 'undefined',
};

/**
 * The BSON type a canonical wrapper stands for, or undefined for a real sub-document. A DBRef
 * ({$ref, $id[, $db]}) is one value too: it is a reference, shown and compared whole.
 */
export function wrapperType(value: { [key: string]: CanonicalValue }): BsonTypeName | 'dbRef' | undefined {
  const keys = Object.keys(value);
  if (keys.length === 0 || keys[0]![0] !== '$') return undefined;
  if (keys.length === 1) return SINGLE_KEY[keys[0]!];
  if (keys.length === 2 && '$code' in value && '$scope' in value) return 'javascriptWithScope';
  if (keys.length === 2 && '$regex' in value && '$options' in value) return 'regex';
  if ('$ref' in value && '$id' in value && keys.every((k) => k === '$ref' || k === '$id' || k === '$db'))
    return 'dbRef';
  return undefined;
}

/** True for a value the diff compares whole: scalars and type wrappers, never objects or arrays. */
export function isAtomic(value: CanonicalValue): boolean {
  return value === null || typeof value !== 'object' || (!Array.isArray(value) && wrapperType(value) !== undefined);
}

export function bsonTypeOf(value: CanonicalValue | undefined): BsonTypeName | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  // A bare JSON number only appears in relaxed input; EJSON would read it as int or double.
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (Array.isArray(value)) return 'array';
  const w = wrapperType(value);
  return w === undefined || w === 'dbRef' ? 'object' : w;
}

/** Deterministic text of a canonical value: wrappers come from bson in a fixed key order. */
export const canonicalText = (value: CanonicalValue): string => JSON.stringify(value);
