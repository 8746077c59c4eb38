// The user stages a change stream may carry: validated at open, compiled once, applied per
// event ($match over the numeric view, others through mingo), with the 280 check on `_id`.
import { Aggregator, Query } from 'mingo';
import { CommandError } from '../base/errors';
import { type Doc, isPlainObject, toView } from '../base/values';

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

/** The numeric view of only the fields a $match reads (events carry whole documents). */
function partialView(ev: Doc, fields: Set<string> | undefined): Doc {
  if (!fields) return toView(ev) as Doc;
  const v: Doc = {};
  for (const f of fields) if (ev[f] !== undefined) v[f] = toView(ev[f]);
  return v;
}

export function compileStreamPipeline(stages: Doc[]): StreamPipeline {
  let split = false;
  let matchOnly = true;
  let reads: Set<string> | undefined = new Set<string>();
  const fns: ((d: Doc) => Doc | null)[] = [];
  stages.forEach((stage, idx) => {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1)
      throw new CommandError(40323, 'A pipeline stage specification object must contain exactly one field.');
    const name = Object.keys(stage)[0];
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
        const q = new Query(toView(stage.$match) as Doc);
        const fields = new Set<string>();
        const known = fieldsRead(stage.$match, fields) ? fields : undefined;
        if (known && reads) for (const f of known) reads.add(f);
        else reads = undefined;
        fns.push((d) => (q.test(partialView(d, known)) ? d : null));
      } else {
        matchOnly = false;
        reads = undefined;
        const agg = new Aggregator([toView(stage) as Doc]);
        fns.push((d) => (agg.run([d])[0] as Doc | undefined) ?? null);
      }
    } catch (e) {
      throw new CommandError(2, (e as Error).message);
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
        );
      }
      return cur;
    },
  };
}
