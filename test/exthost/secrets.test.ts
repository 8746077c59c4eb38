// A password planted in connection strings, in the real extension host: a connection that works, one
// whose password the server refuses (error 18) and one whose server is not there (server selection).
// Their watches run, fail and restart; then the log, every webview message, the notifications, the
// sessions' statuses and errors, the tree, globalState and workspaceState are grepped for the password
// in every form (test/helpers/secretGrep.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MongoClient } from 'mongodb';
import ConnectionString from 'mongodb-connection-string-url';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import type { InspectorTestApi } from '../../src/vscode/testApi';
import type { CollectionNode } from '../../src/vscode/tree/nodes';
import { assertNoSecret, grepSecret, PLANTED_PASSWORD } from '../helpers/secretGrep';
import { loadedRows, testApi, until } from './support';

const DB = 'secrets';
const COLL = 'orders';

describe('a planted password never leaves the secret store (extension host)', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let writer: MongoClient;
  let api: InspectorTestApi;
  const connectionIds: string[] = [];

  const withPassword = (uri: string, password: string) => {
    const cs = new ConnectionString(uri);
    cs.username = 'inspector';
    cs.password = password;
    return cs.toString();
  };
  const session = (id: string) => api.sessions().find((s) => s.id === id);

  before(async () => {
    api = await testApi();
    sandbox = await startSandbox({ port: 0, users: [{ user: 'inspector', password: PLANTED_PASSWORD }] });
    writer = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 5000 });
    await writer.connect();
    await writer
      .db(DB)
      .collection(COLL)
      .insertOne({ _id: 'seed' } as never);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const id of connectionIds) await api.removeConnection(id);
    await writer?.close();
    await sandbox?.stop();
  });

  const nodes = new Map<string, CollectionNode>();

  async function watch(name: string, uri: string): Promise<string> {
    const id = await vscode.commands.executeCommand<string>('csi.addConnection', { name, uri });
    assert.equal(typeof id, 'string', `csi.addConnection gave no id for ${name}`);
    connectionIds.push(id);
    const node: CollectionNode = { kind: 'collection', connectionId: id, connectionName: name, db: DB, coll: COLL };
    const watchId = await vscode.commands.executeCommand<string>('csi.watchCollection', node);
    assert.equal(typeof watchId, 'string');
    nodes.set(watchId, node);
    return watchId;
  }

  it('keeps the password out of logs, webview traffic, notifications, statuses, the tree and stored state', async () => {
    // 1. A connection that authenticates with the planted password and streams.
    const good = await watch('Planted good', withPassword(sandbox.uri, PLANTED_PASSWORD));
    await until('the good watch to stream', () => session(good)?.status.state === 'streaming', 30_000);
    await writer
      .db(DB)
      .collection(COLL)
      .insertMany([{ _id: 'a' }, { _id: 'b' }] as never[]);
    await until('two events', () => (session(good)?.total ?? 0) >= 2, 20_000);
    // The probe keeps the latest messages only: check the panel's snapshot arrived while it is recent.
    await until(
      'a snapshot posted to the good panel',
      () => api.recorded('webview').some((m) => m.includes(good)),
      60_000,
    );

    // 2. The planted password refused: the server says 18 and the watch fails with AUTH_FAILED.
    const refused = await watch('Planted refused', withPassword(sandbox.uri, `${PLANTED_PASSWORD}-wrong`));
    await until('the refused watch to fail', () => session(refused)?.status.state === 'failed', 30_000);
    assert.equal(session(refused)?.status.error?.code, 'AUTH_FAILED', JSON.stringify(session(refused)?.status));

    // 3. No server behind the port: the driver's server selection error (it names the host) after retries.
    const gone = await watch(
      'Planted gone',
      withPassword('mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=800&directConnection=true', PLANTED_PASSWORD),
    );
    await until(
      'the watch on a missing server to report its error',
      () => ['failed', 'reconnecting'].includes(session(gone)?.status.state ?? '') && session(gone)?.status.error,
      40_000,
    );

    // Stop and restart the good one: a second open from its token, more log lines and messages.
    await vscode.commands.executeCommand('csi.stopWatch', nodes.get(good));
    await until('the good watch to stop', () => session(good)?.status.state === 'stopped');
    await vscode.commands.executeCommand('csi.watchCollection', nodes.get(good));
    await until('the good watch to stream again', () => session(good)?.status.state === 'streaming', 30_000);
    const root = await loadedRows(api, undefined, 'the tree', (rows) => rows.some((r) => r.label === 'Planted gone'));

    const sources = {
      log: api.recorded('log'),
      webview: api.recorded('webview'),
      notifications: api.recorded('message'),
      sessions: api.sessions(),
      tree: root.map((r) => ({ label: r.label, description: r.description, contextValue: r.contextValue })),
      globalState: api.storedState().global,
      workspaceState: api.storedState().workspace,
    };
    // Each source must hold what it is about, or the grep below would pass on an empty channel.
    assert.ok(
      sources.log.some((l) => l.includes('Planted refused')),
      'the log names the refused connection',
    );
    assert.ok(
      sources.log.some((l) => l.includes('AUTH_FAILED')),
      'the log has the auth failure',
    );
    assert.ok(
      sources.log.some((l) => l.includes('Planted gone')),
      'the log names the missing server',
    );
    assert.ok(JSON.stringify(sources.globalState).includes('Planted good'), 'globalState holds the connections');
    assert.ok(JSON.stringify(sources.workspaceState).includes(good), 'workspaceState holds the open watch');
    assertNoSecret(sources);
    // The secret store itself does hold it (so the grep can find it where it is meant to be).
    assert.ok(
      grepSecret({ uri: withPassword(sandbox.uri, PLANTED_PASSWORD) }).length > 0,
      'the grep finds the password in a connection string',
    );
  });
});
