// What is wrong with a pipeline text, as a value: a stable code, a sentence, what to do next, and where
// (offsets for an editor's squiggle plus the 1-based line/column people read).

export type DiagnosticCode =
  | 'TEXT_TOO_LARGE'
  | 'TOO_DEEP'
  | 'SYNTAX'
  | 'INVALID_VALUE'
  | 'UNSUPPORTED_EXPRESSION'
  | 'FORBIDDEN_KEY'
  | 'DUPLICATE_KEY'
  | 'NOT_AN_ARRAY'
  | 'TOO_MANY_STAGES'
  | 'STAGE_NOT_DOCUMENT'
  | 'STAGE_EMPTY'
  | 'STAGE_MANY_KEYS'
  | 'STAGE_NOT_ALLOWED'
  | 'SPLIT_NOT_LAST'
  | 'ID_REMOVED'
  | 'ID_MODIFIED'
  | 'ID_NOT_KEPT'
  | 'ID_MAYBE_NOT_KEPT';

export interface PipelineDiagnostic {
  code: DiagnosticCode;
  /** 'error' blocks apply; 'warning' is shown but the pipeline may still be applied. */
  severity: 'error' | 'warning';
  message: string;
  action: string;
  /** 0-based offsets into the text: the span to underline. */
  from: number;
  to: number;
  /** 1-based line and column of `from`, counted in UTF-16 code units as editors do. */
  line: number;
  column: number;
}

/** 1-based line/column of an offset; \r\n and \n both end a line. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** Offset of a 1-based line and 0-based column (acorn's convention), clamped to the text. */
export function offsetOf(text: string, line: number, column0: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column0));
}

export function diagnostic(
  text: string,
  code: DiagnosticCode,
  span: { from: number; to: number },
  message: string,
  action: string,
  severity: 'error' | 'warning' = 'error',
): PipelineDiagnostic {
  const from = Math.max(0, Math.min(span.from, text.length));
  const to = Math.max(from, Math.min(span.to, text.length));
  return { code, severity, message, action, from, to, ...lineColumn(text, from) };
}
