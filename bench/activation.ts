// Benchmark (not a test): cost of loading dist/extension.js and of activate() in a fresh node process,
// with a stub 'vscode' module, against the cost of requiring the driver, and the JavaScript the
// activation path loads. `npm run build:prod && npm run bench:activation [-- --samples N] [--json]`.
// --json prints the figures as one JSON line on stdout (the text goes to stderr), for bench/run.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(__dirname, '..');
const dist = join(root, 'dist');

// Runs inside each child. The vscode stub is one recursive Proxy (any property, call or `new` gives
// another stub) so activate() can run without listing the API it touches; `then` stays undefined so
// awaiting a stub does not hang. Prints JSON {requireMs, activateMs, error}.
const child = String.raw`
const Module = require('node:module');
// Assignments are kept per stub so code reading back what it set sees its own value.
const stored = new WeakMap();
const handler = {
  get(target, key) {
    const own = stored.get(target);
    if (own && own.has(key)) return own.get(key);
    if (key === 'then' || typeof key === 'symbol') return undefined;
    if (key === 'prototype') return target.prototype;
    return stub();
  },
  set(target, key, value) { stored.get(target).set(key, value); return true; },
  apply() { return stub(); },
  construct() { return stub(); },
};
function stub() { function s() {} stored.set(s, new Map()); return new Proxy(s, handler); }
// esbuild's import * copies the module's own keys, so the top level is a plain object of stubs.
const vscode = Object.fromEntries(process.argv[3].split(',').map((k) => [k, stub()]));
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const before = new Set(Object.keys(require.cache));
const t0 = process.hrtime.bigint();
const ext = require(process.argv[2]);
const t1 = process.hrtime.bigint();
let activateMs, error;
try {
  const context = { subscriptions: [], globalState: stub(), workspaceState: stub(), secrets: stub(), extensionUri: stub(), globalStorageUri: { fsPath: require('node:os').tmpdir() + '/csi-bench-storage' }, extension: { packageJSON: { version: '0' } } };
  const t2 = process.hrtime.bigint();
  ext.activate(context);
  activateMs = Number(process.hrtime.bigint() - t2) / 1e6;
} catch (e) { error = String(e && e.message || e); }
const loaded = Object.keys(require.cache).filter((f) => !before.has(f));
process.stdout.write(JSON.stringify({ requireMs: Number(t1 - t0) / 1e6, activateMs, error, loaded }));
process.exit(0);
`;

interface Sample {
  requireMs: number;
  activateMs?: number;
  error?: string;
  loaded: string[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function main(): void {
  const { values } = parseArgs({
    options: { samples: { type: 'string', default: '15' }, json: { type: 'boolean', default: false } },
  });
  const n = Number(values.samples);
  // With --json the text report moves to stderr.
  if (values.json) console.log = (...args: unknown[]) => console.error(...args);
  const sizes: Record<string, number> = {};
  const entry = join(dist, 'extension.js');
  for (const f of readdirSync(dist)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    sizes['dist/' + f] = statSync(join(dist, f)).size;
    console.log(`${('dist/' + f).padEnd(40)} ${String(statSync(join(dist, f)).size).padStart(9)} bytes`);
  }
  // Top-level names of the vscode API (namespaces, classes, enums), taken from its type declarations.
  const dts = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = [
    ...new Set([...dts.matchAll(/^\t(?:export )?(?:namespace|class|enum|const|let) (\w+)/gm)].map((m) => m[1])),
  ];
  // The children run from a file, as the extension host requires the entry: code given to `node -e`
  // runs in an eval context that makes every later require slower and would skew the figures.
  const scratch = mkdtempSync(join(tmpdir(), 'csi-bench-'));
  const childFile = join(scratch, 'child.js');
  const driverFile = join(scratch, 'driver.js');
  writeFileSync(childFile, child);
  writeFileSync(
    driverFile,
    'const t=process.hrtime.bigint();require(process.argv[2]);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))',
  );
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const out = execFileSync(process.execPath, [childFile, entry, names.join(',')], { encoding: 'utf8' });
    samples.push(JSON.parse(out) as Sample);
  }
  const last = samples[samples.length - 1];
  console.log(`files loaded by require + activate: ${last.loaded.map((f) => f.replace(root + '/', '')).join(', ')}`);
  const jsBytes = last.loaded.filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + statSync(f).size, 0);
  // The driver as the extension loads it on first connect: its own bundle, else the package.
  const driver = existsSync(join(dist, 'lib', 'mongodb.js'))
    ? join(dist, 'lib', 'mongodb.js')
    : require.resolve('mongodb');
  const driverMs: number[] = [];
  for (let i = 0; i < n; i++) {
    const out = execFileSync(process.execPath, [driverFile, driver], { encoding: 'utf8', cwd: root });
    driverMs.push(Number(out));
  }
  rmSync(scratch, { recursive: true, force: true });
  const activation = median(samples.map((s) => s.requireMs + (s.activateMs ?? 0)));
  const mongodb = median(driverMs);
  console.log(`activation path JavaScript: ${jsBytes} bytes (${(jsBytes / 1024).toFixed(1)} KB)`);
  console.log(`require + activate():       median ${activation.toFixed(1)} ms`);
  console.log(`require('mongodb'):         median ${mongodb.toFixed(1)} ms (${driver.replace(root + '/', '')})`);
  console.log(`ratio: ${(activation / mongodb).toFixed(3)} (target <= 0.10)`);
  console.log(
    `require(dist/extension.js): median ${median(samples.map((s) => s.requireMs)).toFixed(1)} ms over ${n} fresh processes`,
  );
  if (last.error) console.log(`activate(): not measured, it threw with the stub vscode: ${last.error}`);
  else console.log(`activate():                median ${median(samples.map((s) => s.activateMs ?? 0)).toFixed(1)} ms`);
  if (values.json) {
    const figures = {
      samples: n,
      activationMs: activation,
      mongodbMs: mongodb,
      ratio: activation / mongodb,
      requireMs: median(samples.map((s) => s.requireMs)),
      activateMs: last.error ? null : median(samples.map((s) => s.activateMs ?? 0)),
      activateError: last.error ?? null,
      activationJsBytes: jsBytes,
      sizes,
    };
    process.stdout.write(JSON.stringify(figures) + '\n');
  }
}

main();
