// Pipeline editing in the real extension host against a sandbox: "Edit Pipeline in Editor" opens a
// JavaScript document with an "Apply to watch" code lens; a broken pipeline gets a diagnostic at its
// place and is not applied (the watch keeps streaming); a good one filters the stream; history and
// "Copy Watch as Code" (no connection string in the code).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { MongoClient } from 'mongodb';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import type { InspectorTestApi } from '../../src/vscode/testApi';
import type { CollectionNode, DatabaseNode } from '../../src/vscode/tree/nodes';
import { loadedRows, rowNamed, testApi, until } from './support';

const DB = 'exthostPipeline';
const COLL = 'orders';

describe('pipeline editing in the extension host', function () {
  this.timeout(90_000);
  let sandbox: Sandbox;
  let client: MongoClient;
  let api: InspectorTestApi;
  let watchId: string;
  let doc: vscode.TextDocument;

  const session = () => {
    const s = api.sessions().find((x) => x.id === watchId);
    assert.ok(s, `no session ${watchId}`);
    return s;
  };
  before(async () => {
    api = await testApi();
    sandbox = await startSandbox({ port: 0 });
    client = new MongoClient(sandbox.uri, { serverSelectionTimeoutMS: 5000 });
    await client.connect();
    await client
      .db(DB)
      .collection(COLL)
      .insertOne({ _id: 'seed' as never, total: 1 });
    const id = await api.addConnection('Pipeline sandbox', sandbox.uri);
    const root = await loadedRows(api, undefined, 'the connection', (rows) =>
      rows.some((r) => r.label === 'Pipeline sandbox'),
    );
    const connection = rowNamed(root, 'Pipeline sandbox').node;
    await vscode.commands.executeCommand('csi.refresh', connection);
    const dbs = await loadedRows(api, connection, DB, (rows) => rows.some((r) => r.label === DB));
    const database = rowNamed(dbs, DB).node as DatabaseNode;
    const colls = await loadedRows(api, database, COLL, (rows) => rows.some((r) => r.label === COLL));
    const collection = rowNamed(colls, COLL).node as CollectionNode;
    watchId = (await vscode.commands.executeCommand<string>('csi.watchCollection', collection))!;
    assert.ok(id && watchId);
    await until('the stream to open', () => session().status.state === 'streaming');
  });

  after(async () => {
    await vscode.commands
      .executeCommand('workbench.action.revertAndCloseActiveEditor')
      .then(undefined, () => undefined);
    await client?.close();
    await sandbox?.stop();
  });

  it('opens the pipeline as a JavaScript document with an "Apply to watch" code lens', async () => {
    await vscode.commands.executeCommand('csi.editPipeline', { watchId });
    await until('the pipeline document', () => vscode.window.activeTextEditor?.document.languageId === 'javascript');
    doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.uri.scheme, 'untitled');
    assert.match(doc.getText(), /Change-stream pipeline for/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const apply = lenses.find((l) => l.command?.command === 'csi.applyPipelineDocument');
    assert.ok(apply, `lenses: ${lenses.map((l) => l.command?.title).join(', ')}`);
    assert.match(apply.command!.title, /Apply to watch/);
  });

  it('a broken pipeline gets a diagnostic at its place and is not applied; the watch keeps streaming', async () => {
    const editor = vscode.window.activeTextEditor!;
    const header = doc
      .getText()
      .split('\n')
      .filter((l) => l.startsWith('//')).length;
    await editor.edit((e) =>
      e.replace(
        new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)),
        doc.getText().split('\n').slice(0, header).join('\n') +
          "\n[\n  { $match: { total: { $gte: 100 } } },\n  { $out: 'x' }\n]\n",
      ),
    );
    await until('a diagnostic', () => vscode.languages.getDiagnostics(doc.uri).length > 0);
    const d = vscode.languages.getDiagnostics(doc.uri)[0]!;
    assert.equal(d.range.start.line, header + 2, 'on the $out line');
    assert.equal(doc.getText(d.range), '$out');
    assert.match(d.message, /\$out/);
    const applied = await vscode.commands.executeCommand<boolean>('csi.applyPipelineDocument', doc.uri);
    assert.equal(applied, false);
    assert.equal(session().status.state, 'streaming');
    // The panel is hidden behind the document (it gets a resync when shown): count in the session.
    const before = session().total;
    await client
      .db(DB)
      .collection(COLL)
      .insertOne({ _id: 'while-broken' as never, total: 5 });
    await until('the unfiltered stream to see it', () => session().total === before + 1);
  });

  it('a good pipeline applied from the document filters the stream', async () => {
    const editor = vscode.window.activeTextEditor!;
    const header = doc
      .getText()
      .split('\n')
      .filter((l) => l.startsWith('//')).length;
    await editor.edit((e) =>
      e.replace(
        new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)),
        doc.getText().split('\n').slice(0, header).join('\n') +
          "\n[\n  { $match: { 'fullDocument.total': { $gte: 100 } } }\n]\n",
      ),
    );
    await until('no diagnostics', () => vscode.languages.getDiagnostics(doc.uri).length === 0);
    const applied = await vscode.commands.executeCommand<boolean>('csi.applyPipelineDocument', doc.uri);
    assert.equal(applied, true);
    const before = session().total;
    await client
      .db(DB)
      .collection(COLL)
      .insertMany([
        { _id: 'small' as never, total: 3 },
        { _id: 'big' as never, total: 300 },
      ]);
    await until('the matching event', () => session().total === before + 1);
    await client
      .db(DB)
      .collection(COLL)
      .insertOne({ _id: 'big2' as never, total: 100 });
    await until('the second matching event', () => session().total === before + 2);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(session().total, before + 2, 'the non-matching insert was filtered on the server');
    assert.equal(session().status.state, 'streaming');
  });

  it('copies the watch as Node.js code with its pipeline, reading the URI from the environment', async () => {
    const r = await vscode.commands.executeCommand<{ copied: boolean; code?: string }>('csi.copyWatchAsCode', {
      watchId,
      language: 'node',
    });
    assert.equal(r.copied, true);
    const code = r.code ?? '';
    assert.match(code, /process\.env\.MONGODB_URI/);
    assert.match(code, /fullDocument\.total/);
    assert.match(code, /\$gte/);
    assert.ok(!code.includes(sandbox.uri), 'the connection string is not in the code');
    assert.match(code, new RegExp(`db\\(['"]${DB}['"]\\)`));
  });
});
