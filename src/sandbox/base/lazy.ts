// Documents kept as the client's BSON bytes until something needs them as objects: inserts
// that are only streamed out (the common case) never pay for decoding or for GC of the objects.
import { BSON, ObjectId } from 'bson';
import type { Doc } from './values';
import { hasEmptyTimestamp, idFirst, rawBytes } from './raw';

/** Same as the wire decoder's options (kept here to avoid an import cycle). */
const DECODE_OPTIONS = { promoteValues: false, promoteBuffers: false, bsonRegExp: false } as const;

export class LazyDoc {
  private decoded?: Doc;
  constructor(
    readonly raw: Buffer,
    readonly id: unknown,
  ) {}

  get doc(): Doc {
    if (!this.decoded) {
      this.decoded = BSON.deserialize(this.raw, DECODE_OPTIONS) as Doc;
      rawBytes.set(this.decoded, this.raw);
    }
    return this.decoded;
  }
}

export type StoredDoc = Doc | LazyDoc;

export function materialize(v: StoredDoc): Doc {
  return v instanceof LazyDoc ? v.doc : v;
}

export function rawOf(v: StoredDoc | undefined): Buffer | undefined {
  if (v === undefined) return undefined;
  return v instanceof LazyDoc ? v.raw : rawBytes.get(v);
}

/** A LazyDoc for wire bytes with an _id (moved first as mongod stores it), else undefined (decoded instead). */
export function lazyFromWire(bytes: Buffer): LazyDoc | undefined {
  const ordered = idFirst(bytes);
  if (!ordered || hasEmptyTimestamp(ordered)) return undefined;
  const type = ordered[4];
  let id: unknown;
  if (type === 0x07) id = new ObjectId(Uint8Array.prototype.slice.call(ordered, 9, 21));
  else {
    const idLen = elementEnd(ordered) - 4;
    const tiny = Buffer.allocUnsafe(idLen + 5);
    tiny.writeInt32LE(idLen + 5, 0);
    ordered.copy(tiny, 4, 4, 4 + idLen);
    tiny[idLen + 4] = 0;
    id = (BSON.deserialize(tiny, DECODE_OPTIONS) as Doc)._id;
  }
  return new LazyDoc(ordered, id);
}

function elementEnd(doc: Buffer): number {
  // The first element of `doc` is _id; find where it ends by decoding its size.
  const type = doc[4];
  const at = 9; // after "\x??_id\0"
  switch (type) {
    case 0x01:
    case 0x09:
    case 0x11:
    case 0x12:
      return at + 8;
    case 0x02:
      return at + 4 + doc.readInt32LE(at);
    case 0x03:
    case 0x04:
      return at + doc.readInt32LE(at);
    case 0x05:
      return at + 5 + doc.readInt32LE(at);
    case 0x08:
      return at + 1;
    case 0x10:
      return at + 4;
    case 0x13:
      return at + 16;
    case 0x0a:
      return at;
    default:
      return at + 12;
  }
}
