// A tolerant tokenizer of shell-syntax text, used ONLY to find positions (stages, keys, values):
// written by hand because @mongodb-js/shell-bson-parser returns values without its AST or offsets.
// It never decides what the text means; the parser does. It never throws.

export type TokenKind = 'punct' | 'string' | 'number' | 'ident' | 'regex' | 'template' | 'other';

export interface Token {
  kind: TokenKind;
  /** Raw text for punct/ident/number; the decoded value for strings. */
  text: string;
  start: number;
  end: number;
}

export interface Tokens {
  tokens: Token[];
  /** Offset where a string, template or comment opens and never closes. */
  unterminatedAt?: number;
}

const PUNCT = new Set(['[', ']', '{', '}', '(', ')', ',', ':', '.', ';']);
const isIdentStart = (c: string): boolean => /[A-Za-z_$\u0080-\uffff]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);

/** After these tokens a `/` starts a regular expression, elsewhere it divides. */
function regexMayFollow(prev: Token | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === 'punct') return prev.text !== ')' && prev.text !== ']' && prev.text !== '}';
  return prev.kind === 'other';
}

export function tokenize(text: string): Tokens {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, t = text.slice(start, end)): void => {
    tokens.push({ kind, text: t, start, end });
  };
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return { tokens, unterminatedAt: i };
      i = close + 2;
    } else if (c === '"' || c === "'") {
      const s = readString(text, i);
      if (s.end < 0) return { tokens, unterminatedAt: i };
      push('string', i, s.end, s.value);
      i = s.end;
    } else if (c === '`') {
      let j = i + 1;
      while (j < n && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
      if (j >= n) return { tokens, unterminatedAt: i };
      push('template', i, j + 1);
      i = j + 1;
    } else if (c === '/' && regexMayFollow(tokens[tokens.length - 1])) {
      let j = i + 1;
      let inClass = false;
      while (j < n && text[j] !== '\n' && (inClass || text[j] !== '/')) {
        if (text[j] === '\\') j++;
        else if (text[j] === '[') inClass = true;
        else if (text[j] === ']') inClass = false;
        j++;
      }
      if (j >= n || text[j] === '\n') return { tokens, unterminatedAt: i };
      j++;
      while (j < n && isIdentPart(text[j])) j++;
      push('regex', i, j);
      i = j;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(text[j])) {
        if ((text[j] === 'e' || text[j] === 'E') && (text[j + 1] === '+' || text[j + 1] === '-')) j++;
        j++;
      }
      push('number', i, j);
      i = j;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text[j])) j++;
      push('ident', i, j);
      i = j;
    } else if (PUNCT.has(c)) {
      push('punct', i, i + 1);
      i++;
    } else {
      push('other', i, i + 1);
      i++;
    }
  }
  return { tokens };
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Reads a quoted string from `start`; end = -1 when it never closes on its line. */
function readString(text: string, start: number): { end: number; value: string } {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === quote) return { end: i + 1, value };
    if (c === '\n') return { end: -1, value };
    if (c === '\\') {
      const e = text[i + 1] ?? '';
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
        i += 4;
      } else if (e === '\r' || e === '\n') {
        i += e === '\r' && text[i + 2] === '\n' ? 3 : 2; // line continuation
      } else {
        value += ESCAPES[e] ?? e;
        i += 2;
      }
      continue;
    }
    value += c;
    i++;
  }
  return { end: -1, value };
}

/** The first token that opens a bracket deeper than `max` levels, if any. */
export function tooDeepAt(tokens: readonly Token[], max: number): Token | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.kind !== 'punct') continue;
    if (t.text === '[' || t.text === '{' || t.text === '(') {
      depth++;
      if (depth > max) return t;
    } else if (t.text === ']' || t.text === '}' || t.text === ')') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
