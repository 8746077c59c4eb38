// Reads parsed canonical EJSON (plain JSON.parse output) and names its BSON types the way mongosh
// prints them, e.g. ObjectId('…'), Long('…'). Pure functions; no bson import (the webview stays driver-free).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A value shown as one leaf: a BSON wrapper, a string, a number, a boolean or null. */
export interface Leaf {
  kind: string;
  /** What the tree shows (may be shortened). */
  text: string;
  /** What "copy value" puts on the clipboard. */
  copy: string;
}

const MAX_SHOWN = 1000;

function isRecord(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keysAre(o: Record<string, Json>, ...keys: string[]): boolean {
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => own.includes(k));
}

function q(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function shorten(s: string): string {
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}… (${s.length} chars)` : s;
}

function leaf(kind: string, text: string): Leaf {
  return { kind, text: shorten(text), copy: text };
}

function base64ToHex(b64: string): string | undefined {
  try {
    return Array.from(atob(b64), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  } catch {
    return undefined;
  }
}

function uuidText(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function dateText(v: Json): string | undefined {
  if (typeof v === 'string') return v;
  if (isRecord(v) && keysAre(v, '$numberLong') && typeof v.$numberLong === 'string') {
    const d = new Date(Number(v.$numberLong));
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  if (typeof v === 'number') return new Date(v).toISOString();
  return undefined;
}

/** The BSON wrapper an EJSON object stands for, or undefined when it is an ordinary document. */
export function bsonLeaf(o: Record<string, Json>): Leaf | undefined {
  if (keysAre(o, '$oid') && typeof o.$oid === 'string') return leaf('objectId', `ObjectId(${q(o.$oid)})`);
  if (keysAre(o, '$date')) {
    const d = dateText(o.$date);
    return d === undefined ? undefined : leaf('date', `ISODate(${q(d)})`);
  }
  if (keysAre(o, '$numberLong') && typeof o.$numberLong === 'string') return leaf('long', `Long(${q(o.$numberLong)})`);
  if (keysAre(o, '$numberInt') && typeof o.$numberInt === 'string') return leaf('int32', o.$numberInt);
  if (keysAre(o, '$numberDouble') && typeof o.$numberDouble === 'string') return leaf('double', o.$numberDouble);
  if (keysAre(o, '$numberDecimal') && typeof o.$numberDecimal === 'string')
    return leaf('decimal', `Decimal128(${q(o.$numberDecimal)})`);
  if (keysAre(o, '$binary') && isRecord(o.$binary) && typeof o.$binary.base64 === 'string') {
    const sub = String(o.$binary.subType ?? '00');
    const hex = sub === '04' ? base64ToHex(o.$binary.base64) : undefined;
    if (hex && hex.length === 32) return leaf('uuid', `UUID(${q(uuidText(hex))})`);
    return leaf('binary', `Binary.createFromBase64(${q(o.$binary.base64)}, ${parseInt(sub, 16) || 0})`);
  }
  if (keysAre(o, '$uuid') && typeof o.$uuid === 'string') return leaf('uuid', `UUID(${q(o.$uuid)})`);
  if (keysAre(o, '$timestamp') && isRecord(o.$timestamp)) {
    return leaf('timestamp', `Timestamp({ t: ${Number(o.$timestamp.t)}, i: ${Number(o.$timestamp.i)} })`);
  }
  if (keysAre(o, '$regularExpression') && isRecord(o.$regularExpression)) {
    return leaf('regex', `/${String(o.$regularExpression.pattern)}/${String(o.$regularExpression.options ?? '')}`);
  }
  if (keysAre(o, '$minKey')) return leaf('minKey', 'MinKey()');
  if (keysAre(o, '$maxKey')) return leaf('maxKey', 'MaxKey()');
  if (keysAre(o, '$undefined')) return leaf('undefined', 'undefined');
  if (keysAre(o, '$symbol') && typeof o.$symbol === 'string') return leaf('symbol', `Symbol(${q(o.$symbol)})`);
  if (keysAre(o, '$code') && typeof o.$code === 'string') return leaf('code', `Code(${q(o.$code)})`);
  if (keysAre(o, '$code', '$scope') && typeof o.$code === 'string') {
    return leaf('code', `Code(${q(o.$code)}, ${JSON.stringify(o.$scope)})`);
  }
  if (keysAre(o, '$dbPointer') && isRecord(o.$dbPointer) && isRecord(o.$dbPointer.$id)) {
    return leaf(
      'dbPointer',
      `DBPointer(${q(String(o.$dbPointer.$ref))}, ObjectId(${q(String(o.$dbPointer.$id.$oid))}))`,
    );
  }
  return undefined;
}

/** A leaf for any non-container value, or undefined for documents and arrays that hold children. */
export function asLeaf(v: Json): Leaf | undefined {
  if (v === null) return { kind: 'null', text: 'null', copy: 'null' };
  if (typeof v === 'string') return { kind: 'string', text: JSON.stringify(shorten(v)), copy: v };
  if (typeof v === 'number') return leaf('number', String(v));
  if (typeof v === 'boolean') return leaf('boolean', String(v));
  if (Array.isArray(v)) return undefined;
  return bsonLeaf(v);
}

/** Dotted path as MongoDB writes it (array indexes as plain segments). */
export function childPath(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

/** The children of a container as [key, value] pairs, in document order. */
export function childrenOf(v: Json): [string | number, Json][] {
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (isRecord(v)) return Object.entries(v);
  return [];
}

/** Text for the clipboard: leaves as shell text, containers as pretty canonical EJSON. */
export function copyText(v: Json): string {
  const l = asLeaf(v);
  return l ? l.copy : JSON.stringify(v, null, 2);
}
