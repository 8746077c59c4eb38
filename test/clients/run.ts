// Runs one real-client scenario script (mongosh or Debian's PyMongo) as a child process against a
// deployment, and hands back its exit code and output lines for the suite to assert on.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mongoshPath, pythonPath } from '../helpers/realClients';

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
