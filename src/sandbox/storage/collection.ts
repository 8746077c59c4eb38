// One in-memory collection: documents by canonical _id key (insertion order kept), index
// definitions, unique-key maps, and collection options such as changeStreamPreAndPostImages.
import { type Binary, UUID } from 'bson';
import { CommandError } from '../base/errors';
import { type Doc, getPath, keyOf } from '../base/values';
import { LazyDoc, type StoredDoc, materialize } from '../base/lazy';

export interface IndexDef {
  v: number;
  key: Doc;
  name: string;
  unique?: boolean;
  [k: string]: unknown;
}

/** Called before a document (by _id key) of the collection changes; may throw to refuse the change. */
export type ChangeHook = (coll: Collection, idKey: string) => void;

export class Collection {
  readonly uuid: Binary;
  private docs = new Map<string, StoredDoc>();
  indexes: IndexDef[] = [{ v: 2, key: { _id: 1 }, name: '_id_' }];
  /** unique index name -> (key of indexed values -> _id key) */
  private uniqueKeys = new Map<string, Map<string, string>>();
  /** Transactions use it: to keep their snapshot, detect write conflicts, and note what they wrote. */
  beforeChange?: ChangeHook;

  constructor(
    public db: string,
    public name: string,
    public options: Doc = {},
    uuid?: Binary,
  ) {
    this.uuid = uuid ?? new UUID();
  }

  /**
   * A private copy of the collection as it is now (same uuid), for a transaction's snapshot. Stored
   * versions are immutable, so copying the maps is enough.
   */
  fork(): Collection {
    const copy = new Collection(this.db, this.name, this.options, this.uuid);
    copy.docs = new Map(this.docs);
    copy.indexes = [...this.indexes];
    copy.uniqueKeys = new Map([...this.uniqueKeys].map(([k, m]) => [k, new Map(m)]));
    return copy;
  }

  has(idKey: string): boolean {
    return this.docs.has(idKey);
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  imagesEnabled(): boolean {
    const o = this.options.changeStreamPreAndPostImages as Doc | undefined;
    return !!o && !!o.enabled;
  }

  get(idKey: string): Doc | undefined {
    const v = this.docs.get(idKey);
    return v === undefined ? undefined : materialize(v);
  }

  get size(): number {
    return this.docs.size;
  }

  /** Every document, decoded on demand, in insertion order. */
  *values(): IterableIterator<Doc> {
    for (const v of this.docs.values()) yield materialize(v);
  }

  /** Every document as stored (wire bytes or objects), for a snapshot that must not decode them. */
  stored(): IterableIterator<StoredDoc> {
    return this.docs.values();
  }

  insert(stored: StoredDoc): void {
    const lazy = stored instanceof LazyDoc;
    const id = keyOf(lazy ? stored.id : stored._id);
    if (this.docs.has(id)) throw this.duplicate('_id_', { _id: 1 }, lazy ? { _id: stored.id } : stored);
    this.beforeChange?.(this, id);
    if (this.uniqueKeys.size > 0) {
      const doc = materialize(stored);
      this.checkUnique(doc, id);
      this.indexUnique(doc, id);
    }
    this.docs.set(id, stored);
  }

  /** Swap a stored document for its new version (same _id); unique indexes are re-checked first. */
  replace(id: string, next: Doc): void {
    this.beforeChange?.(this, id);
    const prev = this.get(id);
    if (prev) this.unindexUnique(prev);
    try {
      this.checkUnique(next, id);
    } catch (e) {
      if (prev) this.indexUnique(prev, id);
      throw e;
    }
    this.docs.set(id, next);
    this.indexUnique(next, id);
  }

  remove(id: string): Doc | undefined {
    const prev = this.get(id);
    if (!prev) return undefined;
    this.beforeChange?.(this, id);
    this.docs.delete(id);
    this.unindexUnique(prev);
    return prev;
  }

  addIndex(def: IndexDef): void {
    this.indexes.push(def);
    if (def.unique) {
      const map = new Map<string, string>();
      for (const [id, stored] of this.docs) {
        const doc = materialize(stored);
        const k = this.uniqueKey(def, doc);
        if (map.has(k)) {
          this.indexes.pop();
          throw this.duplicate(def.name, def.key, doc);
        }
        map.set(k, id);
      }
      this.uniqueKeys.set(def.name, map);
    }
  }

  dropIndex(name: string): IndexDef | undefined {
    const i = this.indexes.findIndex((d) => d.name === name);
    if (i <= 0) return undefined;
    const [def] = this.indexes.splice(i, 1);
    this.uniqueKeys.delete(name);
    return def;
  }

  private uniqueKey(def: IndexDef, doc: Doc): string {
    return Object.keys(def.key)
      .map((p) => keyOf(getPath(doc, p) ?? null))
      .join('|');
  }

  private checkUnique(doc: Doc, id: string): void {
    for (const def of this.indexes) {
      const map = def.unique ? this.uniqueKeys.get(def.name) : undefined;
      if (!map) continue;
      const owner = map.get(this.uniqueKey(def, doc));
      if (owner !== undefined && owner !== id) throw this.duplicate(def.name, def.key, doc);
    }
  }

  private indexUnique(doc: Doc, id: string): void {
    for (const def of this.indexes) {
      const map = def.unique ? this.uniqueKeys.get(def.name) : undefined;
      if (map) map.set(this.uniqueKey(def, doc), id);
    }
  }

  private unindexUnique(doc: Doc): void {
    for (const def of this.indexes) {
      const map = def.unique ? this.uniqueKeys.get(def.name) : undefined;
      if (map) map.delete(this.uniqueKey(def, doc));
    }
  }

  duplicate(indexName: string, key: Doc, doc: Doc): CommandError {
    const keyValue: Doc = {};
    for (const p of Object.keys(key)) keyValue[p] = getPath(doc, p) ?? null;
    const shown = Object.entries(keyValue)
      .map(([k, v]) => `${k}: ${showValue(v)}`)
      .join(', ');
    return new CommandError(
      11000,
      `E11000 duplicate key error collection: ${this.ns} index: ${indexName} dup key: { ${shown} }`,
      undefined,
      { keyPattern: key, keyValue },
    );
  }
}

function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  const t = (v as { _bsontype?: string } | null)?._bsontype;
  if (t === 'ObjectId') return `ObjectId('${(v as { toHexString(): string }).toHexString()}')`;
  return String(v);
}
