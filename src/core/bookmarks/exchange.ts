// Export and import of bookmarks as a JSON file a team can commit. Import keeps the good entries and
// says, for each bad one, its index and why; a file that is not ours (or too big) is refused whole.
import * as v from 'valibot';
import { redactConnectionString } from '../connections/connectionString';
import {
  BookmarkSchema,
  FileEnvelopeSchema,
  FILE_FORMAT,
  FILE_VERSION,
  LIMITS,
  firstIssue,
  type Bookmark,
} from './schema';

export interface BookmarkFile {
  format: typeof FILE_FORMAT;
  version: typeof FILE_VERSION;
  exportedAt: string;
  bookmarks: Bookmark[];
}

export type ImportErrorCode = 'TOO_LARGE' | 'NOT_JSON' | 'NOT_A_BOOKMARK_FILE' | 'UNSUPPORTED_VERSION' | 'TOO_MANY';

export interface ImportError {
  code: ImportErrorCode;
  message: string;
  action: string;
}

export interface RejectedEntry {
  index: number;
  reason: string;
}

export type ImportResult =
  | { ok: true; bookmarks: Bookmark[]; rejected: RejectedEntry[]; warnings: RejectedEntry[] }
  | { ok: false; error: ImportError };

const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** A MongoDB URI that carries a user (and so maybe a password) before the host. */
const URI_WITH_CREDENTIALS = /mongodb(?:\+srv)?:\/\/[^\s/@"']*@/i;
const ANY_URI = /mongodb(?:\+srv)?:\/\//i;

/** The file text for these bookmarks (notes and labels are scrubbed of credentials on the way out too). */
export function exportBookmarks(bookmarks: readonly Bookmark[], now: Date): string {
  const file: BookmarkFile = {
    format: FILE_FORMAT,
    version: FILE_VERSION,
    exportedAt: now.toISOString(),
    bookmarks: bookmarks.map((b) => scrubFreeText(b).bookmark),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function importBookmarks(text: string): ImportResult {
  if (Buffer.byteLength(text, 'utf8') > LIMITS.fileBytes) {
    return fail(
      'TOO_LARGE',
      `The file is larger than ${LIMITS.fileBytes / 1024 / 1024} MB, so it was not read.`,
      'Split it into smaller files, or check that it is a bookmarks file.',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return fail(
      'NOT_JSON',
      `The file is not valid JSON (${(err as Error).message}).`,
      'Open it in an editor and fix the syntax, or export the bookmarks again.',
    );
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    (parsed as { format?: unknown }).format !== FILE_FORMAT
  ) {
    return fail(
      'NOT_A_BOOKMARK_FILE',
      'This is not a Change Stream Inspector bookmarks file (its "format" field is missing or different).',
      'Choose a file made with "Export Bookmarks".',
    );
  }
  const version = (parsed as { version?: unknown }).version;
  if (version !== FILE_VERSION) {
    const newer = typeof version === 'number' && version > FILE_VERSION;
    return fail(
      'UNSUPPORTED_VERSION',
      `This bookmarks file has version ${JSON.stringify(version) ?? 'none'}; this extension reads version ${FILE_VERSION}.`,
      newer ? 'Update the extension to read it.' : 'Export the bookmarks again with this version of the extension.',
    );
  }
  const envelope = v.safeParse(FileEnvelopeSchema, parsed);
  if (!envelope.success) {
    return fail(
      'NOT_A_BOOKMARK_FILE',
      `The file's top level is not a bookmarks file (${firstIssue(envelope.issues)}).`,
      'It needs "format", "version" and a "bookmarks" list.',
    );
  }
  const entries = envelope.output.bookmarks;
  if (entries.length > LIMITS.bookmarksPerFile) {
    return fail(
      'TOO_MANY',
      `The file has ${entries.length} bookmarks; at most ${LIMITS.bookmarksPerFile} are read.`,
      'Split it into smaller files.',
    );
  }
  const bookmarks: Bookmark[] = [];
  const rejected: RejectedEntry[] = [];
  const warnings: RejectedEntry[] = [];
  const firstIndexOfId = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      return rejected.push({ index, reason: 'an entry must be an object' });
    }
    const hostile = findHostileKey(entry);
    if (hostile)
      return rejected.push({
        index,
        reason: hostile.startsWith('(')
          ? `contains ${hostile.slice(1, -1)}`
          : `contains the key "${hostile}", which is never valid here`,
      });
    const result = v.safeParse(BookmarkSchema, entry);
    if (!result.success) return rejected.push({ index, reason: firstIssue(result.issues) });
    const b = result.output;
    if (ANY_URI.test(b.connectionId)) {
      return rejected.push({
        index,
        reason: 'connectionId is a connection string; a bookmark names a connection by its id only',
      });
    }
    if (URI_WITH_CREDENTIALS.test(JSON.stringify([b.token, b.pipeline, b.scope, b.connectionName ?? '']))) {
      return rejected.push({ index, reason: 'contains a connection string with credentials' });
    }
    const first = firstIndexOfId.get(b.id);
    if (first !== undefined)
      return rejected.push({ index, reason: `duplicate id "${b.id}" (first at index ${first})` });
    firstIndexOfId.set(b.id, index);
    const scrubbed = scrubFreeText(b);
    if (scrubbed.changed)
      warnings.push({ index, reason: 'a connection string password in the label or note was replaced by ****' });
    bookmarks.push(scrubbed.bookmark);
  });
  return { ok: true, bookmarks, rejected, warnings };
}

function fail(code: ImportErrorCode, message: string, action: string): ImportResult {
  return { ok: false, error: { code, message, action } };
}

/** The first own key anywhere in the value that could reach a prototype if merged carelessly. */
export function findHostileKey(value: unknown, depth = 0): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > 64) return '(nesting deeper than 64 levels)'; // too deep to check is refused, not trusted
  for (const key of Object.keys(value)) {
    if (HOSTILE_KEYS.has(key)) return key;
    const found = findHostileKey((value as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Label and note are free text people paste into: hide passwords of connection strings found there. */
function scrubFreeText(b: Bookmark): { bookmark: Bookmark; changed: boolean } {
  const label = redactUris(b.label);
  const note = b.note === undefined ? undefined : redactUris(b.note);
  const changed = label !== b.label || note !== b.note;
  if (!changed) return { bookmark: b, changed };
  const out: Bookmark = { ...b, label };
  if (note !== undefined) out.note = note;
  return { bookmark: out, changed };
}

function redactUris(text: string): string {
  return text.replace(/mongodb(?:\+srv)?:\/\/\S+/gi, (uri) => {
    const redacted = redactConnectionString(uri);
    // Unparseable: drop the user part entirely rather than risk a secret (the library cannot tell).
    return redacted.startsWith('mongodb') ? redacted : uri.replace(/\/\/[^@/]*@/, '//****@');
  });
}
