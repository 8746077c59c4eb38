// mongod's numeric tower over BSON values: int < long < double < decimal. Every comparison and
// every arithmetic result in the sandbox goes through here, so a stored Int32/Long/Double/
// Decimal128 keeps its type through queries, updates and pipelines (int+int → int, long on
// overflow; Decimal128 arithmetic is decimal via decimal.js; Int64 compares exactly).
import { Decimal128, Double, type Int32, Long } from 'bson';
import Decimal from 'decimal.js';

export type NumKind = 'int' | 'long' | 'double' | 'decimal';

const RANK: Record<NumKind, number> = { int: 0, long: 1, double: 2, decimal: 3 };
const KINDS: NumKind[] = ['int', 'long', 'double', 'decimal'];
/** IEEE 754-2008 decimal128: 34 significant digits, banker's rounding, as mongod computes. */
const Dec = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN, toExpPos: 34, toExpNeg: -34 });
type Dec = Decimal;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function bsonType(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
}

/**
 * The BSON numeric kind of a value, undefined for non-numbers. A plain JS number is what bson
 * would encode it as: an integer in int32 range is an int, anything else a double.
 */
export function numKind(v: unknown): NumKind | undefined {
  if (typeof v === 'number')
    return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX && !Object.is(v, -0) ? 'int' : 'double';
  if (typeof v === 'bigint') return 'long';
  switch (bsonType(v)) {
    case 'Int32':
      return 'int';
    case 'Long':
      return 'long';
    case 'Double':
      return 'double';
    case 'Decimal128':
      return 'decimal';
  }
  return undefined;
}

export function isNumber(v: unknown): boolean {
  return numKind(v) !== undefined;
}

/** A JS number (exact for int and double; nearest double for long and decimal). */
export function toJsNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  switch (bsonType(v)) {
    case 'Int32':
    case 'Double':
      return (v as Int32 | Double).value;
    case 'Long':
      return (v as Long).toNumber();
    case 'Decimal128':
      return Number((v as Decimal128).toString());
  }
  return NaN;
}

function toBig(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (bsonType(v) === 'Long') return (v as Long).toBigInt();
  return BigInt(Math.trunc(toJsNumber(v)));
}

function toDec(v: unknown): Dec {
  if (bsonType(v) === 'Decimal128' || bsonType(v) === 'Long' || typeof v === 'bigint') return new Dec(String(v));
  return new Dec(toJsNumber(v));
}

/**
 * The value as the kind says, in the form that survives the trip best: ints and non-integral
 * doubles as plain JS numbers (bson encodes them back as int32/double, and mingo's own operators
 * accept them), integral doubles as Double (so 3.0 stays a double), longs and decimals wrapped.
 */
export function makeNum(kind: NumKind, v: number | bigint | string | Dec): unknown {
  switch (kind) {
    case 'int':
      return Number(v);
    case 'long':
      return Long.fromBigInt(typeof v === 'bigint' ? v : BigInt(String(v)));
    case 'double': {
      const n = Number(v);
      return Number.isInteger(n) || Object.is(n, -0) ? new Double(n) : n;
    }
    case 'decimal':
      return Decimal128.fromString((v instanceof Decimal ? v : new Dec(String(v))).toString());
  }
}

/** An integer result in the narrowest of int/long that holds it (mongod widens on overflow), else double. */
function integral(kind: NumKind, r: bigint): unknown {
  if (kind === 'int' && r >= BigInt(INT32_MIN) && r <= BigInt(INT32_MAX)) return Number(r);
  if (r >= INT64_MIN && r <= INT64_MAX) return Long.fromBigInt(r);
  return makeNum('double', Number(r));
}

export function widerKind(a: unknown, b: unknown): NumKind {
  return KINDS[Math.max(RANK[numKind(a) ?? 'double'], RANK[numKind(b) ?? 'double'])];
}

function isNaNNum(v: unknown): boolean {
  if (bsonType(v) === 'Decimal128') return (v as Decimal128).toString() === 'NaN';
  return Number.isNaN(toJsNumber(v)) && numKind(v) === 'double';
}

