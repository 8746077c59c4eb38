// The server's BSON of the event a ChangeStream's tryNext just returned, so the event log copies
// those bytes instead of serializing the decoded document again (a third of the extension's CPU per
// event, issue 13). The driver has no public way to hand them over in iterator mode, so this reads
// its cursor buffer (driver 6.8+ keeps each reply as bytes and decodes one document per tryNext).
// Read by hand from that internal shape (no API offers it), and guarded: anything unexpected (another driver
// version, auto-encryption, a stand-in stream) gives undefined and the log serializes as before.
// The bytes are checked to be the document's own: same resume token, byte for byte.
import type { Document } from 'mongodb';
import { bson as bsonModule } from '../events/canonicalJson';

/** Decoding options a watch asks of the driver: what the log's own decoding of stored BSON gives back. */
export const EVENT_DECODING = { promoteLongs: false, bsonRegExp: true } as const;

interface CursorBuffer {
  iterated?: unknown;
  encryptedResponse?: unknown;
  batch?: { bson?: unknown; elements?: unknown };
}

/** Undefined when the bytes cannot be had or are not provably `doc`'s; never throws. */
export function eventBytes(stream: unknown, doc: Document): Uint8Array | undefined {
  try {
    const docs = (stream as { cursor?: { documents?: CursorBuffer } } | undefined)?.cursor?.documents;
    if (!docs || typeof docs.iterated !== 'number' || docs.iterated < 1 || docs.encryptedResponse != null) {
      return undefined;
    }
    const batch = docs.batch;
    const bson = batch?.bson;
    const elements = batch?.elements;
    if (!(bson instanceof Uint8Array) || !Array.isArray(elements)) return undefined;
    // [type, nameOffset, nameLength, offset, length], as the driver's OnDemandDocument parses them.
    const el = elements[docs.iterated - 1] as unknown;
    if (!Array.isArray(el) || el[0] !== 0x03) return undefined;
    const start = el[3] as number;
    const length = el[4] as number;
    if (!Number.isInteger(start) || !Number.isInteger(length) || length < 5 || start + length > bson.length) {
      return undefined;
    }
    if (bsonModule().onDemand.NumberUtils.getInt32LE(bson, start) !== length || bson[start + length - 1] !== 0) {
      return undefined;
    }
    const data = (doc._id as { _data?: unknown } | undefined)?._data;
    if (typeof data !== 'string' || !hasTokenData(bson, start, data)) return undefined;
    return bson.subarray(start, start + length);
  } catch {
    return undefined;
  }
}

/** Whether the event's top-level `_id` is a document whose `_data` string is `data` (ASCII hex). */
function hasTokenData(b: Uint8Array, start: number, data: string): boolean {
  const id = element(b, start, '_id', 0x03);
  if (!id) return false;
  const at = element(b, id[0], '_data', 0x02);
  if (!at || at[1] - 5 !== data.length) return false;
  for (let i = 0; i < data.length; i++) if (b[at[0] + 4 + i] !== data.charCodeAt(i)) return false;
  return true;
}

/** [offset, length] of the value of the element `name` (of `type`) in the document at `doc`. */
function element(b: Uint8Array, doc: number, name: string, type: number): [number, number] | undefined {
  for (const [t, nameOffset, nameLength, offset, length] of bsonModule().onDemand.parseToElements(b, doc)) {
    if (t !== type || nameLength !== name.length) continue;
    let same = true;
    for (let j = 0; j < nameLength; j++) if (b[nameOffset + j] !== name.charCodeAt(j)) same = false;
    if (same) return [offset, length];
  }
  return undefined;
}
