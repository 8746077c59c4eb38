// An in-process restart of the sandbox, as mongod restarting on durable storage: every connection
// drops, open cursors and unprepared transactions are gone, the port refuses connections for a
// while, then the same port listens again with the same data and oplog (so resume tokens still work).
import type { Server, Socket } from 'node:net';
import type { Connection } from './connection';
import type { SandboxState } from './state';

export interface RestartOptions {
  /** How long the port refuses connections before listening again (default 2000 ms). */
  downMs?: number;
}

export interface Listening {
  readonly server: Server;
  readonly state: SandboxState;
  readonly port: number;
  readonly connections: Set<Connection>;
  readonly sockets: Set<Socket>;
}

/** Resolves once the server listens again (or at once if the sandbox was stopped meanwhile). */
export async function restartListening(l: Listening, opts: RestartOptions = {}): Promise<void> {
  const downMs = Math.max(0, opts.downMs ?? 2000);
  const { state, server } = l;
  state.opts.log(`restart: going down for ${downMs} ms`);
  // What lives only in memory on mongod: waits, cursors, failpoints (a restart resets test commands), transactions.
  for (const cancel of [...state.timers]) cancel();
  state.oplog.clearWaiters();
  state.cursors.clear();
  state.failpoints.clear();
  state.txns.abortAll();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const c of l.connections) c.close();
  for (const s of l.sockets) s.destroy();
  await closed;
  await new Promise((r) => setTimeout(r, downMs));
  if (state.stopped) return;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(l.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  state.restarts++;
  state.opts.log(`restart: listening again on ${l.port}`);
}
