// `npm test`: runs every stage in order (lint, format check, layer rules, typecheck of each tsconfig,
// unit, sandbox, clients (mongosh and PyMongo scenarios), integration, webview, build, package,
// extension host, e2e), keeps going past failures, prints a table and one totals line.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const reporter = join(root, 'test', 'mocha-stats-reporter.js');
const mochaWith = (script) => ['npm', 'run', '--silent', script, '--', '--reporter', reporter];

/** kind: 'mocha' reads the stats file, 'exthost' parses the suite's last line, 'step' has no counts. */
const STAGES = [
  { name: 'lint', kind: 'step', cmd: ['npm', 'run', '--silent', 'lint'] },
  { name: 'format', kind: 'step', cmd: ['npm', 'run', '--silent', 'format:check'] },
  { name: 'layers', kind: 'step', cmd: ['npm', 'run', '--silent', 'depcruise'] },
  { name: 'typecheck', kind: 'step', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'unit', kind: 'mocha', dir: 'test/unit', cmd: mochaWith('test:unit') },
  { name: 'sandbox', kind: 'mocha', dir: 'test/sandbox', cmd: mochaWith('test:sandbox') },
  { name: 'clients', kind: 'mocha', dir: 'test/clients', cmd: mochaWith('test:clients') },
  { name: 'integration', kind: 'mocha', dir: 'test/integration', cmd: mochaWith('test:integration') },
  {
    name: 'webview',
    kind: 'mocha',
    dir: 'test/webview',
    cmd: ['npx', 'mocha', '--reporter', reporter, 'test/webview/**/*.test.ts'],
  },
  { name: 'build', kind: 'step', cmd: ['npm', 'run', '--silent', 'build'] },
  { name: 'package', kind: 'step', cmd: ['npm', 'run', '--silent', 'package'] },
  { name: 'exthost', kind: 'exthost', dir: 'test/exthost', cmd: ['npm', 'run', '--silent', 'test:exthost'] },
  { name: 'e2e', kind: 'mocha', dir: 'test/e2e', cmd: mochaWith('test:e2e') },
];

function parseOnly(argv) {
  const i = argv.indexOf('--only');
  if (i < 0) return null;
  const names = (argv[i + 1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !STAGES.some((s) => s.name === n));
  if (unknown.length || names.length === 0) {
    console.error(`test-all: --only takes a comma list of: ${STAGES.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  return new Set(names);
}

function hasTests(dir) {
  const abs = join(root, dir);
  return existsSync(abs) && readdirSync(abs, { recursive: true }).some((f) => String(f).endsWith('.test.ts'));
}

/** Runs a command with its output passed through, and returns its exit code and output. */
function run(cmd, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

async function runStage(stage, statsFile) {
  if (stage.dir && !hasTests(stage.dir)) return { status: 'no tests', passes: 0, failures: 0, pending: 0 };
  rmSync(statsFile, { force: true });
  const env = { ...process.env, TEST_STATS_FILE: statsFile, TEST_STATS_SUITE: stage.name, FORCE_COLOR: '0' };
  const started = Date.now();
  const { code, out } = await run(stage.cmd, env);
  const seconds = Math.round((Date.now() - started) / 1000);
  let counts = { passes: 0, failures: 0, pending: 0 };
  if (stage.kind === 'mocha' && existsSync(statsFile)) {
    for (const line of readFileSync(statsFile, 'utf8').split('\n').filter(Boolean)) {
      const s = JSON.parse(line);
      counts = {
        passes: counts.passes + s.passes,
        failures: counts.failures + s.failures,
        pending: counts.pending + s.pending,
      };
    }
  } else if (stage.kind === 'exthost') {
    const m = [...out.matchAll(/^exthost: (\d+) passed, (\d+) failed, (\d+) skipped$/gm)].pop();
    if (m) counts = { passes: Number(m[1]), failures: Number(m[2]), pending: Number(m[3]) };
  }
  // A stage that failed without reporting a failing test (crash, compile error, build) counts as one.
  if (code !== 0 && counts.failures === 0) counts.failures = 1;
  return { status: code === 0 ? 'passed' : `FAILED (exit ${code})`, seconds, ...counts };
}

const only = parseOnly(process.argv.slice(2));
const scratch = mkdtempSync(join(tmpdir(), 'csi-test-all-'));
const results = [];
for (const stage of STAGES) {
  if (only && !only.has(stage.name)) continue;
  console.log(`\n===== ${stage.name}: ${stage.cmd.join(' ')} =====`);
  results.push({ name: stage.name, ...(await runStage(stage, join(scratch, `${stage.name}.jsonl`))) });
}
rmSync(scratch, { recursive: true, force: true });

const pad = (s, n) => String(s).padEnd(n);
console.log(`\n${pad('stage', 13)}${pad('status', 18)}${pad('passed', 8)}${pad('failed', 8)}${pad('skipped', 9)}time`);
for (const r of results) {
  console.log(
    `${pad(r.name, 13)}${pad(r.status, 18)}${pad(r.passes, 8)}${pad(r.failures, 8)}${pad(r.pending, 9)}${r.seconds ?? 0}s`,
  );
}
const total = results.reduce(
  (t, r) => ({
    passes: t.passes + r.passes,
    failures: t.failures + r.failures,
    pending: t.pending + r.pending,
  }),
  { passes: 0, failures: 0, pending: 0 },
);
const failed = results.some((r) => r.status.startsWith('FAILED'));
console.log(`tests: ${total.passes} passed, ${total.failures} failed, ${total.pending} skipped`);
process.exit(failed ? 1 : 0);
