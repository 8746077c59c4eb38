// Filters, sorts and projections over stored documents: mingo evaluates a numeric-converted view
// (its BSON numeric handling is wrong), sorting uses our own BSON ordering.
import { Aggregator, Query } from 'mingo';
import { CommandError } from '../base/errors';
import { liftTypeConditions } from './bsontype';
import { type Doc, compareValues, getPath, isPlainObject, toView } from '../base/values';

export type Predicate = (doc: Doc) => boolean;

const MINGO_OPTS = { useStrictMode: true } as const;

export function compileFilter(filter: unknown): Predicate {
  if (filter === undefined || filter === null) return () => true;
  if (!isPlainObject(filter))
    throw new CommandError(14, "BSON field 'filter' is the wrong type, expected type 'object'");
  if (Object.keys(filter).length === 0) return () => true;
  const [rest, typePreds] = liftTypeConditions(filter);
  let q: Query;
  try {
    q = new Query(toView(rest) as Doc, MINGO_OPTS);
  } catch (e) {
    throw new CommandError(2, (e as Error).message);
  }
  if (typePreds.length === 0) return (doc) => q.test(toView(doc) as Doc);
  return (doc) => typePreds.every((p) => p(doc)) && q.test(toView(doc) as Doc);
}

export function sortDocs(docs: Doc[], sort: unknown): Doc[] {
  if (!isPlainObject(sort) || Object.keys(sort).length === 0) return docs;
  const keys = Object.entries(sort).map(([k, v]) => [k, Number(toView(v)) < 0 ? -1 : 1] as const);
  return [...docs].sort((a, b) => {
    for (const [k, dir] of keys) {
      const c = compareValues(getPath(a, k), getPath(b, k));
      if (c !== 0) return c * dir;
    }
    return 0;
  });
}

/** Inclusion/exclusion projections keep BSON types; operator projections go through mingo. */
export function projector(projection: unknown): ((doc: Doc) => Doc) | undefined {
  if (!isPlainObject(projection) || Object.keys(projection).length === 0) return undefined;
  const entries = Object.entries(projection);
  const simple = entries.every(([, v]) => typeof v === 'boolean' || typeof toView(v) === 'number');
  if (!simple) {
    const agg = new Aggregator([{ $project: toView(projection) as Doc }], MINGO_OPTS);
    return (doc) => agg.run([toView(doc) as Doc])[0] as Doc;
  }
  const include = entries.filter(([k, v]) => k !== '_id' && Boolean(toView(v)));
  const idShown = projection._id === undefined || Boolean(toView(projection._id));
  if (include.length > 0) {
    const paths = include.map(([k]) => k.split('.'));
    return (doc) => {
      const out: Doc = {};
      if (idShown && doc._id !== undefined) out._id = doc._id;
      for (const p of paths) copyPath(doc, out, p, 0);
      return out;
    };
  }
  const excluded = entries.filter(([k, v]) => (k === '_id' ? !idShown : !toView(v))).map(([k]) => k.split('.'));
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

/** A general aggregation run by mingo over the converted view (output numerics become doubles/ints). */
export function aggregateView(docs: Doc[], pipeline: Doc[], resolver?: (name: string) => Doc[]): Doc[] {
  try {
    const agg = new Aggregator(toView(pipeline) as Doc[], {
      ...MINGO_OPTS,
      collectionResolver: resolver ? (n) => resolver(n).map((d) => toView(d) as Doc) : undefined,
    });
    return agg.run(docs.map((d) => toView(d) as Doc)) as Doc[];
  } catch (e) {
    if (e instanceof CommandError) throw e;
    throw new CommandError(2, (e as Error).message);
  }
}
