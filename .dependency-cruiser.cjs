// The layer rules of docs/architecture.md, checked by `npm run depcruise` (a stage of `npm test`).

// The sandbox's folders, each with the folders it may import (bottom first). base holds values,
// errors/codes, raw BSON and the cluster clock; the entry files (index.ts, cli.ts, demo.ts) wire
// everything together, e.g. hand the command table to the server so server never imports commands.
const SANDBOX_LAYERS = {
  base: [],
  wire: ['base'],
  query: ['base'],
  storage: ['base', 'query'],
  changestream: ['base', 'query', 'storage'],
  server: ['base', 'wire', 'query', 'storage', 'changestream'],
  commands: ['base', 'wire', 'query', 'storage', 'changestream', 'server'],
};
const sandboxLayerRules = Object.entries(SANDBOX_LAYERS).map(([folder, allowed]) => ({
  name: `sandbox-layer-${folder}`,
  severity: 'error',
  comment: `src/sandbox/${folder} may import only ${allowed.length ? allowed.join(', ') : 'bson/mingo/Node'} inside the sandbox.`,
  from: { path: `^src/sandbox/${folder}/` },
  to: { path: '^src/sandbox/', pathNot: `^src/sandbox/(${[folder, ...allowed].join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...sandboxLayerRules,
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle means two modules are one concept or a lower layer reaches up.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-free-of-vscode',
      severity: 'error',
      comment: 'src/core is a plain Node library: no vscode, no glue, no sandbox.',
      from: { path: '^src/core/' },
      to: { path: '^(vscode$|src/vscode/|src/sandbox/|src/extension)' },
    },
    {
      name: 'core-free-of-protocol',
      severity: 'error',
      comment: 'The wire contract is not the domain model: src/core defines its own types; the glue maps.',
      from: { path: '^src/core/' },
      to: { path: '^src/shared/protocol' },
    },
    {
      name: 'webview-browser-only',
      severity: 'error',
      comment: 'The webview is browser code: no vscode, driver, bson, mingo, host code or Node built-ins.',
      from: { path: '^webview/' },
      to: {
        path: '^(vscode$|src/(core|vscode|sandbox)/|src/extension)|node_modules/(mongodb|bson|mingo|mongodb-connection-string-url)/',
      },
    },
    {
      name: 'webview-no-node-builtins',
      severity: 'error',
      from: { path: '^webview/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'sandbox-standalone',
      severity: 'error',
      comment: 'The sandbox is its own program (and CLI): it never imports the extension or its core.',
      from: { path: '^src/sandbox/' },
      to: { path: '^(vscode$|src/(core|vscode|shared)/|src/extension)' },
    },
    {
      name: 'protocol-is-plain-data',
      severity: 'error',
      comment: 'The host/webview protocol is imported by both sides: no vscode, driver, DOM-only or host code.',
      from: { path: '^src/shared/' },
      to: { path: '^(vscode$|src/(core|vscode|sandbox)/|src/extension)|node_modules/(mongodb|bson|mingo)/' },
    },
    {
      name: 'protocol-no-node-builtins',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-test-code-in-product',
      severity: 'error',
      from: { path: '^(src|webview)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|out|node_modules|\\.vscode-test)/' },
  },
};
