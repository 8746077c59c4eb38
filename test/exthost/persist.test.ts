// A window reload as the extension lives it (the test API's reload(): deactivate, then activate
// again): every watch with a panel, shown or hidden, one of them on the built-in Sandbox, reopens
// from its saved token while writes go on, so nothing is lost and nothing comes twice; the Sandbox
// comes back with its data on the same port and a token from before still resumes; its connection
// string is copied; its demo traffic rate is set or paused; the rate every view shows decays to 0;
// and Test Connection answers in one sentence.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MongoClient, type Document } from 'mongodb';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import type { InspectorTestApi } from '../../src/vscode/testApi';
import type { CollectionNode } from '../../src/vscode/tree/nodes';
import { testApi, until } from './support';

const DB = 'persist';

/** Writes { _id: 'coll-N' } one after another into each collection until stopped; retries through outages. */
function writer(uri: string, colls: string[]): { stop(): Promise<Record<string, number>> } {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 20_000 });
  const counts: Record<string, number> = Object.fromEntries(colls.map((c) => [c, 0]));
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (const c of colls) {
        const _id = `${c}-${counts[c]}`;
        for (;;) {
          try {
            await client.db(DB).collection<{ _id: string }>(c).insertOne({ _id });
            break;
          } catch (err) {
            // Written before the connection dropped: the retry finds it there.
            if ((err as { code?: number }).code === 11000) break;
            if (stopped) return;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        counts[c]++;
      }
      await new Promise((r) => setTimeout(r, 40));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await client.close();
      return counts;
    },
  };
}

const expected = (coll: string, n: number): string[] => Array.from({ length: n }, (_, i) => `_id: '${coll}-${i}'`);

