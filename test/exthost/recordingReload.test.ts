// In the real extension host, through the test API's reload() (deactivate, activate again; in test
// mode the next activation revives the recording panels left open, as the workbench would): an
// imported recording's panel comes back by reading its file again — same id, same events, the same
// log name so the webview keeps its selection — while workspace state holds only its id and path;
// when the file is gone after a reload, the panel says so in its status instead of vanishing.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { InspectorTestApi } from '../../src/vscode/testApi';
import { testApi, until } from './support';

const WEBVIEW_BOOT_MS = 60_000;
const SECRET_VALUE = 'value-that-lives-only-in-the-file';

interface Snapshot {
  watchId?: string;
  logId?: string;
  reloaded?: boolean;
  lastSeq?: number;
  status?: { state: string; detail?: string; action?: string };
  recording?: { fileName: string; read: number; kept: number };
}

/** An export as "Export Events…" writes it: the header line, then canonical EJSON events. */
function recordingText(): string {
  const header = {
    format: 'change-stream-inspector.recording',
    version: 1,
    exportedAt: '2026-12-01T10:00:00.000Z',
    scope: { scope: 'collection', db: 'shop', coll: 'orders', connectionName: 'Reload test' },
    pipeline: [],
    options: { fullDocument: 'default', fullDocumentBeforeChange: 'off', showExpandedEvents: false },
    selection: { kind: 'all' },
    count: 3,
  };
  const event = (i: number, op: string) => ({
    _id: { _data: `82000000${i}` },
    operationType: op,
    clusterTime: { $timestamp: { t: 1764583200 + i, i: 1 } },
    ns: { db: 'shop', coll: 'orders' },
    documentKey: { _id: `order-${i}` },
    ...(op === 'insert' ? { fullDocument: { _id: `order-${i}`, note: SECRET_VALUE } } : {}),
    ...(op === 'update'
      ? { updateDescription: { updatedFields: { status: 'paid' }, removedFields: [], truncatedArrays: [] } }
      : {}),
  });
  return [header, event(1, 'insert'), event(2, 'insert'), event(3, 'update')].map((x) => JSON.stringify(x)).join('\n');
}

describe('a recording panel across a window reload', function () {
  this.timeout(240_000);
  let api: InspectorTestApi;
  const dir = mkdtempSync(join(tmpdir(), 'csi-recording-reload-'));
  const file = join(dir, 'orders.ndjson');

  const snapshots = (id: string): Snapshot[] =>
    api
      .recorded('webview')
      .map((t) => JSON.parse(t) as { method?: string; params?: Snapshot })
      .filter((m) => m.method === 'snapshot' && m.params?.watchId === id)
      .map((m) => m.params!);
  const saved = () => api.storedState().workspace['csi.openRecordings.v1'];

  before(async () => {
    api = await testApi();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    writeFileSync(file, recordingText());
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  let id: string;

  it('keeps only the recording’s id and file path in workspace state, never its events', async () => {
    const opened = await vscode.commands.executeCommand<string | undefined>('csi.openRecording', vscode.Uri.file(file));
    assert.equal(typeof opened, 'string');
    id = opened!;
    await until('the recording panel snapshot', () => snapshots(id).find((s) => s.recording), WEBVIEW_BOOT_MS);
    await until('the record saved', () => Array.isArray(saved()) && (saved() as unknown[]).length === 1);
    assert.deepEqual(saved(), [{ watchId: id, path: file }]);
    assert.ok(!JSON.stringify(api.storedState()).includes(SECRET_VALUE), 'no event content in stored state');
  });

  // Each activation has its own probe: after reload() api.recorded() holds only the new activation's messages.
  it('comes back after a reload by reading its file again: same id, same events, same log name', async () => {
    const before = snapshots(id).filter((s) => s.recording);
    const logId = before[before.length - 1].logId;
    await api.reload();
    const after = await until(
      'a snapshot of the reopened recording',
      () =>
        api
          .recorded('webview')
          .map((t) => JSON.parse(t) as { method?: string; params?: Snapshot })
          .find((m) => m.method === 'snapshot' && m.params?.watchId === id && m.params.recording)?.params,
      WEBVIEW_BOOT_MS,
    );
    assert.equal(after.reloaded, true);
    assert.equal(after.logId, logId, 'the same file gives the same log name, so the saved selection holds');
    assert.equal(after.lastSeq, 3);
    assert.deepEqual(
      { fileName: after.recording?.fileName, read: after.recording?.read, kept: after.recording?.kept },
      { fileName: 'orders.ndjson', read: 3, kept: 3 },
    );
    assert.match(String(after.status?.detail), /Recording from orders\.ndjson: 3 events/);
    assert.deepEqual(saved(), [{ watchId: id, path: file }], 'still remembered for the next reload');
    assert.ok(
      api.recorded('log').some((l) => l.includes('Reopened the recording') && l.includes('3 events')),
      'the log says it was read again',
    );
  });

  it('says plainly in the panel that the file is gone when it was deleted before a reload', async () => {
    rmSync(file);
    await api.reload();
    const after = await until(
      'a snapshot of the missing recording',
      () =>
        api
          .recorded('webview')
          .map((t) => JSON.parse(t) as { method?: string; params?: Snapshot })
          .find((m) => m.method === 'snapshot' && m.params?.watchId === id)?.params,
      WEBVIEW_BOOT_MS,
    );
    assert.equal(after.status?.state, 'stopped');
    assert.match(String(after.status?.detail), /could not be opened again after the window reload/);
    assert.match(String(after.status?.detail), /is not there any more \(moved or deleted\)/);
    assert.match(String(after.status?.action), /Open Recording/);
    assert.equal(after.lastSeq ?? 0, 0, 'no events from a file that is gone');
  });

  it('forgets the recording once its panel is closed', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the record dropped', () => Array.isArray(saved()) && (saved() as unknown[]).length === 0);
  });
});
