// Against a sandbox the test starts: the tree lists a saved connection's databases and collections,
// a watch started from a tree node receives the driver's writes, stopping or closing ends it, a
// restart continues from the last token, a planted password never gets out, and shutdown leaves
// no session or client behind.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MongoClient } from 'mongodb';
import ConnectionString from 'mongodb-connection-string-url';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import type { InspectorTestApi } from '../../src/vscode/testApi';
import type { CollectionNode, ConnectionNode, DatabaseNode } from '../../src/vscode/tree/nodes';
import { loadedRows, rowNamed, testApi, until } from './support';

const DB = 'exthost';
const COLL = 'items';
const PASSWORD = 'Planted-S3cret-pw-7Qx';

describe('watching a sandbox from the extension host', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  let client: MongoClient;
  let api: InspectorTestApi;
  let connection: ConnectionNode;
  let database: DatabaseNode;
  let collection: CollectionNode;

  const session = (id: string) => {
    const s = api.sessions().find((x) => x.id === id);
    assert.ok(s, `no session ${id}`);
    return s;
  };

  // Where the document with this _id sits in the watch's log (oldest first), once per event. The log
  // is what every view renders from; a hidden panel is sent its rows only when shown again.
  const seqsOf = (docId: string) => {
    const at: number[] = [];
    const ids = api.sessions().map((s) => s.id);
    for (const id of ids)
      api.eventKeys(id).forEach((key, i) => {
        if (key.includes(`'${docId}'`)) at.push(i);
      });
    return at;
  };

  before(async () => {
    api = await testApi();
    sandbox = await startSandbox({ port: 0 });
    client = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
  });

  after(async () => {
    await client?.close();
    await sandbox?.stop();
  });

  it('shows a connection added through the store, then its databases and collections once a document exists', async () => {
    const id = await api.addConnection('Exthost sandbox', sandbox.uri);
    const root = await loadedRows(api, undefined, 'the new connection in the tree', (rows) =>
      rows.some((r) => r.label === 'Exthost sandbox'),
    );
    const row = rowNamed(root, 'Exthost sandbox');
    assert.equal(row.contextValue, 'connection');
    connection = row.node as ConnectionNode;
    assert.equal(connection.connectionId, id);

    await client.db(DB).collection(COLL).insertOne({ sku: 'first', qty: 1 });
    await vscode.commands.executeCommand('csi.refresh', connection);
    const dbs = await loadedRows(api, connection, `database ${DB}`, (rows) => rows.some((r) => r.label === DB));
    const dbRow = rowNamed(dbs, DB);
    assert.equal(dbRow.contextValue, 'database');
    database = dbRow.node as DatabaseNode;

    const colls = await loadedRows(api, database, `collection ${COLL}`, (rows) => rows.some((r) => r.label === COLL));
    const collRow = rowNamed(colls, COLL);
    assert.equal(collRow.contextValue, 'collection');
    collection = collRow.node as CollectionNode;
  });

  it("streams the driver's writes into a watch started with the tree node, without asking anything", async () => {
    const id = await vscode.commands.executeCommand<string>('csi.watchCollection', collection);
    assert.equal(typeof id, 'string', 'csi.watchCollection returned no watch id (did it open a quick pick?)');
    assert.deepEqual(session(id).target, {
      connectionId: connection.connectionId,
      connectionName: 'Exthost sandbox',
      scope: 'collection',
      db: DB,
      coll: COLL,
    });
    await until(
      'the stream to open',
      () =>
        session(id).status.state === 'streaming' ||
        (session(id).status.state === 'failed' && assert.fail(JSON.stringify(session(id).status))),
    );

    await client
      .db(DB)
      .collection(COLL)
      .insertMany([{ sku: 'a' }, { sku: 'b' }]);
    await client
      .db(DB)
      .collection(COLL)
      .updateOne({ sku: 'a' }, { $set: { qty: 5 } });
    await until('three events in the watch', () => session(id).total >= 3);

    const colls = await api.treeChildren(database);
    assert.equal(rowNamed(colls, COLL).contextValue, 'collection.watching');
  });

  it('pauses, resumes and clears the watch through the tree commands', async () => {
    const id = api
      .sessions()
      .find((s) => s.target.coll === COLL && s.target.connectionId === connection.connectionId)?.id;
    assert.ok(id);
    await vscode.commands.executeCommand('csi.togglePause', collection);
    await until('the watch to pause', () => session(id).status.state === 'paused');
    await vscode.commands.executeCommand('csi.togglePause', collection);
    await until('the watch to stream again', () => session(id).status.state === 'streaming');
    assert.ok(session(id).total > 0);
    await vscode.commands.executeCommand('csi.clearEvents', collection);
    assert.equal(session(id).total, 0);
    await client.db(DB).collection(COLL).insertOne({ sku: 'after-clear' });
    await until('the event written after the clear', () => session(id).total === 1);
  });

  it('stops the session (and its cursor) on Stop Watch, so later writes are not received', async () => {
    const id = api
      .sessions()
      .find((s) => s.target.coll === COLL && s.target.connectionId === connection.connectionId)?.id;
    assert.ok(id);
    await vscode.commands.executeCommand('csi.stopWatch', collection);
    await until('the session to stop', () => session(id).status.state === 'stopped');
    const before = session(id).total;
    await client.db(DB).collection(COLL).insertOne({ sku: 'after-stop' });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(session(id).total, before);
    assert.equal(rowNamed(await api.treeChildren(database), COLL).contextValue, 'collection');
  });

  it('restarts a stopped watch from its last token: a document written while stopped arrives exactly once', async () => {
    const id = api
      .sessions()
      .find((s) => s.target.coll === COLL && s.target.connectionId === connection.connectionId)?.id;
    assert.ok(id);
    const restart = async () => {
      assert.equal(
        await vscode.commands.executeCommand<string>('csi.watchCollection', collection),
        id,
        'the restart made a new watch',
      );
      await until('the stream to reopen', () => session(id).status.state === 'streaming');
    };
    const coll = client.db(DB).collection<{ _id: string }>(COLL);
    await restart();
    await coll.insertOne({ _id: 'restart-before' });
    await until('the event written before the stop', () => seqsOf('restart-before').length === 1);

    await vscode.commands.executeCommand('csi.stopWatch', collection);
    await until('the session to stop', () => session(id).status.state === 'stopped');
    const before = session(id).total;
    await coll.insertOne({ _id: 'restart-while-stopped' });
    await restart();
    await coll.insertOne({ _id: 'restart-after' });
    await until('the event written after the restart', () => seqsOf('restart-after').length === 1);
    await new Promise((r) => setTimeout(r, 500));

    assert.equal(seqsOf('restart-while-stopped').length, 1, 'the document written while stopped was lost or repeated');
    assert.ok(seqsOf('restart-while-stopped')[0] < seqsOf('restart-after')[0], 'events arrived out of order');
    assert.equal(seqsOf('restart-before').length, 1, 'the restart replayed an event seen before the stop');
    assert.equal(session(id).total, before + 2);
    await vscode.commands.executeCommand('csi.stopWatch', collection);
    await until('the session to stop again', () => session(id).status.state === 'stopped');
  });

  it('restarts an invalidated watch after its invalidate (startAfter): a document written after the drop arrives exactly once', async () => {
    const DROPPED = 'dropped';
    const node: CollectionNode = {
      kind: 'collection',
      connectionId: connection.connectionId,
      connectionName: 'Exthost sandbox',
      db: DB,
      coll: DROPPED,
    };
    const coll = client.db(DB).collection<{ _id: string }>(DROPPED);
    await coll.insertOne({ _id: 'drop-first' });
    const id = await vscode.commands.executeCommand<string>('csi.watchCollection', node);
    await until('the stream to open', () => session(id).status.state === 'streaming');
    await coll.drop();
    await until(
      'the stream to be invalidated',
      () => session(id).status.state === 'stopped' && /invalidated/.test(session(id).status.detail ?? ''),
    );
    await coll.insertOne({ _id: 'drop-while-stopped' });

    assert.equal(
      await vscode.commands.executeCommand<string>('csi.watchCollection', node),
      id,
      'the restart made a new watch',
    );
    await until(
      'the stream to reopen',
      () =>
        session(id).status.state === 'streaming' ||
        (session(id).status.state === 'failed' && assert.fail(JSON.stringify(session(id).status))),
    );
    await coll.insertOne({ _id: 'drop-after' });
    await until('the event written after the restart', () => seqsOf('drop-after').length === 1);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(seqsOf('drop-while-stopped').length, 1, 'the document written after the drop was lost or repeated');
    assert.ok(seqsOf('drop-while-stopped')[0] < seqsOf('drop-after')[0], 'events arrived out of order');
    await vscode.commands.executeCommand('csi.stopWatch', node);
    await until('the watch to stop', () => session(id).status.state === 'stopped');
  });

  it('ends the watch when its panel is closed', async () => {
    const id = await vscode.commands.executeCommand<string>('csi.watchDatabase', database);
    await until('the database stream to open', () => session(id).status.state === 'streaming');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the watch to be gone', () => !api.sessions().some((s) => s.id === id));
  });

  it('never lets a planted password reach the log, the webview, messages, the tree or session errors', async () => {
    const cs = new ConnectionString(sandbox.uri);
    cs.username = 'inspector';
    cs.password = PASSWORD;
    const id = await vscode.commands.executeCommand<string>('csi.addConnection', {
      name: 'With password',
      uri: cs.toString(),
    });
    assert.equal(typeof id, 'string');
    const node: CollectionNode = {
      kind: 'collection',
      connectionId: id,
      connectionName: 'With password',
      db: DB,
      coll: COLL,
    };
    const watchId = await vscode.commands.executeCommand<string>('csi.watchCollection', node);
    await until(
      'the watch to settle',
      () => ['streaming', 'failed', 'stopped'].includes(session(watchId).status.state),
      30_000,
    );
    await until(
      'a snapshot posted to its panel',
      () => api.recorded('webview').some((m) => m.includes(watchId)),
      // A new panel's page loads in the browser before it asks for its snapshot: slow on a busy machine.
      60_000,
    );
    const treeRows = await loadedRows(
      api,
      { kind: 'connection', connectionId: id, connectionName: 'With password' },
      "the connection's children",
    );

    const seen = {
      log: api.recorded('log'),
      webview: api.recorded('webview'),
      message: api.recorded('message'),
      sessions: [JSON.stringify(api.sessions())],
      tree: [JSON.stringify(await api.treeChildren()), JSON.stringify(treeRows)],
    };
    assert.ok(
      seen.log.some((l) => l.includes('With password')),
      'the log never mentioned the connection: the check below would prove nothing',
    );
    for (const [where, lines] of Object.entries(seen)) {
      const leak = lines.find((l) => l.includes(PASSWORD) || l.includes(encodeURIComponent(PASSWORD)));
      assert.equal(leak, undefined, `the password leaked into ${where}: ${leak}`);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.removeConnection(id);
  });

  it('reports a watch that cannot open (standalone server) with its classified message and keeps no live session', async () => {
    const standalone = await startSandbox({ port: 0, standalone: true });
    try {
      const id = await vscode.commands.executeCommand<string>('csi.addConnection', {
        name: 'Standalone',
        uri: standalone.uri,
      });
      const node: CollectionNode = {
        kind: 'collection',
        connectionId: id,
        connectionName: 'Standalone',
        db: DB,
        coll: COLL,
      };
      const watchId = await vscode.commands.executeCommand<string>('csi.watchCollection', node);
      const status = session(watchId).status;
      assert.equal(status.state, 'failed', `expected failed, got ${JSON.stringify(status)}`);
      assert.equal(status.error?.serverCode, 40573);
      await until('the error message shown to the person', () =>
        api
          .recorded('message')
          .some((m) => m.includes('Could not watch') && m.includes(status.error?.message ?? '\u0000')),
      );
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await until('the failed watch to be gone with its panel', () => !api.sessions().some((s) => s.id === watchId));
      await api.removeConnection(id);
    } finally {
      await standalone.stop();
    }
  });

  it('starts the built-in Sandbox on first watch and streams its demo traffic', async () => {
    const node = { kind: 'database', connectionId: 'sandbox', connectionName: 'Sandbox', db: 'shop' };
    const id = await vscode.commands.executeCommand<string>('csi.watchDatabase', node);
    assert.ok(api.sandboxUri(), 'the sandbox did not start');
    await until('demo traffic events', () => session(id).status.state === 'streaming' && session(id).total > 0, 20_000);
    const root = await api.treeChildren();
    assert.equal(rowNamed(root, 'Sandbox').contextValue, 'connection.sandbox');
    const dbs = await loadedRows(api, rowNamed(root, 'Sandbox').node, 'the sandbox databases', (rows) =>
      rows.some((r) => r.label === 'shop'),
    );
    assert.equal(rowNamed(dbs, 'shop').contextValue, 'database.watching');
  });

  it('shuts down (as on deactivation) with no session live and no client open', async () => {
    const id = await vscode.commands.executeCommand<string>('csi.watchCollection', collection);
    await until('the stream to reopen', () => session(id).status.state === 'streaming');
    assert.ok(api.openClients() > 0);
    await api.shutdown();
    assert.deepEqual(
      api.sessions().filter((s) => ['opening', 'streaming', 'paused', 'reconnecting'].includes(s.status.state)),
      [],
    );
    assert.equal(api.openClients(), 0);
    assert.equal(api.sandboxUri(), undefined);
  });
});
