// Shared helpers for the extension-host tests: reach the activated extension's test API, poll for
// a condition, and read the tree the way the view renders it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InspectorTestApi, TreeRow } from '../../src/vscode/testApi';
import type { TreeNode } from '../../src/vscode/tree/nodes';

export const EXTENSION_ID = 'change-stream-inspector.change-stream-inspector';

export function extension(): vscode.Extension<InspectorTestApi> {
  const ext = vscode.extensions.getExtension<InspectorTestApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this extension host`);
  return ext;
}

/** Activates the extension the way a person would (by running one of its commands) and returns its API. */
export async function testApi(): Promise<InspectorTestApi> {
  const ext = extension();
  if (!ext.isActive) await vscode.commands.executeCommand('csi.showLog');
  assert.ok(ext.isActive, 'running csi.showLog did not activate the extension');
  return ext.exports;
}

export async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The rows under a node once its loading row is gone. */
export async function loadedRows(
  api: InspectorTestApi,
  node: TreeNode | undefined,
  what: string,
  accept: (rows: TreeRow[]) => boolean = () => true,
): Promise<TreeRow[]> {
  return until(
    what,
    async () => {
      const rows = await api.treeChildren(node);
      return rows.some((r) => r.node.kind === 'loading') || !accept(rows) ? undefined : rows;
    },
    20_000,
  );
}

export function rowNamed(rows: TreeRow[], label: string): TreeRow {
  const row = rows.find((r) => r.label === label);
  assert.ok(row, `no tree row "${label}" among ${rows.map((r) => `${r.label} [${r.contextValue}]`).join(', ')}`);
  return row;
}
