// Opens and closes many watches with their panels in the real extension host and checks nothing is
// left behind: emitter listeners, owned disposables, sessions, panels and their bookkeeping, driver
// clients, the server's cursors and connections (the sandbox's $currentOp), and the heap (after gc,
// within a tolerance). LEAK_ROUNDS overrides the 200 rounds.
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import { MongoClient, type Document } from 'mongodb';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import type { InspectorTestApi } from '../../src/vscode/testApi';
import type { CollectionNode } from '../../src/vscode/tree/nodes';
import { testApi, until } from './support';

const ROUNDS = Number(process.env.LEAK_ROUNDS ?? 200);
const WRITER = 'csi-leak-writer';
// The extension's one client for this connection keeps a bounded pool that grows with concurrent
// operations, more when rounds are quick (runs here ended 3 → 4, 3 → 6, 5 → 7, and 5 → 12 on a quiet
// machine at 86 ms a round, over 200 rounds). A leaked connection per round grows with the rounds, so
// the check is that the second half of the rounds adds at most this many to what the first half left.
const CONNECTION_SLACK = 4;
/** Heap may differ by this much after gc (JIT code, caches); a leak of one panel per round is far more. */
const HEAP_TOLERANCE = 8 * 1024 * 1024;

function collectGarbage(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  // The extension host is not started with --expose-gc: turn it on and take gc from a fresh context.
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('no leaks over many watches and panels (extension host)', function () {
  this.timeout(1_200_000);
  let sandbox: Sandbox;
  let writer: MongoClient;
  let api: InspectorTestApi;
  let node: CollectionNode;
  const gc = collectGarbage();

  const session = (id: string) => api.sessions().find((s) => s.id === id);

  /** The server's view: open cursors and connections other than this test's own writer. */
  async function serverSide(): Promise<{ cursors: number; connections: number }> {
    const rows = (await writer
      .db('admin')
      .aggregate([{ $currentOp: { idleCursors: true, idleConnections: true, allUsers: true } }])
      .toArray()) as Document[];
    return {
      cursors: rows.filter((r) => r.type === 'idleCursor').length,
      connections: rows.filter((r) => r.type === 'op' && r.appName !== WRITER).length,
    };
  }

  function heapAfterGc(): number {
    for (let i = 0; i < 3; i++) gc();
    return process.memoryUsage().heapUsed;
  }

  async function openAndClose(i: number): Promise<void> {
    const id = await vscode.commands.executeCommand<string>('csi.watchCollection', node);
    await until(`round ${i}: the stream to open`, () => session(id)?.status.state === 'streaming', 30_000);
    if (i % 10 === 0) {
      await writer.db('leaks').collection('items').insertOne({ round: i });
      await until(`round ${i}: the event`, () => (session(id)?.total ?? 0) >= 1, 20_000);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until(`round ${i}: the watch to end`, () => !session(id), 30_000);
  }

  before(async () => {
    api = await testApi();
    sandbox = await startSandbox({ port: 0 });
    writer = new MongoClient(sandbox.uri, { appName: WRITER, serverSelectionTimeoutMS: 5000 });
    await writer.connect();
    await writer.db('leaks').collection('items').insertOne({ seed: true });
    const connectionId = await api.addConnection('Leak sandbox', sandbox.uri);
    node = { kind: 'collection', connectionId, connectionName: 'Leak sandbox', db: 'leaks', coll: 'items' };
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await writer?.close();
    await sandbox?.stop();
  });

  it(`returns listeners, disposables, sessions, panels, clients, cursors and heap to baseline after ${ROUNDS} watches`, async () => {
    // Warm up: the first watch loads the driver, connects the client and compiles the code paths.
    for (let i = 0; i < 3; i++) await openAndClose(-1 - i);
    await new Promise((r) => setTimeout(r, 1000));
    const base = api.liveObjects();
    const baseServer = await serverSide();
    const baseHeap = heapAfterGc();
    const started = Date.now();
    let midServer = baseServer;
    for (let i = 1; i <= ROUNDS; i++) {
      await openAndClose(i);
      if (i === Math.floor(ROUNDS / 2)) {
        await new Promise((r) => setTimeout(r, 1000));
        midServer = await serverSide();
      }
    }
    const perRound = (Date.now() - started) / ROUNDS;
    // Closing cursors and connections is asynchronous: give them a moment to settle, then compare.
    const end = await until(
      'the live counts to return to their baseline',
      () => {
        const now = api.liveObjects();
        return JSON.stringify(now) === JSON.stringify(base) ? now : undefined;
      },
      20_000,
    ).catch(() => api.liveObjects());
    const endServer = await until(
      'the server cursors and connections to return to their baseline',
      async () => {
        const now = await serverSide();
        return now.cursors <= baseServer.cursors && now.connections <= midServer.connections + CONNECTION_SLACK
          ? now
          : undefined;
      },
      20_000,
    ).catch(() => serverSide());
    const endHeap = heapAfterGc();
    console.log(
      `      leaks: ${ROUNDS} rounds, ${perRound.toFixed(0)} ms each; live ${JSON.stringify(base)} → ${JSON.stringify(end)}; ` +
        `server ${JSON.stringify(baseServer)} → ${JSON.stringify(midServer)} at half → ${JSON.stringify(await serverSide())}; ` +
        `heap ${(baseHeap / 1048576).toFixed(1)} → ${(endHeap / 1048576).toFixed(1)} MB`,
    );
    assert.deepEqual(end, base, 'listeners, disposables, sessions, panels and clients are back to baseline');
    assert.ok(endServer.cursors <= baseServer.cursors, `server cursors ${baseServer.cursors} → ${endServer.cursors}`);
    assert.ok(
      endServer.connections <= midServer.connections + CONNECTION_SLACK,
      `server connections ${baseServer.connections} → ${midServer.connections} after ${Math.floor(ROUNDS / 2)} rounds → ${endServer.connections} after ${ROUNDS}: they grow with the rounds`,
    );
    assert.ok(
      endHeap - baseHeap < HEAP_TOLERANCE,
      `heap grew ${((endHeap - baseHeap) / 1048576).toFixed(1)} MB over ${ROUNDS} rounds`,
    );
  });
});
