// $inc/$mul on BSON values with mongod's result types (through ../base/numbers): int stays int
// and widens to long on overflow, Decimal128 arithmetic is decimal.
import { CommandError } from '../base/errors';
import { arithmetic, isNumber, makeNum, numKind } from '../base/numbers';
import { bsonTypeOf } from '../base/values';

export function arith(op: '$inc' | '$mul', current: unknown, operand: unknown, path: string): unknown {
  if (!isNumber(operand)) {
    throw new CommandError(
      14,
      `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(operand)}}`,
    );
  }
  if (current === undefined) return op === '$inc' ? operand : makeNum(numKind(operand)!, 0);
  if (!isNumber(current)) {
    throw new CommandError(
      14,
      `Cannot apply ${op} to a value of non-numeric type. {_id: ...} has the field '${path}' of non-numeric type ${typeof current === 'string' ? 'string' : (bsonTypeOf(current) ?? typeof current)}`,
    );
  }
  return arithmetic(op === '$inc' ? 'add' : 'multiply', current, operand);
}
