import { strict as assert } from 'node:assert';
import {
  type BookmarkScope,
  BOOKMARKS_KEY,
  BookmarkStore,
  MemoryStorage,
  bookmarkFromEvent,
  bookmarkFromPosition,
} from '../../../../src/core/bookmarks';
import { context, insertEvent } from './fixtures';

describe('BookmarkStore', () => {
  let storage: MemoryStorage;
  let store: BookmarkStore;
  beforeEach(() => {
    storage = new MemoryStorage();
    store = new BookmarkStore(storage);
  });

  it('adds, lists from storage, renames, edits and removes a note, and deletes', async () => {
    const ctx = context();
    const b = await store.add(bookmarkFromEvent(insertEvent(), ctx));
    assert.equal(new BookmarkStore(storage).list()[0].id, b.id, 'a second store over the same storage sees it');
    await store.rename(b.id, '  before the bug  ');
    await store.editNote(b.id, 'the order total goes negative here');
    assert.equal(store.get(b.id)?.label, 'before the bug');
    assert.equal(store.get(b.id)?.note, 'the order total goes negative here');
    await store.editNote(b.id, '   ');
    assert.equal(store.get(b.id)?.note, undefined);
    assert.equal(await store.delete(b.id), true);
    assert.equal(await store.delete(b.id), false);
    assert.deepEqual(store.list(), []);
  });

  it('refuses an empty label, an unknown id and a duplicate id', async () => {
    const b = await store.add(bookmarkFromEvent(insertEvent(), context()));
    await assert.rejects(store.rename(b.id, ' '), /needs a label/);
    await assert.rejects(store.rename('nope', 'x'), (e: { code?: string }) => e.code === 'BOOKMARK_NOT_FOUND');
    await assert.rejects(store.add(b), /already exists/);
  });

  it('fires onDidChange on every change', async () => {
    let fired = 0;
    store.onDidChange(() => fired++);
    const b = await store.add(bookmarkFromEvent(insertEvent(), context()));
    await store.rename(b.id, 'y');
    await store.delete(b.id);
    assert.equal(fired, 3);
  });

  it('groups by connection then namespace, newest first, sorted by name', async () => {
    let t = 0;
    const at = () => new Date(Date.UTC(2026, 11, 1, 12, 0, t++));
    const mk = (conn: string, name: string, scope: BookmarkScope, id: string) =>
      bookmarkFromPosition(
        { _data: '82612E8513000000012B0229296E04' },
        context({ connectionId: conn, connectionName: name, scope, newId: () => id, now: at }),
      );
    await store.addAll([
      mk('c2', 'Zeta', { kind: 'collection', db: 'shop', coll: 'orders' }, 'a'),
      mk('c1', 'Alpha', { kind: 'database', db: 'shop' }, 'b'),
      mk('c1', 'Alpha', { kind: 'collection', db: 'shop', coll: 'orders' }, 'c'),
      mk('c1', 'Alpha', { kind: 'collection', db: 'shop', coll: 'orders' }, 'd'),
      mk('c1', 'Alpha', { kind: 'deployment' }, 'e'),
    ]);
    const g = store.grouped();
    assert.deepEqual(
      g.map((c) => [c.connectionName, c.namespaces.map((n) => [n.namespace, n.bookmarks.map((b) => b.id)])]),
      [
        [
          'Alpha',
          [
            ['(deployment)', ['e']],
            ['shop', ['b']],
            ['shop.orders', ['d', 'c']],
          ],
        ],
        ['Zeta', [['shop.orders', ['a']]]],
      ],
    );
  });

  it('addAll skips ids already present, so importing the same file twice adds nothing', async () => {
    const b = bookmarkFromEvent(insertEvent(), context());
    assert.deepEqual(await store.addAll([b]), { added: 1, skipped: 0 });
    assert.deepEqual(await store.addAll([b, b]), { added: 0, skipped: 2 });
    assert.equal(store.list().length, 1);
  });

  it('ignores unreadable stored entries without deleting them, and counts them', async () => {
    const good = bookmarkFromEvent(insertEvent(), context());
    await storage.update(BOOKMARKS_KEY, [good, { id: 'x' }, 42, null]);
    assert.deepEqual(
      store.list().map((b) => b.id),
      [good.id],
    );
    assert.equal(store.dropped, 3);
    await storage.update(BOOKMARKS_KEY, 'garbage');
    assert.deepEqual(store.list(), []);
  });
});
