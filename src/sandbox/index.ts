// Public entry of the sandbox replica set: start an in-process MongoDB-wire-protocol server on
// 127.0.0.1 that the real `mongodb` driver talks to, and stop it leaving no handles open.
import { createServer, type Server, type Socket } from 'node:net';
import { Connection } from './server/connection';
import { COMMANDS } from './commands/registry';
import { SandboxState } from './server/state';
import { UserTable, type SandboxUserSpec } from './server/scram';
import { restartListening, type RestartOptions } from './server/restart';
import { encodeSnapshot, restoreInto, type SnapshotData } from './server/snapshot';

export type { SandboxUserSpec } from './server/scram';
export type { RestartOptions } from './server/restart';
export { decodeSnapshot, SnapshotError, SNAPSHOT_VERSION, type SnapshotData } from './server/snapshot';

export interface SandboxOptions {
  port?: number; // 0 (default) = pick a free port; binds 127.0.0.1 only
  standalone?: boolean; // no setName; $changeStream refused with 40573
  oplogSize?: number; // oplog ring capacity in entries (default 100_000)
  replSetName?: string; // default 'rs0'
  log?: (line: string) => void; // optional diagnostic sink (default: silent)
  /**
   * Users clients may authenticate as with SCRAM-SHA-256 or SCRAM-SHA-1 (db defaults to 'admin').
   * Authentication is optional either way: there is no access control, unauthenticated clients can
   * run every command. A client that does authenticate with unknown credentials gets 18 AuthenticationFailed.
   */
  users?: SandboxUserSpec[];
  /** Data, oplog and clock to start with (from `decodeSnapshot`), as mongod restarting on its files. */
  snapshot?: SnapshotData;
}

export interface Sandbox {
  readonly port: number;
  readonly host: string;
  /** 'mongodb://127.0.0.1:PORT/?replicaSet=rs0' (standalone: '...?directConnection=true') */
  readonly uri: string;
  readonly standalone: boolean;
  stop(): Promise<void>;
  /** Drops every connection, refuses connections for `downMs`, then listens on the same port with the same data and oplog. */
  restart(opts?: RestartOptions): Promise<void>;
  /** The data, oplog and clock as snapshot bytes (synchronous, so it can run during shutdown). */
  snapshot(): Buffer;
  /** Bumped on every recorded change: a saver compares it to skip writing an unchanged snapshot. */
  readonly changeCount: number;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const standalone = opts.standalone === true;
  const replSetName = opts.replSetName ?? 'rs0';
  const oplogSize = Math.max(1, Math.floor(opts.oplogSize ?? 100_000));
  const users = new UserTable(opts.users ?? []);
  const snapshot = standalone ? undefined : opts.snapshot;
  const log = opts.log ?? (() => undefined);
  const state = new SandboxState({ standalone, replSetName, oplogSize, users, log, initiate: !snapshot });
  if (snapshot) restoreInto(state, snapshot);
  const sockets = new Set<Socket>();
  const connections = new Set<Connection>();
  const server: Server = createServer((socket) => {
    if (state.stopped) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    state.connectionCount++;
    const conn = new Connection(socket, state, COMMANDS);
    connections.add(conn);
    socket.on('close', () => {
      sockets.delete(socket);
      connections.delete(conn);
      state.connectionCount--;
    });
  });
  server.on('error', (e) => state.opts.log(`server error: ${e.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const host = '127.0.0.1';
  state.host = `${host}:${port}`;
  const uri = standalone
    ? `mongodb://${host}:${port}/?directConnection=true`
    : `mongodb://${host}:${port}/?replicaSet=${encodeURIComponent(replSetName)}`;
  let stopping: Promise<void> | undefined;
  let restarting: Promise<void> | undefined;
  return {
    port,
    host,
    uri,
    standalone,
    snapshot: () => encodeSnapshot(state, port),
    get changeCount() {
      return state.oplog.endSeq;
    },
    stop(): Promise<void> {
      stopping ??= new Promise<void>((resolve) => {
        state.stopped = true;
        for (const cancel of [...state.timers]) cancel();
        state.oplog.clearWaiters();
        state.cursors.clear();
        state.failpoints.clear();
        server.close(() => resolve());
        for (const c of connections) c.close();
        for (const s of sockets) s.destroy();
      });
      return stopping;
    },
    restart(restartOpts?: RestartOptions): Promise<void> {
      if (state.stopped) return Promise.reject(new Error('The sandbox is stopped; it cannot restart.'));
      restarting ??= restartListening({ server, state, port, connections, sockets }, restartOpts).finally(() => {
        restarting = undefined;
      });
      return restarting;
    },
  };
}
