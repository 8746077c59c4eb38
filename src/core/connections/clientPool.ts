// One connected MongoClient per connection profile, shared by the tree and every watch on it.
// The driver is imported on first acquire only: requiring it costs ~90 ms that activation must not pay.
import type { MongoClient } from 'mongodb';
import type { Logger } from '../logger';
import { redactConnectionString, redactSecrets, splitSecret } from './connectionString';

export interface ConnectionProfile {
  id: string;
  name: string;
  /** Full connection string, with credentials. Never logged. */
  uri: string;
}

interface Entry {
  uri: string;
  /** The connection's name, for log lines (never its internal id). */
  name: string;
  client: Promise<MongoClient>;
}

export class ClientPool {
  private readonly entries = new Map<string, Entry>();
  private readonly logger: Logger;
  private readonly appName: string;
  private readonly serverSelectionTimeoutMS: number;

  constructor(opts: { logger: Logger; appName?: string; serverSelectionTimeoutMS?: number }) {
    this.logger = opts.logger;
    this.appName = opts.appName ?? 'change-stream-inspector';
    // 5 s, not the driver's 30 s (or our earlier 10 s): a wrong host or refused port must say so within
    // a few seconds; a server that is merely slow still answers a hello well within this.
    this.serverSelectionTimeoutMS = opts.serverSelectionTimeoutMS ?? 5_000;
  }

  /** The profile's client, connected. Concurrent calls share one connect; a changed URI replaces the client. */
  async acquire(profile: ConnectionProfile): Promise<MongoClient> {
    const existing = this.entries.get(profile.id);
    if (existing && existing.uri === profile.uri) return existing.client;
    if (existing) await this.close(profile.id);

    const client = this.connect(profile);
    const entry: Entry = { uri: profile.uri, name: profile.name, client };
    this.entries.set(profile.id, entry);
    // A failed connect must not stay cached: the next acquire tries again.
    client.catch(() => {
      if (this.entries.get(profile.id) === entry) this.entries.delete(profile.id);
    });
    return client;
  }

  async close(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    try {
      const client = await entry.client;
      await client.close();
      this.logger.debug(`Closed the client of "${entry.name}".`);
    } catch {
      // A client that never connected has nothing to close.
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)));
  }

  get size(): number {
    return this.entries.size;
  }

  private async connect(profile: ConnectionProfile): Promise<MongoClient> {
    // A plain require (not `await import`): the bundler turns it into a require of the driver's own
    // bundle, which loads in the packaged extension where a dynamic import() of a file did not.
    const { MongoClient: Client } = require('mongodb') as typeof import('mongodb');
    const shown = redactConnectionString(profile.uri);
    this.logger.info(`Connecting "${profile.name}" (${shown})…`);
    const client = new Client(profile.uri, {
      appName: this.appName,
      serverSelectionTimeoutMS: this.serverSelectionTimeoutMS,
    });
    try {
      await client.connect();
    } catch (err) {
      await client.close().catch(() => undefined);
      const { password } = splitSecret(profile.uri);
      const secrets = password ? [profile.uri, password] : [profile.uri];
      const message = redactSecrets(err instanceof Error ? err.message : String(err), secrets);
      this.logger.warn(`Could not connect "${profile.name}" (${shown}): ${message}`);
      const safe = new Error(message);
      safe.name = err instanceof Error ? err.name : 'MongoError';
      Object.assign(safe, pickErrorFields(err));
      throw safe;
    }
    this.logger.info(`Connected "${profile.name}".`);
    return client;
  }
}

/** Keeps what error classification needs (code, labels) without the driver's nested objects that may echo the URI. */
function pickErrorFields(err: unknown): { code?: unknown; errorLabels?: string[] } {
  if (typeof err !== 'object' || err === null) return {};
  const e = err as { code?: unknown; errorLabelSet?: Set<string>; errorLabels?: string[] };
  const labels = e.errorLabelSet ? [...e.errorLabelSet] : e.errorLabels;
  return { code: e.code, errorLabels: labels };
}
