// In the real extension host: Run Change-Stream Doctor shows its report in the Markdown preview of a
// read-only virtual document (scheme csi-doctor), so no untitled or dirty document is left to save;
// the report's statuses are text symbols (no emoji a browser without an emoji font draws as boxes);
// a re-run on the same connection refreshes that same document; another connection gets its own.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';
import type { DoctorReport } from '../../src/core/doctor/model';
import type { InspectorTestApi } from '../../src/vscode/testApi';
import { testApi, until } from './support';

const EMOJI = /\p{Extended_Pictographic}/u;

describe('Change-Stream Doctor report in the extension host', function () {
  this.timeout(180_000);
  let api: InspectorTestApi;
  let replica: Sandbox;
  let standalone: Sandbox;
  let replicaId: string;
  let standaloneId: string;

  const doctorDocs = () => vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'csi-doctor');
  const tabLabels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
  const leftToSave = () =>
    vscode.workspace.textDocuments.filter((d) => d.isUntitled || d.isDirty).map((d) => d.uri.toString());

  before(async () => {
    api = await testApi();
    replica = await startSandbox({ port: 0 });
    standalone = await startSandbox({ port: 0, standalone: true });
    replicaId = await api.addConnection('Doctor replica', replica.uri);
    standaloneId = await api.addConnection('Doctor standalone', standalone.uri);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.removeConnection(replicaId).catch(() => undefined);
    await api.removeConnection(standaloneId).catch(() => undefined);
    await replica?.stop();
    await standalone?.stop();
  });

  const runDoctor = (connectionId: string, connectionName: string) =>
    vscode.commands.executeCommand<DoctorReport | undefined>('csi.runDoctor', {
      kind: 'connection',
      connectionId,
      connectionName,
    });

  it('shows the report in a Markdown preview of a read-only document: nothing untitled or dirty, no emoji', async () => {
    const report = await runDoctor(replicaId, 'Doctor replica');
    assert.equal(report?.checks.find((c) => c.id === 'topology')?.status, 'ok');
    await until('the preview tab', () => tabLabels().some((l) => l.includes('Doctor - Doctor replica.md')), 30_000);
    assert.deepEqual(leftToSave(), [], 'no untitled or dirty document after Run Doctor');
    assert.ok(!tabLabels().some((l) => /Untitled/.test(l)), tabLabels().join(' | '));
    const docs = doctorDocs();
    assert.equal(docs.length, 1);
    assert.equal(docs[0].languageId, 'markdown');
    const text = docs[0].getText();
    assert.match(text, /^# Change-Stream Doctor: Doctor replica/);
    assert.match(text, /✓ ok · Topology/);
    assert.match(text, /Oplog window/);
    assert.ok(!EMOJI.test(text), `an emoji in the report: ${EMOJI.exec(text)?.[0] ?? ''}`);
  });

  it('a failing check reads "✗ fail" with its recipe; each connection has its own report, a re-run refreshes it', async () => {
    const report = await runDoctor(standaloneId, 'Doctor standalone');
    assert.equal(report?.checks.find((c) => c.id === 'topology')?.status, 'fail');
    const standaloneDoc = await until('the standalone report', () =>
      doctorDocs().find((d) => d.getText().includes('Doctor: Doctor standalone')),
    );
    const text = standaloneDoc.getText();
    assert.match(text, /✗ fail · Topology/);
    assert.match(text, /40573/);
    assert.match(text, /--replSet rs0/);
    assert.ok(!EMOJI.test(text), `an emoji in the report: ${EMOJI.exec(text)?.[0] ?? ''}`);
    assert.equal(doctorDocs().length, 2, 'one report per connection');

    const replicaDoc = doctorDocs().find((d) => d.getText().includes('Doctor: Doctor replica'))!;
    // The report's text escapes Markdown punctuation (- and . here).
    const asMarkdown = (s: string) => s.replace(/[-.]/g, (c) => `\\${c}`);
    const first = replicaDoc.getText();
    await new Promise((r) => setTimeout(r, 20));
    const again = await runDoctor(replicaId, 'Doctor replica');
    assert.ok(again && !first.includes(asMarkdown(again.checkedAt)), 'a new run has a new time');
    await until('the same document to show the new run', () =>
      replicaDoc.getText().includes(`checked ${asMarkdown(again.checkedAt)}`),
    );
    assert.equal(doctorDocs().length, 2, 'a re-run reuses its document');
    assert.deepEqual(leftToSave(), []);
  });

  it('closing every editor leaves nothing behind and asks nothing', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('every tab closed', () => tabLabels().length === 0, 15_000);
    assert.deepEqual(leftToSave(), []);
  });
});
