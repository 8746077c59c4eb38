// Resume tokens shaped like MongoDB's: `_data` hex = 82 + 8-byte cluster time, then our own tail
// (version, invalidate flag, txnOpIndex, fragment index) so a token names one event or fragment
// exactly. The events of one transaction share a cluster time; txnOpIndex orders them (as in
// mongod's tokens), and hex order of `_data` is event order.
import { CommandError } from '../base/errors';
import { isPlainObject } from '../base/values';

export interface TokenPosition {
  t: number;
  i: number;
  invalidate: boolean;
  /** Position of the event within its transaction's commit (0 outside transactions). */
  txnOpIndex: number;
  fragment: number;
}

const hex8 = (n: number): string => (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
const hex4 = (n: number): string => (n & 0xffff).toString(16).toUpperCase().padStart(4, '0');

/** Largest number of operations one transaction may commit (txnOpIndex has four hex digits). */
export const MAX_TXN_OPS = 0xffff;

export function encodeToken(t: number, i: number, invalidate = false, fragment = 0, txnOpIndex = 0): { _data: string } {
  return { _data: `82${hex8(t)}${hex8(i)}2B02${invalidate ? '01' : '00'}${hex4(txnOpIndex)}${hex4(fragment)}04` };
}

export function decodeToken(token: unknown, option: string): TokenPosition {
  if (!isPlainObject(token))
    throw new CommandError(14, `BSON field '$changeStream.${option}' is the wrong type, expected type 'object'`);
  const data = token._data;
  if (typeof data !== 'string')
    throw new CommandError(40414, `BSON field '$changeStream.${option}._data' is missing but a required field`);
  if (!/^82[0-9A-Fa-f]{16}2B02(00|01)[0-9A-Fa-f]{8}04$/.test(data)) {
    throw new CommandError(9, `Failed to parse resume token: '${data}' is not a change stream resume token`);
  }
  return {
    t: parseInt(data.slice(2, 10), 16),
    i: parseInt(data.slice(10, 18), 16),
    invalidate: data.slice(22, 24) === '01',
    txnOpIndex: parseInt(data.slice(24, 28), 16),
    fragment: parseInt(data.slice(28, 32), 16),
  };
}
