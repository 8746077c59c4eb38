// The extension activates on its own commands and registers every command its manifest contributes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension, testApi } from './support';

describe('activation', function () {
  this.timeout(30_000);

  it('activates when one of its commands runs and hands back the test API', async () => {
    const api = await testApi();
    assert.equal(extension().isActive, true);
    assert.equal(typeof api.sessions, 'function');
    assert.ok(Array.isArray(api.sessions()));
  });

  it('registers every command the manifest contributes', async () => {
    const contributed = (extension().packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.length >= 12, `expected at least 12 contributed commands, got ${contributed.length}`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('writes what it did to its log channel', async () => {
    const api = await testApi();
    assert.ok(
      api.recorded('log').some((l) => l.includes('activated')),
      'no activation line in the log',
    );
  });
});
