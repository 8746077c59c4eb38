// Runs one real-client scenario script (mongosh or Debian's PyMongo) as a child process against a
// deployment, and hands back its exit code and output lines for the suite to assert on.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strict as assert } from 'node:assert';
import { mongoshPath, pythonPath } from '../helpers/realClients';
import { getTarget, type Target } from '../helpers/target';
import { BSON_TYPES } from './expectations';

export interface ScenarioRun {
  code: number;
  /** Non-empty stdout lines, trimmed. */
  lines: string[];
  stderr: string;
}

const scripts = join(__dirname);

function run(bin: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<ScenarioRun> {
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      { env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const lines = stdout
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        resolve({ code, lines, stderr: stderr + (error && !stderr ? error.message : '') });
      },
    );
  });
}

/** A private HOME so mongosh's logs and history stay out of the user's ~/.mongodb; removed by dispose(). */
export function scratchHome(): { home: string; dispose(): void } {
  const home = mkdtempSync(join(tmpdir(), 'csi-clients-'));
  return { home, dispose: () => rmSync(home, { recursive: true, force: true }) };
}

export function runMongosh(script: string, uri: string, env: Record<string, string>): Promise<ScenarioRun> {
  return run(
    mongoshPath(),
    ['--quiet', '--norc', uri, join(scripts, 'mongosh', script)],
    { DO_NOT_TRACK: '1', ...env },
    30_000,
  );
}

export function runPymongo(script: string, uri: string, env: Record<string, string>): Promise<ScenarioRun> {
  return run(pythonPath(), [join(scripts, 'pymongo', script), uri], { PYTHONDONTWRITEBYTECODE: '1', ...env }, 30_000);
}

/** The run's output, for an assertion message that shows what the client printed and why it failed. */
export function transcript(r: ScenarioRun): string {
  return `exit ${r.code}\n--- stdout\n${r.lines.join('\n')}\n--- stderr\n${r.stderr.slice(-3000)}`;
}

export type ScenarioRunner = (script: string, uri: string, env: Record<string, string>) => Promise<ScenarioRun>;

/** What a client suite's tests use: its target, a scratch folder, and a scenario run that must exit 0. */
export interface ClientSuite {
  readonly target: Target;
  /** A private folder for this suite's run (mongosh's HOME, PyMongo's token file). */
  readonly scratch: string;
  scenario(script: string, env?: Record<string, string>): Promise<ScenarioRun>;
}

/**
 * Registers the suite's before/after hooks (call it inside `describe`): one target and one scratch
 * folder for the suite, and `scenario()` runs a script against the target with SCENARIO_DB set.
 */
export function clientSuite(
  runner: ScenarioRunner,
  extraEnv: (scratch: string) => Record<string, string>,
): ClientSuite {
  let target: Target | undefined;
  let home: ReturnType<typeof scratchHome> | undefined;
  before(async function () {
    target = await getTarget();
    home = scratchHome();
  });
  after(async function () {
    await target?.stop();
    home?.dispose();
  });
  const ready = (): { target: Target; scratch: string } => {
    if (!target || !home) throw new Error('clientSuite: used outside a running test');
    return { target, scratch: home.home };
  };
  return {
    get target() {
      return ready().target;
    },
    get scratch() {
      return ready().scratch;
    },
    async scenario(script, env = {}) {
      const { target: t, scratch } = ready();
      const r = await runner(script, t.uri, { ...extraEnv(scratch), SCENARIO_DB: t.dbName(), ...env });
      assert.equal(r.code, 0, transcript(r));
      return r;
    },
  };
}

/** Checks the `type <field>: …` lines of a crud-bson-types scenario; hands back the lines after them. */
export function assertBsonTypeLines(r: ScenarioRun): string[] {
  const types = r.lines.filter((l) => l.startsWith('type '));
  assert.deepEqual(
    types,
    BSON_TYPES.map(([field, type]) => `type ${field}: stored=${type} expr=${type} eq=yes`),
    transcript(r),
  );
  return r.lines.slice(types.length);
}
