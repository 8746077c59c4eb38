// Parses pipeline text (MongoDB shell syntax or Extended JSON) into BSON values with MongoDB's own
// shell-syntax parser, which checks the tree and never evals. Errors come back as positioned values.
import { parse as shellParse } from '@mongodb-js/shell-bson-parser';
import { diagnostic, offsetOf, type PipelineDiagnostic } from './diagnostic';
import { isPlainDocument, liftWrappers, WrapperError } from './ejsonWrappers';
import { buildOutline, entries, nodeAt, type OutlineNode } from './outline';
import { tokenize, tooDeepAt, type Token } from './tokens';

export interface ParseLimits {
  /** Longest text accepted, in UTF-16 code units. */
  maxChars: number;
  /** Deepest bracket nesting accepted: MongoDB itself allows 100 levels of nested documents. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxChars: 256 * 1024, maxDepth: 100 };

export type ParseResult =
  { ok: true; value: unknown; outline: OutlineNode | undefined } | { ok: false; error: PipelineDiagnostic };

// Comments allowed; methods only on the parser's own allow-list (Math, Date, ISODate): nothing runs.
const PARSER_OPTIONS = { mode: 'loose' as const };

/** Parses any shell-syntax value; the caller (validate.ts) decides whether it is a pipeline. */
export function parseShellText(text: string, limits: Partial<ParseLimits> = {}): ParseResult {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  if (text.length > lim.maxChars) {
    return fail(
      diagnostic(
        text,
        'TEXT_TOO_LARGE',
        { from: lim.maxChars, to: text.length },
        `The pipeline text is ${text.length.toLocaleString('en-US')} characters long; at most ${lim.maxChars.toLocaleString('en-US')} are accepted.`,
        'Shorten the pipeline: a change-stream filter is usually a few stages; move large literal lists into fewer, broader conditions.',
      ),
    );
  }
  const { tokens, unterminatedAt } = tokenize(text);
  const deep = tooDeepAt(tokens, lim.maxDepth);
  if (deep) {
    return fail(
      diagnostic(
        text,
        'TOO_DEEP',
        { from: deep.start, to: deep.end },
        `The pipeline nests brackets more than ${lim.maxDepth} levels deep here.`,
        `Flatten it: MongoDB accepts at most ${lim.maxDepth} levels of nested documents and arrays.`,
      ),
    );
  }
  if (tokens.length === 0 && unterminatedAt === undefined) return { ok: true, value: [], outline: undefined };

  let value: unknown;
  try {
    value = shellParse(text, PARSER_OPTIONS);
  } catch (err) {
    const syntax = syntaxError(text, err);
    if (syntax) return fail(syntax);
    return fail(locateFailure(text, buildOutline(tokens), err));
  }
  const outline = buildOutline(tokens);
  // The parser answers '' (no error) when its safety check refuses a node; a real '' literal is one string token.
  if (value === '' && !(tokens.length === 1 && tokens[0].kind === 'string')) {
    return fail(locateFailure(text, outline, undefined));
  }
  // The parser turns functions into their source text; in a pipeline that is code, not data.
  const fn = tokens.find((t, k) => (t.kind === 'ident' && t.text === 'function') || isArrow(tokens, k));
  if (fn) {
    return fail(
      diagnostic(
        text,
        'UNSUPPORTED_EXPRESSION',
        { from: fn.start, to: fn.end + (fn.text === '=' ? 1 : 0) },
        'A function cannot be part of a change-stream pipeline: it is never run, and $where and $function are not accepted there.',
        'Express the condition with query or aggregation operators, for example $expr with $gt.',
      ),
    );
  }
  const forbidden = forbiddenKey(text, outline);
  if (forbidden) return fail(forbidden);
  try {
    value = liftWrappers(value);
  } catch (err) {
    if (!(err instanceof WrapperError)) throw err;
    const node = nodeAt(outline, err.path) ?? { from: 0, to: text.length };
    return fail(
      diagnostic(
        text,
        'INVALID_VALUE',
        node,
        `This Extended JSON value is not valid: ${err.message}.`,
        'Fix the wrapper (for example {"$oid": "<24 hex digits>"} or {"$date": "2024-01-15T10:00:00Z"}), or write it in shell syntax: ObjectId("..."), ISODate("...").',
      ),
    );
  }
  const badDate = invalidDatePath(value, []);
  if (badDate) {
    return fail(
      diagnostic(
        text,
        'INVALID_VALUE',
        nodeAt(outline, badDate) ?? { from: 0, to: text.length },
        'This date is not a valid date (it reads as "Invalid Date").',
        'Write it as ISODate("2024-01-15T10:00:00Z") or new Date(<milliseconds since 1970>).',
      ),
    );
  }
  return { ok: true, value, outline };
}

function invalidDatePath(v: unknown, path: (string | number)[]): (string | number)[] | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? path : undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = invalidDatePath(v[i], [...path, i]);
      if (p) return p;
    }
  } else if (isPlainDocument(v)) {
    for (const k of Object.keys(v)) {
      const p = invalidDatePath(v[k], [...path, k]);
      if (p) return p;
    }
  }
  return undefined;
}

const isArrow = (tokens: readonly Token[], k: number): boolean =>
  tokens[k].text === '=' && tokens[k + 1]?.text === '>' && tokens[k + 1].start === tokens[k].end;

