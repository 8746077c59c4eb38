// The one mongosh-style rendering of BSON values, read from canonical EJSON (plain JSON.parse output):
// ObjectId('…'), ISODate('…'), Long('…'), Decimal128('…'), Binary.createFromBase64('…', n), UUID('…'),
// Timestamp({ t, i }), … exactly as mongosh 2.x prints a canonically parsed value. Rows, the details tree,
// copies and (later) diffs all use it. Hand-written because `bson` is host-only (the webview stays driver-free).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One value shown as a leaf: its BSON kind, its (possibly shortened) text and its full shell text. */
export interface Leaf {
  kind: string;
  text: string;
  copy: string;
}

const MAX_SHOWN = 1000;
const LINE = 72;
const IDENT = /^[A-Za-z_$][\w$]*$/;

export function isRecord(v: unknown): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keysAre(o: Record<string, Json>, ...keys: string[]): boolean {
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => own.includes(k));
}

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

// eslint-disable-next-line no-control-regex -- control characters are exactly what needs escaping
const NEEDS_ESCAPE = /[\u0000-\u001f\\\u2028\u2029]/;

/** A JS string literal as mongosh (node's inspect) writes it: single quotes, double when that avoids escapes. */
export function quote(s: string): string {
  const mark = s.includes("'") && !s.includes('"') ? '"' : "'";
  // Most strings need no escape: one regex scan instead of a loop keeps a 10 MB value fast to show.
  if (!NEEDS_ESCAPE.test(s) && !s.includes(mark)) return `${mark}${s}${mark}`;
  let out = '';
  for (const ch of s) {
    if (ch === mark) out += `\\${ch}`;
    else if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (ch < ' ' || ch === '\u2028' || ch === '\u2029')
      out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${mark}${out}${mark}`;
}

function keyText(k: string): string {
  return IDENT.test(k) ? k : quote(k);
}

function base64ToHex(b64: string): string | undefined {
  try {
    return Array.from(atob(b64), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  } catch {
    return undefined;
  }
}

function dashedUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function dateText(v: Json): string {
  if (typeof v === 'string') return `ISODate(${quote(v)})`;
  const ms = isRecord(v) && typeof v.$numberLong === 'string' ? Number(v.$numberLong) : typeof v === 'number' ? v : NaN;
  const d = new Date(ms);
  // Beyond JS Date's range mongosh cannot build an ISODate either: keep the milliseconds.
  if (Number.isNaN(d.getTime())) return `new Date(${isRecord(v) ? `Long(${quote(String(v.$numberLong))})` : 'NaN'})`;
  return `ISODate(${quote(d.toISOString())})`;
}

function doubleText(raw: string): string {
  const n = Number(raw);
  // Whole doubles and -0 say Double(…) so they are not mistaken for (or re-inserted as) Int32.
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return Number.isInteger(n) ? `Double(${Object.is(n, -0) ? '-0' : String(n)})` : String(n);
}

function binaryText(base64: string, subType: string): { kind: string; text: string } {
  const sub = parseInt(subType, 16) || 0;
  const hex = sub === 4 || sub === 5 ? base64ToHex(base64) : undefined;
  if (hex && hex.length === 32 && sub === 4) return { kind: 'uuid', text: `UUID(${quote(dashedUuid(hex))})` };
  if (hex && hex.length === 32 && sub === 5) return { kind: 'md5', text: `MD5(${quote(hex)})` };
  return { kind: 'binary', text: `Binary.createFromBase64(${quote(base64)}, ${sub})` };
}

/** The BSON type an EJSON wrapper object stands for, as [kind, shell text]; undefined for a plain document. */
function wrapper(o: Record<string, Json>, indent: string | undefined): [string, string] | undefined {
  if (keysAre(o, '$oid') && typeof o.$oid === 'string') return ['objectId', `ObjectId(${quote(o.$oid)})`];
  if (keysAre(o, '$date')) return ['date', dateText(o.$date)];
  if (keysAre(o, '$numberLong') && typeof o.$numberLong === 'string') return ['long', `Long(${quote(o.$numberLong)})`];
  if (keysAre(o, '$numberInt') && typeof o.$numberInt === 'string') return ['int32', String(Number(o.$numberInt))];
  if (keysAre(o, '$numberDouble') && typeof o.$numberDouble === 'string')
    return ['double', doubleText(o.$numberDouble)];
  if (keysAre(o, '$numberDecimal') && typeof o.$numberDecimal === 'string')
    return ['decimal', `Decimal128(${quote(o.$numberDecimal)})`];
  if (keysAre(o, '$binary') && isRecord(o.$binary) && typeof o.$binary.base64 === 'string') {
    const b = binaryText(o.$binary.base64, String(o.$binary.subType ?? '00'));
    return [b.kind, b.text];
  }
  if (keysAre(o, '$uuid') && typeof o.$uuid === 'string') return ['uuid', `UUID(${quote(o.$uuid)})`];
  if (keysAre(o, '$timestamp') && isRecord(o.$timestamp))
    return ['timestamp', `Timestamp({ t: ${Number(o.$timestamp.t)}, i: ${Number(o.$timestamp.i)} })`];
  if (keysAre(o, '$regularExpression') && isRecord(o.$regularExpression)) {
    const r = o.$regularExpression;
    return ['regex', `BSONRegExp(${quote(String(r.pattern))}, ${quote(String(r.options ?? ''))})`];
  }
  if (keysAre(o, '$minKey')) return ['minKey', 'MinKey()'];
  if (keysAre(o, '$maxKey')) return ['maxKey', 'MaxKey()'];
  if (keysAre(o, '$undefined')) return ['undefined', 'undefined'];
  if (keysAre(o, '$symbol') && typeof o.$symbol === 'string') return ['symbol', `BSONSymbol(${quote(o.$symbol)})`];
  if (keysAre(o, '$code') && typeof o.$code === 'string') return ['code', `Code(${quote(o.$code)})`];
  if (keysAre(o, '$code', '$scope') && typeof o.$code === 'string')
    return ['code', `Code(${quote(o.$code)}, ${shellText(o.$scope, indent)})`];
  if (keysAre(o, '$dbPointer') && isRecord(o.$dbPointer)) {
    // bson reads a DBPointer as a DBRef: namespace split at its first dot.
    const ns = String(o.$dbPointer.$ref);
    const dot = ns.indexOf('.');
    const [db, coll] = dot < 0 ? ['', ns] : [ns.slice(0, dot), ns.slice(dot + 1)];
    const id = shellText(o.$dbPointer.$id ?? null);
    return ['dbRef', `DBRef(${quote(coll)}, ${id}${db ? `, ${quote(db)}` : ''})`];
  }
  if ((keysAre(o, '$ref', '$id') || keysAre(o, '$ref', '$id', '$db')) && typeof o.$ref === 'string') {
    const db = typeof o.$db === 'string' ? `, ${quote(o.$db)}` : '';
    return ['dbRef', `DBRef(${quote(o.$ref)}, ${shellText(o.$id)}${db})`];
  }
  return undefined;
}

/** The leaf for a non-container value (a BSON wrapper, string, number, boolean or null), else undefined. */
export function leafOf(v: Json): Leaf | undefined {
  let kind: string;
  let text: string;
  if (v === null) [kind, text] = ['null', 'null'];
  else if (typeof v === 'string') [kind, text] = ['string', quote(v)];
  else if (typeof v === 'number') [kind, text] = ['number', String(v)];
  else if (typeof v === 'boolean') [kind, text] = ['boolean', String(v)];
  else if (Array.isArray(v)) return undefined;
  else {
    const w = wrapper(v, undefined);
    if (!w) return undefined;
    [kind, text] = w;
  }
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (${text.length} chars)` : text;
  return { kind, text: shown, copy: text };
}

/**
 * Any value as mongosh shell text. Without `indent` it is one line; with it, containers that do not fit
 * on one line break into indented lines (as mongosh prints a document).
 */
export function shellText(v: Json, indent?: string): string {
  return render(v, indent, '');
}

function render(v: Json, indent: string | undefined, at: string): string {
  if (v === null || typeof v !== 'object') return leafOf(v)!.copy;
  if (!Array.isArray(v)) {
    const w = wrapper(v, indent);
    if (w) return w[1];
  }
  const inner = at + (indent ?? '');
  const parts = Array.isArray(v)
    ? v.map((x) => render(x, indent, inner))
    : Object.entries(v).map(([k, x]) => `${keyText(k)}: ${render(x, indent, inner)}`);
  const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
  if (parts.length === 0) return `${open}${close}`;
  const flat = `${open} ${parts.join(', ')} ${close}`;
  if (indent === undefined || (flat.length + at.length <= LINE && !flat.includes('\n'))) return flat;
  return `${open}\n${parts.map((p) => inner + p).join(',\n')}\n${at}${close}`;
}

/** `_id: ObjectId('…'), a: 1` for a document key: its top-level fields on one line. */
export function fieldsText(doc: Json): string {
  if (!isRecord(doc) || wrapper(doc, undefined)) return shellText(doc);
  return Object.entries(doc)
    .map(([k, x]) => `${keyText(k)}: ${shellText(x)}`)
    .join(', ');
}

/** Dotted path as MongoDB writes it (array indexes as plain segments). */
export function childPath(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

/** The children of a container as [key, value] pairs, in document order; none for a leaf. */
export function childrenOf(v: Json): [string | number, Json][] {
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (isRecord(v) && !wrapper(v, undefined)) return Object.entries(v);
  return [];
}
