// Read commands: find, aggregate (general and $changeStream), getMore (awaitData for streams),
// killCursors, count, distinct. Cursor ids are 64-bit Longs as the driver requires.
import { BSON, Long } from 'bson';
import type { CommandContext, CommandHandler } from '../server/dispatch';
import { CommandError } from '../base/errors';
import type { SandboxState } from '../server/state';
import type { QueryCursor } from '../server/cursors';
import { type Doc, getPath, isPlainObject, keyOf, num } from '../base/values';
import { stageName } from '../query/stages';
import { aggregateDocs, compileFilter, projector, sortDocs } from '../query/match';
import { matching, validCollName } from './writepath';
import { openChangeStream, readStreamBatch } from './streamcursor';
import { RawDoc, rawBytes } from '../base/raw';
import { scanOplog } from '../changestream/oplogview';
import { collStatsDoc, currentOps, systemDocs } from './systemdbs';

const BATCH_BYTES = 16 * 1024 * 1024;
const ZERO = Long.fromNumber(0);

/** Takes up to `limit` docs (by count and ~16 MB of BSON) from a query cursor. */
function takeBatch(c: QueryCursor, limit: number): Doc[] {
  const out: Doc[] = [];
  let bytes = 0;
  while (c.pos < c.docs.length && out.length < limit) {
    const d = c.docs[c.pos];
    const raw = rawBytes.get(d);
    const s = raw ? raw.length : BSON.calculateObjectSize(d);
    if (out.length > 0 && bytes + s > BATCH_BYTES) break;
    out.push(raw ? (new RawDoc(raw) as unknown as Doc) : d);
    bytes += s;
    c.pos++;
  }
  return out;
}

export function cursorReply(
  state: SandboxState,
  ns: string,
  docs: Doc[],
  batchSize: number | undefined,
  single: boolean,
): Doc {
  const c: QueryCursor = { kind: 'query', id: ZERO, ns, docs, pos: 0 };
  const firstBatch = takeBatch(c, batchSize ?? 101);
  let id = ZERO;
  if (!single && c.pos < docs.length) {
    id = state.cursors.newId();
    c.id = id;
    state.cursors.add(c);
  }
  return { cursor: { firstBatch, id, ns }, ok: 1 };
}

function find({ state, db, cmd }: CommandContext): Doc {
  const name = validCollName(cmd.find);
  const coll = state.catalog.get(db, name);
  const skip = num(cmd.skip),
    limit = Math.abs(num(cmd.limit));
  let docs: Doc[];
  if (db === 'local' && name === 'oplog.rs') {
    const natural = isPlainObject(cmd.sort) ? num(cmd.sort.$natural, 1) : 1;
    const otherSort = isPlainObject(cmd.sort) && Object.keys(cmd.sort).some((k) => k !== '$natural');
    docs = scanOplog(
      state.oplog,
      natural < 0,
      compileFilter(cmd.filter),
      limit && !otherSort ? limit + skip : Infinity,
    );
    if (otherSort) docs = sortDocs(docs, cmd.sort);
  } else {
    docs = matching(coll, cmd.filter, cmd.sort);
  }
  if (skip) docs = docs.slice(skip);
  if (limit) docs = docs.slice(0, limit);
  const project = projector(cmd.projection);
  if (project) docs = docs.map(project);
  const batchSize = cmd.batchSize !== undefined ? num(cmd.batchSize) : undefined;
  return cursorReply(
    state,
    `${db}.${name}`,
    docs,
    batchSize === 0 ? 0 : batchSize,
    cmd.singleBatch === true || num(cmd.limit) < 0,
  );
}

/** Leading $match/$sort/$skip/$limit run without building a mingo pipeline (fast); the rest go to mingo. */
function runPipeline(state: SandboxState, db: string, docs: Doc[], pipeline: Doc[]): Doc[] {
  let i = 0;
  for (; i < pipeline.length; i++) {
    const [op] = Object.keys(pipeline[i]);
    const arg = pipeline[i][op];
    if (op === '$match') {
      const p = compileFilter(arg);
      docs = docs.filter(p);
    } else if (op === '$sort') docs = sortDocs(docs, arg);
    else if (op === '$skip') docs = docs.slice(num(arg));
    else if (op === '$limit') docs = docs.slice(0, num(arg));
    else break;
  }
  if (i === pipeline.length) return docs;
  const rest = pipeline.slice(i);
  const last = rest[rest.length - 1];
  if (last.$out !== undefined || last.$merge !== undefined)
    throw new CommandError(20, '$out and $merge are not supported by the sandbox');
  return aggregateDocs(docs, rest, (n) => [...(state.catalog.get(db, n)?.values() ?? [])]);
}

