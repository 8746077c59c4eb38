// The inspector webview's HTML shell: a strict CSP with a per-load crypto nonce, resources only
// from dist/webview and media. Database content never goes through here: it arrives as messages.
import * as vscode from 'vscode';
import { newNonce } from '../ids';

export const INSPECTOR_VIEW_TYPE = 'csi.inspector';

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // No find widget: the list is virtual, so a page find sees only its rendered window. Ctrl/Cmd+F
    // reaches the webview instead and focuses the quick filter, which searches the whole buffer.
    enableFindWidget: false,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
      vscode.Uri.joinPath(extensionUri, 'media'),
    ],
  };
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function inspectorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = newNonce();
  const asset = (...parts: string[]): string =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${asset('dist', 'webview', 'codicon.css')}">
<title>${escapeAttribute(title)}</title>
</head>
<body>
<csi-inspector></csi-inspector>
<script type="module" nonce="${nonce}" src="${asset('dist', 'webview', 'inspector.js')}"></script>
</body>
</html>`;
}
