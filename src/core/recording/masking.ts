// Field masking: the setting's paths and patterns (`payment.card`, `*.email`, `**.ssn`) turned into one
// function that replaces matching values in a change event's documents before the event is logged, so
// nothing downstream (webview, exports, diffs, copied code, the quick filter) ever holds the value.
// A masked value keeps a short keyed hash (`<masked·3fa2c1>`): equal values look equal, so a diff still
// shows whether the field changed, while the per-session key stops anyone matching hashes to guesses.
import type { Document } from 'bson';
import { EJSONLib } from './format';

export const MASK_PREFIX = '<masked';

export interface MaskingOptions {
  /** Keep a short keyed hash in the masked text, so a change of the value stays visible. */
  markChanges: boolean;
  /** HMAC key; a random one per process unless given (tests give one to compare runs). */
  key?: Buffer;
}

export interface FieldMasking {
  /** The valid patterns, as given. Empty: masking is off and `mask` returns its input. */
  readonly fields: readonly string[];
  /** Patterns that cannot be used, each with why. */
  readonly problems: readonly string[];
  /** The event with its matching values replaced; the input itself is never changed. */
  mask(change: Document): Document;
}

type Segment = { kind: 'any' } | { kind: 'deep' } | { kind: 'name'; re: RegExp | undefined; text: string };

/** The documents of a change event whose fields the patterns name (paths are relative to each). */
const DOCUMENT_ROOTS = ['fullDocument', 'fullDocumentBeforeChange', 'documentKey'] as const;

type NodeCrypto = typeof import('node:crypto');
let nodeCrypto: NodeCrypto | undefined;
/** node:crypto is required on the first hash, not at import: the masking is compiled at activation. */
const crypto = (): NodeCrypto => (nodeCrypto ??= require('node:crypto') as NodeCrypto);
let processKey: Buffer | undefined;

export function compileMasking(patterns: readonly unknown[], options: MaskingOptions): FieldMasking {
  const fields: string[] = [];
  const problems: string[] = [];
  const compiled: Segment[][] = [];
  for (const p of patterns) {
    const checked = compilePattern(p);
    if (typeof checked === 'string') problems.push(checked);
    else {
      fields.push(String(p).trim());
      compiled.push(checked);
    }
  }
  const key = (): Buffer => options.key ?? (processKey ??= crypto().randomBytes(32));
  const maskedText = (value: unknown): string =>
    options.markChanges ? `${MASK_PREFIX}·${valueHash(key(), value)}>` : `${MASK_PREFIX}>`;
  // Most fields match no pattern's last segment: that cheap test skips the full match for them.
  const lastOk = compiled.map((c) => c[c.length - 1]);
  const matches = (path: readonly string[]): boolean => {
    const name = path[path.length - 1];
    for (let i = 0; i < compiled.length; i++) {
      const last = lastOk[i];
      if (last.kind === 'name' && (last.re ? !last.re.test(name) : last.text !== name)) continue;
      if (matchPath(compiled[i], 0, path, 0)) return true;
    }
    return false;
  };
  return {
    fields,
    problems,
    mask(change: Document): Document {
      if (compiled.length === 0) return change;
      let out: Document | undefined;
      const set = (k: string, v: unknown): void => {
        out ??= { ...change };
        out[k] = v;
      };
      for (const root of DOCUMENT_ROOTS) {
        const doc: unknown = change[root];
        if (!isPlainDocument(doc)) continue;
        const masked = maskValue(doc, [], matches, maskedText);
        if (masked !== doc) set(root, masked);
      }
      const ud: unknown = change.updateDescription;
      if (isPlainDocument(ud) && isPlainDocument(ud.updatedFields)) {
        const updated = ud.updatedFields;
        let copy: Document | undefined;
        for (const [dotted, value] of Object.entries(updated)) {
          // An updated field's key is a dotted path ("payment.card"): any prefix of it may be masked.
          const path = dotted.split('.').filter((s) => !isIndex(s));
          let masked: unknown;
          if (path.some((_s, i) => matches(path.slice(0, i + 1)))) masked = maskedText(value);
          else masked = maskValue(value, path, matches, maskedText);
          if (masked !== value) {
            copy ??= { ...updated };
            copy[dotted] = masked;
          }
        }
        if (copy) set('updateDescription', { ...ud, updatedFields: copy });
      }
      return out ?? change;
    },
  };
}

function maskValue(
  value: unknown,
  path: string[],
  matches: (p: readonly string[]) => boolean,
  maskedText: (v: unknown) => string,
): unknown {
  if (Array.isArray(value)) {
    // Array elements share their array's path: `items.price` masks the price of every item.
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const m = maskValue(item, path, matches, maskedText);
      if (m !== item) {
        copy ??= [...value];
        copy[i] = m;
      }
    });
    return copy ?? value;
  }
  if (!isPlainDocument(value)) return value;
  let copy: Document | undefined;
  for (const [k, v] of Object.entries(value)) {
    const p = [...path, k];
    const m = matches(p) ? maskedText(v) : maskValue(v, p, matches, maskedText);
    if (m !== v) {
      copy ??= { ...value };
      copy[k] = m;
    }
  }
  return copy ?? value;
}

/** A pattern's segments, or a sentence saying why it cannot be used. */
function compilePattern(raw: unknown): Segment[] | string {
  if (typeof raw !== 'string') return `Masking: ${JSON.stringify(raw)} is not a text pattern; write e.g. "*.email".`;
  const text = raw.trim();
  if (text === '') return 'Masking: an empty pattern masks nothing; remove it.';
  const parts = text.split('.');
  if (parts.some((s) => s === '')) return `Masking: "${text}" has an empty path segment; write e.g. "payment.card".`;
  if (parts.every((s) => s === '**')) return `Masking: "${text}" would mask every field; name the fields to mask.`;
  return parts
    .filter((s) => !isIndex(s))
    .map((s): Segment => {
      if (s === '**') return { kind: 'deep' };
      if (s === '*') return { kind: 'any' };
      if (!s.includes('*')) return { kind: 'name', re: undefined, text: s };
      const re = new RegExp(`^${s.split('*').map(escapeRe).join('.*')}$`);
      return { kind: 'name', re, text: s };
    });
}

function matchPath(pattern: Segment[], pi: number, path: readonly string[], si: number): boolean {
  if (pi === pattern.length) return si === path.length;
  const seg = pattern[pi];
  if (seg.kind === 'deep') {
    for (let k = si; k <= path.length; k++) if (matchPath(pattern, pi + 1, path, k)) return true;
    return false;
  }
  if (si === path.length) return false;
  const name = path[si];
  const ok = seg.kind === 'any' || (seg.re ? seg.re.test(name) : seg.text === name);
  return ok && matchPath(pattern, pi + 1, path, si + 1);
}

function valueHash(key: Buffer, value: unknown): string {
  // Strings (most masked values) skip EJSON, which costs far more than the hash; the type prefix keeps
  // "1" and 1 apart.
  const text =
    typeof value === 'string'
      ? `s:${value}`
      : `e:${EJSONLib().stringify({ v: value as Document }, { relaxed: false })}`;
  return crypto().createHmac('sha256', key).update(text).digest('hex').slice(0, 6);
}

/** A document as the driver hands it: a plain object, not a BSON value (ObjectId, Binary, Date…). */
function isPlainDocument(v: unknown): v is Document {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  if ('_bsontype' in v) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

const isIndex = (s: string): boolean => /^\d+$/.test(s);
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether an event's canonical EJSON text holds a masked value. */
export function holdsMaskedValue(ejson: string): boolean {
  return ejson.includes(MASK_PREFIX);
}
