// Renders BSON values as source literals for Node.js (driver), mongosh and Python (PyMongo/Motor),
// keeping every BSON type. Written by hand, one renderer per language: MongoDB's bson-transpilers is
// not installed here (and is large); these few types are all a pipeline or resume token holds.
import { type Binary, type BSONRegExp, type Decimal128, type Long, type ObjectId, type Timestamp } from 'bson';
import { isPlainDocument } from '../ejsonWrappers';

export type LiteralLanguage = 'node' | 'mongosh' | 'python';

export class CodegenError extends Error {
  readonly code = 'CODEGEN_UNSUPPORTED';
  constructor(
    message: string,
    readonly action: string,
  ) {
    super(message);
  }
}

/** The source text of a value, plus what it needs imported (names for JS, import lines for Python). */
export interface Literal {
  code: string;
  imports: Set<string>;
}

const indentOf = (lang: LiteralLanguage): string => (lang === 'python' ? '    ' : '  ');
const INLINE_MAX = 72;

export function renderLiteral(value: unknown, lang: LiteralLanguage, indent = ''): Literal {
  const imports = new Set<string>();
  const code = render(value, lang, indent, imports);
  return { code, imports };
}

function render(v: unknown, lang: LiteralLanguage, indent: string, imports: Set<string>): string {
  if (Array.isArray(v)) {
    const items = v.map((x) => render(x, lang, indent + indentOf(lang), imports));
    return wrap('[', ']', items, indent, lang);
  }
  if (isPlainDocument(v)) {
    const items = Object.keys(v).map((k) => `${key(k, lang)}: ${render(v[k], lang, indent + indentOf(lang), imports)}`);
    return wrap('{', '}', items, indent, lang);
  }
  return lang === 'python' ? python(v, imports) : js(v, lang, imports);
}

function wrap(open: string, close: string, items: string[], indent: string, lang: LiteralLanguage): string {
  if (items.length === 0) return `${open}${close}`;
  const inline = `${open}${items.join(', ')}${close}`;
  if (inline.length + indent.length <= INLINE_MAX && !inline.includes('\n')) {
    return open === '{' && lang !== 'python' ? `{ ${items.join(', ')} }` : inline;
  }
  const step = indentOf(lang);
  return `${open}\n${items.map((i) => `${indent}${step}${i}`).join(',\n')}\n${indent}${close}`;
}

function key(k: string, lang: LiteralLanguage): string {
  if (lang !== 'python' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)) return k;
  return lang === 'python' ? pyString(k) : jsString(k);
}

/** A single-quoted JS string literal; escapes quotes, backslashes, control and line-separator characters. */
export function jsString(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff)) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}'`;
}

/** JSON's escaping is valid Python string syntax. */
export function pyString(s: string): string {
  return JSON.stringify(s);
}

type Tagged = { _bsontype: string };
const bsonType = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && '_bsontype' in v ? (v as Tagged)._bsontype : undefined;

const binaryBase64 = (b: Binary): string => Buffer.from(b.buffer.subarray(0, b.position)).toString('base64');
const isInt32 = (n: number): boolean => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 && !Object.is(n, -0);

function jsNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

