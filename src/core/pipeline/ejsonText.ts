// Reads values at a field path straight out of compact canonical EJSON text, without JSON.parse:
// the quick filter asks "does some value at fullDocument.qty pass?" of 100,000 stored events and a
// full parse of each costs ~3 µs, while walking the keys on the way (skipping the rest) costs far less.
// Hand-written: no library reads a path out of JSON text lazily; anything unusual answers UNSURE
// and the caller falls back to JSON.parse, so the walk only ever needs to be right when it is sure.

/** A value the raw scan could not read alone (an array, a sub-document). */
export const UNREAD = Symbol('unread');
/** Stands for a sub-document or array at the path: equal to no scalar. */
const COMPOUND: object = Object.freeze({});

/** No value at the path passes; one does; the text is unusual and only JSON.parse can tell. */
export const Verdict = { No: 0, Yes: 1, Unsure: 2 } as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACK = 0x5b;
const RBRACK = 0x5d;
const COMMA = 0x2c;

const NUMBER_WRAP = /\{"\$number(?:Int|Long|Double|Decimal)":"([^"]*)"\}/y;
const OID_WRAP = /\{"\$oid":"([0-9a-fA-F]*)"\}/y;
const DATE_WRAP = /\{"\$date":\{"\$numberLong":"(-?\d+)"\}\}/y;
const BARE_NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Index just after the string whose opening quote is at `i`, or -1. */
function skipString(t: string, i: number): number {
  let j = i + 1;
  for (;;) {
    j = t.indexOf('"', j);
    if (j < 0) return -1;
    let k = j - 1;
    while (t.charCodeAt(k) === BACKSLASH) k--;
    // A quote after an odd run of backslashes is escaped: keep looking.
    if ((j - 1 - k) % 2 === 0) return j + 1;
    j++;
  }
}

/** Index just after the JSON value at `i` (compact JSON: no spaces), or -1. */
export function skipValue(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === QUOTE) return skipString(t, i);
  if (c === LBRACE || c === LBRACK) {
    let depth = 0;
    for (let j = i; j < t.length; j++) {
      const d = t.charCodeAt(j);
      if (d === QUOTE) {
        const end = skipString(t, j);
        if (end < 0) return -1;
        j = end - 1;
      } else if (d === LBRACE || d === LBRACK) depth++;
      else if (d === RBRACE || d === RBRACK) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  let j = i;
  while (j < t.length) {
    const d = t.charCodeAt(j);
    if (d === COMMA || d === RBRACE || d === RBRACK) break;
    j++;
  }
  return j > i ? j : -1;
}

/** The scalar at `i` (numbers, text, booleans, null, and the one-key EJSON scalar wrappers), else UNREAD. */
export function rawValueAt(t: string, i: number): unknown {
  const c = t.charCodeAt(i);
  if (c === LBRACE) {
    NUMBER_WRAP.lastIndex = i;
    const n = NUMBER_WRAP.exec(t);
    if (n) return Number(n[1]);
    DATE_WRAP.lastIndex = i;
    const d = DATE_WRAP.exec(t);
    if (d) return Number(d[1]);
    OID_WRAP.lastIndex = i;
    const m = OID_WRAP.exec(t);
    return m ? m[1] : UNREAD;
  }
  if (c === QUOTE) {
    const end = skipString(t, i);
    if (end < 0) return UNREAD;
    const body = t.slice(i + 1, end - 1);
    if (!body.includes('\\')) return body;
    try {
      return JSON.parse(t.slice(i, end)) as string;
    } catch {
      return UNREAD;
    }
  }
  if (c === LBRACK) return UNREAD;
  if (t.startsWith('true', i)) return true;
  if (t.startsWith('false', i)) return false;
  if (t.startsWith('null', i)) return null;
  BARE_NUMBER.lastIndex = i;
  const n = BARE_NUMBER.exec(t);
  return n ? Number(n[0]) : UNREAD;
}

/** Canonical EJSON scalars to plain values so `qty > 5` compares numbers. */
export function plainValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const k = Object.keys(o);
    if (k.length === 1) {
      const w = o[k[0]];
      if (k[0] === '$numberInt' || k[0] === '$numberLong' || k[0] === '$numberDouble' || k[0] === '$numberDecimal')
        return Number(w);
      if (k[0] === '$oid' || k[0] === '$symbol') return w;
      if (k[0] === '$date') return typeof w === 'string' ? w : plainValue(w);
    }
  }
  return v;
}

