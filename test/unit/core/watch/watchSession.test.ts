// WatchSession's policy without a server: a scripted stand-in for the driver's ChangeStream and a
// manual clock, so backoff delays and give-up are exact and instant.
import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import type { MongoClient } from 'mongodb';
import { EventLog } from '../../../../src/core/events/eventLog';
import { nullLogger } from '../../../../src/core/logger';
import { WatchSession } from '../../../../src/core/watch/watchSession';
import type { SessionStatus } from '../../../../src/shared/protocol';

type Step = { doc: Record<string, unknown> } | { error: Error } | 'empty';

/** Enough of a ChangeStream for the session: tryNext follows a script, then waits until closed. */
class ScriptedStream extends EventEmitter {
  closed = false;
  resumeToken: unknown = null;
  private release: (() => void) | undefined;
  constructor(
    private readonly script: Step[],
    readonly options: Record<string, unknown>,
  ) {
    super();
  }
  async tryNext(): Promise<unknown> {
    await Promise.resolve();
    const step = this.script.shift();
    if (step === undefined) {
      await new Promise<void>((r) => (this.release = r));
      return null;
    }
    if (step === 'empty') return null;
    if ('error' in step) {
      this.closed = true;
      throw step.error;
    }
    this.resumeToken = step.doc._id;
    return step.doc;
  }
  async close(): Promise<void> {
    this.closed = true;
    this.release?.();
  }
}

function network(): Error {
  return Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' });
}
function insert(id: number) {
  return {
    doc: {
      _id: { _data: `82${String(id).padStart(16, '0')}` },
      operationType: 'insert',
      ns: { db: 'd', coll: 'c' },
      documentKey: { _id: id },
    },
  };
}

class ManualClock {
  time = 0;
  timers: { at: number; fn: () => void; h: number }[] = [];
  delays: number[] = [];
  private next = 1;
  now = () => this.time;
  setTimeout = (fn: () => void, ms: number) => {
    this.delays.push(ms);
    const h = this.next++;
    this.timers.push({ at: this.time + ms, fn, h });
    return h;
  };
  clearTimeout = (h: unknown) => {
    this.timers = this.timers.filter((t) => t.h !== h);
  };
  async runAll(): Promise<void> {
    for (let guard = 0; guard < 100; guard++) {
      await flush();
      const t = this.timers.shift();
      if (!t) return;
      this.time = Math.max(this.time, t.at);
      t.fn();
    }
  }
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

function build(
  scripts: Step[][],
  reconnect = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 250 },
  connected: Promise<void> = Promise.resolve(),
) {
  const streams: ScriptedStream[] = [];
  const collection = {
    watch: (_pipeline: unknown[], options: Record<string, unknown>) => {
      const s = new ScriptedStream(scripts.shift() ?? [], options);
      streams.push(s);
      return s;
    },
  };
  const client = { db: () => ({ collection: () => collection }) } as unknown as MongoClient;
  const clock = new ManualClock();
  const log = new EventLog({ maxEvents: 100, maxBytes: 1e6 });
  const session = new WatchSession({
    client: async () => {
      await connected;
      return client;
    },
    target: { connectionId: 'x', connectionName: 'X', scope: 'collection', db: 'd', coll: 'c' },
    options: { fullDocument: 'default', fullDocumentBeforeChange: 'off', showExpandedEvents: false },
    log,
    logger: nullLogger,
    clock,
    reconnect,
  });
  const statuses: SessionStatus[] = [];
  session.onDidChangeStatus((s) => statuses.push(s));
  return { session, streams, clock, log, statuses };
}

describe('WatchSession policy (scripted driver)', () => {
  it('backs off exponentially up to the cap, then gives up as failed', async () => {
    const { session, clock, statuses, streams } = build([
      [insert(1), { error: network() }],
      [{ error: network() }],
      [{ error: network() }],
      [{ error: network() }],
    ]);
    await session.start();
    await clock.runAll();
    assert.deepEqual(clock.delays, [100, 200, 250]);
    assert.deepEqual(
      statuses.filter((s) => s.state === 'reconnecting').map((s) => s.detail),
      ['Reconnecting (attempt 1)…', 'Reconnecting (attempt 2)…', 'Reconnecting (attempt 3)…'],
    );
    assert.equal(session.status.state, 'failed');
    assert.equal(session.status.error?.code, 'NETWORK');
    assert.ok(streams.every((s) => s.closed));
  });

  it('reopens after the last event it logged, and a successful read resets the attempts', async () => {
    const { session, clock, streams, log } = build([
      [insert(1), { error: network() }],
      [insert(2), { error: network() }],
      [insert(3)],
    ]);
    await session.start();
    await clock.runAll();
    assert.deepEqual(streams[1].options.resumeAfter, insert(1).doc._id);
    assert.deepEqual(streams[2].options.resumeAfter, insert(2).doc._id);
    assert.deepEqual(clock.delays, [100, 100], 'the second failure starts again at attempt 1');
    assert.equal(session.status.state, 'streaming');
    assert.deepEqual(
      log.summaries(1, 10).map((s) => s.key),
      ['_id: 1', '_id: 2', '_id: 3'],
    );
    await session.dispose();
  });

  it('cancels a pending reconnect on stop', async () => {
    const { session, clock, streams } = build([[insert(1), { error: network() }]]);
    await session.start();
    await flush();
    assert.equal(session.status.state, 'reconnecting');
    await session.stop();
    assert.equal(clock.timers.length, 0);
    assert.equal(session.status.state, 'stopped');
    assert.equal(streams.length, 1, 'no reopen after stop');
  });

  it('fails at once when the first open fails, without reconnecting', async () => {
    const { session, clock, statuses } = build([[{ error: network() }]]);
    await session.start();
    assert.deepEqual(
      statuses.map((s) => s.state),
      ['opening', 'failed'],
    );
    assert.equal(clock.timers.length, 0);
  });

  it('stays stopped when stop comes while the client is still connecting', async () => {
    let release: (() => void) | undefined;
    const connected = new Promise<void>((r) => (release = r));
    const { session, streams } = build([[insert(1)]], undefined, connected);
    const started = session.start();
    await flush();
    assert.equal(session.status.state, 'opening');
    await session.stop();
    release?.();
    await started;
    await flush();
    assert.equal(session.status.state, 'stopped');
    assert.equal(streams.length, 0, 'no stream is opened for a stopped session');
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const { session } = build([[insert(1), insert(2)]]);
    const seen: number[] = [];
    session.onDidAppend(() => {
      throw new Error('bad listener');
    });
    session.onDidAppend((e) => seen.push(e.seq));
    await session.start();
    await flush();
    assert.deepEqual(seen, [1, 2]);
    await session.dispose();
  });

  it('stops listening after dispose and ignores later commands', async () => {
    const { session, statuses, streams } = build([[insert(1)]]);
    await session.start();
    await session.dispose();
    const count = statuses.length;
    await session.start();
    session.pause();
    session.resume();
    assert.equal(statuses.length, count);
    assert.equal(streams.length, 1);
    assert.ok(streams[0].closed);
  });
});