describe('reload: watches and the Sandbox come back with nothing lost', function () {
  this.timeout(180_000);
  let api: InspectorTestApi;
  let external: Sandbox;
  let externalId: string;
  let sandboxUri: string;

  const watchNode = (connectionId: string, connectionName: string, coll: string): CollectionNode => ({
    kind: 'collection',
    connectionId,
    connectionName,
    db: DB,
    coll,
  });
  const streaming = (id: string) =>
    until(`watch ${id} streaming`, () => api.sessions().find((s) => s.id === id)?.status.state === 'streaming', 30_000);

  before(async () => {
    api = await testApi();
    external = await startSandbox({ port: 0 });
    externalId = await api.addConnection('Persist external', external.uri);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.removeConnection(externalId).catch(() => undefined);
    await external?.stop();
  });

  it('copies the Sandbox connection string (starting it) and shows it in the tree tooltip', async () => {
    const copied = await vscode.commands.executeCommand<string>('csi.copySandboxConnectionString');
    assert.match(copied, /^mongodb:\/\/127\.0\.0\.1:\d+\/\?replicaSet=rs0$/);
    assert.equal(await vscode.env.clipboard.readText(), copied);
    assert.equal(api.sandboxInfo().uri, copied);
    sandboxUri = copied;
    assert.ok(
      api.recorded('message').some((m) => m.startsWith(`Copied ${copied}`)),
      'a toast says what was copied',
    );
  });

  it('restores every watch (shown and hidden, one on the Sandbox) from its token while writes go on: no gap, no duplicate', async () => {
    // Three panels in one editor group: only the last opened is visible.
    const ids = [
      await vscode.commands.executeCommand<string>(
        'csi.watchCollection',
        watchNode(externalId, 'Persist external', 'a'),
      ),
      await vscode.commands.executeCommand<string>(
        'csi.watchCollection',
        watchNode(externalId, 'Persist external', 'b'),
      ),
      await vscode.commands.executeCommand<string>('csi.watchCollection', watchNode('sandbox', 'Sandbox', 's')),
    ];
    for (const id of ids) await streaming(id);
    const extWriter = writer(external.uri, ['a', 'b']);
    const sbxWriter = writer(sandboxUri, ['s']);
    await until('writes flowing into every watch', () => ids.every((id) => api.eventKeys(id).length >= 3), 20_000);

    const before = await api.reload();
    // Writes go on while the extension is down and while it comes back.
    await until(
      'every watch reopened and streaming again',
      () => ids.every((id) => api.sessions().find((s) => s.id === id)?.status.state === 'streaming'),
      40_000,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const counts = { ...(await extWriter.stop()), ...(await sbxWriter.stop()) };
    const colls = ['a', 'b', 's'];
    for (const [i, id] of ids.entries()) {
      const coll = colls[i];
      const want = expected(coll, counts[coll]);
      await until(
        `watch on ${coll} to hold all ${want.length} writes`,
        () =>
          [...(before[id] ?? []), ...api.eventKeys(id)].filter((k) => k.includes(`'${coll}-`)).length >= want.length,
        20_000,
      ).catch(() => undefined);
      const seen = [...(before[id] ?? []), ...api.eventKeys(id)].filter((k) => k.includes(`'${coll}-`));
      assert.ok((before[id] ?? []).length > 0, `the watch on ${coll} had events before the reload`);
      assert.ok(api.eventKeys(id).length > 0, `the watch on ${coll} received events after the reload`);
      assert.deepEqual(seen, want, `watch on ${coll}: events across the reload must be every write once, in order`);
    }
  });

  it('brings the Sandbox back with its data, on the same port, and a token from before still resumes', async () => {
    const info = api.sandboxInfo();
    assert.equal(info.uri, sandboxUri, 'the Sandbox listens on the same port after the reload');
    assert.ok(info.restored && info.restored.collections > 0 && info.restored.oplog > 0, JSON.stringify(info));
    const client = new MongoClient(sandboxUri, { serverSelectionTimeoutMS: 5000 });
    try {
      const coll = client.db(DB).collection<Document>('s');
      assert.ok((await coll.countDocuments()) > 0, 'the documents written before the reload are there');
      // A token taken now, then a full reload, then resuming from it: the next write arrives, once.
      const stream = coll.watch([]);
      await stream.tryNext();
      await coll.insertOne({ _id: 'token-0' } as never);
      const first = await stream.next();
      await stream.close();
      await coll.insertOne({ _id: 'token-1' } as never);
      await api.reload();
      await until('the Sandbox running again', () => api.sandboxInfo().uri, 30_000);
      const resumed = coll.watch([], { resumeAfter: first._id });
      const next = (await resumed.next()) as { documentKey?: { _id?: unknown } };
      await resumed.close();
      assert.equal(next.documentKey?._id, 'token-1');
    } finally {
      await client.close();
    }
  });

  it('sets and pauses the demo traffic; the rate every view shows decays to 0 when paused or stopped', async () => {
    assert.equal(await vscode.commands.executeCommand('csi.setSandboxDemoRate', 10), 10);
    assert.equal(api.sandboxInfo().demoRate, 10);
    assert.equal(vscode.workspace.getConfiguration('changeStreamInspector').get('sandbox.demoTrafficRate'), 10);
    const id = await vscode.commands.executeCommand<string>('csi.watchCollection', {
      ...watchNode('sandbox', 'Sandbox', 'orders'),
      db: 'shop',
    });
    await streaming(id);
    await until('a positive rate while demo writes flow', () => api.rate(id) > 0, 20_000);

    await vscode.commands.executeCommand('csi.togglePause', { watchId: id });
    await until('paused', () => api.sessions().find((s) => s.id === id)?.status.state === 'paused', 10_000);
    assert.equal(api.rate(id), 0, 'a paused watch shows no rate');
    await vscode.commands.executeCommand('csi.togglePause', { watchId: id });
    await streaming(id);

    assert.equal(await vscode.commands.executeCommand('csi.setSandboxDemoRate', 0), 0);
    assert.equal(api.sandboxInfo().demoRate, 0);
    await until('the rate to decay to 0 once the demo writes stop', () => api.rate(id) === 0, 15_000);
    // The panel is told too: the last rate it was sent is 0. A hidden panel is told only when shown
    // (its appends and rate ticks are held back), so show it: watching a live watch again reveals it.
    assert.equal(
      await vscode.commands.executeCommand<string>('csi.watchCollection', {
        ...watchNode('sandbox', 'Sandbox', 'orders'),
        db: 'shop',
      }),
      id,
    );
    await until(
      'the panel to be sent a rate of 0',
      () => {
        const rates = api
          .recorded('webview')
          .map((t) => JSON.parse(t) as { params?: { rate?: number; watchId?: string } })
          .filter((m) => typeof m.params?.rate === 'number')
          .map((m) => m.params!.rate!);
        return rates.length > 0 && rates[rates.length - 1] === 0;
      },
      20_000,
    );
    await vscode.commands.executeCommand('csi.stopWatch', { watchId: id });
    assert.equal(api.rate(id), 0, 'a stopped watch shows no rate');
    await vscode.commands.executeCommand('csi.setSandboxDemoRate', 2);
  });

  it('names the connection wherever two watches on one namespace from two connections are named; logs never show ids', async () => {
    const onExternal = await vscode.commands.executeCommand<string>(
      'csi.watchCollection',
      watchNode(externalId, 'Persist external', 'twin'),
    );
    const onSandbox = await vscode.commands.executeCommand<string>(
      'csi.watchCollection',
      watchNode('sandbox', 'Sandbox', 'twin'),
    );
    assert.notEqual(onExternal, onSandbox);
    await streaming(onExternal);
    await streaming(onSandbox);
    const tabLabels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    // A new panel's tab shows up in the tab model a moment after its watch streams.
    await until('both panels have tabs', () => {
      const t = tabLabels();
      return t.includes('persist.twin · Persist external') && t.includes('persist.twin · Sandbox');
    });
    const tabs = tabLabels();
    assert.ok(tabs.includes('persist.twin · Persist external'), tabs.join(' | '));
    assert.ok(tabs.includes('persist.twin · Sandbox'), tabs.join(' | '));
    // The panel heading is the title sent in the snapshot. A hidden panel's webview only asks for its
    // snapshot once shown, so wait for the shown one (opened last); the other's tab is checked above.
    const titles = () =>
      new Set(
        api
          .recorded('webview')
          .map((t) => (JSON.parse(t) as { params?: { title?: string } }).params?.title)
          .filter((t): t is string => typeof t === 'string'),
      );
    await until('the shown panel got its snapshot', () => titles().has('persist.twin · Sandbox'), 30_000);
    assert.ok(titles().has('persist.twin · Sandbox'), [...titles()].join(' | '));
    const log = api.recorded('log');
    assert.ok(
      log.some((l) => l.includes('Persist external')),
      'log lines name the connection',
    );
    const leaks = log.filter((l) => l.includes(externalId));
    assert.deepEqual(leaks, [], 'log lines show the internal connection id');
  });

  it('tests a connection from its node in one sentence: reachable with version and topology, or what to check', async () => {
    const ok = await vscode.commands.executeCommand<{ ok: boolean; sentence: string }>('csi.testConnection', {
      kind: 'connection',
      connectionId: externalId,
      connectionName: 'Persist external',
    });
    assert.equal(ok.ok, true, ok.sentence);
    assert.match(ok.sentence, /^Reachable: MongoDB \d+\.\d+\S*, replica set "rs0"\. Change streams work here\.$/);
    assert.ok(api.recorded('message').some((m) => m === `"Persist external": ${ok.sentence}`));

    const port = external.port;
    await external.stop();
    const started = Date.now();
    const down = await vscode.commands.executeCommand<{ ok: boolean; sentence: string }>('csi.testConnection', {
      kind: 'connection',
      connectionId: externalId,
      connectionName: 'Persist external',
    });
    assert.equal(down.ok, false);
    assert.match(down.sentence, new RegExp(`127\\.0\\.0\\.1:${port} refused the connection\\. Check that mongod runs`));
    assert.ok(Date.now() - started < 4000, 'a refused port is told within a few seconds');
    external = await startSandbox({ port });
  });

  it('refuses a connection string with a bad port before saving, saying what to type', async () => {
    const id = await vscode.commands.executeCommand<string | undefined>('csi.addConnection', {
      name: 'Bad port',
      uri: 'mongodb://127.0.0.1:notaport/',
    });
    assert.equal(id, undefined);
    assert.ok(
      api.recorded('message').some((m) => /"notaport" after "127\.0\.0\.1:" is not a port/.test(m)),
      api.recorded('message').join('\n'),
    );
  });
});
