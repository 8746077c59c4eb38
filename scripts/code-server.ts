// Starts an isolated code-server (VS Code 1.100.3 in the browser) for tests and for trying the
// extension: its own HOME/XDG/TMPDIR, settings, extensions dir and a free 127.0.0.1 port.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';

export const CODE_SERVER_VERSION = '4.100.3';
export const repoRoot = resolve(__dirname, '..');
export const codeServerBin = join(
  repoRoot,
  '.vscode-test',
  `code-server-${CODE_SERVER_VERSION}`,
  'node_modules',
  '.bin',
  'code-server',
);

export interface CodeServerOptions {
  /** Extra User/settings.json entries, e.g. { 'changeStreamInspector.sandbox.demoTraffic': false }. */
  settings?: Record<string, unknown>;
  /** .vsix files installed into the isolated extensions dir before the server starts. */
  vsix?: string[];
  /** Port to bind on 127.0.0.1; a free one is picked when omitted. */
  port?: number;
  /** A label that ends up in the run folder's name. */
  label?: string;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly runDir: string;
  /** A fresh empty folder to open as the workspace (`?folder=`). */
  readonly workspaceDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly logFile: string;
  /** The env (HOME/XDG/TMPDIR) every process of this run should get. */
  readonly env: NodeJS.ProcessEnv;
  installVsix(path: string): Promise<void>;
  /** The last lines of the server's log, for failure messages. */
  logTail(lines?: number): string;
  /** Kills the server's whole process group (server, extension hosts, pty hosts). */
  stop(): Promise<void>;
}

const execFileAsync = promisify(execFile);
const liveGroups = new Set<number>();

// Kill what we started even when the caller dies from Ctrl-C or an uncaught error.
function killGroupsNow(): void {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  liveGroups.clear();
}
process.once('exit', killGroupsNow);

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/**
 * An isolated folder tree (HOME, XDG, TMPDIR) under /tmp/csi-<label>-<id>/: unix socket paths
 * (Chromium's singleton, VS Code's IPC) must stay under 108 bytes, which a deep clone would break.
 */
export function makeRunDir(label = 'run'): { runDir: string; env: NodeJS.ProcessEnv } {
  const base = existsSync('/tmp') ? '/tmp' : tmpdir();
  const runDir = mkdtempSync(join(base, `csi-${label}-`));
  const dirs = {
    HOME: join(runDir, 'home'),
    XDG_CONFIG_HOME: join(runDir, 'xdg', 'config'),
    XDG_DATA_HOME: join(runDir, 'xdg', 'data'),
    XDG_CACHE_HOME: join(runDir, 'xdg', 'cache'),
    XDG_STATE_HOME: join(runDir, 'xdg', 'state'),
    TMPDIR: join(runDir, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, ...dirs, VSCODE_CLI: undefined };
  // An inherited IPC hook would make code-server try to talk to a parent VS Code.
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.ELECTRON_RUN_AS_NODE;
  return { runDir, env };
}

async function waitForHttp(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `code-server exited (${child.exitCode ?? child.signalCode}) before serving; log:\n${tail(logFile, 30)}`,
      );
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not serve ${url} within ${timeoutMs} ms; log:\n${tail(logFile, 30)}`);
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  if (!existsSync(codeServerBin)) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} is not installed at ${codeServerBin}; run: bash scripts/setup-machine.sh`,
    );
  }
  const { runDir, env } = makeRunDir(opts.label);
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  const workspaceDir = join(runDir, 'workspace');
  const configFile = join(runDir, 'config.yaml');
  const logFile = join(runDir, 'server.log');
  for (const d of [join(userDataDir, 'User'), extensionsDir, workspaceDir]) mkdirSync(d, { recursive: true });
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...opts.settings,
  };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const baseArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', configFile];
  const installVsix = async (vsix: string): Promise<void> => {
    await execFileAsync(codeServerBin, [...baseArgs, '--install-extension', resolve(vsix), '--force'], {
      env,
      cwd: runDir,
      timeout: 120_000,
    });
  };
  try {
    for (const v of opts.vsix ?? []) {
      if (!existsSync(v)) throw new Error(`no extension package at ${v}; run: npm run package`);
      await installVsix(v);
    }
  } catch (err) {
    rmSync(runDir, { recursive: true, force: true });
    throw err;
  }

  const logFd = openSync(logFile, 'a');
  const child = spawn(
    codeServerBin,
    [
      ...baseArgs,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      workspaceDir,
    ],
    { env, cwd: runDir, detached: true, stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server could not be spawned');
  liveGroups.add(pid);
  child.unref();

  const stop = async (): Promise<void> => {
    if (!liveGroups.has(pid)) return;
    liveGroups.delete(pid);
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && groupAlive(pid)) await new Promise((r) => setTimeout(r, 100));
    if (groupAlive(pid)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    if (!process.env.KEEP_RUN_DIRS) rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    await waitForHttp(url, child, logFile, 90_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    port,
    runDir,
    workspaceDir,
    userDataDir,
    extensionsDir,
    logFile,
    env,
    installVsix,
    stop,
    logTail: (n = 40) => tail(logFile, n),
  };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

// CLI: `npx tsx scripts/code-server.ts [--vsix file] [--setting key=json]...` keeps a server up.
if (require.main === module) {
  void (async () => {
    const args = process.argv.slice(2);
    const vsix: string[] = [];
    const settings: Record<string, unknown> = {};
    let port: number | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      const v = args[i + 1] ?? '';
      if (a === '--vsix') {
        vsix.push(v);
        i++;
      } else if (a === '--port') {
        port = Number(v);
        i++;
      } else if (a === '--setting') {
        const eq = v.indexOf('=');
        const raw = v.slice(eq + 1);
        try {
          settings[v.slice(0, eq)] = JSON.parse(raw);
        } catch {
          settings[v.slice(0, eq)] = raw;
        }
        i++;
      }
    }
    const cs = await startCodeServer({ vsix, settings, port, label: 'cli' });
    console.log(`code-server ${CODE_SERVER_VERSION}: ${cs.url}/?folder=${encodeURIComponent(cs.workspaceDir)}`);
    const shutdown = (): void => {
      void cs.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    setInterval(() => undefined, 1 << 30);
  })().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
