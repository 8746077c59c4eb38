// The part of mongod's `$jsonSchema` that collection validators use in practice: bsonType/type,
// required, properties, additionalProperties, enum, minimum/maximum, minLength/maxLength,
// pattern, items, minItems/maxItems. Hand-written because mingo ships no schema validator and
// the keywords must follow BSON types (int vs long vs double), which JSON Schema libraries cannot see.
import { CommandError } from '../base/errors';
import { type Doc, compareValues, isPlainObject } from '../base/values';
import { isNumber } from '../base/numbers';
import { typeMatches, typeName } from './bsontype';

const JSON_TYPES: Record<string, string[]> = {
  object: ['object'],
  array: ['array'],
  string: ['string'],
  boolean: ['bool'],
  null: ['null'],
  number: ['number'],
  integer: ['int', 'long'],
};

export type Check = (v: unknown) => boolean;

export function compileSchema(schema: unknown): Check {
  if (!isPlainObject(schema)) throw new CommandError(9, '$jsonSchema must be an object');
  const checks: Check[] = [];
  const s = schema;
  if (s.bsonType !== undefined) {
    const wanted = Array.isArray(s.bsonType) ? s.bsonType : [s.bsonType];
    checks.push((v) => typeMatches(v, wanted));
  }
  if (s.type !== undefined) {
    const wanted = (Array.isArray(s.type) ? s.type : [s.type]).flatMap((t) => JSON_TYPES[String(t)] ?? [String(t)]);
    checks.push((v) => typeMatches(v, wanted));
  }
  if (Array.isArray(s.enum)) {
    const options = s.enum;
    checks.push((v) => options.some((o) => compareValues(o, v) === 0 && typeName(o) === typeName(v)));
  }
  const num = (k: string, test: (c: number) => boolean): void => {
    if (s[k] !== undefined) checks.push((v) => !isNumber(v) || test(compareValues(v, s[k])));
  };
  num('minimum', (c) => c >= 0);
  num('maximum', (c) => c <= 0);
  const len = (k: string, of: (v: unknown) => number | undefined, test: (n: number, lim: number) => boolean): void => {
    if (s[k] !== undefined) {
      const lim = Number(s[k]);
      checks.push((v) => {
        const n = of(v);
        return n === undefined || test(n, lim);
      });
    }
  };
  const strLen = (v: unknown) => (typeof v === 'string' ? [...v].length : undefined);
  const arrLen = (v: unknown) => (Array.isArray(v) ? v.length : undefined);
  len('minLength', strLen, (n, l) => n >= l);
  len('maxLength', strLen, (n, l) => n <= l);
  len('minItems', arrLen, (n, l) => n >= l);
  len('maxItems', arrLen, (n, l) => n <= l);
  if (typeof s.pattern === 'string') {
    const re = new RegExp(s.pattern, 'u');
    checks.push((v) => typeof v !== 'string' || re.test(v));
  }
  if (s.items !== undefined && !Array.isArray(s.items)) {
    const item = compileSchema(s.items);
    checks.push((v) => !Array.isArray(v) || v.every(item));
  }
  if (Array.isArray(s.required)) {
    const req = s.required.map(String);
    checks.push((v) => !isPlainObject(v) || req.every((k) => v[k] !== undefined));
  }
  const props: [string, Check][] = isPlainObject(s.properties)
    ? Object.entries(s.properties).map(([k, sub]) => [k, compileSchema(sub)])
    : [];
  if (props.length) checks.push((v) => !isPlainObject(v) || props.every(([k, c]) => v[k] === undefined || c(v[k])));
  if (s.additionalProperties === false) {
    const known = new Set(props.map(([k]) => k));
    checks.push((v) => !isPlainObject(v) || Object.keys(v as Doc).every((k) => known.has(k)));
  }
  return (v) => checks.every((c) => c(v));
}
