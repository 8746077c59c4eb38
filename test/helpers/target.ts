// The deployment a test suite talks to: a real replica set when MONGODB_URI is set, otherwise an
// in-process sandbox. Owns the clients it hands out and the databases it names, and cleans both up.
import { randomBytes } from 'node:crypto';
import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import { startSandbox, type Sandbox } from '../../src/sandbox/index';

export interface TargetOptions {
  /** Start the sandbox as a standalone server (sandbox only: a real URI is never changed). */
  standalone?: boolean;
  /** Size of the sandbox's oplog ring, to provoke history loss (sandbox only). */
  oplogSize?: number;
}

export interface Target {
  readonly uri: string;
  /** False when MONGODB_URI points at a real deployment. */
  readonly isSandbox: boolean;
  /** A connected client; closed by stop(). */
  client(options?: MongoClientOptions): Promise<MongoClient>;
  /** A fresh database name (`csi_test_<random>`) that stop() drops. */
  dbName(): string;
  /** Drops the named databases, closes every client, stops the sandbox if one was started. */
  stop(): Promise<void>;
}

/** The usual suite setup: a target, one connected client and a fresh database on it (stop() drops it). */
export async function openTargetDb(
  clientOptions?: MongoClientOptions,
): Promise<{ target: Target; client: MongoClient; db: Db }> {
  const target = await getTarget();
  const client = await target.client(clientOptions);
  return { target, client, db: client.db(target.dbName()) };
}

/** True when the suite runs against a real deployment given by MONGODB_URI. */
export const onRealServer = (): boolean => Boolean(process.env.MONGODB_URI);

export async function getTarget(options: TargetOptions = {}): Promise<Target> {
  const realUri = process.env.MONGODB_URI;
  let sandbox: Sandbox | undefined;
  if (!realUri) {
    sandbox = await startSandbox({ port: 0, standalone: options.standalone, oplogSize: options.oplogSize });
  }
  const uri = realUri ?? sandbox!.uri;
  const clients: MongoClient[] = [];
  const databases: string[] = [];
  return {
    uri,
    isSandbox: sandbox !== undefined,
    async client(clientOptions?: MongoClientOptions) {
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, ...clientOptions });
      clients.push(client);
      await client.connect();
      return client;
    },
    dbName() {
      const name = `csi_test_${randomBytes(4).toString('hex')}`;
      databases.push(name);
      return name;
    },
    async stop() {
      try {
        if (databases.length > 0 && !options.standalone) {
          const cleaner = new MongoClient(uri, { serverSelectionTimeoutMS: 2000 });
          try {
            for (const name of databases)
              await cleaner
                .db(name)
                .dropDatabase()
                .catch(() => undefined);
          } finally {
            await cleaner.close();
          }
        }
      } finally {
        await Promise.all(clients.map((c) => c.close(true).catch(() => undefined)));
        await sandbox?.stop();
      }
    },
  };
}

/**
 * Skips the current test or hook when running against a real server. Use it ONLY for checks a real
 * deployment cannot host: standalone mode, a tiny oplog ring, malformed or oversized wire input.
 */
export function sandboxOnly(context: Mocha.Context): void {
  if (onRealServer()) context.skip();
}

/** `describe` for a block of sandbox-only checks (skipped as a whole on a real server). */
export const describeSandboxOnly: Mocha.SuiteFunction | Mocha.PendingSuiteFunction = onRealServer()
  ? describe.skip
  : describe;
