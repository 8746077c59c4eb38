// One-line, bounded renderings of BSON values for list rows (`ObjectId('…')`, `"text"`, `{…}`).
// Hand-written because EJSON text is too long for a row; the full event always shows as real EJSON.

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

function bsonType(v: object): string | undefined {
  const t = (v as { _bsontype?: unknown })._bsontype;
  return typeof t === 'string' ? t : undefined;
}

/** A short, mongosh-like rendering of one value; nested documents and arrays shrink to {…} / […]. */
export function shortValue(v: unknown, depth = 0): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(truncate(v, 60));
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(v);
    case 'object':
      break;
    default:
      return String(v);
  }
  const o = v as object;
  if (o instanceof Date) return Number.isNaN(o.getTime()) ? 'ISODate(invalid)' : `ISODate('${o.toISOString()}')`;
  switch (bsonType(o)) {
    case 'ObjectId':
    case 'ObjectID':
      return `ObjectId('${(o as { toHexString(): string }).toHexString()}')`;
    case 'Long':
      return `Long('${o.toString()}')`;
    case 'Int32':
    case 'Double':
      return String((o as { valueOf(): number }).valueOf());
    case 'Decimal128':
      return `Decimal128('${o.toString()}')`;
    case 'Timestamp': {
      const ts = o as { t?: number; i?: number };
      return `Timestamp({ t: ${ts.t}, i: ${ts.i} })`;
    }
    case 'Binary': {
      const b = o as {
        sub_type?: number;
        toUUID?: () => { toHexString(dashes?: boolean): string };
        toString(enc: string): string;
      };
      if (b.sub_type === 4 && b.toUUID) {
        try {
          return `UUID('${b.toUUID().toHexString(true)}')`;
        } catch {
          // Not a valid UUID payload: fall through to base64.
        }
      }
      return `Binary('${truncate(b.toString('base64'), 24)}')`;
    }
    case 'MinKey':
      return 'MinKey()';
    case 'MaxKey':
      return 'MaxKey()';
    case 'BSONRegExp': {
      const r = o as { pattern: string; options: string };
      return truncate(`/${r.pattern}/${r.options}`, 40);
    }
    default:
      break;
  }
  if (o instanceof RegExp) return truncate(String(o), 40);
  if (Array.isArray(o))
    return depth > 0 || o.length > 3 ? `[…${o.length}]` : `[${o.map((x) => shortValue(x, depth + 1)).join(', ')}]`;
  if (depth > 0) return '{…}';
  const entries = Object.entries(o);
  return `{ ${entries.map(([k, x]) => `${k}: ${shortValue(x, depth + 1)}`).join(', ')} }`;
}

/** `a: 1, _id: ObjectId('…')` for a document key; top-level fields only. */
export function shortFields(doc: unknown): string {
  if (typeof doc !== 'object' || doc === null) return doc === undefined ? '' : shortValue(doc);
  return Object.entries(doc)
    .map(([k, v]) => `${k}: ${shortValue(v)}`)
    .join(', ');
}
