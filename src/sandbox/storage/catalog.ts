// The set of databases and collections the sandbox holds, in memory only.
import type { Binary } from 'bson';
import { Collection, type ChangeHook } from './collection';
import type { Doc } from '../base/values';

export class Catalog {
  readonly dbs = new Map<string, Map<string, Collection>>();
  /** Given to every collection this catalog creates (transactions watch committed changes with it). */
  beforeChange?: ChangeHook;

  get(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  /** Creates the collection; callers record the `create` event when this returns created=true. */
  ensure(db: string, name: string, options: Doc = {}, uuid?: Binary): { coll: Collection; created: boolean } {
    let colls = this.dbs.get(db);
    if (!colls) {
      colls = new Map();
      this.dbs.set(db, colls);
    }
    const found = colls.get(name);
    if (found) return { coll: found, created: false };
    const coll = new Collection(db, name, options, uuid);
    coll.beforeChange = this.beforeChange;
    colls.set(name, coll);
    return { coll, created: true };
  }

  remove(db: string, name: string): Collection | undefined {
    const colls = this.dbs.get(db);
    const c = colls?.get(name);
    if (c) colls!.delete(name);
    if (colls && colls.size === 0) this.dbs.delete(db);
    return c;
  }

  rename(coll: Collection, toDb: string, toName: string): void {
    this.remove(coll.db, coll.name);
    let colls = this.dbs.get(toDb);
    if (!colls) {
      colls = new Map();
      this.dbs.set(toDb, colls);
    }
    coll.db = toDb;
    coll.name = toName;
    colls.set(toName, coll);
  }
}
