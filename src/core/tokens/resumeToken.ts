// Reads what is safely readable out of a resume token, for display only: tokens stay opaque to the
// server's clients and are always sent back exactly as received. MongoDB's `_data` is a KeyString:
// 0x82 (Timestamp) + 8 bytes big-endian (seconds, increment), then the token's version, type,
// txnOpIndex, fromInvalidate and collection UUID. What follows (the event identifier) is left opaque.
// Hand-written because the decoder made for this (mongodb-resumetoken-decoder) is SSPL and not installed.

export type TokenFormat = 'mongodb' | 'sandbox' | 'unknown';

export interface DecodedResumeToken {
  /** The `_data` hex string, when the token has one. */
  hex?: string;
  clusterTime?: { t: number; i: number };
  date?: Date;
  /** Who made the token, as far as its shape tells. */
  format?: TokenFormat;
  /** Resume token version (0, 1 or 2: 2 is MongoDB 6.0+'s event-identifier form). */
  version?: number;
  /** 128 = the token of an event, 0 = a high-water mark (postBatchResumeToken with no event). */
  tokenType?: number;
  /** Position of the event inside its transaction's applyOps. */
  txnOpIndex?: number;
  /** True for the token of an invalidate event: only `startAfter` accepts it. */
  fromInvalidate?: boolean;
  /** The collection UUID, canonical 8-4-4-4-12 lower case. */
  uuid?: string;
  /** Fragment number of a split event (sandbox tokens carry it plainly). */
  fragment?: number;
}

// KeyString type bytes (MongoDB key_string.h).
const K_TIMESTAMP = 0x82;
const K_ZERO = 0x29;
const K_POS_INT_1 = 0x2b;
const K_POS_INT_8 = 0x32;
const K_BIN_DATA = 0x5a;
const K_BOOL_FALSE = 0x6e;
const K_BOOL_TRUE = 0x6f;
const K_END = 0x04;
const UUID_SUBTYPE = 0x04;

const SANDBOX = /^82[0-9A-Fa-f]{16}2B02(00|01)([0-9A-Fa-f]{8})04$/;

export function decodeResumeToken(token: unknown): DecodedResumeToken {
  const data = typeof token === 'object' && token !== null ? (token as { _data?: unknown })._data : undefined;
  const hex = typeof data === 'string' ? data : undefined;
  if (hex === undefined) return {};
  if (!/^82[0-9a-fA-F]{16}/.test(hex)) return { hex, format: 'unknown' };
  const t = parseInt(hex.slice(2, 10), 16);
  const i = parseInt(hex.slice(10, 18), 16);
  const out: DecodedResumeToken = { hex, clusterTime: { t, i }, date: new Date(t * 1000) };
  const sandbox = SANDBOX.exec(hex);
  if (sandbox) {
    return {
      ...out,
      format: 'sandbox',
      version: 1,
      fromInvalidate: sandbox[1] === '01',
      fragment: parseInt(sandbox[2], 16),
    };
  }
  return { ...out, ...decodeHeader(hex) };
}

/** True when the token names a moment (so startAtOperationTime can stand in for it). */
export function hasClusterTime(
  d: DecodedResumeToken,
): d is DecodedResumeToken & { clusterTime: { t: number; i: number } } {
  return d.clusterTime !== undefined;
}

/** Reads the fields after the timestamp; stops quietly at the first byte it does not expect. */
function decodeHeader(hex: string): Partial<DecodedResumeToken> {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return { format: 'unknown' };
  const bytes = Buffer.from(hex, 'hex');
  const reader = new KeyStringReader(bytes, 9);
  if (bytes[0] !== K_TIMESTAMP) return { format: 'unknown' };
  const out: Partial<DecodedResumeToken> = { format: 'mongodb' };
  const version = reader.uint();
  if (version === undefined || version > 2) return { format: 'unknown' };
  out.version = version;
  if (version >= 1) {
    const tokenType = reader.uint();
    if (tokenType === undefined) return out;
    out.tokenType = tokenType;
  }
  const txnOpIndex = reader.uint();
  if (txnOpIndex === undefined) return out;
  out.txnOpIndex = txnOpIndex;
  if (version >= 1) {
    const fromInvalidate = reader.bool();
    if (fromInvalidate === undefined) return out;
    out.fromInvalidate = fromInvalidate;
  }
  const uuid = reader.uuid();
  if (uuid !== undefined) out.uuid = uuid;
  return out;
}

class KeyStringReader {
  constructor(
    private readonly bytes: Buffer,
    private pos: number,
  ) {}

  /** A non-negative integer: 0x29 for zero, else 0x2B+n-1 then n bytes holding value << 1. */
  uint(): number | undefined {
    const type = this.bytes[this.pos];
    if (type === K_ZERO) {
      this.pos += 1;
      return 0;
    }
    if (type === undefined || type < K_POS_INT_1 || type > K_POS_INT_8) return undefined;
    const n = type - K_POS_INT_1 + 1;
    if (n > 6 || this.pos + 1 + n > this.bytes.length) return undefined; // beyond 2^47: not a plausible field here
    const raw = this.bytes.readUIntBE(this.pos + 1, n);
    if (raw % 2 !== 0) return undefined; // low bit set = a fractional part follows: not an integer field
    this.pos += 1 + n;
    return raw / 2;
  }

  bool(): boolean | undefined {
    const type = this.bytes[this.pos];
    if (type !== K_BOOL_FALSE && type !== K_BOOL_TRUE) return undefined;
    this.pos += 1;
    return type === K_BOOL_TRUE;
  }

  /** BinData: 0x5A, one length byte (< 255), subtype, bytes. Only a 16-byte UUID is read. */
  uuid(): string | undefined {
    const b = this.bytes;
    if (b[this.pos] === K_END) return undefined;
    if (b[this.pos] !== K_BIN_DATA || b[this.pos + 1] !== 16 || b[this.pos + 2] !== UUID_SUBTYPE) return undefined;
    if (this.pos + 3 + 16 > b.length) return undefined;
    const h = b.subarray(this.pos + 3, this.pos + 19).toString('hex');
    this.pos += 19;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}
