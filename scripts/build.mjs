// Builds the two bundles (extension host: node/cjs; inspector webview: browser/esm) with esbuild,
// copies the codicon font, and refuses a webview bundle that reaches for vscode, the driver or host code.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// The driver's optional peers: kept external so the driver's own try/require reports them as
// "not installed" for the few users who need them, instead of breaking the bundle.
const driverOptionalPeers = [
  'kerberos',
  '@mongodb-js/zstd',
  'snappy',
  'socks',
  'aws4',
  'mongodb-client-encryption',
  'gcp-metadata',
  '@aws-sdk/credential-providers',
  '@mongodb-js/kerberos',
];

/** Fails the webview build if it imports anything that must stay on the host side. */
const webviewBoundary = {
  name: 'webview-boundary',
  setup(build) {
    const banned = /^(vscode|mongodb|bson|mingo|mongodb-connection-string-url)(\/|$)|^node:/;
    build.onResolve({ filter: banned }, (args) => ({
      errors: [
        {
          text: `webview code must not import '${args.path}' (imported by ${relative(root, args.importer)}): the webview is browser-only and talks to the host through src/shared/protocol`,
        },
      ],
    }));
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = join(args.resolveDir, args.path);
      const rel = relative(root, target).split(sep).join('/');
      if (/^src\/(core|sandbox|vscode)(\/|$)/.test(rel) || rel === 'src/extension') {
        return {
          errors: [{ text: `webview code must not import host code '${rel}' (from ${relative(root, args.importer)})` }],
        };
      }
      return undefined;
    });
  },
};

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info', legalComments: 'linked' };

// Host side in lazy chunks: the activation path (dist/extension.js) holds only the glue and the core;
// the driver, bson, mingo, the connection-string library and the sandbox are bundles of their own
// that the code `require()`s on first use (a plain require of a file in the .vsix, no `await import`
// of a package, which broke the packaged extension before).
const lazyPackages = ['mongodb', 'bson', 'mingo', 'mongodb-connection-string-url'];
const lazyChunks = ['sandboxChunk', 'diffChunk', 'pipelineChunk', 'bookmarksChunk', 'errorsChunk'];
// Feature glue that activation does not run: src/extension.ts registers thin commands (and views)
// that require these on first use (src/vscode/chunks/lazyFeature.ts). They run inside the extension
// host only, next to the entry.
const glueChunks = [
  'doctorChunk',
  'recordingChunk',
  'bookmarksGlueChunk',
  'imageCommandsChunk',
  'commandsChunk',
  'panelHostChunk',
  'watchChunk',
  'pipelineGlueChunk',
];
// Modules whose state (counters, registries, classes checked with instanceof) must exist once per
// extension host: a chunk does not bundle its own copy but takes the entry's, which
// src/extension.ts exports as `sharedModules` under these keys.
const sharedModules = {
  emitter: 'src/core/emitter.ts',
  lifecycle: 'src/vscode/lifecycle.ts',
  recordedSource: 'src/core/recording/recordedSource.ts',
  diffEditor: 'src/vscode/diff/diffEditor.ts',
  recordingHandlers: 'src/vscode/panel/handlers/recording.ts',
  diffHandlers: 'src/vscode/panel/handlers/diff.ts',
  pipelineHandlers: 'src/vscode/panel/handlers/pipeline.ts',
};
const lib = (name) => join(root, 'dist/lib', `${name}.js`);
const chunk = (name) => join(root, 'dist/chunks', `${name}.js`);

/** Rewrites imports of a lazy package or chunk to a require of its bundle, relative to `outfile`. */
function lazyLinks(outfile, self) {
  const fromOut = (file) => {
    const rel = relative(dirname(outfile), file).split(sep).join('/');
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  return {
    name: 'lazy-links',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${lazyPackages.join('|')})$`) }, (args) =>
        args.path === self ? undefined : { path: fromOut(lib(args.path)), external: true },
      );
      build.onResolve({ filter: /chunks\/\w+Chunk$/ }, (args) => {
        const name = args.path.split('/').pop();
        if (name === self) return undefined;
        if (![...lazyChunks, ...glueChunks].includes(name))
          return {
            errors: [{ text: `chunk '${name}' is not listed in lazyChunks or glueChunks: it would not be built` }],
          };
        return { path: fromOut(chunk(name)), external: true };
      });
      if (!glueChunks.includes(self)) return;
      // In a chunk, a shared module is the entry's own instance (see sharedModules).
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = relative(root, join(args.resolveDir, args.path)).split(sep).join('/');
        const key = Object.keys(sharedModules).find((k) => sharedModules[k].replace(/\.ts$/, '') === target);
        return key ? { path: key, namespace: 'csi-shared' } : undefined;
      });
      build.onResolve({ filter: /^csi-entry$/ }, () => ({
        path: fromOut(join(root, 'dist/extension.js')),
        external: true,
      }));
      build.onLoad({ filter: /.*/, namespace: 'csi-shared' }, (args) => ({
        contents: `module.exports = require('csi-entry').sharedModules[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/**
 * Routes every `import * as vscode` through one ES module that re-exports the API once: otherwise
 * esbuild copies the API's ~250 names into a namespace object per importing file at load time,
 * ~15 copies that bench/activation.ts measured as most of the entry's require time.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once'
        ? { path: 'vscode', external: true }
        : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({
      contents: "export * from 'vscode';",
      loader: 'js',
    }));
  },
};

const hostBundle = (entry, outfile, self) => ({
  ...common,
  entryPoints: [entry],
  outfile,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', ...driverOptionalPeers],
  plugins: [vscodeOnce, lazyLinks(outfile, self)],
  metafile: true,
});

const extension = hostBundle(join(root, 'src/extension.ts'), join(root, 'dist/extension.js'));
const hostChunks = [
  ...lazyPackages.map((p) => hostBundle(require.resolve(p), lib(p), p)),
  ...[...lazyChunks, ...glueChunks].map((c) => hostBundle(join(root, `src/vscode/chunks/${c}.ts`), chunk(c), c)),
];

// Split into an entry (dist/webview/inspector.js, the name the panel's HTML loads) and chunks that the
// entry or a dynamic import() loads on first use; chunks inherit the entry's nonce under the panel's CSP.
const webview = {
  ...common,
  entryPoints: { inspector: join(root, 'webview/main.ts') },
  outdir: join(root, 'dist/webview'),
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  plugins: [webviewBoundary],
  metafile: true,
};

function copyCodicons() {
  const dir = dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  mkdirSync(join(root, 'dist/webview'), { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join(dir, f), join(root, 'dist/webview', f));
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
copyCodicons();
if (watch) {
  const contexts = await Promise.all([extension, ...hostChunks, webview].map((o) => esbuild.context(o)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('build: watching for changes');
} else {
  const results = await Promise.all([extension, ...hostChunks, webview].map((o) => esbuild.build(o)));
  for (const r of results) {
    for (const [file, out] of Object.entries(r.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`build: ${file} ${(out.bytes / 1024).toFixed(1)} KB`);
    }
  }
}