/** One value at the end of the path: a scalar read in place, else parsed (it is small or rare). */
function leafPasses(t: string, i: number, pass: (v: unknown) => boolean): Verdict {
  let v = rawValueAt(t, i);
  if (v === UNREAD) {
    const end = skipValue(t, i);
    if (end < 0) return Verdict.Unsure;
    try {
      v = plainValue(JSON.parse(t.slice(i, end)));
    } catch {
      return Verdict.Unsure;
    }
    if (v !== null && typeof v === 'object') v = COMPOUND;
  }
  return pass(v) ? Verdict.Yes : Verdict.No;
}

/**
 * Whether some value at the path passes, reading the text at `i` (the start of a value). Same
 * meaning as looking the path up in the parsed document: an array on the way is looked into one
 * level deep; an array at the end counts as itself and as each of its elements.
 * `keys[d]` is `"segment":` as compact JSON writes it.
 */
export function pathPasses(
  t: string,
  i: number,
  keys: readonly string[],
  pass: (v: unknown) => boolean,
  depth = 0,
  inArray = false,
): Verdict {
  const c = t.charCodeAt(i);
  if (depth === keys.length) {
    if (c !== LBRACK) return leafPasses(t, i, pass);
    let result: Verdict = pass(COMPOUND) ? Verdict.Yes : Verdict.No;
    return (
      forEachElement(t, i, (j) => {
        const r = leafPasses(t, j, pass);
        if (r === Verdict.Unsure) result = Verdict.Unsure;
        return r === Verdict.Yes;
      }) ?? result
    );
  }
  if (c === LBRACE) {
    let j = i + 1;
    const key = keys[depth];
    while (t.charCodeAt(j) === QUOTE) {
      if (t.startsWith(key, j)) return pathPasses(t, j + key.length, keys, pass, depth + 1); // keys are unique
      const afterKey = skipString(t, j);
      if (afterKey < 0 || t.charCodeAt(afterKey) !== 0x3a /* : */) return Verdict.Unsure;
      const end = skipValue(t, afterKey + 1);
      if (end < 0) return Verdict.Unsure;
      if (t.charCodeAt(end) !== COMMA) return t.charCodeAt(end) === RBRACE ? Verdict.No : Verdict.Unsure;
      j = end + 1;
    }
    return t.charCodeAt(j) === RBRACE ? Verdict.No : Verdict.Unsure;
  }
  if (c === LBRACK) {
    // An array inside an array answers numeric keys by index: leave that to the exact check.
    if (inArray) return /^"\d+":$/.test(keys[depth]) ? Verdict.Unsure : Verdict.No;
    let result: Verdict = Verdict.No;
    return (
      forEachElement(t, i, (j) => {
        const r = pathPasses(t, j, keys, pass, depth, true);
        if (r === Verdict.Unsure) result = Verdict.Unsure;
        return r === Verdict.Yes;
      }) ?? result
    );
  }
  return Verdict.No;
}

/** Calls `visit` with the start of each element of the array at `i`; Yes as soon as it says true, Unsure on odd text. */
function forEachElement(t: string, i: number, visit: (j: number) => boolean): Verdict | undefined {
  let j = i + 1;
  if (t.charCodeAt(j) === RBRACK) return undefined;
  for (;;) {
    if (visit(j)) return Verdict.Yes;
    const end = skipValue(t, j);
    if (end < 0) return Verdict.Unsure;
    const d = t.charCodeAt(end);
    if (d === RBRACK) return undefined;
    if (d !== COMMA) return Verdict.Unsure;
    j = end + 1;
  }
}
