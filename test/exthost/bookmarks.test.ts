// Bookmarks in the real extension host against a sandbox the test starts: bookmark event k of N,
// stop, write more, resume from the bookmark with the command → exactly events k+1.. in order; start
// at a chosen time → the events from then on; export / import round trip through a file (bad entries
// reported, good kept); follow mode continues a closed watch after its last event.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { MongoClient, type Collection } from 'mongodb';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import type { InspectorTestApi } from '../../src/vscode/testApi';
import type { CollectionNode } from '../../src/vscode/tree/nodes';
import { testApi, until } from './support';

const DB = 'exthost_bm';
const NAME = 'Bookmarks sandbox';

describe('bookmarks from the extension host', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let client: MongoClient;
  let api: InspectorTestApi;
  let connectionId: string;
  const dir = mkdtempSync(join(tmpdir(), 'csi-bookmarks-'));

  const node = (coll: string): CollectionNode => ({
    kind: 'collection',
    connectionId,
    connectionName: NAME,
    db: DB,
    coll,
  });
  const session = (id: string) => {
    const s = api.sessions().find((x) => x.id === id);
    assert.ok(s, `no session ${id}`);
    return s;
  };
  const ids = (watchId: string) => api.eventKeys(watchId).map((k) => /'([^']+)'/.exec(k)?.[1] ?? k);
  const write = async (c: Collection<{ _id: string }>, prefix: string, from: number, to: number) => {
    for (let k = from; k <= to; k++) await c.insertOne({ _id: `${prefix}-${k}` });
  };
  const range = (prefix: string, a: number, b: number) =>
    Array.from({ length: b - a + 1 }, (_, k) => `${prefix}-${a + k}`);
  const watch = async (coll: string): Promise<string> => {
    const id = await vscode.commands.executeCommand<string>('csi.watchCollection', node(coll));
    await until('the stream to open', () => session(id).status.state === 'streaming');
    return id;
  };
  const stop = async (coll: string, id: string) => {
    await vscode.commands.executeCommand('csi.stopWatch', node(coll));
    await until('the watch to stop', () => session(id).status.state === 'stopped');
  };
  /** Waits until the watch holds exactly `expected`, then a little longer to see nothing more arrives. */
  const exactly = async (watchId: string, expected: string[], what: string) => {
    await until(what, () => ids(watchId).length >= expected.length);
    await new Promise((r) => setTimeout(r, 800));
    assert.deepEqual(ids(watchId), expected, what);
  };

  before(async () => {
    api = await testApi();
    sandbox = await startSandbox({ port: 0 });
    client = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    connectionId = await api.addConnection(NAME, sandbox.uri);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await client?.close();
    await sandbox?.stop();
  });

  it('bookmark event k of N, stop, write more, resume from the bookmark: exactly events k+1.. in order', async () => {
    const coll = client.db(DB).collection<{ _id: string }>('items');
    await coll.insertOne({ _id: 'seed' });
    const watchId = await watch('items');
    await write(coll, 'n', 1, 10);
    await exactly(watchId, range('n', 1, 10), 'the ten numbered events');

    const k = 4;
    const bookmarkId = await vscode.commands.executeCommand<string>('csi.bookmarkEvent', {
      watchId,
      seq: k, // a fresh watch numbers its events from 1
      label: 'before n-5',
      note: 'the bug starts after this insert',
    });
    assert.equal(typeof bookmarkId, 'string', 'csi.bookmarkEvent made no bookmark');

    await stop('items', watchId);
    await write(coll, 'n', 11, 15);
    const r = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('csi.resumeFromBookmark', {
      id: bookmarkId,
    });
    assert.equal(r?.ok, true, r?.message);
    await exactly(watchId, range('n', 5, 15), 'the events after the bookmark, once each, in order');

    // The Bookmarks view: connection → namespace → the bookmark, with its operation and key.
    const [conn] = await api.bookmarkRows();
    assert.equal(conn.label, NAME);
    const [ns] = await api.bookmarkRows(conn.node);
    assert.equal(ns.label, `${DB}.items`);
    const rows = await api.bookmarkRows(ns.node);
    const row = rows.find((x) => x.label === 'before n-5');
    assert.ok(row, `no bookmark row among ${rows.map((x) => x.label).join(', ')}`);
    assert.equal(row.contextValue, 'bookmark');
    assert.match(row.description ?? '', /insert _id: 'n-4'/);
  });

  it('starts a watch at a chosen time: the events from that second on, none before', async () => {
    const coll = client.db(DB).collection<{ _id: string }>('timed');
    await coll.insertOne({ _id: 'early-0' });
    const watchId = await watch('timed');
    await write(coll, 'early', 1, 3);
    await until('the early events', () => ids(watchId).length === 3);
    // The chosen second must hold only the later writes.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 30));
    const chosen = new Date().toISOString();
    await write(coll, 'late', 1, 3);
    await until('the late events', () => ids(watchId).length === 6);

    const r = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>(
      'csi.startAtTime',
      { watchId },
      { at: chosen },
    );
    assert.equal(r?.ok, true, r?.message);
    await exactly(watchId, range('late', 1, 3), 'only the events from the chosen time');

    const future = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>(
      'csi.startAtTime',
      { watchId },
      { at: new Date(Date.now() + 3_600_000).toISOString() },
    );
    assert.equal(future?.ok, false);
    assert.match(future?.message ?? '', /in the future/);
    assert.equal(session(watchId).status.state, 'streaming', 'a refused time leaves the watch running');
  });

  it('exports to a file and imports it back; a damaged entry is reported and the good ones kept', async () => {
    const file = join(dir, 'bookmarks.json');
    const exported = await vscode.commands.executeCommand<{ count: number }>('csi.exportBookmarks', { path: file });
    assert.ok(exported && exported.count >= 1, 'nothing exported');
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes(sandbox.uri), 'the export names no connection string');
    const saved = JSON.parse(text) as { bookmarks: { id: string; label: string }[] };
    const ours = saved.bookmarks.find((b) => b.label === 'before n-5');
    assert.ok(ours);

    const deleted = await vscode.commands.executeCommand<boolean>('csi.deleteBookmark', { id: ours.id });
    assert.equal(deleted, true);
    const damaged = join(dir, 'damaged.json');
    writeFileSync(
      damaged,
      JSON.stringify({ ...saved, bookmarks: [...saved.bookmarks, { ...ours, id: 'bad-one', token: { _data: 'zz' } }] }),
    );
    const r = await vscode.commands.executeCommand<{
      ok: boolean;
      added: number;
      skipped: number;
      rejected: { index: number }[];
    }>('csi.importBookmarks', { path: damaged });
    assert.equal(r?.ok, true);
    assert.equal(r.added, 1, 'the deleted bookmark came back');
    assert.equal(r.skipped, saved.bookmarks.length - 1, 'the others were already here');
    assert.deepEqual(
      r.rejected.map((x) => x.index),
      [saved.bookmarks.length],
    );
    await until('the imported bookmark in the view', async () => {
      const [conn] = await api.bookmarkRows();
      const [ns] = conn ? await api.bookmarkRows(conn.node) : [];
      return ns && (await api.bookmarkRows(ns.node)).some((x) => x.label === 'before n-5');
    });
  });

  it('follow mode: a closed watch opened again continues after the last event it saw', async () => {
    const coll = client.db(DB).collection<{ _id: string }>('followed');
    await coll.insertOne({ _id: 'f-0' });
    const first = await watch('followed');
    const on = await vscode.commands.executeCommand<boolean>('csi.followWatch', { watchId: first });
    assert.equal(on, true);
    await write(coll, 'f', 1, 3);
    await exactly(first, range('f', 1, 3), 'the followed events');
    await new Promise((r) => setTimeout(r, 1500)); // past the saver's throttle

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the closed panel to end its watch', () => !api.sessions().some((s) => s.id === first));
    await write(coll, 'f', 4, 6);
    const second = await watch('followed');
    assert.notEqual(second, first);
    await exactly(second, range('f', 4, 6), 'exactly the events written while it was closed');
    const rows = await api.bookmarkRows();
    const all = (await Promise.all(rows.map((c) => api.bookmarkRows(c.node)))).flat();
    const followedNs = all.find((x) => x.label === `${DB}.followed`);
    assert.ok(followedNs);
    const [follow] = await api.bookmarkRows(followedNs.node);
    assert.equal(follow.contextValue, 'bookmark.follow');
    assert.match(follow.description ?? '', /following/);
  });

  it('renames, notes, copies the token of and deletes a bookmark from its commands', async () => {
    const coll = client.db(DB).collection<{ _id: string }>('edited');
    await coll.insertOne({ _id: 'e-0' });
    const watchId = await watch('edited');
    await write(coll, 'e', 1, 1);
    await until('one event', () => ids(watchId).length === 1);
    const id = await vscode.commands.executeCommand<string>('csi.bookmarkEvent', { watchId, seq: 1, label: 'first' });
    const rowOf = async () => {
      const all = [];
      for (const c of await api.bookmarkRows())
        for (const n of await api.bookmarkRows(c.node)) all.push(...(await api.bookmarkRows(n.node)));
      return all.find((r) => (r.node as { id?: string }).id === id);
    };
    await vscode.commands.executeCommand('csi.renameBookmark', { id }, 'renamed');
    await vscode.commands.executeCommand('csi.editBookmarkNote', { id }, 'why it matters');
    assert.equal((await rowOf())?.label, 'renamed');
    const file = join(dir, 'edited.json');
    await vscode.commands.executeCommand('csi.exportBookmarks', { path: file });
    const saved = (JSON.parse(readFileSync(file, 'utf8')) as { bookmarks: { id: string; note?: string }[] }).bookmarks;
    assert.equal(saved.find((b) => b.id === id)?.note, 'why it matters');
    const copied = await vscode.commands.executeCommand<string>('csi.copyBookmarkToken', { id });
    assert.equal(await vscode.env.clipboard.readText(), copied);
    assert.match(copied, /^\{"_data":"[0-9A-F]+"\}$/);
    assert.equal(await vscode.commands.executeCommand<boolean>('csi.deleteBookmark', { id }), true);
    assert.equal(await rowOf(), undefined, 'the deleted bookmark is still in the view');
  });

  it('marks a bookmark expired once the oplog ring has dropped its history, and never tries its token', async () => {
    const tiny = await startSandbox({ port: 0, oplogSize: 20 });
    const tinyClient = new MongoClient(tiny.uri, { serverSelectionTimeoutMS: 5000 });
    try {
      await tinyClient.connect();
      const tinyId = await api.addConnection('Tiny oplog', tiny.uri);
      const c = tinyClient.db(DB).collection<{ _id: string }>('ring');
      await c.insertOne({ _id: 'r-0' });
      const tinyNode: CollectionNode = {
        kind: 'collection',
        connectionId: tinyId,
        connectionName: 'Tiny oplog',
        db: DB,
        coll: 'ring',
      };
      const watchId = await vscode.commands.executeCommand<string>('csi.watchCollection', tinyNode);
      await until('the stream to open', () => session(watchId).status.state === 'streaming');
      await write(c, 'r', 1, 3);
      await until('three events', () => ids(watchId).length === 3);
      const bookmarkId = await vscode.commands.executeCommand<string>('csi.bookmarkEvent', {
        watchId,
        seq: 1,
        label: 'overwritten soon',
      });
      await vscode.commands.executeCommand('csi.stopWatch', tinyNode);
      await until('the watch to stop', () => session(watchId).status.state === 'stopped');
      await write(c, 'r', 4, 40); // the ring of 20 entries wraps past the bookmark

      await vscode.commands.executeCommand('csi.checkBookmarkAges');
      const conn = (await api.bookmarkRows()).find((r) => r.label === 'Tiny oplog');
      assert.ok(conn);
      const [ns] = await api.bookmarkRows(conn.node);
      const [row] = await api.bookmarkRows(ns.node);
      assert.equal(row.label, 'overwritten soon');
      assert.equal(row.contextValue, 'bookmark.expired');
      assert.match(row.description ?? '', /^expired · /);

      // Resuming says why and offers the ways on (the toast waits for a choice); the dead token is not tried.
      const before = api.recorded('message').length;
      void vscode.commands.executeCommand('csi.resumeFromBookmark', { id: bookmarkId });
      const said = await until('the expired message', () =>
        api
          .recorded('message')
          .slice(before)
          .find((m) => m.includes('286')),
      );
      assert.match(said, /older than the oldest oplog entry/);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(session(watchId).status.state, 'stopped', 'the watch was reopened with a token the server lost');
      await api.removeConnection(tinyId);
    } finally {
      await tinyClient.close();
      await tiny.stop();
    }
  });
});
