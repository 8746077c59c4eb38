// The quick filter (quickFilter.ts) over an event kept as raw BSON bytes: the same verdict as
// matchesQuickFilter over the event's canonical EJSON (EJSON.stringify(BSON.deserialize(bytes),
// {relaxed: false}), what the log shows), without rendering that text for most events.
// Hand-written: no library walks BSON element headers without deserializing the whole document.
// - Field clauses walk the element headers along the path (a sub-document is skipped by its length).
// - A free-text term is looked for in a latin1 view of the bytes; a hit counts once it is found to lie
//   inside a key or a string value (which EJSON writes as is); the texts EJSON makes up (numbers,
//   ObjectIds, dates, base64, true/false/null) are made for the few element types the term could
//   occur in. Anything unusual (regexes, DBRefs, duplicate keys, terms with quotes or JSON structure)
//   answers "unsure", and only then is the EJSON rendered and the EJSON filter asked.
// Host side only: the webview imports quickFilter.ts, which must stay free of bson and Buffer.
import { bson } from '../events/canonicalJson';
import { matchesQuickFilter, type FieldClause, type QuickFilterQuery } from './quickFilter';

const NO = 0;
const YES = 1;
const UNSURE = 2;
type Verdict = 0 | 1 | 2;

// BSON element types.
const DOUBLE = 0x01;
const STRING = 0x02;
const DOC = 0x03;
const ARRAY = 0x04;
const BINARY = 0x05;
const UNDEFINED = 0x06;
const OID = 0x07;
const BOOL = 0x08;
const DATE = 0x09;
const NULL = 0x0a;
const REGEX = 0x0b;
const DBPOINTER = 0x0c;
const CODE = 0x0d;
const SYMBOL = 0x0e;
const CODE_W_SCOPE = 0x0f;
const INT32 = 0x10;
const TIMESTAMP = 0x11;
const INT64 = 0x12;
const DECIMAL = 0x13;
const MINKEY = 0xff;
const MAXKEY = 0x7f;

/** Stands for a sub-document or array at the path: equal to no scalar (as in ejsonText.ts). */
const COMPOUND: object = Object.freeze({});
const TWO32 = 4294967296;
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const INT64_MIN = -(2 ** 63);
const INT64_MAX = 2 ** 63;
const JS_INT_MAX = 2 ** 53;

// ---------------------------------------------------------------------------------------------
// Per-query plans, made once per query object.

const enum TermKind {
  /** Occurs in every event's EJSON (`{`, `}`). */
  Always,
  /** `:`: in the EJSON of every event with at least one top-level key. */
  Colon,
  /** Matches only inside one key, string, generated token or literal: decided on the bytes. */
  Plain,
  /** Quotes, backslashes, control characters or JSON structure: decided on the rendered EJSON. */
  Wild,
}

interface TermPlan {
  kind: TermKind;
  /** The query's own case-insensitive regex (for the summary, generated texts and rendered EJSON). */
  re: RegExp;
  /** Global regex over the latin1 view of the bytes: the term's UTF-8 bytes, or a JSON escape leading into it. */
  bytesRe?: RegExp;
  /** Length of a hit of bytesRe's first alternative (the term itself) when all its hits have one length. */
  hitLength?: number;
  /** Hits that start with a byte JSON escapes, when the term could start inside such an escape. */
  escapeRe?: RegExp;
  /** The bytes those hits start with: a memchr for each is cheaper than a second regex scan. */
  escapeBytes?: string[];
  /** The namespace last tested and whether the term matched it (events of one watch share it). */
  lastNs?: string;
  lastNsHit?: boolean;
  /** Element types whose made-up EJSON text the term could occur in (plus the exotic ones). */
  types?: Uint8Array;
  /** False when the bytes cannot hold an element of those types (then no made-up text can match). */
  pre?: (latin1: string) => boolean;
  /** For a term of two or more digits: a number below this has too few digits to hold it. */
  minAbs?: number;
  /** The term's digits as a number (with minAbs). */
  nibbles?: number[];
  /** The term when it has no letters (digits, signs): String.includes tests a made-up text faster than a regex. */
  caseless?: string;
  /** For such a term: its latin1 text and its escape alternatives' texts, found with indexOf. */
  literals?: string[];
  /** The term is only digits: numberTexts holds every made-up text it could be in. */
  digitsOnly?: boolean;
}

interface ClausePlan {
  f: FieldClause;
  /** Each path segment as UTF-8 bytes (the key bytes it must equal). */
  segs: Uint8Array[];
  numeric: boolean[];
  /** The query of this clause alone, for the EJSON fallback. */
  alone: QuickFilterQuery;
  /** For `= text` and `!= text`: the text's UTF-8 bytes, which a string value equals byte for byte. */
  textBytes?: Uint8Array;
}

interface Plan {
  terms: TermPlan[];
  clauses: ClausePlan[];
}

const plans = new WeakMap<QuickFilterQuery, Plan>();

function planFor(q: QuickFilterQuery): Plan {
  let p = plans.get(q);
  if (!p) {
    p = {
      terms: q.terms.map((t, i) => termPlan(t, q.termRes[i])),
      clauses: q.fields.map((f) => ({
        f,
        segs: f.path.map((s) => new TextEncoder().encode(s)),
        numeric: f.path.map((s) => /^\d+$/.test(s)),
        alone: { ops: undefined, terms: [], termRes: [], fields: [f] },
        textBytes:
          (f.cmp === '=' || f.cmp === '!=') && typeof f.value === 'string' && !hasLoneSurrogate(f.value)
            ? new TextEncoder().encode(f.value)
            : undefined,
      })),
    };
    plans.set(q, p);
  }
  return p;
}

