// The three forms a value can be copied in, offered the same way everywhere: mongosh shell text,
// relaxed EJSON and canonical EJSON. Values arrive as canonical EJSON, so relaxed is derived from it here.
import { isRecord, shellText, type Json } from '../../src/shared/bsonText';

export type CopyFormat = 'shell' | 'relaxed' | 'canonical';

export const COPY_FORMATS: readonly { format: CopyFormat; label: string; title: string }[] = [
  { format: 'shell', label: 'Shell', title: 'mongosh shell syntax, e.g. ISODate(…), Long(…)' },
  {
    format: 'relaxed',
    label: 'Relaxed EJSON',
    title: 'Relaxed Extended JSON: numbers and dates as plain JSON where exact',
  },
  { format: 'canonical', label: 'Canonical EJSON', title: 'Canonical Extended JSON: every BSON type kept' },
];

function only(o: Record<string, Json>, key: string): boolean {
  const keys = Object.keys(o);
  return keys.length === 1 && keys[0] === key;
}

const MIN_RELAXED_DATE = Date.UTC(1970, 0, 1);
const MAX_RELAXED_DATE = Date.UTC(10000, 0, 1) - 1;

/**
 * Canonical EJSON to relaxed EJSON, as bson's EJSON.stringify({ relaxed: true }) writes it, except that a
 * Long beyond ±2^53 stays {$numberLong} (bson would round it: a copy must not change digits).
 */
export function relaxedEjson(v: Json): Json {
  if (Array.isArray(v)) return v.map(relaxedEjson);
  if (!isRecord(v)) return v;
  if (only(v, '$numberInt') && typeof v.$numberInt === 'string') return Number(v.$numberInt);
  if (only(v, '$numberDouble') && typeof v.$numberDouble === 'string') {
    const n = Number(v.$numberDouble);
    return Number.isFinite(n) && !Object.is(n, -0) ? n : v;
  }
  if (only(v, '$numberLong') && typeof v.$numberLong === 'string') {
    const n = Number(v.$numberLong);
    return Number.isSafeInteger(n) ? n : v;
  }
  if (only(v, '$date') && isRecord(v.$date) && typeof v.$date.$numberLong === 'string') {
    const ms = Number(v.$date.$numberLong);
    return ms >= MIN_RELAXED_DATE && ms <= MAX_RELAXED_DATE ? { $date: new Date(ms).toISOString() } : v;
  }
  // Other wrappers ($oid, $binary, $timestamp, …) hold only strings and plain numbers: recursing keeps them.
  const out: { [key: string]: Json } = {};
  for (const [k, x] of Object.entries(v)) out[k] = relaxedEjson(x);
  return out;
}

/** The text a copy in `format` puts on the clipboard; strings copy raw in shell form (what people paste). */
export function copyAs(v: Json, format: CopyFormat): string {
  switch (format) {
    case 'shell':
      return typeof v === 'string' ? v : shellText(v, '  ');
    case 'relaxed':
      return JSON.stringify(relaxedEjson(v), null, 2);
    case 'canonical':
      return JSON.stringify(v, null, 2);
  }
}
