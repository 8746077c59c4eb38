// Raw BSON passthrough: the bytes of each inserted document as the client sent them, spliced
// unchanged into replies (change events, query results) instead of being re-encoded. This is
// the sandbox's main throughput lever; bson has no "embed these bytes" API, hence hand-written.
import { BSON } from 'bson';
import type { Doc } from './values';

/** The wire bytes of a stored document version that has not changed since it was received. */
export const rawBytes = new WeakMap<object, Buffer>();

/** A value that the reply encoder writes as an embedded document from existing bytes. */
export class RawDoc {
  constructor(readonly bytes: Buffer) {}
}

/** Records byte ranges of the documents inside array field `field` of a BSON body. */
export function rawArrayItems(body: Buffer, field: string): [Buffer[], number, number] | undefined {
  let at = 4;
  const end = body.length - 1;
  while (at < end) {
    const type = body[at];
    const keyEnd = body.indexOf(0, at + 1);
    const key = body.toString('utf8', at + 1, keyEnd);
    const valueAt = keyEnd + 1;
    const size = elementSize(body, type, valueAt);
    if (size < 0) return undefined;
    if (key === field && type === 0x04) {
      const items: Buffer[] = [];
      let p = valueAt + 4;
      const arrEnd = valueAt + body.readInt32LE(valueAt) - 1;
      while (p < arrEnd) {
        const t = body[p];
        const kEnd = body.indexOf(0, p + 1);
        const len = body.readInt32LE(kEnd + 1);
        if (t !== 0x03) return undefined;
        items.push(body.subarray(kEnd + 1, kEnd + 1 + len));
        p = kEnd + 1 + len;
      }
      return [items, at, valueAt + size];
    }
    at = valueAt + size;
  }
  return undefined;
}

/** The document's bytes with its _id element first (undefined when it has no _id). */
export function idFirst(doc: Buffer): Buffer | undefined {
  let at = 4;
  const end = doc.length - 1;
  while (at < end) {
    const type = doc[at];
    const keyEnd = doc.indexOf(0, at + 1);
    const size = elementSize(doc, type, keyEnd + 1);
    if (size < 0 || keyEnd < 0) return undefined;
    const next = keyEnd + 1 + size;
    if (keyEnd === at + 4 && doc[at + 1] === 0x5f && doc[at + 2] === 0x69 && doc[at + 3] === 0x64) {
      if (at === 4) return doc;
      const out = Buffer.allocUnsafe(doc.length);
      doc.copy(out, 0, 0, 4);
      doc.copy(out, 4, at, next);
      doc.copy(out, 4 + next - at, 4, at);
      doc.copy(out, next, next);
      return out;
    }
    at = next;
  }
  return undefined;
}

/** True when a top-level field holds Timestamp(0, 0), which mongod replaces with the current time on insert. */
export function hasEmptyTimestamp(doc: Buffer): boolean {
  let at = 4;
  const end = doc.length - 1;
  while (at < end) {
    const type = doc[at];
    const keyEnd = doc.indexOf(0, at + 1);
    if (keyEnd < 0) return false;
    if (type === 0x11 && doc.readBigUInt64LE(keyEnd + 1) === 0n) return true;
    const size = elementSize(doc, type, keyEnd + 1);
    if (size < 0) return false;
    at = keyEnd + 1 + size;
  }
  return false;
}

function elementSize(buf: Buffer, type: number, at: number): number {
  switch (type) {
    case 0x01:
    case 0x09:
    case 0x11:
    case 0x12:
      return 8;
    case 0x02:
    case 0x0d:
    case 0x0e:
      return 4 + buf.readInt32LE(at);
    case 0x03:
    case 0x04:
    case 0x0f:
      return buf.readInt32LE(at);
    case 0x05:
      return 5 + buf.readInt32LE(at);
    case 0x06:
    case 0x0a:
    case 0x7f:
    case 0xff:
      return 0;
    case 0x07:
      return 12;
    case 0x08:
      return 1;
    case 0x0b: {
      const a = buf.indexOf(0, at);
      const b = buf.indexOf(0, a + 1);
      return b + 1 - at;
    }
    case 0x0c:
      return 4 + buf.readInt32LE(at) + 12;
    case 0x10:
      return 4;
    case 0x13:
      return 16;
    default:
      return -1;
  }
}

function hasRaw(v: unknown): boolean {
  if (v instanceof RawDoc) return true;
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === 'object' && hasRaw(x)) return true;
    return false;
  }
  if (
    v !== null &&
    typeof v === 'object' &&
    (v as { _bsontype?: unknown })._bsontype === undefined &&
    !(v instanceof Date)
  ) {
    for (const k in v as Doc) {
      const x = (v as Doc)[k];
      if (x !== null && typeof x === 'object' && hasRaw(x)) return true;
    }
  }
  return false;
}

const cstring = (k: string): Buffer => Buffer.from(k + '\0', 'utf8');

/** BSON.serialize, except RawDoc values (at any depth in plain objects/arrays) are spliced as-is. */
export function encodeWithRaw(doc: Doc): Buffer {
  // Cursor replies can exceed bson's 17 MB serialize buffer in total; their batches are encoded
  // one document at a time below, so only a single document must fit.
  if (!hasRaw(doc) && doc.cursor === undefined) {
    const b = BSON.serialize(doc);
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }
  return encodeObject(doc, false);
}

function encodeObject(obj: Doc | unknown[], isArray: boolean): Buffer {
  const parts: Buffer[] = [Buffer.alloc(4)];
  const keys = isArray ? (obj as unknown[]).map((_, i) => String(i)) : Object.keys(obj);
  let plain: Doc | undefined;
  const flush = (): void => {
    if (!plain) return;
    const b = BSON.serialize(plain);
    parts.push(Buffer.from(b.buffer, b.byteOffset + 4, b.length - 5));
    plain = undefined;
  };
  for (const k of keys) {
    const v = isArray ? (obj as unknown[])[Number(k)] : (obj as Doc)[k];
    if (v === undefined) continue;
    if (v instanceof RawDoc) {
      flush();
      parts.push(Buffer.from([0x03]), cstring(k), v.bytes);
      continue;
    }
    if (
      isArray &&
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      (v as { _bsontype?: unknown })._bsontype === undefined &&
      !(v instanceof Date) &&
      !hasRaw(v)
    ) {
      flush();
      const b = BSON.serialize(v as Doc);
      parts.push(Buffer.from([0x03]), cstring(k), Buffer.from(b.buffer, b.byteOffset, b.byteLength));
      continue;
    }
    if (
      v !== null &&
      typeof v === 'object' &&
      (hasRaw(v) || k === 'cursor' || k === 'firstBatch' || k === 'nextBatch')
    ) {
      flush();
      const arr = Array.isArray(v);
      parts.push(Buffer.from([arr ? 0x04 : 0x03]), cstring(k), encodeObject(v as Doc, arr));
      continue;
    }
    (plain ??= {})[k] = v;
  }
  flush();
  parts.push(Buffer.from([0]));
  const out = Buffer.concat(parts);
  out.writeInt32LE(out.length, 0);
  return out;
}