const fail = (error: PipelineDiagnostic): ParseResult => ({ ok: false, error });

interface AcornError {
  name?: string;
  message?: string;
  pos?: number;
  loc?: { line: number; column: number };
}

/** Maps acorn's SyntaxError (raised on the text the parser wraps as "(\n" + text + "\n)") back to ours. */
function syntaxError(text: string, err: unknown): PipelineDiagnostic | undefined {
  const e = err as AcornError;
  if (typeof err !== 'object' || err === null || e.name !== 'SyntaxError' || !e.loc) return undefined;
  // acorn appends " (line:col) in <the whole source>": keep only the sentence.
  const what = String(e.message ?? 'Syntax error').replace(/\s*\(\d+:\d+\)[\s\S]*$/, '');
  const from = e.loc.line <= 1 ? 0 : offsetOf(text, e.loc.line - 1, e.loc.column);
  const atEnd = from >= text.length;
  return diagnostic(
    text,
    'SYNTAX',
    { from: atEnd ? Math.max(0, text.length - 1) : from, to: atEnd ? text.length : from + 1 },
    atEnd ? `${what}: the text ends before the pipeline is complete.` : `${what}.`,
    syntaxAction(what, atEnd),
  );
}

function syntaxAction(what: string, atEnd: boolean): string {
  if (/Unterminated string/i.test(what)) return 'Close the string with the same quote it opens with.';
  if (/Unterminated comment/i.test(what)) return 'Close the comment with */.';
  if (/Unterminated template/i.test(what)) return 'Use single or double quotes for strings.';
  if (/Unterminated regular expression/i.test(what)) return 'Close the regular expression with /.';
  if (atEnd) return 'Add the missing closing bracket or brace: every [ needs a ] and every { a }.';
  return 'Look for a missing comma, colon, quote or bracket just before this point.';
}

/**
 * Finds the node the parser refused or could not evaluate, by parsing sub-spans with the same parser:
 * descend into the first child that fails on its own; the deepest such node is the culprit.
 */
function locateFailure(text: string, outline: OutlineNode | undefined, err: unknown): PipelineDiagnostic {
  let node = outline;
  let reason = err instanceof Error ? err.message : undefined;
  for (;;) {
    if (!node || node.kind === 'value') break;
    const children = node.kind === 'array' ? node.items : node.entries.map((e) => e.value);
    let next: OutlineNode | undefined;
    for (const child of children) {
      if (!child) continue;
      const r = tryParse(text.slice(child.from, child.to));
      if (!r.ok) {
        next = child;
        reason = r.reason ?? reason;
        break;
      }
    }
    if (node.kind === 'array' && !next && node.holes.length) {
      return diagnostic(
        text,
        'UNSUPPORTED_EXPRESSION',
        node.holes[0],
        'This comma leaves an empty element in the array.',
        'Remove the extra comma, or put a value between the commas.',
      );
    }
    if (node.kind === 'object' && !next) {
      const bad = node.entries.find((e) => e.computed || (e.value === undefined && e.key !== ''));
      if (bad) return refused(text, bad.keySpan, undefined, true);
    }
    if (!next) break;
    node = next;
  }
  const span = node ?? { from: 0, to: text.length };
  return refused(text, span, reason, false);
}

function tryParse(snippet: string): { ok: boolean; reason?: string } {
  try {
    const v = shellParse(snippet, PARSER_OPTIONS);
    const t = tokenize(snippet).tokens;
    return { ok: !(v === '' && !(t.length === 1 && t[0].kind === 'string')) };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

function refused(
  text: string,
  span: { from: number; to: number },
  reason: string | undefined,
  keyShape: boolean,
): PipelineDiagnostic {
  const shown = text.slice(span.from, Math.min(span.to, span.from + 60));
  if (keyShape) {
    return diagnostic(
      text,
      'UNSUPPORTED_EXPRESSION',
      span,
      `The key ${shown} is not a plain key: computed keys, shorthand properties and methods are not accepted.`,
      'Write the key as a name or a quoted string followed by a colon and a value, like status: "paid".',
    );
  }
  if (reason) {
    return diagnostic(
      text,
      'INVALID_VALUE',
      span,
      `${shown} is not a valid value: ${reason.replace(/\.$/, '')}.`,
      'Fix the value: for example ObjectId takes 24 hex digits, ISODate an ISO-8601 date, NumberDecimal a decimal string.',
    );
  }
  return diagnostic(
    text,
    'UNSUPPORTED_EXPRESSION',
    span,
    `${shown} cannot be used here: a pipeline holds literals, arrays, documents and BSON constructors (ObjectId, ISODate, NumberDecimal, NumberLong, Timestamp, ...), and is never run as code.`,
    'Replace it with a literal value; quote field paths like "$fullDocument.total" and names like "insert".',
  );
}

/** `__proto__` as a key would turn into a prototype in JavaScript tools downstream: refuse it by position. */
function forbiddenKey(text: string, outline: OutlineNode | undefined): PipelineDiagnostic | undefined {
  for (const { entry } of entries(outline)) {
    if (entry.key === '__proto__') {
      return diagnostic(
        text,
        'FORBIDDEN_KEY',
        entry.keySpan,
        'The key __proto__ is not accepted: JavaScript tools read it as an object prototype, not a field.',
        'Rename the field; if documents really have a field named __proto__, match it with $getField inside $expr.',
      );
    }
  }
  return undefined;
}
