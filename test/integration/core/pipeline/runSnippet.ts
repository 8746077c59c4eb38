// Runs a generated watch program as a child process and reads its stdout line by line, so tests can
// wait for "n events printed", stop it like a person would (SIGINT) and check what it saved.
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningSnippet {
  readonly lines: string[];
  readonly stderr: () => string;
  /** Resolves when `count` stdout lines arrived; rejects after timeoutMs with what was seen. */
  waitForLines(count: number, timeoutMs?: number): Promise<string[]>;
  /** Resolves when stderr contains the text. */
  waitForStderr(text: string, timeoutMs?: number): Promise<void>;
  /** Sends SIGINT and resolves with the exit code (SIGKILL after a grace period). */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

export function runSnippet(cmd: string, args: string[], env: Record<string, string>, cwd: string): RunningSnippet {
  const child: ChildProcess = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buf = '';
  let err = '';
  const listeners = new Set<() => void>();
  const notify = (): void => listeners.forEach((l) => l());
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) lines.push(line);
    }
    notify();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString('utf8');
    notify();
  });
  let done = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      done = true;
      notify();
      resolve(code);
    }),
  );

  const waitFor = (ok: () => boolean, what: () => string, timeoutMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (ok()) {
          cleanup();
          resolve();
        } else if (done) {
          cleanup();
          reject(new Error(`process exited before ${what()}; stdout: ${lines.join('\n')}; stderr: ${err}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what()}; stdout: ${lines.join('\n')}; stderr: ${err}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  return {
    lines,
    stderr: () => err,
    exited,
    async waitForLines(count, timeoutMs = 20000) {
      await waitFor(
        () => lines.length >= count,
        () => `${count} lines (have ${lines.length})`,
        timeoutMs,
      );
      return lines.slice(0, count);
    },
    waitForStderr(text, timeoutMs = 20000) {
      return waitFor(
        () => err.includes(text),
        () => `stderr "${text}"`,
        timeoutMs,
      );
    },
    async stop() {
      if (!done) child.kill('SIGINT');
      const grace = setTimeout(() => child.kill('SIGKILL'), 8000);
      const code = await exited;
      clearTimeout(grace);
      return code;
    },
  };
}