/** What JSON.stringify writes as an escape (a UTF-8 decode makes no lone surrogates). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const JSON_ESCAPED = /["\\\u0000-\u001f]/;

/** Characters JSON writes around a structural character, by that character: [before, after]. */
const STRUCTURE: Record<string, [string, string]> = {
  '{': [':[,', '"}'],
  '}': ['"}]{el0123456789', ',}]'],
  '[': [':[,', '"{[]tfn'],
  ']': ['"}][el', ',}]'],
  ':': ['"', '"{[tfn0123456789'],
  ',': ['"}]el0123456789', '"{[tfn'],
};

function termPlan(t: string, re: RegExp): TermPlan {
  if (t === '{' || t === '}') return { kind: TermKind.Always, re };
  if (t === ':') return { kind: TermKind.Colon, re };
  // `2}` (from a key like {_id: 2}): a digit before a brace is JSON only in a timestamp's
  // {"t":1,"i":2} and {"$minKey":1}, so the term is read as plain text plus those elements' texts.
  const closesNumber = /^\d+\}$/.test(t);
  if (JSON_ESCAPED.test(t) || t.includes('\ufffd') || hasLoneSurrogate(t) || (!closesNumber && maybeStructural(t)))
    return { kind: TermKind.Wild, re };
  const types = new Uint8Array(256);
  for (const [ty, how] of relevantTypes(t)) types[ty] = how;
  if (closesNumber) types[TIMESTAMP] = types[MINKEY] = types[MAXKEY] = 1;
  const ascii = !/[\u0080-\uffff]/.test(t);
  const escapes = escapeAlternatives(t, ascii);
  // Without letters there is no case to fold, and V8 scans a case-sensitive regex faster.
  const flags = ascii ? (/[a-z]/i.test(t) ? 'gi' : 'g') : 'g';
  return {
    kind: TermKind.Plain,
    re,
    bytesRe: new RegExp(literal(t, ascii), flags),
    hitLength: ascii ? t.length : undefined,
    escapeRe: escapes.length > 0 ? new RegExp(escapes.map((e) => e.source).join('|'), flags) : undefined,
    escapeBytes: [...new Set(escapes.map((e) => String.fromCharCode(e.byte)))],
    types,
    pre: presence(types, t),
    // Up to 15 digits, so windows of a number up to 2^53 stay exact.
    minAbs: /^\d{2,15}$/.test(t) ? 10 ** (t.length - 1) : 0,
    nibbles: [...t].map((ch) => ch.charCodeAt(0) - 48),
    caseless: ascii && !/[a-z]/i.test(t) ? t : undefined,
    literals: ascii && !/[a-z]/i.test(t) ? [t, ...escapes.map((e) => String.fromCharCode(e.byte) + e.rest)] : undefined,
    digitsOnly: /^\d+$/.test(t),
  };
}

/**
 * A quick test on the latin1 view that is true whenever the bytes hold an element of one of `types`
 * (or a DBRef-like document, when the term could be the `$db` key bson adds to one). One scan per
 * kind: a type's byte anywhere; for binary, which is everywhere (the 4-byte length of "shop" is
 * 05 00 00 00), a 05 followed by a key and a length below 16 MB.
 */
function presence(types: Uint8Array, t: string): (s: string) => boolean {
  // indexOf of one character is a memchr; a regex character class over 1 KB costs ten times more.
  const chars: string[] = [];
  for (let ty = 0; ty < 256; ty++) if (types[ty] && ty !== BINARY) chars.push(String.fromCharCode(ty));
  const binary = types[BINARY] !== 0;
  const ref = '$db'.includes(t);
  return (s) => {
    for (const ch of chars) if (s.includes(ch)) return true;
    if (binary)
      for (let i = s.indexOf('\x05'); i >= 0; i = s.indexOf('\x05', i + 1)) {
        const key = s.indexOf('\0', i + 1);
        if (key < 0) break;
        if (s.charCodeAt(key + 4) === 0) return true;
      }
    return ref && s.includes('$ref\0');
  };
}

