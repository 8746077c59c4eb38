// Wire-protocol messages: decoding OP_MSG (body + document sequences, checksum) and legacy
// OP_QUERY, encoding OP_MSG and OP_REPLY replies. Framing lives in framer.ts.
import { BSON } from 'bson';
import type { Doc } from '../base/values';
import { encodeWithRaw, rawArrayItems } from '../base/raw';
import { lazyFromWire } from '../base/lazy';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const FLAG_CHECKSUM = 1;
export const FLAG_MORE_TO_COME = 2;
export const FLAG_EXHAUST_ALLOWED = 1 << 16;

export const MAX_MESSAGE_BYTES = 48_000_000;
export const MAX_BSON_BYTES = 16 * 1024 * 1024;

/** Stored documents keep their BSON types: no promotion of Int32/Double/Long to JS numbers. */
export const DECODE_OPTIONS = { promoteValues: false, promoteBuffers: false, bsonRegExp: false } as const;

export interface Request {
  requestId: number;
  opCode: number;
  flags: number;
  /** Database from `$db` (OP_MSG) or the namespace prefix (OP_QUERY). */
  db: string;
  command: Doc;
  /** Total bytes of the message, so big writes can be size-checked per document. */
  size: number;
}

/** A malformed message that still has a usable request id gets an error reply; framing errors close. */
export class WireError extends Error {
  constructor(
    message: string,
    readonly requestId: number,
    readonly fatal: boolean,
  ) {
    super(message);
  }
}

function readCString(buf: Buffer, at: number, end: number): [string, number] {
  const zero = buf.indexOf(0, at);
  if (zero < 0 || zero >= end) throw new Error('unterminated cstring');
  return [buf.toString('utf8', at, zero), zero + 1];
}

/** The command body; an insert's documents stay as wire bytes (LazyDoc) instead of being decoded. */
function readBody(buf: Buffer, at: number, end: number): [Doc, number] {
  if (at + 5 > end) throw new Error('truncated BSON document');
  const len = buf.readInt32LE(at);
  if (len < 5 || at + len > end) throw new Error(`invalid BSON document length ${len}`);
  const bytes = buf.subarray(at, at + len);
  const found =
    bytes[4] === 0x02 && bytes.toString('latin1', 5, 12) === 'insert\0' ? rawArrayItems(bytes, 'documents') : undefined;
  if (!found) return readDoc(buf, at, end);
  const [items, from, to] = found;
  const rest = Buffer.concat([bytes.subarray(0, from), bytes.subarray(to)]);
  rest.writeInt32LE(rest.length, 0);
  const body = BSON.deserialize(rest, DECODE_OPTIONS) as Doc;
  body.documents = items.map(
    (b) => (lazyFromWire(b) as unknown as Doc | undefined) ?? (BSON.deserialize(b, DECODE_OPTIONS) as Doc),
  );
  return [body, at + len];
}

function readDoc(buf: Buffer, at: number, end: number): [Doc, number] {
  if (at + 5 > end) throw new Error('truncated BSON document');
  const len = buf.readInt32LE(at);
  if (len < 5 || at + len > end) throw new Error(`invalid BSON document length ${len}`);
  const bytes = buf.subarray(at, at + len);
  const doc = BSON.deserialize(bytes, DECODE_OPTIONS) as Doc;
  return [doc, at + len];
}

export function decodeMessage(msg: Buffer): Request {
  const size = msg.readInt32LE(0);
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  try {
    if (opCode === OP_MSG) return decodeOpMsg(msg, requestId, size);
    if (opCode === OP_QUERY) return decodeOpQuery(msg, requestId, size);
  } catch (e) {
    throw new WireError(`invalid message: ${(e as Error).message}`, requestId, false);
  }
  throw new WireError(`unsupported opCode ${opCode}`, requestId, true);
}

function decodeOpMsg(msg: Buffer, requestId: number, size: number): Request {
  const flags = msg.readUInt32LE(16);
  if (flags & 0xffff & ~(FLAG_CHECKSUM | FLAG_MORE_TO_COME))
    throw new Error(`unknown required flag bits ${flags & 0xffff}`);
  // The checksum (CRC-32C) is optional for servers to verify; we strip it rather than check it.
  const end = flags & FLAG_CHECKSUM ? msg.length - 4 : msg.length;
  let at = 20;
  let body: Doc | undefined;
  const sequences: [string, Doc[]][] = [];
  while (at < end) {
    const kind = msg[at++];
    if (kind === 0) {
      if (body) throw new Error('more than one body section');
      [body, at] = readBody(msg, at, end);
    } else if (kind === 1) {
      const secLen = msg.readInt32LE(at);
      const secEnd = at + secLen;
      if (secLen < 5 || secEnd > end) throw new Error('bad document sequence length');
      const [id, start] = readCString(msg, at + 4, secEnd);
      let p = start;
      const docs: Doc[] = [];
      while (p < secEnd) {
        const len = msg.readInt32LE(p);
        const lazy =
          id === 'documents' && len >= 5 && p + len <= secEnd ? lazyFromWire(msg.subarray(p, p + len)) : undefined;
        if (lazy) {
          docs.push(lazy as unknown as Doc);
          p += len;
          continue;
        }
        let d: Doc;
        [d, p] = readDoc(msg, p, secEnd);
        docs.push(d);
      }
      sequences.push([id, docs]);
      at = secEnd;
    } else {
      throw new Error(`unknown section kind ${kind}`);
    }
  }
  if (!body) throw new Error('OP_MSG without a body section');
  for (const [id, docs] of sequences) body[id] = docs;
  const db = typeof body.$db === 'string' ? body.$db : 'admin';
  return { requestId, opCode: OP_MSG, flags, db, command: body, size };
}

function decodeOpQuery(msg: Buffer, requestId: number, size: number): Request {
  const flags = msg.readInt32LE(16);
  const [ns, at] = readCString(msg, 20, msg.length);
  const [query] = readDoc(msg, at + 8, msg.length);
  const db = ns.split('.')[0];
  // Legacy commands may wrap the command in {$query: {...}, $readPreference}.
  const command = query.$query && typeof query.$query === 'object' ? (query.$query as Doc) : query;
  return { requestId, opCode: OP_QUERY, flags, db, command, size };
}

let nextResponseId = 1;

export function encodeOpMsg(responseTo: number, reply: Doc, flags = 0): Buffer {
  const body = encodeWithRaw(reply);
  const header = Buffer.allocUnsafe(21);
  header.writeInt32LE(21 + body.length, 0);
  header.writeInt32LE(nextResponseId++ & 0x7fffffff, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(flags, 16);
  header[20] = 0;
  return Buffer.concat([header, body]);
}

export function encodeOpReply(responseTo: number, reply: Doc): Buffer {
  const body = BSON.serialize(reply);
  const header = Buffer.alloc(36);
  header.writeInt32LE(36 + body.length, 0);
  header.writeInt32LE(nextResponseId++ & 0x7fffffff, 4);
  header.writeInt32LE(responseTo, 8);
  header.writeInt32LE(OP_REPLY, 12);
  header.writeInt32LE(8, 16); // AwaitCapable
  // cursorID 0 (8 bytes), startingFrom 0
  header.writeInt32LE(1, 32);
  return Buffer.concat([header, body]);
}
