// Write commands: insert, update, delete, findAndModify, with mongod's reply and writeErrors shapes.
import type { CommandContext, CommandHandler } from '../server/dispatch';
import { CommandError } from '../base/errors';
import { type Doc, isPlainObject, num } from '../base/values';
import { applyUpdate, isOperatorUpdate } from '../query/update';
import { projector } from '../query/match';
import {
  collectionFor,
  deleteOne,
  insertOne,
  matching,
  updateOne,
  upsertDocument,
  validCollName,
  type WriteOptions,
} from './writepath';

function writeError(index: number, e: unknown): Doc {
  if (e instanceof CommandError) return { index, code: e.code, errmsg: e.message, ...(e.extra ?? {}) };
  return { index, code: 1, errmsg: String((e as Error)?.message ?? e) };
}

function writeOptions(cmd: Doc): WriteOptions {
  return { bypassValidation: cmd.bypassDocumentValidation === true };
}

function list(v: unknown, field: string): Doc[] {
  if (!Array.isArray(v)) throw new CommandError(40414, `BSON field '${field}' is missing but a required field`);
  return v as Doc[];
}

function insert({ state, db, cmd, messageSize }: CommandContext): Doc {
  const name = validCollName(cmd.insert);
  const docs = list(cmd.documents, 'insert.documents');
  const ordered = cmd.ordered !== false;
  const coll = collectionFor(state, db, name);
  const hint = Math.ceil(messageSize / Math.max(1, docs.length));
  const writeErrors: Doc[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      insertOne(state, coll, docs[i], hint, writeOptions(cmd));
      n++;
    } catch (e) {
      writeErrors.push(writeError(i, e));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
}

function update({ state, db, cmd, messageSize }: CommandContext): Doc {
  const name = validCollName(cmd.update);
  const stmts = list(cmd.updates, 'update.updates');
  const ordered = cmd.ordered !== false;
  const writeErrors: Doc[] = [];
  const upserted: Doc[] = [];
  let n = 0,
    nModified = 0;
  const hint = Math.ceil(messageSize / Math.max(1, stmts.length));
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    try {
      const multi = s.multi === true;
      if (multi && !Array.isArray(s.u) && !isOperatorUpdate(s.u))
        throw new CommandError(9, 'multi update is not supported for replacement-style update');
      const arrayFilters = Array.isArray(s.arrayFilters) ? (s.arrayFilters as Doc[]) : undefined;
      const coll = state.catalog.get(db, name);
      const found = matching(coll, s.q, s.sort, multi ? Infinity : 1);
      if (found.length === 0 && s.upsert === true) {
        const doc = upsertDocument(s.q as Doc, s.u, arrayFilters);
        upserted.push({
          index: i,
          _id: insertOne(state, collectionFor(state, db, name), doc, hint, writeOptions(cmd)),
        });
        n++;
        continue;
      }
      for (const doc of found) {
        n++;
        if (updateOne(state, coll!, doc, s.u, arrayFilters, s.q as Doc, hint, writeOptions(cmd))) nModified++;
      }
    } catch (e) {
      writeErrors.push(writeError(i, e));
      if (ordered) break;
    }
  }
  const reply: Doc = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
}

function remove({ state, db, cmd }: CommandContext): Doc {
  const name = validCollName(cmd.delete);
  const stmts = list(cmd.deletes, 'delete.deletes');
  const ordered = cmd.ordered !== false;
  const writeErrors: Doc[] = [];
  let n = 0;
  for (let i = 0; i < stmts.length; i++) {
    try {
      const coll = state.catalog.get(db, name);
      const limit = num(stmts[i].limit);
      for (const doc of matching(coll, stmts[i].q, undefined, limit === 1 ? 1 : Infinity)) {
        deleteOne(state, coll!, doc);
        n++;
      }
    } catch (e) {
      writeErrors.push(writeError(i, e));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
}

function findAndModify({ state, db, cmd, messageSize }: CommandContext): Doc {
  const name = validCollName(cmd.findAndModify ?? cmd.findandmodify);
  const query = (isPlainObject(cmd.query) ? cmd.query : {}) as Doc;
  const remove = cmd.remove === true;
  if (remove && cmd.update !== undefined) throw new CommandError(9, 'Cannot specify both an update and remove=true');
  if (!remove && cmd.update === undefined)
    throw new CommandError(9, 'Either an update or remove=true must be specified');
  const arrayFilters = Array.isArray(cmd.arrayFilters) ? (cmd.arrayFilters as Doc[]) : undefined;
  const project = projector(cmd.fields);
  const shown = (d: Doc | null | undefined): Doc | null => (d ? (project ? project(d) : d) : null);
  const coll = state.catalog.get(db, name);
  const [doc] = matching(coll, query, cmd.sort, 1);
  if (remove) {
    if (doc) deleteOne(state, coll!, doc);
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: shown(doc), ok: 1 };
  }
  if (!doc) {
    if (cmd.upsert !== true) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const created = upsertDocument(query, cmd.update, arrayFilters);
    insertOne(state, collectionFor(state, db, name), created, messageSize, writeOptions(cmd));
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: created._id },
      value: cmd.new === true ? shown(created) : null,
      ok: 1,
    };
  }
  const next =
    updateOne(state, coll!, doc, cmd.update, arrayFilters, query, messageSize, writeOptions(cmd)) ??
    applyUpdate(doc, { update: cmd.update, arrayFilters, filter: query });
  return { lastErrorObject: { n: 1, updatedExisting: true }, value: shown(cmd.new === true ? next : doc), ok: 1 };
}

export const crudCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: remove,
  findAndModify,
  findandmodify: findAndModify,
};
