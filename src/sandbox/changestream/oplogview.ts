// local.oplog.rs as tools read it (oplog window: first/last entry by $natural order), mapped
// from the ring on demand. The shape follows mongod's oplog entries loosely: op, ns, ui, o, o2, ts, wall.
import { Long } from 'bson';
import type { Doc } from '../base/values';
import type { Oplog, OplogEntry } from './oplog';
import { materialize } from '../base/lazy';

const OPS: Record<string, string> = { insert: 'i', update: 'u', replace: 'u', delete: 'd', noop: 'n' };

export function oplogDocument(e: OplogEntry): Doc {
  const op = OPS[e.op] ?? 'c';
  const d: Doc = { op, ns: op === 'n' ? '' : op === 'c' ? `${e.db}.$cmd` : `${e.db}.${e.coll}` };
  if (e.uuid) d.ui = e.uuid;
  if (op === 'i') d.o = materialize(e.doc!);
  else if (op === 'u') {
    d.o = e.op === 'replace' ? materialize(e.doc!) : { $v: 2, diff: e.updateDescription };
    d.o2 = e.documentKey;
  } else if (op === 'd') d.o = e.documentKey;
  else if (op === 'n') d.o = e.operationDescription;
  else d.o = commandOf(e);
  d.ts = e.ts;
  d.t = Long.fromNumber(1);
  d.v = Long.fromNumber(2);
  d.wall = e.wall;
  return d;
}

function commandOf(e: OplogEntry): Doc {
  switch (e.op) {
    case 'drop':
      return { drop: e.coll };
    case 'dropDatabase':
      return { dropDatabase: 1 };
    case 'rename':
      return { renameCollection: `${e.db}.${e.coll}`, to: `${e.to?.db}.${e.to?.coll}` };
    case 'create':
      return { create: e.coll, ...e.operationDescription };
    case 'createIndexes':
      return { createIndexes: e.coll, ...e.operationDescription };
    case 'dropIndexes':
      return { dropIndexes: e.coll, ...e.operationDescription };
    default:
      return { collMod: e.coll, ...e.operationDescription };
  }
}

/** Entries in $natural order (or reversed), filtered, up to `limit`, without materialising the ring. */
export function scanOplog(oplog: Oplog, reverse: boolean, pred: (d: Doc) => boolean, limit: number): Doc[] {
  const out: Doc[] = [];
  const from = reverse ? oplog.endSeq - 1 : oplog.firstSeq;
  const step = reverse ? -1 : 1;
  for (let s = from; s >= oplog.firstSeq && s < oplog.endSeq && out.length < limit; s += step) {
    const d = oplogDocument(oplog.at(s)!);
    if (pred(d)) out.push(d);
  }
  return out;
}
