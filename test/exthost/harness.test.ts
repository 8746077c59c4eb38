// Proves the harness itself: this file runs inside the real extension host with the vscode API,
// and the extension under development is the one loaded from this repository.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('the extension-host harness', () => {
  it('runs inside VS Code 1.100 with the extension under development registered', () => {
    assert.match(vscode.version, /^1\.100\./);
    const ext = vscode.extensions.getExtension('change-stream-inspector.change-stream-inspector');
    assert.ok(ext, 'extension change-stream-inspector.change-stream-inspector is not registered');
    assert.equal(ext.packageJSON.name, 'change-stream-inspector');
  });
});
