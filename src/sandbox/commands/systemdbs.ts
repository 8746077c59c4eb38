// The system databases as clients read them: local.oplog.rs as a capped collection (listCollections
// options, $collStats/collStats sizes, counts and aggregates over its entries), admin/config/local in
// listDatabases, and $currentOp over the sandbox's connections and cursors.
import { BSON } from 'bson';
import type { ClientActivity, SandboxState } from '../server/state';
import type { Doc } from '../base/values';
import { scanOplog } from '../changestream/oplogview';

/** Bytes the oplog ring is reported to hold when full: its capacity in entries at a nominal 1 KiB each. */
const NOMINAL_ENTRY_BYTES = 1024;
export const SYSTEM_DBS = ['admin', 'config', 'local'];

export function isOplog(db: string, name: unknown): boolean {
  return db === 'local' && name === 'oplog.rs';
}

/** The documents of a virtual system collection (the oplog), or undefined for an ordinary one. */
export function systemDocs(state: SandboxState, db: string, name: unknown): Doc[] | undefined {
  return isOplog(db, name) ? scanOplog(state.oplog, false, () => true, Infinity) : undefined;
}

/** Size figures of the oplog: maxSize from the ring's capacity, size from what its entries hold. */
export function oplogSizes(state: SandboxState): { count: number; size: number; maxSize: number } {
  let size = 0;
  const o = state.oplog;
  for (let s = o.firstSeq; s < o.endSeq; s++) size += 120 + (o.at(s)!.bytes ?? 64);
  return { count: o.size, size, maxSize: Math.max(o.capacity * NOMINAL_ENTRY_BYTES, size) };
}

/** listCollections entries for the system collections of `db`. */
export function systemCollectionEntries(state: SandboxState, db: string, nameOnly: boolean): Doc[] {
  if (db !== 'local' || state.opts.standalone) return [];
  if (nameOnly) return [{ name: 'oplog.rs', type: 'collection' }];
  return [
    {
      name: 'oplog.rs',
      type: 'collection',
      options: { capped: true, size: oplogSizes(state).maxSize, autoIndexId: false },
      info: { readOnly: false },
    },
  ];
}

/** Storage figures of a collection as collStats / $collStats storageStats give them. */
export function storageStats(state: SandboxState, db: string, name: string): Doc {
  if (isOplog(db, name)) {
    const { count, size, maxSize } = oplogSizes(state);
    return {
      size,
      count,
      avgObjSize: count ? Math.round(size / count) : 0,
      storageSize: size,
      freeStorageSize: 0,
      capped: true,
      max: 0,
      maxSize,
      nindexes: 0,
      indexSizes: {},
      totalIndexSize: 0,
      totalSize: size,
      scaleFactor: 1,
    };
  }
  const coll = state.catalog.get(db, name);
  let size = 0;
  let count = 0;
  for (const d of coll?.values() ?? []) {
    size += BSON.calculateObjectSize(d);
    count++;
  }
  const capped = coll?.options.capped === true;
  const indexSizes = Object.fromEntries((coll?.indexes ?? []).map((i) => [i.name, 4096]));
  return {
    size,
    count,
    avgObjSize: count ? Math.round(size / count) : 0,
    storageSize: 4096 * (1 + Math.ceil(size / 4096)),
    freeStorageSize: 0,
    capped,
    ...(capped ? { max: coll?.options.max ?? 0, maxSize: coll?.options.size ?? 0 } : {}),
    nindexes: coll?.indexes.length ?? 0,
    indexSizes,
    totalIndexSize: 4096 * (coll?.indexes.length ?? 0),
    totalSize: size + 4096 * (coll?.indexes.length ?? 0),
    scaleFactor: 1,
  };
}

/** The one document `$collStats` gives (storageStats and count when asked for). */
export function collStatsDoc(state: SandboxState, db: string, name: string, spec: Doc): Doc {
  const out: Doc = { ns: `${db}.${name}`, host: state.host, localTime: new Date() };
  const stats = storageStats(state, db, name);
  if (spec.storageStats !== undefined) out.storageStats = stats;
  if (spec.count !== undefined) out.count = stats.count;
  return out;
}

/** `$currentOp` rows: each client connection (active when it is running a command), and idle cursors. */
export function currentOps(state: SandboxState, spec: Doc): Doc[] {
  const rows: Doc[] = [];
  for (const c of state.clients) {
    const active = c.running !== undefined;
    if (!active && spec.idleConnections !== true) continue;
    rows.push(opRow(state, c, active));
  }
  if (spec.idleCursors === true)
    for (const cur of state.cursors.all())
      rows.push({ type: 'idleCursor', host: state.host, ns: cur.ns, cursor: { cursorId: cur.id } });
  return rows;
}

function opRow(state: SandboxState, c: ClientActivity, active: boolean): Doc {
  const row: Doc = {
    type: 'op',
    host: state.host,
    desc: `conn${c.id}`,
    connectionId: c.id,
    client: c.remote,
    active,
    currentOpTime: new Date().toISOString(),
  };
  if (c.appName) row.appName = c.appName;
  if (active) {
    row.op = c.running!.name === 'getMore' ? 'getmore' : 'command';
    row.ns = c.running!.ns;
    row.command = c.running!.cmd;
  } else row.op = 'none';
  return row;
}
