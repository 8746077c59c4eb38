// The client-side quick filter over buffered events (never sent to the server): operation types,
// free text over key / namespace / document, and `field.path = value` (or > / <) clauses.
// Hand-written because it must run over the raw EJSON strings of 100,000 events in ~100 ms: a
// substring pre-check on the stored text lets most events skip JSON.parse entirely.

export interface QuickFilterEvent {
  seq: number;
  summary: { op: string; ns: string; key: string };
  /** Compact canonical EJSON of the whole event. */
  ejson: string;
}

export interface FieldClause {
  path: string[];
  cmp: '=' | '>' | '<';
  value: string | number | boolean | null;
}

export interface QuickFilterQuery {
  ops: Set<string> | undefined;
  terms: string[];
  /** One case-insensitive literal regex per term: V8 scans 1 KB strings faster than lowercasing them. */
  termRes: RegExp[];
  fields: FieldClause[];
}

export type QuickFilterParse =
  { ok: true; query: QuickFilterQuery } | { ok: false; code: 'quickFilter.badClause'; message: string; action: string };

const CLAUSE = /([A-Za-z_$][\w$.-]*)\s*(=|>|<)\s*("(?:[^"\\]|\\.)*"|\S+)/g;

/** Parses the quick-filter box; `ops` (from the op chips) limits operation types when non-empty. */
export function parseQuickFilter(text: string, ops?: readonly string[]): QuickFilterParse {
  const fields: FieldClause[] = [];
  let bad: string | undefined;
  const rest = text.replace(CLAUSE, (_all, path: string, cmp: '=' | '>' | '<', raw: string) => {
    const value = literal(raw);
    if ((cmp === '>' || cmp === '<') && typeof value !== 'number' && typeof value !== 'string')
      bad = `${path} ${cmp} ${raw}`;
    if (path.split('.').some((p) => p === '')) bad = path;
    fields.push({ path: path.split('.'), cmp, value });
    return ' ';
  });
  if (bad !== undefined) {
    return {
      ok: false,
      code: 'quickFilter.badClause',
      message: `The quick-filter clause "${bad}" cannot be used.`,
      action: 'Write field.path = value, or > / < with a number or text.',
    };
  }
  const terms = rest
    .split(/\s+/)
    .filter((t) => t !== '')
    .map((t) => t.toLowerCase());
  const termRes = terms.map((t) => new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));
  return { ok: true, query: { ops: ops && ops.length > 0 ? new Set(ops) : undefined, terms, termRes, fields } };
}

function literal(raw: string): string | number | boolean | null {
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  const n = Number(raw);
  return raw !== '' && Number.isFinite(n) ? n : raw;
}

/** Canonical EJSON scalars to plain values so `qty > 5` compares numbers. */
function plain(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const k = Object.keys(o);
    if (k.length === 1) {
      const w = o[k[0]];
      if (k[0] === '$numberInt' || k[0] === '$numberLong' || k[0] === '$numberDouble' || k[0] === '$numberDecimal')
        return Number(w);
      if (k[0] === '$oid' || k[0] === '$symbol') return w;
      if (k[0] === '$date') return typeof w === 'string' ? w : plain(w);
    }
  }
  return v;
}

function lookup(doc: unknown, path: string[]): unknown[] {
  let cur: unknown[] = [doc];
  for (const p of path) {
    const next: unknown[] = [];
    for (const c of cur) {
      if (Array.isArray(c)) for (const e of c) collect(e, p, next);
      else collect(c, p, next);
    }
    cur = next;
  }
  return cur.flatMap((c) => (Array.isArray(c) ? [c, ...c] : [c])).map(plain);
}
function collect(c: unknown, p: string, out: unknown[]): void {
  if (c !== null && typeof c === 'object' && Object.prototype.hasOwnProperty.call(c, p))
    out.push((c as Record<string, unknown>)[p]);
}

function compare(actual: unknown, clause: FieldClause): boolean {
  const want = clause.value;
  if (clause.cmp === '=')
    return actual === want || (typeof want === 'string' && String(actual) === want && typeof actual !== 'object');
  if (typeof actual !== typeof want || (typeof actual !== 'number' && typeof actual !== 'string')) return false;
  return clause.cmp === '>' ? (actual as number) > (want as number) : (actual as number) < (want as number);
}

function needle(v: string | number | boolean): string {
  return typeof v === 'string' ? JSON.stringify(v).slice(0, -1) : String(v);
}

/** Whether one event passes the query. */
export function matchesQuickFilter(e: QuickFilterEvent, q: QuickFilterQuery): boolean {
  if (q.ops && !q.ops.has(e.summary.op)) return false;
  for (const re of q.termRes) if (!re.test(e.summary.key) && !re.test(e.summary.ns) && !re.test(e.ejson)) return false;
  if (q.fields.length === 0) return true;
  // Pre-check: every clause's last path segment must appear in the text before we parse it.
  // For `=`, the value's own text must appear too (strings as JSON strings, numbers as digits).
  for (const f of q.fields) {
    if (!e.ejson.includes(`"${f.path[f.path.length - 1]}"`)) return false;
    if (f.cmp === '=' && f.value !== null && !e.ejson.includes(needle(f.value))) return false;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(e.ejson);
  } catch {
    return false;
  }
  return q.fields.every((f) => lookup(doc, f.path).some((a) => compare(a, f)));
}

/** One page of matching seqs, oldest first, from `fromSeq` on; `next` is where the next page starts. */
export function filterPage(
  events: Iterable<QuickFilterEvent>,
  q: QuickFilterQuery,
  opts: { fromSeq?: number; limit: number },
): { seqs: number[]; scanned: number; next?: number } {
  const seqs: number[] = [];
  let scanned = 0;
  for (const e of events) {
    if (opts.fromSeq !== undefined && e.seq < opts.fromSeq) continue;
    if (seqs.length >= opts.limit) return { seqs, scanned, next: e.seq };
    scanned++;
    if (matchesQuickFilter(e, q)) seqs.push(e.seq);
  }
  return { seqs, scanned };
}