function aggregate(ctx: CommandContext): Doc | Promise<Doc> {
  const { state, db, cmd } = ctx;
  const pipeline = cmd.pipeline;
  if (!Array.isArray(pipeline)) throw new CommandError(14, "'pipeline' option must be specified as an array");
  if (!isPlainObject(cmd.cursor) && cmd.explain === undefined)
    throw new CommandError(9, "The 'cursor' option is required, except for aggregate with the explain argument");
  const batchSize =
    isPlainObject(cmd.cursor) && cmd.cursor.batchSize !== undefined ? num(cmd.cursor.batchSize) : undefined;
  if (pipeline.length > 0 && isPlainObject(pipeline[0]) && pipeline[0].$changeStream !== undefined)
    return openChangeStream(ctx, pipeline as Doc[], batchSize);
  for (const st of pipeline as Doc[])
    if (stageName(st) === '$changeStream')
      throw new CommandError(40602, '$changeStream is only valid as the first stage in a pipeline.');
  let source: Doc[];
  let ns: string;
  const head = (pipeline as Doc[])[0];
  if (typeof cmd.aggregate === 'string') {
    const name = validCollName(cmd.aggregate);
    ns = `${db}.${name}`;
    if (isPlainObject(head) && isPlainObject(head.$collStats)) {
      source = [collStatsDoc(state, db, name, head.$collStats)];
      (pipeline as Doc[]).shift();
    } else source = systemDocs(state, db, name) ?? [...(state.catalog.get(db, name)?.values() ?? [])];
  } else if (isPlainObject(head) && head.$currentOp !== undefined) {
    if (db !== 'admin')
      throw new CommandError(73, "$currentOp must be run against the 'admin' database with {aggregate: 1}");
    ns = `${db}.$cmd.aggregate`;
    source = currentOps(state, isPlainObject(head.$currentOp) ? head.$currentOp : {});
    (pipeline as Doc[]).shift();
  } else {
    ns = `${db}.$cmd.aggregate`;
    const first = (pipeline as Doc[])[0];
    if (!first || !Array.isArray(first.$documents))
      throw new CommandError(73, "{aggregate: 1} is not valid for '$match'; a collection is required.");
    source = first.$documents as Doc[];
    (pipeline as Doc[]).shift();
  }
  return cursorReply(state, ns, runPipeline(state, db, source, pipeline as Doc[]), batchSize, false);
}

async function getMore(ctx: CommandContext): Promise<Doc> {
  const { state, cmd } = ctx;
  const id = cmd.getMore;
  if (!(id instanceof Long))
    throw new CommandError(14, "BSON field 'getMore.getMore' is the wrong type, expected type 'long'");
  const c = state.cursors.get(id);
  if (!c) throw new CommandError(43, `cursor id ${id.toString()} not found`);
  const batchSize = cmd.batchSize !== undefined ? num(cmd.batchSize) : undefined;
  if (c.kind === 'stream') return readStreamBatch(ctx, c, batchSize);
  const injected = state.failpoints.getMoreFailure();
  if (injected !== undefined) {
    state.cursors.remove(id);
    throw new CommandError(injected, "Failing getMore via 'failGetMoreAfterCursorCheckout'");
  }
  const nextBatch = takeBatch(c, batchSize && batchSize > 0 ? batchSize : Infinity);
  const done = c.pos >= c.docs.length;
  if (done) state.cursors.remove(id);
  return { cursor: { nextBatch, id: done ? ZERO : id, ns: c.ns }, ok: 1 };
}

function killCursors({ state, cmd }: CommandContext): Doc {
  const ids = Array.isArray(cmd.cursors) ? cmd.cursors : [];
  const killed: Long[] = [],
    notFound: Long[] = [];
  for (const id of ids) {
    if (id instanceof Long && state.cursors.remove(id)) killed.push(id);
    else notFound.push(id as Long);
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

function count({ state, db, cmd }: CommandContext): Doc {
  const name = validCollName(cmd.count);
  const system = systemDocs(state, db, name);
  const pred = compileFilter(cmd.query);
  let n = system ? system.filter(pred).length : matching(state.catalog.get(db, name), cmd.query).length;
  n = Math.max(0, n - num(cmd.skip));
  const limit = Math.abs(num(cmd.limit));
  if (limit) n = Math.min(n, limit);
  return { n, ok: 1 };
}

function distinct({ state, db, cmd }: CommandContext): Doc {
  const name = validCollName(cmd.distinct);
  if (typeof cmd.key !== 'string')
    throw new CommandError(14, "BSON field 'distinct.key' is missing but a required field");
  const seen = new Map<string, unknown>();
  const system = systemDocs(state, db, name);
  for (const d of system ? system.filter(compileFilter(cmd.query)) : matching(state.catalog.get(db, name), cmd.query)) {
    const v = getPath(d, cmd.key);
    for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined && !seen.has(keyOf(x))) seen.set(keyOf(x), x);
  }
  return { values: [...seen.values()], ok: 1 };
}

export const readCommands: Record<string, CommandHandler> = { find, aggregate, getMore, killCursors, count, distinct };