function js(v: unknown, lang: 'node' | 'mongosh', imports: Set<string>): string {
  const node = lang === 'node';
  const use = (name: string): string => {
    if (node) imports.add(name);
    return node ? `new ${name}` : name;
  };
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsString(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return jsNumber(v);
  if (typeof v === 'bigint') return node ? (imports.add('Long'), `Long.fromString('${v}')`) : `NumberLong('${v}')`;
  if (v instanceof Date) return node ? `new Date('${v.toISOString()}')` : `ISODate('${v.toISOString()}')`;
  if (v instanceof RegExp) return `/${v.source}/${v.flags}`;
  switch (bsonType(v)) {
    case 'ObjectId':
      return `${use('ObjectId')}('${(v as ObjectId).toHexString()}')`;
    case 'Decimal128':
      return node
        ? (imports.add('Decimal128'), `Decimal128.fromString('${(v as Decimal128).toString()}')`)
        : `NumberDecimal('${(v as Decimal128).toString()}')`;
    case 'Long':
      return node
        ? (imports.add('Long'), `Long.fromString('${(v as Long).toString()}')`)
        : `NumberLong('${(v as Long).toString()}')`;
    case 'Int32':
      return String((v as { value: number }).value);
    case 'Double': {
      const d = (v as { value: number }).value;
      // A plain integral number would be sent as an int32: keep the double.
      return Number.isInteger(d) && !Object.is(d, -0) ? `${use('Double')}(${d})` : jsNumber(d);
    }
    case 'Timestamp': {
      const t = v as Timestamp;
      return `${use('Timestamp')}({ t: ${t.t}, i: ${t.i} })`;
    }
    case 'Binary': {
      const b = v as Binary;
      if (node)
        return (imports.add('Binary'), `new Binary(Buffer.from('${binaryBase64(b)}', 'base64'), ${b.sub_type})`);
      return `BinData(${b.sub_type}, '${binaryBase64(b)}')`;
    }
    case 'BSONRegExp': {
      const r = v as BSONRegExp;
      return `${use('BSONRegExp')}(${jsString(r.pattern)}, ${jsString(r.options)})`;
    }
    case 'MinKey':
    case 'MaxKey':
      return `${use(bsonType(v) as string)}()`;
    case 'Code':
      return `${use('Code')}(${jsString(String((v as { code: unknown }).code))})`;
    case 'BSONSymbol':
      return jsString(String((v as { value: unknown }).value));
  }
  throw unsupported(v);
}

function python(v: unknown, imports: Set<string>): string {
  const from = (mod: string, name: string): string => {
    imports.add(`from ${mod} import ${name}`);
    return name;
  };
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return pyString(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumber(v, isInt32(v));
  if (typeof v === 'bigint') return `${from('bson.int64', 'Int64')}(${v})`;
  if (v instanceof Date) return pyDate(v, imports);
  if (v instanceof RegExp) {
    const flags = [...v.flags].filter((f) => 'imsu'.includes(f)).join('');
    return `${from('bson.regex', 'Regex')}(${pyString(v.source)}, ${pyString(flags)})`;
  }
  switch (bsonType(v)) {
    case 'ObjectId':
      return `${from('bson.objectid', 'ObjectId')}("${(v as ObjectId).toHexString()}")`;
    case 'Decimal128':
      return `${from('bson.decimal128', 'Decimal128')}("${(v as Decimal128).toString()}")`;
    case 'Long':
      return `${from('bson.int64', 'Int64')}(${(v as Long).toString()})`;
    case 'Int32':
      return String((v as { value: number }).value);
    case 'Double':
      return pyNumber((v as { value: number }).value, false);
    case 'Timestamp': {
      const t = v as Timestamp;
      return `${from('bson.timestamp', 'Timestamp')}(${t.t}, ${t.i})`;
    }
    case 'Binary': {
      const b = v as Binary;
      imports.add('import base64');
      return `${from('bson.binary', 'Binary')}(base64.b64decode("${binaryBase64(b)}"), ${b.sub_type})`;
    }
    case 'BSONRegExp': {
      const r = v as BSONRegExp;
      return `${from('bson.regex', 'Regex')}(${pyString(r.pattern)}, ${pyString(r.options)})`;
    }
    case 'MinKey':
      return `${from('bson.min_key', 'MinKey')}()`;
    case 'MaxKey':
      return `${from('bson.max_key', 'MaxKey')}()`;
    case 'Code':
      return `${from('bson.code', 'Code')}(${pyString(String((v as { code: unknown }).code))})`;
    case 'BSONSymbol':
      return pyString(String((v as { value: unknown }).value));
  }
  throw unsupported(v);
}

/** int32-range integers stay Python ints (int32); other numbers are doubles in BSON, so floats here. */
function pyNumber(n: number, asInt: boolean): string {
  if (Number.isNaN(n)) return 'float("nan")';
  if (n === Infinity) return 'float("inf")';
  if (n === -Infinity) return 'float("-inf")';
  if (asInt) return String(n);
  if (Object.is(n, -0)) return '-0.0';
  const s = String(n);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function pyDate(d: Date, imports: Set<string>): string {
  const y = d.getUTCFullYear();
  if (y < 1 || y > 9999) {
    throw new CodegenError(
      `The date ${d.toISOString()} is outside the years 1 to 9999, which Python's datetime cannot hold.`,
      'Use a date between the years 1 and 9999, or copy the watch as Node.js or mongosh code.',
    );
  }
  imports.add('import datetime');
  const parts = [y, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  const us = d.getUTCMilliseconds() * 1000;
  return `datetime.datetime(${[...parts, us].join(', ')}, tzinfo=datetime.timezone.utc)`;
}

function unsupported(v: unknown): CodegenError {
  const what = bsonType(v) ?? typeof v;
  return new CodegenError(
    `A ${what} value cannot be written as code yet.`,
    'Replace it in the pipeline with a value of a common BSON type (string, number, date, ObjectId, ...).',
  );
}
