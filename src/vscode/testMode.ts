// Whether the extension runs under a test runner: only then does it keep the message probe and hand
// out the test API. In production nothing keeps copies of webview messages or log lines.
import * as vscode from 'vscode';

/** Set by scripts/run-exthost-tests.mjs and the E2E runner for runs where VS Code reports Production. */
export const TEST_MODE_ENV = 'CSI_TEST_MODE';

export function isTestMode(context: Pick<vscode.ExtensionContext, 'extensionMode'>): boolean {
  return context.extensionMode === vscode.ExtensionMode.Test || process.env[TEST_MODE_ENV] === '1';
}
