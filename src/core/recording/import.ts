// Reads a recording fed in chunks (a file stream): NDJSON one event a line, or a JSON array of events,
// each optionally led by the header. A line (or array element) that cannot be read is reported with
// its line number and skipped; the rest still loads. Hand-written because no streaming JSON reader
// in package.json reports per-element line numbers and keeps going after a bad element.
import type { Document } from 'bson';
import { EJSONLib, readRecordingHeader, type RecordingHeader } from './format';

export interface RecordingProblem {
  line: number;
  message: string;
}

export interface RecordingParseResult {
  header: RecordingHeader | undefined;
  count: number;
  problems: RecordingProblem[];
}

/** Problems past this many are counted, not kept (a file of garbage must not fill memory). */
const MAX_PROBLEMS = 100;

export class RecordingReader {
  private header: RecordingHeader | undefined;
  private readonly problems: RecordingProblem[] = [];
  private problemCount = 0;
  private count = 0;
  private mode: 'unknown' | 'lines' | 'array' | 'done' = 'unknown';
  private line = 1;
  private sawFirst = false;
  // NDJSON state
  private partial = '';
  // array state
  private depth = 0;
  private inString = false;
  private escaped = false;
  private element = '';
  private elementLine = 0;

  constructor(private readonly onEvent: (change: Document, line: number) => void) {}

  /** The header, once the first item was read (and if it was one). */
  get currentHeader(): RecordingHeader | undefined {
    return this.header;
  }

  push(chunk: string): void {
    if (this.mode === 'unknown') {
      const trimmed = (this.partial + chunk).trimStart();
      if (trimmed === '') {
        this.partial += chunk;
        return;
      }
      this.mode = trimmed.startsWith('[') ? 'array' : 'lines';
      chunk = this.partial + chunk;
      this.partial = '';
    }
    if (this.mode === 'lines') this.pushLines(chunk);
    else if (this.mode === 'array') this.pushArray(chunk);
  }

  end(): RecordingParseResult {
    if (this.mode === 'lines' && this.partial !== '') {
      this.readItem(this.partial, this.line);
      this.partial = '';
    } else if (this.mode === 'array') {
      if (this.element.trim() !== '') this.readItem(this.element, this.elementLine);
      this.problem(this.line, 'The JSON array is not closed with "]": the file may have been cut short.');
    }
    if (this.problemCount > this.problems.length) {
      this.problems.push({
        line: this.line,
        message: `${this.problemCount - this.problems.length} more lines could not be read.`,
      });
    }
    return { header: this.header, count: this.count, problems: this.problems };
  }

  private pushLines(chunk: string): void {
    const text = this.partial + chunk;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.readItem(text.slice(start, nl), this.line);
      this.line++;
      start = nl + 1;
    }
    this.partial = text.slice(start);
  }

  private pushArray(chunk: string): void {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === '\n') this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (c === '"') this.inString = true;
      else if (c === '[' || c === '{') {
        this.depth++;
        if (this.depth === 1) {
          from = i + 1; // the array's own bracket
          continue;
        }
      } else if (c === ']' || c === '}') {
        this.depth--;
        if (this.depth === 0) {
          this.element += chunk.slice(from, i);
          if (this.element.trim() !== '') this.readItem(this.element, this.elementLine);
          this.element = '';
          this.mode = 'done';
          return;
        }
      } else if (c === ',' && this.depth === 1) {
        this.element += chunk.slice(from, i);
        this.readItem(this.element, this.elementLine);
        this.element = '';
        from = i + 1;
        continue;
      }
      if (this.depth >= 1 && this.elementLine === 0 && !/\s/.test(c)) {
        this.elementLine = this.line;
      }
    }
    if (this.depth >= 1) this.element += chunk.slice(from);
  }

  private readItem(text: string, line: number): void {
    this.elementLine = 0;
    const t = text.trim();
    if (t === '') return;
    const first = !this.sawFirst;
    this.sawFirst = true;
    if (first && t.includes('"format"')) {
      const header = readRecordingHeader(safeJson(t));
      if (header) {
        this.header = header;
        return;
      }
    }
    let value: unknown;
    try {
      // EJSON.parse revives types while parsing: ~10x faster than JSON.parse then EJSON.deserialize.
      const EJSON = EJSONLib();
      value = EJSON.parse(t, { relaxed: false });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      if (safeJson(t) === undefined) this.problem(line, `not valid JSON (${why}).`);
      else this.problem(line, `holds a value that is not valid EJSON (${why}).`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problem(line, 'not a change event (expected an object).');
      return;
    }
    if (typeof (value as { operationType?: unknown }).operationType !== 'string') {
      this.problem(line, 'not a change event (it has no operationType).');
      return;
    }
    this.count++;
    this.onEvent(value as Document, line);
  }

  private problem(line: number, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ line, message: `Line ${line}: ${message}` });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads a whole recording held in memory (tests, small files). */
export function parseRecording(text: string): RecordingParseResult & { events: Document[] } {
  const events: Document[] = [];
  const reader = new RecordingReader((e) => events.push(e));
  reader.push(text);
  return { ...reader.end(), events };
}
