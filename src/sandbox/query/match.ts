// Filters, sorts, projections and aggregations over stored documents, evaluated by mingo with
// the sandbox's operator context (./operators) directly on the BSON-typed documents.
import { Aggregator } from 'mingo/aggregator';
import { Query } from 'mingo/query';
import { CommandError } from '../base/errors';
import { type Doc, controlView, isPlainObject, specView } from '../base/values';
import { MINGO_OPTIONS, sortDocuments } from './operators';

export type Predicate = (doc: Doc) => boolean;

export function compileFilter(filter: unknown): Predicate {
  if (filter === undefined || filter === null) return () => true;
  if (!isPlainObject(filter))
    throw new CommandError(14, "BSON field 'filter' is the wrong type, expected type 'object'");
  if (Object.keys(filter).length === 0) return () => true;
  let q: Query;
  try {
    q = new Query(specView(filter) as Doc, MINGO_OPTIONS);
  } catch (e) {
    throw asCommandError(e);
  }
  return (doc) => q.test(doc);
}

export const sortDocs = sortDocuments;

/** mingo's own errors are bad input (2 BadValue); ours already carry mongod's code. */
export function asCommandError(e: unknown): CommandError {
  return e instanceof CommandError ? e : new CommandError(2, (e as Error).message);
}

/** Inclusion/exclusion projections keep BSON types; operator projections go through mingo. */
export function projector(projection: unknown): ((doc: Doc) => Doc) | undefined {
  if (!isPlainObject(projection) || Object.keys(projection).length === 0) return undefined;
  const spec = controlView(projection) as Doc;
  const simple = Object.values(spec).every((v) => typeof v === 'boolean' || typeof v === 'number');
  if (!simple) {
    const agg = new Aggregator([{ $project: spec }], MINGO_OPTIONS);
    return (doc) => agg.run([doc])[0] as Doc;
  }
  const include = Object.entries(spec).filter(([k, v]) => k !== '_id' && Boolean(v));
  const idShown = spec._id === undefined || Boolean(spec._id);
  if (include.length > 0) {
    const paths = include.map(([k]) => k.split('.'));
    return (doc) => {
      const out: Doc = {};
      if (idShown && doc._id !== undefined) out._id = doc._id;
      for (const p of paths) copyPath(doc, out, p, 0);
      return out;
    };
  }
  const excluded = Object.entries(spec)
    .filter(([k, v]) => (k === '_id' ? !idShown : !v))
    .map(([k]) => k.split('.'));
  return (doc) => {
    let out = { ...doc };
    for (const p of excluded) out = removePath(out, p, 0) as Doc;
    return out;
  };
}

function copyPath(src: unknown, dst: Doc, path: string[], i: number): void {
  if (!isPlainObject(src)) return;
  const v = src[path[i]];
  if (v === undefined) return;
  if (i === path.length - 1) {
    dst[path[i]] = v;
    return;
  }
  if (isPlainObject(v)) {
    const sub = (isPlainObject(dst[path[i]]) ? dst[path[i]] : {}) as Doc;
    copyPath(v, sub, path, i + 1);
    dst[path[i]] = sub;
  } else if (Array.isArray(v)) {
    dst[path[i]] = v.filter(isPlainObject).map((el) => {
      const sub: Doc = {};
      copyPath(el, sub, path, i + 1);
      return sub;
    });
  }
}

function removePath(src: unknown, path: string[], i: number): unknown {
  if (Array.isArray(src)) return src.map((el) => removePath(el, path, i));
  if (!isPlainObject(src)) return src;
  const out = { ...src };
  if (i === path.length - 1) delete out[path[i]];
  else if (out[path[i]] !== undefined) out[path[i]] = removePath(out[path[i]], path, i + 1);
  return out;
}

/** A general aggregation over stored documents; results keep their BSON types (int+int is int). */
export function aggregateDocs(docs: Doc[], pipeline: Doc[], resolver?: (name: string) => Doc[]): Doc[] {
  try {
    const agg = new Aggregator(specView(pipeline) as Doc[], { ...MINGO_OPTIONS, collectionResolver: resolver });
    return agg.run(docs) as Doc[];
  } catch (e) {
    throw asCommandError(e);
  }
}