/** Exact numeric ordering across kinds; NaN sorts first and equals NaN, as in mongod. */
export function compareNumbers(a: unknown, b: unknown): number {
  const ka = numKind(a),
    kb = numKind(b);
  if ((ka === 'int' || ka === 'double') && (kb === 'int' || kb === 'double')) {
    const x = toJsNumber(a),
      y = toJsNumber(b);
    if (x < y) return -1;
    if (x > y) return 1;
    if (x === y) return 0;
    return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  }
  if ((ka === 'int' || ka === 'long') && (kb === 'int' || kb === 'long')) {
    const x = toBig(a),
      y = toBig(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const na = isNaNNum(a),
    nb = isNaNNum(b);
  if (na || nb) return na && nb ? 0 : na ? -1 : 1;
  return toDec(a).comparedTo(toDec(b));
}

export type ArithOp = 'add' | 'subtract' | 'multiply' | 'divide' | 'mod';

/** Binary arithmetic with mongod's result types; division of integers gives a double. */
export function arithmetic(op: ArithOp, a: unknown, b: unknown): unknown {
  const kind = widerKind(a, b);
  if (kind === 'decimal') {
    const x = toDec(a),
      y = toDec(b);
    const r =
      op === 'add'
        ? x.plus(y)
        : op === 'subtract'
          ? x.minus(y)
          : op === 'multiply'
            ? x.times(y)
            : op === 'divide'
              ? x.div(y)
              : x.mod(y);
    return withPreferredExponent(r, op, a, b) ?? makeNum('decimal', r);
  }
  if ((kind === 'int' || kind === 'long') && op !== 'divide') {
    const x = toBig(a),
      y = toBig(b);
    if (op === 'mod' && y === 0n) return makeNum('double', NaN);
    return integral(kind, op === 'add' ? x + y : op === 'subtract' ? x - y : op === 'multiply' ? x * y : x % y);
  }
  const x = toJsNumber(a),
    y = toJsNumber(b);
  const r =
    op === 'add' ? x + y : op === 'subtract' ? x - y : op === 'multiply' ? x * y : op === 'divide' ? x / y : x % y;
  return makeNum('double', r);
}

export function isZero(v: unknown): boolean {
  return numKind(v) === 'decimal' ? toDec(v).isZero() : toJsNumber(v) === 0;
}

/** Sum of the numeric values (others skipped), starting from int 0: ints stay int, then long, then double. */
export function sumOf(values: unknown[]): unknown {
  let acc: unknown = 0;
  for (const v of values) if (isNumber(v)) acc = arithmetic('add', acc, v);
  return acc;
}

/** Average of the numeric values: a double, or a decimal when any is decimal; null when none. */
export function avgOf(values: unknown[]): unknown {
  const nums = values.filter(isNumber);
  if (nums.length === 0) return null;
  const sum = sumOf(nums);
  return numKind(sum) === 'decimal'
    ? arithmetic('divide', sum, nums.length)
    : makeNum('double', toJsNumber(sum) / nums.length);
}

export type RoundOp = 'abs' | 'ceil' | 'floor' | 'trunc';

/** Unary operators that keep the kind (abs of the smallest int is a long, as in mongod). */
export function unary(op: RoundOp, v: unknown): unknown {
  const kind = numKind(v)!;
  if (kind === 'decimal') {
    const d = toDec(v);
    const r = op === 'abs' ? d.abs() : op === 'ceil' ? d.ceil() : op === 'floor' ? d.floor() : d.trunc();
    return makeNum('decimal', r);
  }
  if (kind === 'int' || kind === 'long') {
    const x = toBig(v);
    return op === 'abs' ? integral(kind, x < 0n ? -x : x) : v;
  }
  const x = toJsNumber(v);
  return makeNum(
    'double',
    op === 'abs' ? Math.abs(x) : op === 'ceil' ? Math.ceil(x) : op === 'floor' ? Math.floor(x) : Math.trunc(x),
  );
}

/** $round to `places` decimal digits (half to even, as mongod), keeping the kind. */
export function roundTo(v: unknown, places: number): unknown {
  const kind = numKind(v)!;
  const d = toDec(v).toDecimalPlaces(Math.max(places, 0), Decimal.ROUND_HALF_EVEN);
  if (places < 0) {
    const f = new Dec(10).pow(-places);
    return makeNum(
      kind === 'int' ? 'long' : kind,
      toDec(v).div(f).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).times(f),
    );
  }
  if (kind === 'int' || kind === 'long') return v;
  return kind === 'decimal' ? makeNum('decimal', d) : makeNum('double', d.toNumber());
}

/** Conversion for $toInt/$toLong/$toDouble/$toDecimal from any numeric kind (truncating toward zero). */
export function convertNumber(v: unknown, to: NumKind): unknown {
  if (to === 'decimal') return makeNum('decimal', toDec(v));
  if (to === 'double') return makeNum('double', toJsNumber(v));
  const d = toDec(v).trunc();
  const r = BigInt(d.toFixed(0));
  return to === 'int' ? Number(BigInt.asIntN(32, r)) : Long.fromBigInt(BigInt.asIntN(64, r));
}

/** A canonical string of the numeric value, so 1, Int32(1), Long(1), 1.0 and Decimal128('1.0') key alike. */
export function numericKey(v: unknown): string {
  const kind = numKind(v);
  if (kind === 'int' || kind === 'double') return String(toJsNumber(v));
  if (kind === 'long') return (v as Long).toString();
  const d = toDec(v);
  return d.isNaN() ? 'NaN' : d.isFinite() ? d.toString() : String(d.toNumber());
}

/**
 * IEEE 754-2008 keeps the operands' exponent in exact decimal results (799.99 + 0.01 is 800.00, not
 * 800; 1.5 × 2.0 is 3.00), as mongod's Decimal128 does. Only for add/subtract/multiply of decimals and
 * integers, whose exponents are exact; undefined where the rule does not apply.
 */
function withPreferredExponent(r: Dec, op: ArithOp, a: unknown, b: unknown): Decimal128 | undefined {
  if (op !== 'add' && op !== 'subtract' && op !== 'multiply') return undefined;
  const ea = exactExponent(a),
    eb = exactExponent(b);
  if (ea === undefined || eb === undefined || !r.isFinite()) return undefined;
  const exp = op === 'multiply' ? ea + eb : Math.min(ea, eb);
  const places = -exp;
  if (places <= 0 || r.decimalPlaces() >= places) return undefined;
  const text = r.toFixed(places);
  if (text.replace(/[-.]/g, '').replace(/^0+/, '').length > 34) return undefined;
  return Decimal128.fromString(text);
}

/** The decimal exponent of a Decimal128 as written (Decimal128('1.50') → -2) or 0 for an integer kind. */
function exactExponent(v: unknown): number | undefined {
  const kind = numKind(v);
  if (kind === 'int' || kind === 'long') return 0;
  if (kind !== 'decimal') return undefined;
  const m = /^[-+]?\d*(?:\.(\d*))?(?:E([-+]?\d+))?$/i.exec(String(v));
  if (!m) return undefined;
  return Number(m[2] ?? 0) - (m[1]?.length ?? 0);
}
