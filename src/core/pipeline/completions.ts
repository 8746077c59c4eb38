// Completion and hover data for the pipeline editor, from MongoDB's own metadata
// (@mongodb-js/mongodb-constants, as Compass uses): stages a change stream accepts, query and
// expression operators, system variables; each filtered by the server version being watched.
import { getFilteredCompletions, type Completion } from '@mongodb-js/mongodb-constants';
import { CHANGE_STREAM_STAGES } from './validate';

export interface PipelineCompletion {
  label: string;
  kind: 'stage' | 'query' | 'expression' | 'accumulator' | 'variable' | 'bson' | 'field';
  /** The metadata's own category, e.g. 'expr:arith'. */
  detail: string;
  description?: string;
  /** Snippet in the metadata's ${1:placeholder} syntax, when it has one. */
  snippet?: string;
  /** Oldest server version that has it. */
  since: string;
}

export interface CompletionFilter {
  /** e.g. '7.0.2'; unknown = everything. */
  serverVersion?: string;
}

function toCompletion(c: Completion, kind: PipelineCompletion['kind']): PipelineCompletion {
  const out: PipelineCompletion = { label: c.value, kind, detail: c.meta, since: c.version };
  if (c.description) out.description = c.description;
  if (c.snippet) out.snippet = c.snippet;
  return out;
}

const ALLOWED = new Set<string>(CHANGE_STREAM_STAGES);

/** Stage names a change stream accepts on that server, in the pipeline's usual order of use. */
export function stageCompletions(filter: CompletionFilter = {}): PipelineCompletion[] {
  const found = getFilteredCompletions({ serverVersion: filter.serverVersion, meta: ['stage'] }).filter((c) =>
    ALLOWED.has(c.value),
  );
  const order = (v: string): number => CHANGE_STREAM_STAGES.indexOf(v as (typeof CHANGE_STREAM_STAGES)[number]);
  const unique = new Map(found.map((c) => [c.value, c]));
  return [...unique.values()].sort((a, b) => order(a.value) - order(b.value)).map((c) => toCompletion(c, 'stage'));
}

/** Query operators ($eq, $in, $exists, ...) for $match documents. */
export function queryOperatorCompletions(filter: CompletionFilter = {}): PipelineCompletion[] {
  return getFilteredCompletions({ serverVersion: filter.serverVersion, meta: ['query'] }).map((c) =>
    toCompletion(c, 'query'),
  );
}

/** Aggregation expression operators, accumulators usable in $project, and system variables ($$ROOT ...). */
export function expressionCompletions(filter: CompletionFilter = {}): PipelineCompletion[] {
  return getFilteredCompletions({
    serverVersion: filter.serverVersion,
    meta: ['expr:*', 'conv', 'variable:system', 'accumulator'],
  }).map((c) =>
    toCompletion(
      c,
      c.meta.startsWith('variable') ? 'variable' : c.meta === 'accumulator' ? 'accumulator' : 'expression',
    ),
  );
}

/** Hover text for an operator or stage name at the cursor, or undefined when it is not one. */
export function hoverFor(word: string, filter: CompletionFilter = {}): PipelineCompletion | undefined {
  const known = getFilteredCompletions().find((c) => c.value === word && c.meta !== 'bson');
  if (!known) return undefined;
  const kind = known.meta === 'stage' ? 'stage' : known.meta === 'query' ? 'query' : 'expression';
  const hit = toCompletion(known, kind);
  const notes: string[] = [];
  if (kind === 'stage' && !ALLOWED.has(word)) notes.push('Not accepted in a change-stream pipeline.');
  const onServer = getFilteredCompletions({ serverVersion: filter.serverVersion }).some((c) => c.value === word);
  if (filter.serverVersion && !onServer) notes.push(`Needs MongoDB ${hit.since} or newer.`);
  if (notes.length) hit.description = [hit.description, ...notes].filter(Boolean).join(' ');
  return hit;
}
