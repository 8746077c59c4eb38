// BSON-typed arithmetic for $inc/$mul and ordering for $min/$max: mingo does nothing (or throws)
// on Long/Decimal128/Int32/Double wrappers, so these operators are ours.
import { Decimal128, Double, Int32, Long } from 'bson';
import { CommandError } from '../base/errors';
import { bsonTypeOf, isNumeric, toNumber } from '../base/values';

const RANK: Record<string, number> = { Int32: 0, Long: 1, Double: 2, Decimal128: 3 };

function rankOf(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 0 : 2;
  return RANK[bsonTypeOf(v) ?? ''] ?? 2;
}

function asLong(v: unknown): Long {
  if (bsonTypeOf(v) === 'Long') return v as Long;
  return Long.fromNumber(toNumber(v));
}

function fromRank(rank: number, n: number): unknown {
  if (rank === 0) return new Int32(n);
  if (rank === 1) return Long.fromNumber(n);
  if (rank === 3) return Decimal128.fromString(String(n));
  return new Double(n);
}

export function arith(op: '$inc' | '$mul', current: unknown, operand: unknown, path: string): unknown {
  if (!isNumeric(operand)) {
    throw new CommandError(
      14,
      `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(operand)}}`,
    );
  }
  if (current === undefined) {
    return op === '$inc' ? operand : fromRank(rankOf(operand), 0);
  }
  if (!isNumeric(current)) {
    throw new CommandError(
      14,
      `Cannot apply ${op} to a value of non-numeric type. {_id: ...} has the field '${path}' of non-numeric type ${typeof current === 'string' ? 'string' : (bsonTypeOf(current) ?? typeof current)}`,
    );
  }
  const rank = Math.max(rankOf(current), rankOf(operand));
  if (rank === 3) {
    // Decimal128 arithmetic through JS numbers would lose digits; bson offers no decimal math,
    // so small-precision values (the common case) are exact and larger ones are approximated.
    const a = toNumber(current),
      b = toNumber(operand);
    return Decimal128.fromString(String(op === '$inc' ? a + b : a * b));
  }
  if (rank === 1 || rank === 0) {
    const a = asLong(current),
      b = asLong(operand);
    const r = op === '$inc' ? a.add(b) : a.multiply(b);
    if (rank === 0 && r.greaterThanOrEqual(Long.fromInt(-(2 ** 31))) && r.lessThan(Long.fromNumber(2 ** 31)))
      return new Int32(r.toInt());
    return r;
  }
  const a = toNumber(current),
    b = toNumber(operand);
  return new Double(op === '$inc' ? a + b : a * b);
}
