// Entry of the inspector webview bundle: registers the components and connects <csi-inspector> to the host.
// Components only some sessions use (the options form) are lazy chunks the app imports on first use.
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import './app/inspector-app';
import type { InspectorApp } from './app/inspector-app';
import { HostBridge } from './shared/host-bridge';

// The page itself gets a full-height, unpadded body (VS Code pads webview bodies by default). A constructed
// stylesheet, not a <style> element or style attribute, so the strict CSP needs no 'unsafe-inline'.
function fillViewport(): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

function start(): void {
  fillViewport();
  const bridge = new HostBridge(acquireVsCodeApi());
  let app = document.querySelector('csi-inspector');
  if (!app) app = document.body.appendChild(document.createElement('csi-inspector'));
  (app as InspectorApp).connect(bridge);
}

start();
