// Catalog commands: create, drop, dropDatabase, renameCollection, collMod, index commands,
// listCollections, listDatabases; each records the DDL event a change stream shows.
import type { CommandContext, CommandHandler } from '../server/dispatch';
import { CommandError } from '../base/errors';
import type { SandboxState } from '../server/state';
import type { Collection, IndexDef } from '../storage/collection';
import { type Doc, isPlainObject, keyOf, specView } from '../base/values';
import { compileFilter } from '../query/match';
import { checkValidatorOptions } from '../query/validator';
import { collectionFor, recordCreate, validCollName } from './writepath';
import { cursorReply } from './read';
import { SYSTEM_DBS, oplogSizes, systemCollectionEntries } from './systemdbs';

const GENERIC = new Set([
  'lsid',
  'txnNumber',
  '$clusterTime',
  '$db',
  '$readPreference',
  'writeConcern',
  'readConcern',
  'comment',
  'maxTimeMS',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
]);

function optionsOf(cmd: Doc, skip: string): Doc {
  const o: Doc = {};
  for (const [k, v] of Object.entries(cmd)) if (k !== skip && !GENERIC.has(k)) o[k] = v;
  return o;
}

function mustExist(state: SandboxState, db: string, name: string): Collection {
  const c = state.catalog.get(db, name);
  if (!c) throw new CommandError(26, `ns does not exist: ${db}.${name}`);
  return c;
}

function create({ state, db, cmd }: CommandContext): Doc {
  const name = validCollName(cmd.create);
  const options = optionsOf(cmd, 'create');
  checkValidatorOptions(options);
  const existing = state.catalog.get(db, name);
  if (existing) {
    if (keyOf(existing.options) === keyOf(options)) return { ok: 1 };
    throw new CommandError(48, `Collection ${db}.${name} already exists.`);
  }
  const { coll } = state.catalog.ensure(db, name, options);
  recordCreate(state, coll);
  return { ok: 1 };
}

function dropColl(state: SandboxState, coll: Collection): void {
  state.catalog.remove(coll.db, coll.name);
  state.record({ op: 'drop', db: coll.db, coll: coll.name, uuid: coll.uuid });
}

function drop({ state, db, cmd }: CommandContext): Doc {
  const name = validCollName(cmd.drop);
  const coll = state.catalog.get(db, name);
  if (!coll) return { ok: 1 }; // MongoDB 7: dropping a missing collection succeeds
  const nIndexesWas = coll.indexes.length;
  dropColl(state, coll);
  return { nIndexesWas, ns: `${db}.${name}`, ok: 1 };
}

function dropDatabase({ state, db }: CommandContext): Doc {
  const colls = state.catalog.collections(db);
  if (colls.length === 0) return { ok: 1 };
  for (const c of colls) dropColl(state, c);
  state.record({ op: 'dropDatabase', db });
  return { dropped: db, ok: 1 };
}

function splitNs(ns: unknown, field: string): [string, string] {
  if (typeof ns !== 'string' || !ns.includes('.'))
    throw new CommandError(73, `Invalid ${field} namespace: ${String(ns)}`);
  const i = ns.indexOf('.');
  return [ns.slice(0, i), validCollName(ns.slice(i + 1))];
}

function renameCollection({ state, db, cmd }: CommandContext): Doc {
  if (db !== 'admin') throw new CommandError(13, 'renameCollection may only be run against the admin database.');
  const [fromDb, fromColl] = splitNs(cmd.renameCollection, 'source');
  const [toDb, toColl] = splitNs(cmd.to, 'target');
  const coll = state.catalog.get(fromDb, fromColl);
  if (!coll) throw new CommandError(26, `Source collection ${fromDb}.${fromColl} does not exist`);
  if (fromDb === toDb && fromColl === toColl) throw new CommandError(20, "Can't rename a collection to itself");
  const target = state.catalog.get(toDb, toColl);
  if (target) {
    if (cmd.dropTarget !== true) throw new CommandError(48, 'target namespace exists');
    dropColl(state, target);
  }
  state.catalog.rename(coll, toDb, toColl);
  const to = { db: toDb, coll: toColl };
  // With dropTarget over an existing collection the event names the dropped collection's UUID.
  const operationDescription: Doc = target ? { to, dropTarget: target.uuid } : { to };
  state.record({ op: 'rename', db: fromDb, coll: fromColl, uuid: coll.uuid, to, operationDescription });
  return { ok: 1 };
}

function collMod({ state, db, cmd }: CommandContext): Doc {
  const name = validCollName(cmd.collMod);
  const coll = mustExist(state, db, name);
  const changes = optionsOf(cmd, 'collMod');
  checkValidatorOptions(changes);
  const before = { ...coll.options };
  coll.options = { ...coll.options, ...changes };
  state.record({
    op: 'modify',
    db,
    coll: name,
    uuid: coll.uuid,
    operationDescription: changes,
    stateBeforeChange: { collectionOptions: { uuid: coll.uuid, ...before } },
  });
  return { ok: 1 };
}

