// Reaches deployments by connection id: resolves the profile (saved string or the Sandbox), owns the
// lazily loaded ClientPool, and lists databases/collections. The driver loads on first use only.
import type { MongoClient } from 'mongodb';
import type { Logger } from '../../core/logger';
import type { ClientPool, ConnectionProfile } from '../../core/connections/clientPool';
import { SANDBOX_ID, SANDBOX_NAME, type ConnectionStore } from './connectionStore';
import type { SandboxHost } from './sandboxHost';

export interface DatabaseInfo {
  name: string;
  empty?: boolean;
}
export interface CollectionInfo {
  name: string;
  type: string;
  /** changeStreamPreAndPostImages.enabled (listCollections options). */
  preAndPostImages?: boolean;
}

export class Deployments {
  private pool: Promise<ClientPool> | undefined;
  private loaded: ClientPool | undefined;
  private closed = false;

  constructor(
    private readonly store: ConnectionStore,
    private readonly sandbox: SandboxHost,
    private readonly logger: Logger,
  ) {}

  displayName(connectionId: string): string {
    return connectionId === SANDBOX_ID ? SANDBOX_NAME : (this.store.get(connectionId)?.name ?? connectionId);
  }

  async client(connectionId: string): Promise<MongoClient> {
    const profile = await this.profile(connectionId);
    const pool = await this.loadPool();
    return pool.acquire(profile);
  }

  async databases(connectionId: string): Promise<DatabaseInfo[]> {
    const [client, catalog] = await Promise.all([this.client(connectionId), import('../../core/connections/catalog')]);
    return catalog.listDatabases(client);
  }

  async collections(connectionId: string, db: string): Promise<CollectionInfo[]> {
    const [client, catalog] = await Promise.all([this.client(connectionId), import('../../core/connections/catalog')]);
    return catalog.listCollections(client, db);
  }

  /** The full connection string of a saved connection or the (started) Sandbox: never log or show it. */
  async uriOf(connectionId: string): Promise<string> {
    return (await this.profile(connectionId)).uri;
  }

  /** How many clients are connected or connecting. */
  openClients(): number {
    return this.loaded?.size ?? 0;
  }

  async close(connectionId: string): Promise<void> {
    if (this.pool) await (await this.pool).close(connectionId);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    if (this.pool) await (await this.pool).closeAll();
  }

  private async profile(connectionId: string): Promise<ConnectionProfile> {
    if (this.closed) throw new Error('The extension is shutting down; no new connections are opened.');
    if (connectionId === SANDBOX_ID) {
      return { id: SANDBOX_ID, name: SANDBOX_NAME, uri: await this.sandbox.ensureStarted() };
    }
    const saved = this.store.get(connectionId);
    const uri = saved ? await this.store.uri(connectionId) : undefined;
    if (!saved || !uri) {
      throw new Error('This connection is no longer saved. Add it again with "Change Streams: Add Connection…".');
    }
    return { id: saved.id, name: saved.name, uri };
  }

  private loadPool(): Promise<ClientPool> {
    this.pool ??= import('../../core/connections/clientPool').then(
      ({ ClientPool: Pool }) => (this.loaded = new Pool({ logger: this.logger, appName: 'change-stream-inspector' })),
    );
    return this.pool;
  }
}
