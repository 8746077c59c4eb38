// The user stages a change stream may carry: validated at open, compiled once, applied per
// event by mingo with the sandbox context (BSON-typed, as a plain aggregate), with the 280 check.
import { Aggregator } from 'mingo/aggregator';
import { Query } from 'mingo/query';
import { CommandError } from '../base/errors';
import { type Doc, isPlainObject, specView } from '../base/values';
import { MINGO_OPTIONS } from '../query/operators';
import { asCommandError } from '../query/match';
import { stageName } from '../query/stages';

const ALLOWED = new Set([
  '$match',
  '$project',
  '$addFields',
  '$set',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
  '$redact',
  '$changeStreamSplitLargeEvent',
]);

export interface StreamPipeline {
  apply(ev: Doc): Doc | null;
  split: boolean;
  empty: boolean;
  matchOnly: boolean;
  /** Top-level event fields the stages read (undefined: possibly any). */
  reads?: Set<string>;
}

/** Top-level event fields a filter reads; undefined when it may read any ($expr, $where, ...). */
function fieldsRead(filter: unknown, out: Set<string>): boolean {
  if (!isPlainObject(filter)) return true;
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' || k === '$or' || k === '$nor') {
      if (!Array.isArray(v) || !v.every((x) => fieldsRead(x, out))) return false;
    } else if (k.startsWith('$')) {
      if (k !== '$comment') return false;
    } else {
      out.add(k.split('.')[0]);
    }
  }
  return true;
}

export function compileStreamPipeline(stages: Doc[]): StreamPipeline {
  let split = false;
  let matchOnly = true;
  let reads: Set<string> | undefined = new Set<string>();
  const fns: ((d: Doc) => Doc | null)[] = [];
  stages.forEach((stage, idx) => {
    const name = stageName(stage);
    if (name === '$changeStream')
      throw new CommandError(40602, '$changeStream is only valid as the first stage in a pipeline.');
    if (!ALLOWED.has(name)) throw new CommandError(20, `${name} is not permitted in a $changeStream pipeline`);
    if (name === '$changeStreamSplitLargeEvent') {
      if (idx !== stages.length - 1)
        throw new CommandError(7182802, '$changeStreamSplitLargeEvent must be the last stage in the pipeline.');
      split = true;
      return;
    }
    try {
      if (name === '$match') {
        const q = new Query(specView(stage.$match) as Doc, MINGO_OPTIONS);
        const fields = new Set<string>();
        const known = fieldsRead(stage.$match, fields) ? fields : undefined;
        if (known && reads) for (const f of known) reads.add(f);
        else reads = undefined;
        fns.push((d) => (q.test(d) ? d : null));
      } else {
        matchOnly = false;
        reads = undefined;
        const agg = new Aggregator([specView(stage) as Doc], MINGO_OPTIONS);
        fns.push((d) => (agg.run([d])[0] as Doc | undefined) ?? null);
      }
    } catch (e) {
      throw asCommandError(e);
    }
  });
  return {
    split,
    matchOnly,
    reads,
    empty: fns.length === 0,
    apply(ev: Doc): Doc | null {
      let cur: Doc | null = ev;
      if (matchOnly) {
        for (const fn of fns) {
          cur = fn(cur);
          if (!cur) return null;
        }
        return cur;
      } // $match cannot change _id
      const id = (ev._id as Doc)._data;
      for (const fn of fns) {
        cur = fn(cur);
        if (!cur) return null;
      }
      const out = cur._id as Doc | undefined;
      if (!isPlainObject(out) || out._data !== id || Object.keys(out).length !== 1) {
        throw new CommandError(
          280,
          'Encountered an event whose _id field, which contains the resume token, was modified by the pipeline. Modifying the _id field of an event makes it impossible to resume the stream from that event. Only transformations that retain the unmodified _id field are allowed.',
          ['NonResumableChangeStreamError'],
        );
      }
      return cur;
    },
  };
}
