// The saved bookmarks of a workspace, over a key-value storage shaped like VS Code's Memento.
// Reads are re-validated: state written by an older build or edited by hand cannot break the view.
import * as v from 'valibot';
import { Emitter } from '../emitter';
import { movedTo, namespaceOf } from './bookmark';
import { BookmarkSchema, LIMITS, type Bookmark, type StoredToken } from './schema';

/** The part of vscode.Memento the store needs (workspaceState in the extension, a Map in tests). */
export interface KeyValueStorage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const BOOKMARKS_KEY = 'csi.bookmarks.v1';

export interface NamespaceGroup {
  namespace: string;
  bookmarks: Bookmark[];
}
export interface ConnectionGroup {
  connectionId: string;
  /** The latest display name seen among its bookmarks. */
  connectionName?: string;
  namespaces: NamespaceGroup[];
}

export class BookmarkNotFoundError extends Error {
  readonly code = 'BOOKMARK_NOT_FOUND';
  constructor(id: string) {
    super(`No bookmark with id ${id}: it may have been deleted in another window. Refresh the Bookmarks view.`);
  }
}

export class BookmarkStore {
  private readonly changed = new Emitter<void>();
  /** Fires after every change (add, rename, note, delete, import). */
  readonly onDidChange = this.changed.on.bind(this.changed);
  /** Entries found unreadable in storage at the last read (they are kept out of the list, not deleted). */
  dropped = 0;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly key: string = BOOKMARKS_KEY,
  ) {}

  list(): Bookmark[] {
    const raw = this.storage.get<unknown>(this.key);
    if (!Array.isArray(raw)) return [];
    const out: Bookmark[] = [];
    for (const entry of raw) {
      const parsed = v.safeParse(BookmarkSchema, entry);
      if (parsed.success) out.push(parsed.output);
    }
    this.dropped = raw.length - out.length;
    return out;
  }

  get(id: string): Bookmark | undefined {
    return this.list().find((b) => b.id === id);
  }

  async add(bookmark: Bookmark): Promise<Bookmark> {
    const b = v.parse(BookmarkSchema, bookmark);
    const all = this.list();
    if (all.some((x) => x.id === b.id)) throw new Error(`A bookmark with id ${b.id} already exists.`);
    await this.save([...all, b]);
    return b;
  }

  /** Adds imported bookmarks; ids already present are skipped (importing the same file twice adds nothing). */
  async addAll(bookmarks: readonly Bookmark[]): Promise<{ added: number; skipped: number }> {
    const all = this.list();
    const ids = new Set(all.map((b) => b.id));
    const fresh = bookmarks
      .filter((b) => !ids.has(b.id) && (ids.add(b.id), true))
      .map((b) => v.parse(BookmarkSchema, b));
    if (fresh.length > 0) await this.save([...all, ...fresh]);
    return { added: fresh.length, skipped: bookmarks.length - fresh.length };
  }

  rename(id: string, label: string): Promise<Bookmark> {
    const trimmed = label.trim();
    if (trimmed.length === 0)
      return Promise.reject(new Error('A bookmark needs a label: type at least one character.'));
    return this.change(id, (b) => ({ ...b, label: trimmed.slice(0, LIMITS.labelLength) }));
  }

  /** An empty note removes it. */
  editNote(id: string, note: string): Promise<Bookmark> {
    return this.change(id, (b) => {
      const { note: _old, ...rest } = b;
      void _old;
      return note.trim() === '' ? rest : { ...rest, note: note.slice(0, LIMITS.noteLength) };
    });
  }

  /** Moves a bookmark to a later token (follow mode): its time is decoded again, label and note stay. */
  move(id: string, token: StoredToken, event?: { operationType?: string; documentKey?: string }): Promise<Bookmark> {
    return this.change(id, (b) => movedTo(b, token, event));
  }

  /** Writes a changed copy of a saved bookmark (same id), validated like any other. */
  replace(bookmark: Bookmark): Promise<Bookmark> {
    return this.change(bookmark.id, () => bookmark);
  }

  async delete(id: string): Promise<boolean> {
    const all = this.list();
    const kept = all.filter((b) => b.id !== id);
    if (kept.length === all.length) return false;
    await this.save(kept);
    return true;
  }

  /** Connection → namespace → bookmarks (newest first); connections and namespaces sorted by name. */
  grouped(): ConnectionGroup[] {
    const byConn = new Map<string, { name?: string; ns: Map<string, Bookmark[]> }>();
    for (const b of this.list()) {
      let c = byConn.get(b.connectionId);
      if (!c) byConn.set(b.connectionId, (c = { ns: new Map() }));
      if (b.connectionName) c.name = b.connectionName;
      const key = namespaceOf(b.scope);
      const list = c.ns.get(key) ?? [];
      list.push(b);
      c.ns.set(key, list);
    }
    const cmp = (a: string, b: string) => a.localeCompare(b);
    return [...byConn.entries()]
      .sort(([a, x], [b, y]) => cmp(x.name ?? a, y.name ?? b))
      .map(([connectionId, c]) => {
        const group: ConnectionGroup = {
          connectionId,
          namespaces: [...c.ns.entries()]
            .sort(([a], [b]) => cmp(a, b))
            .map(([namespace, list]) => ({
              namespace,
              bookmarks: list.sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
            })),
        };
        if (c.name !== undefined) group.connectionName = c.name;
        return group;
      });
  }

  private async change(id: string, edit: (b: Bookmark) => Bookmark): Promise<Bookmark> {
    const all = this.list();
    const index = all.findIndex((b) => b.id === id);
    if (index < 0) throw new BookmarkNotFoundError(id);
    const next = v.parse(BookmarkSchema, edit(all[index]));
    all[index] = next;
    await this.save(all);
    return next;
  }

  private async save(all: Bookmark[]): Promise<void> {
    await this.storage.update(this.key, all);
    this.changed.fire();
  }
}

/** A Memento over a Map, for tests and for a store that lives only in memory. */
export class MemoryStorage implements KeyValueStorage {
  readonly map = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    // A Memento keeps JSON: a copy makes later edits of the caller's objects invisible, as in VS Code.
    if (value === undefined) this.map.delete(key);
    else this.map.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}