function createIndexes({ state, db, cmd }: CommandContext): Doc {
  const name = validCollName(cmd.createIndexes);
  const specs = cmd.indexes;
  if (!Array.isArray(specs) || specs.length === 0)
    throw new CommandError(2, 'Must specify at least one index to create');
  const existed = state.catalog.get(db, name) !== undefined;
  const coll = collectionFor(state, db, name);
  const before = coll.indexes.length;
  const added: IndexDef[] = [];
  for (const s of specs as Doc[]) {
    if (!isPlainObject(s) || !isPlainObject(s.key) || typeof s.name !== 'string')
      throw new CommandError(9, "The 'key' and 'name' fields are required for each index specification");
    const same = coll.indexes.find((d) => d.name === s.name);
    const sameKey = coll.indexes.find((d) => keyOf(d.key) === keyOf(s.key));
    if (same && keyOf(same.key) === keyOf(s.key)) continue;
    if (same)
      throw new CommandError(
        86,
        `An existing index has the same name as the requested index. Requested index: ${s.name}`,
      );
    if (sameKey) throw new CommandError(85, `Index already exists with a different name: ${sameKey.name}`);
    const { key, name: indexName, v: _v, ...rest } = s;
    const def: IndexDef = { v: 2, key: key as Doc, name: indexName as string, ...rest };
    coll.addIndex(def);
    added.push(def);
  }
  if (added.length)
    state.record({ op: 'createIndexes', db, coll: name, uuid: coll.uuid, operationDescription: { indexes: added } });
  const reply: Doc = {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.length,
    createdCollectionAutomatically: !existed,
  };
  if (!added.length) reply.note = 'all indexes already exist';
  reply.ok = 1;
  return reply;
}

function dropIndexes({ state, db, cmd }: CommandContext): Doc {
  const name = validCollName(cmd.dropIndexes ?? cmd.deleteIndexes);
  const coll = mustExist(state, db, name);
  const nIndexesWas = coll.indexes.length;
  const which = cmd.index;
  let names: string[];
  if (which === '*') names = coll.indexes.slice(1).map((d) => d.name);
  else if (typeof which === 'string') names = [which];
  else if (Array.isArray(which)) names = which.map(String);
  else if (isPlainObject(which)) {
    const found = coll.indexes.find((d) => keyOf(d.key) === keyOf(which));
    if (!found) throw new CommandError(27, `can't find index with key: ${JSON.stringify(specView(which))}`);
    names = [found.name];
  } else throw new CommandError(14, "BSON field 'dropIndexes.index' is missing but a required field");
  if (names.includes('_id_')) throw new CommandError(72, 'cannot drop _id index');
  for (const n of names)
    if (!coll.indexes.some((d) => d.name === n)) throw new CommandError(27, `index not found with name [${n}]`);
  const dropped = names.map((n) => coll.dropIndex(n)!).filter(Boolean);
  if (dropped.length)
    state.record({ op: 'dropIndexes', db, coll: name, uuid: coll.uuid, operationDescription: { indexes: dropped } });
  return { nIndexesWas, ok: 1 };
}

function listIndexes({ state, db, cmd }: CommandContext): Doc {
  const name = validCollName(cmd.listIndexes);
  const coll = mustExist(state, db, name);
  return cursorReply(
    state,
    `${db}.${name}`,
    coll.indexes.map((d) => ({ ...d })),
    undefined,
    false,
  );
}

function listCollections({ state, db, cmd }: CommandContext): Doc {
  const pred = compileFilter(cmd.filter);
  const nameOnly = cmd.nameOnly === true;
  const entries = state.catalog
    .collections(db)
    .map((c): Doc =>
      nameOnly
        ? { name: c.name, type: 'collection' }
        : {
            name: c.name,
            type: 'collection',
            options: c.options,
            info: { readOnly: false, uuid: c.uuid },
            idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
          },
    )
    .concat(systemCollectionEntries(state, db, nameOnly))
    .filter((e) => pred(e));
  return cursorReply(state, `${db}.$cmd.listCollections`, entries, undefined, false);
}

function listDatabases({ state, cmd }: CommandContext): Doc {
  const pred = compileFilter(cmd.filter);
  const system = state.opts.standalone ? SYSTEM_DBS.filter((n) => n !== 'local') : SYSTEM_DBS;
  const dbs = [...new Set([...system, ...state.catalog.dbs.keys()])]
    .sort()
    .map((name) => {
      if (name === 'local' && !state.opts.standalone) {
        const { size } = oplogSizes(state);
        return { name, sizeOnDisk: 4096 * (1 + Math.ceil(size / 4096)), empty: false };
      }
      const docs = state.catalog.collections(name).reduce((n, c) => n + c.size, 0);
      return { name, sizeOnDisk: 4096 * (1 + Math.ceil(docs / 64)), empty: docs === 0 };
    })
    .filter((d) => pred(d as Doc));
  if (cmd.nameOnly === true) return { databases: dbs.map((d) => ({ name: d.name })), ok: 1 };
  return { databases: dbs, totalSize: dbs.reduce((n, d) => n + d.sizeOnDisk, 0), totalSizeMb: 0, ok: 1 };
}

function dbStats({ state, db }: CommandContext): Doc {
  const colls = state.catalog.collections(db);
  const objects = colls.reduce((n, c) => n + c.size, 0);
  const indexes = colls.reduce((n, c) => n + c.indexes.length, 0);
  return {
    db,
    collections: colls.length,
    views: 0,
    objects,
    dataSize: objects * 256,
    storageSize: 4096 * (1 + Math.ceil(objects / 64)),
    indexes,
    indexSize: indexes * 4096,
    ok: 1,
  };
}

export const ddlCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  renameCollection,
  collMod,
  createIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  listIndexes,
  listCollections,
  listDatabases,
  dbStats,
};
