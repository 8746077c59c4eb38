// Reads the facts from a connected driver client: hello, buildInfo, connectionStatus, the
// changeStreamOptions cluster parameter, serverStatus, listCollections and the oplog.
import type { Document, MongoClient } from 'mongodb';
import { readOplogWindow } from '../bookmarks';
import type { CollectionImages, DoctorFacts, Read, SavedBookmark } from './facts';
import type { DoctorTarget } from './model';

export interface GatherInput {
  client: MongoClient;
  target: DoctorTarget;
  hosts: string[];
  bookmarks: SavedBookmark[];
  consumerDowntimeHours: number;
  now?: () => Date;
}

const SYSTEM_DBS = new Set(['admin', 'local', 'config']);
const MAX_COLLECTIONS = 200;

async function read<T>(f: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    return {
      ok: false,
      code: typeof e.code === 'number' ? e.code : undefined,
      message: typeof e.message === 'string' ? e.message : String(err),
    };
  }
}

export async function gatherFacts(input: GatherInput): Promise<DoctorFacts> {
  const { client, target } = input;
  const admin = client.db('admin');
  const cmd = (c: Document) => () => admin.command(c);
  const [hello, buildInfo, connectionStatus, changeStreamOptions, serverStatus] = await Promise.all([
    read(cmd({ hello: 1 })),
    read(cmd({ buildInfo: 1 })),
    read(cmd({ connectionStatus: 1, showPrivileges: true })),
    read(cmd({ getClusterParameter: 'changeStreamOptions' })),
    read(cmd({ serverStatus: 1, repl: 0, metrics: 0, locks: 0 })),
  ]);
  const collections = await read(() => listImages(client, target));
  const oplogWindow = await readOplogWindow(client);
  const oplogStats = await read(async () => {
    const s = await client.db('local').command({ collStats: 'oplog.rs' });
    return { sizeBytes: Number(s.size ?? 0), maxBytes: Number(s.maxSize ?? 0), count: Number(s.count ?? 0) };
  });
  return {
    hosts: input.hosts,
    hello,
    buildInfo,
    connectionStatus,
    changeStreamOptions,
    serverStatus,
    collections,
    oplogWindow,
    oplogStats,
    bookmarks: input.bookmarks,
    consumerDowntimeHours: input.consumerDowntimeHours,
    now: (input.now ?? (() => new Date()))(),
  };
}

async function listImages(client: MongoClient, target: DoctorTarget): Promise<CollectionImages[]> {
  let dbs: string[];
  if (target.db !== undefined) dbs = [target.db];
  else {
    const list = await client.db('admin').admin().listDatabases({ nameOnly: true });
    dbs = list.databases.map((d) => d.name).filter((n) => !SYSTEM_DBS.has(n));
  }
  const out: CollectionImages[] = [];
  for (const db of dbs) {
    const filter = target.coll !== undefined ? { name: target.coll } : {};
    const infos = await client.db(db).listCollections(filter).toArray();
    for (const info of infos) {
      if (info.type !== 'collection' || info.name.startsWith('system.')) continue;
      const opts = (info as { options?: Document }).options ?? {};
      const images = opts.changeStreamPreAndPostImages as { enabled?: unknown } | undefined;
      out.push({ db, coll: info.name, enabled: images?.enabled === true });
      if (out.length >= MAX_COLLECTIONS) return out;
    }
  }
  return out;
}

/** The one safe fix: record pre/post images on a collection (collMod; undo with enabled: false). */
export async function enableImages(client: MongoClient, db: string, coll: string): Promise<void> {
  await client.db(db).command({ collMod: coll, changeStreamPreAndPostImages: { enabled: true } });
}
