// In the real extension host, against a sandbox the test starts: with field masking set (no reload),
// a watch's events are exported by Export Events to NDJSON (header first, masked values only), Open
// Recording shows the file in a read-only panel through the same panel host, and a file with a bad
// line still opens with the line named.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { MongoClient } from 'mongodb';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import type { InspectorTestApi } from '../../src/vscode/testApi';
import type { CollectionNode } from '../../src/vscode/tree/nodes';
import { testApi, until } from './support';

const SSN = '123-45-6789';
const CARD = '4111111111111111';
/** A new panel's webview says ready only once it has loaded: slow on a loaded machine. */
const WEBVIEW_BOOT_MS = 60_000;

describe('export and open a recording in the extension host', function () {
  this.timeout(180_000);
  let sandbox: Sandbox;
  let client: MongoClient;
  let api: InspectorTestApi;
  const dir = mkdtempSync(join(tmpdir(), 'csi-recording-'));
  const settings = () => vscode.workspace.getConfiguration('changeStreamInspector');

  const snapshots = () =>
    api
      .recorded('webview')
      .map((t) => JSON.parse(t) as { method?: string; params?: Record<string, unknown> })
      .filter((m) => m.method === 'snapshot')
      .map((m) => m.params ?? {});

  before(async () => {
    api = await testApi();
    sandbox = await startSandbox({ port: 0 });
    client = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
  });

  after(async () => {
    await settings().update('masking.fields', undefined, vscode.ConfigurationTarget.Global);
    await client?.close();
    await sandbox?.stop();
  });

  it('exports a masked watch to NDJSON: a header line, then the events, no masked value anywhere', async () => {
    await settings().update('masking.fields', ['**.ssn', 'payment.card'], vscode.ConfigurationTarget.Global);
    const connectionId = await api.addConnection('Recording sandbox', sandbox.uri);
    await client.db('rec').collection('people').insertOne({ name: 'seed' });
    const node: CollectionNode = {
      kind: 'collection',
      connectionId,
      connectionName: 'Recording sandbox',
      db: 'rec',
      coll: 'people',
    };
    const id = await vscode.commands.executeCommand<string>('csi.watchCollection', node);
    const session = () => api.sessions().find((s) => s.id === id);
    await until('the stream to open', () => session()?.status.state === 'streaming');
    const people = client.db('rec').collection('people');
    await people.insertOne({ name: 'Ada', ssn: SSN, payment: { card: CARD, amount: 3 } });
    await people.updateOne({ name: 'Ada' }, { $set: { name: 'Ada L.' } });
    await until('two events', () => (session()?.total ?? 0) >= 2);
    await until('the panel snapshot with masking on', () =>
      snapshots().some((s) => JSON.stringify(s.masking ?? {}).includes('**.ssn')),
    );

    const file = vscode.Uri.file(join(dir, 'people.ndjson'));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('csi.exportEvents', {
      file,
      format: 'ndjson',
      quiet: true,
    });
    assert.equal(written?.fsPath, file.fsPath);
    const text = readFileSync(file.fsPath, 'utf8');
    const lines = text.trim().split('\n');
    const header = JSON.parse(lines[0]) as Record<string, unknown>;
    assert.equal(header.format, 'change-stream-inspector.recording');
    assert.deepEqual(header.scope, {
      scope: 'collection',
      db: 'rec',
      coll: 'people',
      connectionName: 'Recording sandbox',
    });
    assert.deepEqual(header.masking, ['**.ssn', 'payment.card']);
    assert.equal(lines.length, 3);
    assert.deepEqual(
      lines.slice(1).map((l) => (JSON.parse(l) as { operationType: string }).operationType),
      ['insert', 'update'],
    );
    assert.ok(!text.includes(SSN) && !text.includes(CARD), 'masked values stay out of the export');
    assert.ok(!text.includes(sandbox.uri) && !text.includes('mongodb://'), 'no connection string');
    assert.ok(!api.recorded('webview').some((t) => t.includes(SSN) || t.includes(CARD)), 'nor in any panel message');
  });

  it('opens the export in a read-only panel: a recording snapshot, no pause/options/restart, not a watch', async () => {
    const before = api.sessions().length;
    const id = await vscode.commands.executeCommand<string | undefined>(
      'csi.openRecording',
      vscode.Uri.file(join(dir, 'people.ndjson')),
    );
    assert.equal(typeof id, 'string');
    const snap = await until(
      'the recording panel snapshot',
      () => snapshots().find((s) => s.watchId === id && s.recording !== undefined),
      WEBVIEW_BOOT_MS,
    );
    assert.deepEqual(snap.capabilities, { pause: false, options: false, restart: false });
    assert.deepEqual(snap.recording, {
      fileName: 'people.ndjson',
      exportedAt: (snap.recording as { exportedAt: string }).exportedAt,
      read: 2,
      kept: 2,
      problems: 0,
      masking: ['**.ssn', 'payment.card'],
    });
    assert.equal((snap.status as { state: string }).state, 'stopped');
    assert.match(String((snap.status as { detail?: string }).detail), /Recording from people\.ndjson: 2 events/);
    assert.equal(snap.lastSeq, 2);
    assert.equal(api.sessions().length, before, 'a recording is not a watch (no session, nothing in the tree)');
  });

  it('opens a file with a corrupt line, names the line, and loads the rest', async () => {
    const good = readFileSync(join(dir, 'people.ndjson'), 'utf8').trim().split('\n');
    const broken = join(dir, 'broken.ndjson');
    writeFileSync(broken, [good[0], good[1], '{"operationType": "insert", oops', good[2]].join('\n'));
    const id = await vscode.commands.executeCommand<string | undefined>('csi.openRecording', vscode.Uri.file(broken));
    assert.equal(typeof id, 'string');
    const snap = await until(
      'the broken recording snapshot',
      () => snapshots().find((s) => s.watchId === id && s.recording !== undefined),
      WEBVIEW_BOOT_MS,
    );
    assert.equal((snap.recording as { read: number; problems: number }).read, 2);
    assert.equal((snap.recording as { problems: number }).problems, 1);
    await until('the warning naming line 3', () =>
      api
        .recorded('message')
        .some((m) => /broken\.ndjson with 2 events; 1 line\(s\) could not be read \(Line 3:/.test(m)),
    );
  });
});
