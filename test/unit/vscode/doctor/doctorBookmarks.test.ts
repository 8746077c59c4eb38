import { strict as assert } from 'node:assert';
import { BOOKMARKS_KEY, bookmarkFromPosition } from '../../../../src/core/bookmarks';
import { workspaceBookmarks } from '../../../../src/vscode/doctor/doctorBookmarks';
import { StorageKeys } from '../../../../src/vscode/storageKeys';

const token = (t: number) => ({
  _data: `82${t.toString(16).padStart(8, '0').toUpperCase()}000000012B042C0100296E5A1004AB0004`,
});
const bookmark = (id: string, connectionId: string, t: number, label: string) =>
  bookmarkFromPosition(token(t), {
    connectionId,
    scope: { kind: 'collection', db: 'shop', coll: 'orders' } as never,
    pipeline: [],
    options: {} as never,
    label,
    newId: () => id,
    now: () => new Date(0),
  });

function memento(value: unknown) {
  const data = new Map<string, unknown>([[StorageKeys.bookmarks, value]]);
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: async () => undefined };
}

describe('the doctor reads saved bookmarks from the workspace', () => {
  it('uses the bookmarks store key', () => {
    assert.equal(StorageKeys.bookmarks, BOOKMARKS_KEY);
  });

  it('lists the bookmarks of the checked connection with their cluster times', async () => {
    const stored = [bookmark('a', 'c1', 1_700_000_000, 'before deploy'), bookmark('b', 'c2', 1_700_000_100, 'other')];
    const list = await workspaceBookmarks(memento(stored)).list('c1');
    assert.deepEqual(list, [{ label: 'before deploy', clusterTime: { t: 1_700_000_000, i: 1 } }]);
  });

  it('gives none when nothing is saved, and skips entries it cannot read', async () => {
    assert.deepEqual(await workspaceBookmarks(memento(undefined)).list('c1'), []);
    const list = await workspaceBookmarks(memento([{ id: 'x', label: 42 }, bookmark('a', 'c1', 5, 'ok')])).list('c1');
    assert.deepEqual(
      list.map((b) => b.label),
      ['ok'],
    );
  });
});
