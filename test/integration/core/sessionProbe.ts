// Test-side view of a WatchSession: records its statuses and appended events, records every
// ChangeStream the session opens (so tests can see cursors closed), and waits with deadlines.
import type { ChangeStream, Collection, Db, Document, MongoClient } from 'mongodb';
import type { SessionState, SessionStatus, WatchOptions, WatchTarget } from '../../../src/shared/protocol';
import { EventLog, type LoggedEvent } from '../../../src/core/events/eventLog';
import { nullLogger } from '../../../src/core/logger';
import { WatchSession, type WatchSessionDeps } from '../../../src/core/watch/watchSession';

export const defaultOptions: WatchOptions = {
  fullDocument: 'default',
  fullDocumentBeforeChange: 'off',
  showExpandedEvents: false,
  maxAwaitTimeMS: 100,
};

/** Wraps a client so every ChangeStream made through watch() at any scope is remembered. */
export function recordingClient(client: MongoClient, streams: ChangeStream[]): MongoClient {
  const record = <T extends ChangeStream>(s: T): T => {
    streams.push(s);
    return s;
  };
  const wrapColl = (c: Collection): Collection =>
    new Proxy(c, {
      get(t, p, r) {
        if (p === 'watch') return (...a: Parameters<Collection['watch']>) => record(t.watch(...a));
        return Reflect.get(t, p, r);
      },
    });
  const wrapDb = (d: Db): Db =>
    new Proxy(d, {
      get(t, p, r) {
        if (p === 'watch') return (...a: Parameters<Db['watch']>) => record(t.watch(...a));
        if (p === 'collection') return (...a: Parameters<Db['collection']>) => wrapColl(t.collection(...a));
        return Reflect.get(t, p, r);
      },
    });
  return new Proxy(client, {
    get(t, p, r) {
      if (p === 'watch') return (...a: Parameters<MongoClient['watch']>) => record(t.watch(...a));
      if (p === 'db') return (...a: Parameters<MongoClient['db']>) => wrapDb(t.db(...a));
      return Reflect.get(t, p, r);
    },
  });
}

export class SessionProbe {
  readonly statuses: SessionStatus[] = [];
  readonly events: LoggedEvent[] = [];
  readonly streams: ChangeStream[] = [];
  readonly log: EventLog;
  readonly session: WatchSession;

  constructor(
    client: MongoClient,
    target: WatchTarget,
    options: Partial<WatchOptions> = {},
    extra: Partial<WatchSessionDeps> = {},
  ) {
    this.log = new EventLog({ maxEvents: 10_000, maxBytes: 64 * 1024 * 1024 });
    const wrapped = recordingClient(client, this.streams);
    this.session = new WatchSession({
      client: async () => wrapped,
      target,
      options: { ...defaultOptions, ...options },
      log: this.log,
      logger: nullLogger,
      reconnect: { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 200 },
      ...extra,
    });
    this.session.onDidChangeStatus((s) => this.statuses.push(s));
    this.session.onDidAppend((e) => this.events.push(e));
  }

  states(): SessionState[] {
    return this.statuses.map((s) => s.state);
  }

  /** Parsed events (as the log stored them) in arrival order. */
  docs(): Document[] {
    return this.events.map((e) => JSON.parse(e.ejson));
  }

  /** The `_id` of each event's documentKey, as plain numbers (tests use int32 ids). */
  ids(): unknown[] {
    return this.docs()
      .filter((d) => d.documentKey)
      .map((d) => {
        const id = d.documentKey._id;
        return typeof id === 'object' && id !== null && '$numberInt' in id ? Number(id.$numberInt) : id;
      });
  }

  async waitForEvents(count: number, timeoutMs = 8000): Promise<void> {
    await waitFor(
      () => this.events.length >= count,
      timeoutMs,
      () =>
        `expected ${count} events, have ${this.events.length} [${this.events.map((e) => e.summary.op).join(',')}] state ${this.session.status.state}`,
    );
  }

  async waitForState(state: SessionState, timeoutMs = 8000): Promise<void> {
    await waitFor(
      () => this.session.status.state === state,
      timeoutMs,
      () =>
        `expected state ${state}, have ${this.session.status.state} (${this.states().join(' → ')}) ${this.session.status.detail ?? ''}`,
    );
  }
}

export async function waitFor(check: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await sleep(10);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