function hasLoneSurrogate(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = t.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** Whether some `{}[],:` of the term could be JSON structure given its neighbours in the term. */
function maybeStructural(t: string): boolean {
  for (let j = 0; j < t.length; j++) {
    const s = STRUCTURE[t[j]];
    if (!s) continue;
    if ((j === 0 || s[0].includes(t[j - 1])) && (j === t.length - 1 || s[1].includes(t[j + 1]))) return true;
  }
  return false;
}

/** The element types whose canonical EJSON text (keywords and values) the term could be part of. */
function relevantTypes(t: string): [number, 1 | 2][] {
  const kw = (w: string) => w.toLowerCase().includes(t);
  const num = /^[-+.0-9e]+$/.test(t) || kw('-infinity') || kw('nan');
  const hex = /^[0-9a-f]+$/.test(t);
  const b64 = /^[a-z0-9+/=]+$/.test(t);
  const out: [number, 1 | 2][] = [];
  // 1: the term could be in the element's keywords, test its whole text; 2: only in its value's text.
  const add = (ty: number, keyword: boolean, value: boolean) =>
    keyword ? out.push([ty, 1]) : value && out.push([ty, 2]);
  const numberKw = kw('$numberInt') || kw('$numberLong') || kw('$numberDouble');
  add(DOUBLE, numberKw, num);
  add(INT64, numberKw, num);
  add(INT32, kw('$numberInt'), num);
  add(DATE, kw('$date') || kw('$numberLong'), num);
  add(TIMESTAMP, kw('$timestamp') || t === 't' || t === 'i', num);
  add(OID, kw('$oid'), hex);
  add(BOOL, kw('true') || kw('false'), false);
  add(NULL, kw('null'), false);
  add(UNDEFINED, kw('null'), false);
  add(BINARY, kw('$binary') || kw('base64') || kw('subType'), b64 || hex);
  add(DECIMAL, kw('$numberDecimal'), num);
  add(MINKEY, kw('$minKey'), t === '1');
  add(MAXKEY, kw('$maxKey'), t === '1');
  add(CODE, kw('$code'), false);
  // Where bson's reading rewrites the text (a hit on their bytes is unsure anyway), what it adds:
  // a regex's source escapes / and line terminators (\u2028) and may be (?:), its flags are gim;
  // a DBPointer becomes $ref/$id/$db; code with scope adds $code and $scope around its scope.
  add(REGEX, kw('$regularExpression') || kw('pattern') || kw('options'), /[/()?]|^[u0289]|^[gimsuy]+$/.test(t));
  add(DBPOINTER, kw('$ref') || kw('$id') || kw('$db') || kw('$oid'), hex);
  add(CODE_W_SCOPE, kw('$code') || kw('$scope'), false);
  return out;
}

function hexByte(b: number): string {
  return `\\x${b.toString(16).padStart(2, '0')}`;
}

/** JSON.stringify's escape for each byte it escapes, without the backslash. */
const ESCAPES: [number, string][] = [];
for (let b = 0; b < 0x20; b++) {
  const named: Record<number, string> = { 8: 'b', 9: 't', 10: 'n', 12: 'f', 13: 'r' };
  ESCAPES.push([b, named[b] ?? `u${b.toString(16).padStart(4, '0')}`]);
}
ESCAPES.push([0x22, '"'], [0x5c, '\\']);

/** A regex source over the latin1 view of BSON bytes for the UTF-8 bytes of `s`, in any case. */
function literal(s: string, ascii: boolean): string {
  return ascii ? escapeAscii(s) : caseless(s);
}

/**
 * Regex sources for the places the term could start inside a JSON escape of a key or string: the
 * escaped byte, then the rest of the term (a term inside one escape: the byte alone).
 */
function escapeAlternatives(t: string, ascii: boolean): { byte: number; source: string; rest: string }[] {
  const alts: { byte: number; source: string; rest: string }[] = [];
  for (const [b, esc] of ESCAPES) {
    if (esc.includes(t)) alts.push({ byte: b, source: hexByte(b), rest: '' });
    for (let k = 1; k < t.length; k++)
      if (esc.endsWith(t.slice(0, k)))
        alts.push({ byte: b, source: hexByte(b) + literal(t.slice(k), ascii), rest: t.slice(k) });
  }
  return alts;
}

function escapeAscii(s: string): string {
  let out = '';
  for (const ch of s) out += /[A-Za-z0-9]/.test(ch) ? ch : hexByte(ch.charCodeAt(0));
  return out;
}

let caseClasses: Map<number, number[]> | undefined;
/** The code units a non-unicode /i regex takes as the same character (ECMAScript's Canonicalize). */
function canonicalize(u: number): number {
  const up = String.fromCharCode(u).toUpperCase();
  if (up.length !== 1) return u;
  const c = up.charCodeAt(0);
  return u >= 128 && c < 128 ? u : c;
}
function variants(u: number): number[] {
  if (!caseClasses) {
    caseClasses = new Map();
    for (let d = 0; d <= 0xffff; d++) {
      if (d >= 0xd800 && d <= 0xdfff) continue;
      const c = canonicalize(d);
      const list = caseClasses.get(c);
      if (list) list.push(d);
      else caseClasses.set(c, [d]);
    }
  }
  return caseClasses.get(canonicalize(u)) ?? [u];
}

/** A regex source over latin1 text matching the UTF-8 bytes of `s` in any case, as /i would. */
function caseless(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const forms = cp > 0xffff ? [ch] : variants(cp).map((d) => String.fromCharCode(d));
    const enc = forms.map((f) => [...Buffer.from(f, 'utf8')].map(hexByte).join(''));
    out += enc.length === 1 ? enc[0] : `(?:${enc.join('|')})`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading elements.

function int32(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
}

/** Where the value of an element of `type` starting at `v` ends, or -1 when it runs past `limit` or is unknown. */
function valueEnd(b: Uint8Array, type: number, v: number, limit: number): number {
  let e: number;
  switch (type) {
    case DOUBLE:
    case DATE:
    case TIMESTAMP:
    case INT64:
      e = v + 8;
      break;
    case STRING:
    case CODE:
    case SYMBOL:
      e = v + 4 + int32(b, v);
      if (e <= v + 4) return -1;
      break;
    case DOC:
    case ARRAY:
    case CODE_W_SCOPE:
      e = v + int32(b, v);
      if (e < v + 5) return -1;
      break;
    case BINARY:
      e = v + 5 + int32(b, v);
      if (e < v + 5) return -1;
      break;
    case UNDEFINED:
    case NULL:
    case MINKEY:
    case MAXKEY:
      e = v;
      break;
    case OID:
      e = v + 12;
      break;
    case BOOL:
      e = v + 1;
      break;
    case INT32:
      e = v + 4;
      break;
    case DECIMAL:
      e = v + 16;
      break;
    case REGEX:
      e = v;
      while (e < limit && b[e] !== 0) e++;
      e++;
      while (e < limit && b[e] !== 0) e++;
      e++;
      break;
    case DBPOINTER:
      e = v + 4 + int32(b, v);
      if (e <= v + 4) return -1;
      e += 12;
      break;
    default:
      return -1;
  }
  return e <= limit ? e : -1;
}

function keyEnd(b: Uint8Array, k: number, limit: number): number {
  while (k < limit && b[k] !== 0) k++;
  return k < limit ? k : -1;
}

function sameBytes(b: Uint8Array, s: number, e: number, want: Uint8Array): boolean {
  if (e - s !== want.length) return false;
  for (let i = 0; i < want.length; i++) if (b[s + i] !== want[i]) return false;
  return true;
}
function sameKey(b: Uint8Array, s1: number, e1: number, s2: number, e2: number): boolean {
  if (e1 - s1 !== e2 - s2) return false;
  for (let i = 0; i < e1 - s1; i++) if (b[s1 + i] !== b[s2 + i]) return false;
  return true;
}
/** `$ref`: a document with it may be read back as a DBRef, whose EJSON moves things around. */
function isRef(b: Uint8Array, s: number, e: number): boolean {
  return e - s === 4 && b[s] === 0x24 && b[s + 1] === 0x72 && b[s + 2] === 0x65 && b[s + 3] === 0x66;
}

const buffers = new WeakMap<Uint8Array, Buffer>();
function bufferOf(b: Uint8Array): Buffer {
  if (Buffer.isBuffer(b)) return b;
  let buf = buffers.get(b);
  if (!buf) buffers.set(b, (buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
  return buf;
}

function utf8(b: Uint8Array, s: number, e: number): string {
  return bufferOf(b).toString('utf8', s, e);
}

/** A JS number as canonical EJSON writes it (bson's rules: int32, then int64, else double). */
function numberText(n: number): string {
  if (Number.isInteger(n) && !Object.is(n, -0)) {
    if (n >= INT32_MIN && n <= INT32_MAX) return `{"$numberInt":"${n}"}`;
    if (n >= INT64_MIN && n <= INT64_MAX) return `{"$numberLong":"${n}"}`;
  }
  return `{"$numberDouble":"${numberDigits(n)}"}`;
}
/** The text inside a number's wrapper. */
function numberDigits(n: number): string {
  return Object.is(n, -0) ? '-0.0' : String(n);
}

/** The texts of an element's value alone (without the wrapper's keywords), joined by a quote. */
function valueText(b: Uint8Array, type: number, v: number, e: number): string | undefined {
  switch (type) {
    case DOUBLE:
      return numberDigits(bufferOf(b).readDoubleLE(v));
    case INT32:
      return String(int32(b, v));
    case INT64: {
      const n = longNumber(b, v);
      return promoted(b, v) ? numberDigits(n) : undefined;
    }
    case DATE:
      return String(dateMs(b, v));
    case TIMESTAMP:
      return `${int32(b, v + 4) >>> 0}"${int32(b, v) >>> 0}`;
    case OID:
      return oidHex(b, v);
    default:
      return madeUpText(b, type, v, e);
  }
}

/**
 * Whether bson hands the int64 at `v` over as a number: within ±2^53, compared exactly (the
 * number itself rounds 2^53 + 1 down to 2^53).
 */
function promoted(b: Uint8Array, v: number): boolean {
  const hi = int32(b, v + 4);
  const lo = int32(b, v) >>> 0;
  return (hi < 0x200000 || (hi === 0x200000 && lo === 0)) && hi >= -0x200000;
}

function longNumber(b: Uint8Array, v: number): number {
  return int32(b, v + 4) * TWO32 + (int32(b, v) >>> 0);
}

/** An int64 as bson hands it over: a number within ±2^53, else a Long (EJSON: its exact digits). */
function int64Text(b: Uint8Array, v: number): string {
  const n = longNumber(b, v);
  if (promoted(b, v)) return numberText(n);
  const big = BigInt.asIntN(64, (BigInt(int32(b, v + 4)) << 32n) | BigInt(int32(b, v) >>> 0));
  return `{"$numberLong":"${big.toString()}"}`;
}

/** new Date(ms).getTime() without the Date: NaN beyond ±8.64e15 ms. */
function dateMs(b: Uint8Array, v: number): number {
  const ms = longNumber(b, v);
  return Math.abs(ms) <= 8.64e15 ? ms : NaN;
}

function oidHex(b: Uint8Array, v: number): string {
  return bufferOf(b).toString('hex', v, v + 12);
}

function decimalText(b: Uint8Array, v: number): string {
  const { Decimal128 } = bson();
  return new Decimal128(b.slice(v, v + 16)).toString();
}

/** The canonical EJSON of one element whose text bson makes up (not strings, documents or arrays). */
function madeUpText(b: Uint8Array, type: number, v: number, e: number): string | undefined {
  switch (type) {
    case DOUBLE:
      return numberText(bufferOf(b).readDoubleLE(v));
    case INT32:
      return `{"$numberInt":"${int32(b, v)}"}`;
    case INT64:
      return int64Text(b, v);
    case DATE:
      return `{"$date":{"$numberLong":"${dateMs(b, v)}"}}`;
    case TIMESTAMP:
      return `{"$timestamp":{"t":${int32(b, v + 4) >>> 0},"i":${int32(b, v) >>> 0}}}`;
    case OID:
      return `{"$oid":"${oidHex(b, v)}"}`;
    case BOOL:
      return b[v] === 1 ? 'true' : 'false';
    case NULL:
    case UNDEFINED:
      return 'null';
    case BINARY: {
      const sub = b[v + 4];
      const from = sub === 2 ? v + 9 : v + 5;
      const base64 = bufferOf(b).toString('base64', from, e);
      return `{"$binary":{"base64":"${base64}","subType":"${sub.toString(16).padStart(2, '0')}"}}`;
    }
    case DECIMAL:
      return `{"$numberDecimal":"${decimalText(b, v)}"}`;
    case MINKEY:
      return '{"$minKey":1}';
    case MAXKEY:
      return '{"$maxKey":1}';
    case CODE:
      return `{"$code":${JSON.stringify(utf8(b, v + 4, e - 1))}}`;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// One event.

interface Ctx {
  b: Uint8Array;
  start: number;
  end: number;
  summary: { op: string; ns: string; key: string };
  latin1?: string;
  /** The rendered canonical EJSON; null when bson could not read the bytes. */
  ejson?: string | null;
  /** The event's number texts (numberTexts), kept by the log; null: walk the event. */
  numbers?: () => string | null;
}

interface Latin1 {
  latin1Slice(start: number, end: number): string;
}

function latin1(c: Ctx): string {
  // latin1Slice is what toString('latin1') calls, without its argument checks (a tenth of the scan).
  return (c.latin1 ??= (bufferOf(c.b) as unknown as Latin1).latin1Slice(c.start, c.end));
}

/** How many events were rendered to EJSON because the bytes alone could not decide (for benches). */
export const bsonFilterStats = { rendered: 0 };

function render(c: Ctx): string | null {
  if (c.ejson === undefined) {
    bsonFilterStats.rendered++;
    try {
      const { BSON, EJSON } = bson();
      c.ejson = EJSON.stringify(BSON.deserialize(c.b.subarray(c.start, c.end)), { relaxed: false });
    } catch {
      c.ejson = null;
    }
  }
  return c.ejson;
}

/**
 * Whether one event, kept as the BSON bytes `bytes[start..end)`, passes the query: the same verdict
 * as matchesQuickFilter over its canonical EJSON.
 */
export function matchesQuickFilterBson(
  bytes: Uint8Array,
  start: number,
  end: number,
  summary: { op: string; ns: string; key: string },
  q: QuickFilterQuery,
  numbers?: () => string | null,
): boolean {
  if (q.ops && !q.ops.has(summary.op)) return false;
  const plan = planFor(q);
  // Every field set here, so the object keeps one shape when latin1 and ejson are filled in.
  const c: Ctx = { b: bytes, start, end, summary, latin1: undefined, ejson: undefined, numbers };
  let later: number[] | undefined;
  for (let i = 0; i < plan.terms.length; i++) {
    const v = termVerdict(c, plan.terms[i]);
    if (v === NO) return false;
    if (v === UNSURE) (later ??= []).push(i);
  }
  let unsure: ClausePlan[] | undefined;
  for (const cp of plan.clauses) {
    const v = end - start >= 5 ? valuePasses(bytes, DOC, start, end, cp, 0, false) : UNSURE;
    if (v === NO) return false;
    if (v === UNSURE) (unsure ??= []).push(cp);
  }
  if (!later && !unsure) return true;
  const ejson = render(c);
  if (ejson === null) return false;
  if (later) for (const i of later) if (!plan.terms[i].re.test(ejson)) return false;
  if (unsure) {
    const e = { seq: 0, summary, ejson };
    for (const cp of unsure) if (!matchesQuickFilter(e, cp.alone)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Free text.

function termVerdict(c: Ctx, p: TermPlan): Verdict {
  if (p.re.test(c.summary.key)) return YES;
  if (c.summary.ns !== p.lastNs) {
    p.lastNs = c.summary.ns;
    p.lastNsHit = p.re.test(c.summary.ns);
  }
  if (p.lastNsHit) return YES;
  switch (p.kind) {
    case TermKind.Always:
      return YES;
    case TermKind.Colon:
      return c.end - c.start > 5 ? YES : NO;
    case TermKind.Wild:
      return UNSURE;
  }
  const s = latin1(c);
  let result: Verdict = NO;
  if (p.literals) {
    // No letters: indexOf (a native substring search) instead of a regex, for the term and its escapes.
    for (const lit of p.literals) {
      for (let at = s.indexOf(lit); at >= 0; at = s.indexOf(lit, at + 1)) {
        const v = locate(c.b, c.start, c.end, false, c.start + at, lit.length);
        if (v === YES) return YES;
        if (v === UNSURE) result = UNSURE;
      }
    }
    if (p.digitsOnly && c.numbers) {
      // The numbers' texts the walk would make, kept per event: a substring test instead of the walk.
      const numbers = c.numbers();
      if (numbers !== null) return numbers.includes(p.caseless!) ? YES : result;
    }
    return madeUpVerdict(c, p, s, result);
  }
  const re = p.bytesRe!;
  re.lastIndex = 0;
  if (p.hitLength !== undefined) {
    // test() instead of exec(): no match array per hit, the start is lastIndex minus the length.
    const len = p.hitLength;
    while (re.test(s)) {
      const at = re.lastIndex - len;
      const v = locate(c.b, c.start, c.end, false, c.start + at, len);
      if (v === YES) return YES;
      if (v === UNSURE) result = UNSURE;
      re.lastIndex = at + 1;
    }
  } else result = hits(c, s, re, result);
  if (result === NO && p.escapeRe && p.escapeBytes!.some((ch) => s.includes(ch)))
    result = hits(c, s, p.escapeRe, result);
  if (result === YES) return YES;
  return madeUpVerdict(c, p, s, result);
}

/** Element types whose value text a term of digits could be in (relevantTypes for /^\d+$/). */
const DIGIT_TYPES = new Set([DOUBLE, INT64, INT32, DATE, TIMESTAMP, DECIMAL, OID, BINARY, MINKEY, MAXKEY]);

/**
 * The value texts madeUp would make for a term of digits, for every element of the event, joined by a
 * quote (digits never span one); null when the walk could be unsure (a `$ref` key, a duplicate key,
 * a regex, DBPointer or code with scope, bytes it cannot read), so the event is walked per query.
 * The log keeps it: a digit term's query was ~1.3 µs an event walking numbers into text.
 */
export function numberTexts(b: Uint8Array, start: number, end: number): string | null {
  const out: string[] = [];
  return collectNumbers(b, start, end, false, out) ? out.join('"') : null;
}

function collectNumbers(b: Uint8Array, doc: number, docEnd: number, isArray: boolean, out: string[]): boolean {
  const last = docEnd - 1;
  const keys = isArray ? undefined : new Set<string>();
  let i = doc + 4;
  while (i < last) {
    const type = b[i];
    const k = i + 1;
    const ke = keyEnd(b, k, last);
    if (ke < 0) return false;
    const v = ke + 1;
    const e = valueEnd(b, type, v, last);
    if (e < 0) return false;
    if (keys) {
      if (isRef(b, k, ke)) return false;
      const key = utf8(b, k, ke);
      if (keys.has(key)) return false;
      keys.add(key);
    }
    if (type === DOC || type === ARRAY) {
      if (!collectNumbers(b, v, e, type === ARRAY, out)) return false;
    } else if (type === REGEX || type === DBPOINTER || type === CODE_W_SCOPE) return false;
    else if (DIGIT_TYPES.has(type)) out.push(valueText(b, type, v, e) ?? madeUpText(b, type, v, e) ?? '');
    i = e;
  }
  return true;
}

function madeUpVerdict(c: Ctx, p: TermPlan, s: string, result: Verdict): Verdict {
  if (p.pre!(s)) {
    const v = madeUp(c.b, c.start, c.end, false, p);
    if (v === YES) return YES;
    if (v === UNSURE) result = UNSURE;
  }
  return result;
}

function hits(c: Ctx, s: string, re: RegExp, result: Verdict): Verdict {
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const v = locate(c.b, c.start, c.end, false, c.start + m.index, m[0].length);
    if (v === YES) return YES;
    if (v === UNSURE) result = UNSURE;
    re.lastIndex = m.index + 1;
  }
  return result;
}

/**
 * Where a hit at `h` (length `len`) lies in the document at `doc`: YES inside a key or a string
 * value that EJSON writes as is, NO elsewhere (lengths, numbers, array indexes), UNSURE where
 * bson's reading changes the text (regex, DBRef, duplicate keys).
 */
function locate(b: Uint8Array, doc: number, docEnd: number, isArray: boolean, h: number, len: number): Verdict {
  const last = docEnd - 1;
  let i = doc + 4;
  let ref = false;
  // The element the hit starts in; the ones after it are read only if the hit counts.
  while (i < last) {
    const type = b[i];
    const k = i + 1;
    const ke = keyEnd(b, k, last);
    if (ke < 0) return UNSURE;
    const v = ke + 1;
    const e = valueEnd(b, type, v, last);
    if (e < 0) return UNSURE;
    if (!isArray && isRef(b, k, ke)) ref = true;
    if (h >= e) {
      i = e;
      continue;
    }
    if (h < k) return NO;
    if (h < ke) return !isArray && h + len <= ke ? YES : NO;
    if (h < v) return NO;
    let r: Verdict;
    switch (type) {
      case DOC:
      case ARRAY:
        r = locate(b, v, e, type === ARRAY, h, len);
        break;
      case STRING:
      case CODE:
      case SYMBOL:
        r = h >= v + 4 && h + len <= e - 1 ? YES : NO;
        break;
      case REGEX:
      case DBPOINTER:
      case CODE_W_SCOPE:
        return UNSURE;
      default:
        return NO;
    }
    if (r !== YES || isArray) return r;
    // A later duplicate key replaces this value; a DBRef moves its $ref and $db around.
    if (ref || laterKey(b, e, last, k, ke, true)) return UNSURE;
    return YES;
  }
  return NO;
}

/** Whether the term occurs in the EJSON bson makes up for some element of the document at `doc`. */
function madeUp(b: Uint8Array, doc: number, docEnd: number, isArray: boolean, p: TermPlan): Verdict {
  const last = docEnd - 1;
  const types = p.types!;
  let result: Verdict = NO;
  let i = doc + 4;
  while (i < last) {
    const type = b[i];
    const k = i + 1;
    const ke = keyEnd(b, k, last);
    if (ke < 0) return UNSURE;
    const v = ke + 1;
    const e = valueEnd(b, type, v, last);
    if (e < 0) return UNSURE;
    if (!isArray && isRef(b, k, ke)) return UNSURE;
    let r: Verdict = NO;
    if (type === DOC || type === ARRAY) r = madeUp(b, v, e, type === ARRAY, p);
    else if (type === CODE_W_SCOPE) {
      if (types[type]) return UNSURE;
      // The scope's values are written as any document's: look into it (after the code string).
      const scope = v + 8 + int32(b, v + 4);
      if (scope + 5 > e) return UNSURE;
      r = madeUp(b, scope, e, false, p);
    } else if (types[type]) {
      if (type === REGEX || type === DBPOINTER) return UNSURE;
      const digits = types[type] === 2 && p.minAbs! > 0 ? digitsIn(b, type, v, p) : undefined;
      if (digits === false) {
        i = e;
        continue;
      }
      if (digits === true) r = YES;
      else {
        const text = types[type] === 1 ? madeUpText(b, type, v, e) : valueText(b, type, v, e);
        const made = text ?? madeUpText(b, type, v, e) ?? '';
        if (p.caseless !== undefined ? made.includes(p.caseless) : p.re.test(made)) r = YES;
      }
    }
    if (r === YES) {
      // A later duplicate key replaces this value when bson reads the document.
      if (!isArray && laterKey(b, e, last, k, ke)) return UNSURE;
      return YES;
    }
    if (r === UNSURE) result = UNSURE;
    i = e;
  }
  return result;
}

/**
 * For a term of two or more digits: whether an integer-valued element's decimal text (an ObjectId's
 * hex) holds it, worked out on the number instead of a string (most of a digit term's cost was
 * making those strings); undefined for values this does not cover (fractions, huge numbers).
 */
function digitsIn(b: Uint8Array, type: number, v: number, p: TermPlan): boolean | undefined {
  switch (type) {
    case INT32:
      return holdsDigits(Math.abs(int32(b, v)), p);
    case INT64:
      // An int64 beyond ±2^53 is written from its exact digits: left to the text.
      return promoted(b, v) ? holdsDigits(Math.abs(longNumber(b, v)), p) : undefined;
    case DATE: {
      // A date beyond ±8.64e15 ms is NaN (no digits); below that the number is exact.
      const n = longNumber(b, v);
      return Math.abs(n) > 8.64e15 ? false : holdsDigits(Math.abs(n), p);
    }
    case DOUBLE: {
      const x = bufferOf(b).readDoubleLE(v);
      return Number.isInteger(x) && Math.abs(x) <= JS_INT_MAX ? holdsDigits(Math.abs(x), p) : undefined;
    }
    case TIMESTAMP:
      return holdsDigits(int32(b, v + 4) >>> 0, p) || holdsDigits(int32(b, v) >>> 0, p);
    case OID: {
      // The hex digits 0-9 are the nibbles 0-9: compare nibbles.
      const want = p.nibbles!;
      const first = want[0];
      for (let at = 0; at + want.length <= 24; at++) {
        const byte = b[v + (at >> 1)];
        if ((at & 1 ? byte & 15 : byte >> 4) !== first) continue;
        let j = 1;
        for (; j < want.length; j++) {
          const k = at + j;
          const nb = b[v + (k >> 1)];
          if ((k & 1 ? nb & 15 : nb >> 4) !== want[j]) break;
        }
        if (j === want.length) return true;
      }
      return false;
    }
    default:
      return undefined;
  }
}

const DIGITS = new Uint8Array(20);
/** Whether the decimal digits of the integer m (0 <= m <= 2^53) hold the term's digits. */
function holdsDigits(m: number, p: TermPlan): boolean {
  if (m < p.minAbs!) return false;
  // The digits into a scratch array, in two parts below 1e9 so that % and / stay small-integer math.
  let hi = 0;
  let lo = m;
  if (m >= 1e9) {
    hi = Math.floor(m / 1e9);
    lo = m - hi * 1e9;
    if (lo < 0) {
      hi--;
      lo += 1e9;
    } else if (lo >= 1e9) {
      hi++;
      lo -= 1e9;
    }
  }
  let pos = 20;
  if (hi > 0) {
    for (let k = 0; k < 9; k++) {
      DIGITS[--pos] = lo % 10;
      lo = (lo / 10) | 0;
    }
    lo = hi;
  }
  do {
    DIGITS[--pos] = lo % 10;
    lo = (lo / 10) | 0;
  } while (lo > 0);
  const want = p.nibbles!;
  for (let at = pos; at + want.length <= 20; at++) {
    let j = 0;
    while (j < want.length && DIGITS[at + j] === want[j]) j++;
    if (j === want.length) return true;
  }
  return false;
}

function laterKey(b: Uint8Array, i: number, last: number, k0: number, ke0: number, refToo = false): boolean {
  while (i < last) {
    const type = b[i];
    const k = i + 1;
    const ke = keyEnd(b, k, last);
    if (ke < 0) return true;
    if (sameKey(b, k, ke, k0, ke0) || (refToo && isRef(b, k, ke))) return true;
    const e = valueEnd(b, type, ke + 1, last);
    if (e < 0) return true;
    i = e;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Field clauses: pathPasses (ejsonText.ts) over element headers.

/**
 * Whether some value at the path passes, for the value of `type` at `v` (ending at `e`): an array on
 * the way is looked into one level deep; an array at the end counts as itself and each element.
 */
function valuePasses(
  b: Uint8Array,
  type: number,
  v: number,
  e: number,
  cp: ClausePlan,
  depth: number,
  inArray: boolean,
): Verdict {
  if (depth === cp.segs.length) {
    if (type !== ARRAY) return leafPasses(b, type, v, e, cp);
    let unsure = false;
    const last = e - 1;
    let i = v + 4;
    while (i < last) {
      const t = b[i];
      const ke = keyEnd(b, i + 1, last);
      if (ke < 0) return UNSURE;
      const ee = valueEnd(b, t, ke + 1, last);
      if (ee < 0) return UNSURE;
      const r = leafPasses(b, t, ke + 1, ee, cp);
      if (r === YES) return YES;
      if (r === UNSURE) unsure = true;
      i = ee;
    }
    return unsure ? UNSURE : cp.f.test(COMPOUND) ? YES : NO;
  }
  switch (type) {
    case DOC: {
      const last = e - 1;
      const want = cp.segs[depth];
      let i = v + 4;
      let fType = -1;
      let fv = 0;
      let fe = 0;
      while (i < last) {
        const t = b[i];
        const k = i + 1;
        const ke = keyEnd(b, k, last);
        if (ke < 0) return UNSURE;
        const ee = valueEnd(b, t, ke + 1, last);
        if (ee < 0) return UNSURE;
        if (isRef(b, k, ke)) return UNSURE;
        // A duplicate key: bson keeps the last value (in the first key's place), so does this.
        if (sameBytes(b, k, ke, want)) {
          fType = t;
          fv = ke + 1;
          fe = ee;
        }
        i = ee;
      }
      return fType < 0 ? NO : valuePasses(b, fType, fv, fe, cp, depth + 1, false);
    }
    case ARRAY: {
      // An array inside an array answers numeric keys by index: leave that to the exact check.
      if (inArray) return cp.numeric[depth] ? UNSURE : NO;
      let unsure = false;
      const last = e - 1;
      let i = v + 4;
      while (i < last) {
        const t = b[i];
        const ke = keyEnd(b, i + 1, last);
        if (ke < 0) return UNSURE;
        const ee = valueEnd(b, t, ke + 1, last);
        if (ee < 0) return UNSURE;
        const r = valuePasses(b, t, ke + 1, ee, cp, depth, true);
        if (r === YES) return YES;
        if (r === UNSURE) unsure = true;
        i = ee;
      }
      return unsure ? UNSURE : NO;
    }
    case STRING:
    case SYMBOL:
    case BOOL:
    case NULL:
    case UNDEFINED:
      return NO;
    default:
      // EJSON writes the others as wrapper objects ({"$numberInt": …}) whose keys all start with $.
      return cp.segs[depth][0] === 0x24 ? UNSURE : NO;
  }
}

/** One value at the end of the path, as ejsonText.ts reads it from canonical EJSON. */
function leafPasses(b: Uint8Array, type: number, v: number, e: number, cp: ClausePlan): Verdict {
  const pass = cp.f.test;
  let x: unknown;
  if (cp.textBytes && (type === STRING || type === SYMBOL)) {
    // A string equals a text only when it is that text (compare() in quickFilter.ts): no decoding.
    const same = sameBytes(b, v + 4, e - 1, cp.textBytes);
    return same === (cp.f.cmp === '=') ? YES : NO;
  }
  switch (type) {
    case DOUBLE:
      x = bufferOf(b).readDoubleLE(v);
      break;
    case STRING:
    case SYMBOL:
      x = utf8(b, v + 4, e - 1);
      break;
    case INT32:
      x = int32(b, v);
      break;
    case INT64:
      x = longNumber(b, v);
      break;
    case DATE:
      x = dateMs(b, v);
      break;
    case OID:
      x = oidHex(b, v);
      break;
    case BOOL:
      if (b[v] > 1) return UNSURE;
      x = b[v] === 1;
      break;
    case NULL:
    case UNDEFINED:
      x = null;
      break;
    case DECIMAL:
      x = Number(decimalText(b, v));
      break;
    case DOC:
      return wrapperPasses(b, v, e, pass);
    default:
      x = COMPOUND;
  }
  return pass(x) ? YES : NO;
}

const NUMBER_KEYS = ['$numberInt', '$numberLong', '$numberDouble', '$numberDecimal'].map((k) =>
  new TextEncoder().encode(k),
);
const DATE_KEY = new TextEncoder().encode('$date');
const OID_KEYS = ['$oid', '$symbol'].map((k) => new TextEncoder().encode(k));

/**
 * A sub-document at the end of the path: a one-key document that looks like an EJSON number, date
 * or ObjectId wrapper counts as that scalar (plainValue in ejsonText.ts); anything else is COMPOUND.
 */
function wrapperPasses(b: Uint8Array, v: number, e: number, pass: (x: unknown) => boolean): Verdict {
  const last = e - 1;
  let i = v + 4;
  let n = 0;
  let allSame = true;
  let k0 = 0;
  let ke0 = 0;
  let t0 = 0;
  let e0 = 0;
  while (i < last) {
    const t = b[i];
    const k = i + 1;
    const ke = keyEnd(b, k, last);
    if (ke < 0) return UNSURE;
    const ee = valueEnd(b, t, ke + 1, last);
    if (ee < 0) return UNSURE;
    if (n === 0) {
      k0 = k;
      ke0 = ke;
      t0 = t;
      e0 = ee;
    } else if (!sameKey(b, k, ke, k0, ke0)) allSame = false;
    n++;
    i = ee;
  }
  if (n === 0 || !allSame) return pass(COMPOUND) ? YES : NO;
  if (n > 1 || b[k0] !== 0x24 /* $ */) return n > 1 ? UNSURE : pass(COMPOUND) ? YES : NO;
  const w = ke0 + 1;
  if (NUMBER_KEYS.some((key) => sameBytes(b, k0, ke0, key))) {
    if (t0 !== STRING) return UNSURE;
    const s = utf8(b, w + 4, e0 - 1);
    // The text reader takes the JSON-escaped digits as they stand: leave escapes to it.
    if (JSON_ESCAPED.test(s)) return UNSURE;
    return pass(Number(s)) ? YES : NO;
  }
  if (sameBytes(b, k0, ke0, DATE_KEY)) {
    if (t0 !== STRING) return UNSURE;
    return pass(utf8(b, w + 4, e0 - 1)) ? YES : NO;
  }
  if (OID_KEYS.some((key) => sameBytes(b, k0, ke0, key))) {
    if (t0 === STRING) return pass(utf8(b, w + 4, e0 - 1)) ? YES : NO;
    if (t0 === BOOL && b[w] <= 1) return pass(b[w] === 1) ? YES : NO;
    if (t0 === NULL || t0 === UNDEFINED) return pass(null) ? YES : NO;
    return UNSURE;
  }
  return pass(COMPOUND) ? YES : NO;
}
