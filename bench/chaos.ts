// Benchmark (not a test): 10,000 numbered inserts from a separate client while faults are injected
// through the sandbox's failpoints and the whole server restarts; the watch's event log (WatchSession
// + EventLog, the extension's real path) must hold every insert once, in order. Prints figures.
// `npm run bench:chaos -- [--writes N] [--every N]`
import { parseArgs } from 'node:util';
import { EJSON } from 'bson';
import { MongoClient, type Document } from 'mongodb';
import { startSandbox } from '../src/sandbox/index';
import { WatchSession } from '../src/core/watch/watchSession';
import { EventLog } from '../src/core/events/eventLog';
import { nullLogger } from '../src/core/logger';
import type { WatchOptions, WatchTarget } from '../src/core/watch/model';

interface Kind {
  name: string;
  scope: 'collection' | 'database';
  fullDocument: WatchOptions['fullDocument'];
}
const KINDS: Kind[] = [
  { name: 'collection', scope: 'collection', fullDocument: 'default' },
  { name: 'updateLookup', scope: 'collection', fullDocument: 'updateLookup' },
  { name: 'database', scope: 'database', fullDocument: 'default' },
];
const WATCHER = 'csi-chaos-watcher';
const BATCH = 25;

type Fault = (admin: ReturnType<MongoClient['db']>) => Promise<unknown>;
const FAULTS: { name: string; arm: Fault }[] = [
  {
    name: 'closeConnection on getMore',
    arm: (a) => failCommand(a, 1, { failCommands: ['getMore'], closeConnection: true }),
  },
  {
    name: 'labelled error on getMore',
    arm: (a) =>
      failCommand(a, 1, { failCommands: ['getMore'], errorCode: 91, errorLabels: ['ResumableChangeStreamError'] }),
  },
  {
    name: 'killed cursor (CursorNotFound after checkout)',
    arm: (a) =>
      a.command({ configureFailPoint: 'failGetMoreAfterCursorCheckout', mode: { times: 1 }, data: { errorCode: 43 } }),
  },
  {
    // The driver resumes once (and retries that aggregate as a retryable read); failing all three
    // leaves the reconnect to WatchSession.
    name: 'getMore and the resume aggregate',
    arm: (a) => failCommand(a, 3, { failCommands: ['getMore', 'aggregate'], closeConnection: true }),
  },
];

function failCommand(admin: ReturnType<MongoClient['db']>, times: number, data: Document): Promise<Document> {
  return admin.command({ configureFailPoint: 'failCommand', mode: { times }, data: { ...data, appName: WATCHER } });
}

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function run(kind: Kind, writes: number, every: number): Promise<string> {
  const sandbox = await startSandbox();
  // Short server selection so a down server reaches the watch's own reconnect, not only the driver's wait.
  const watcher = new MongoClient(sandbox.uri, {
    appName: WATCHER,
    serverSelectionTimeoutMS: 1500,
    monitorCommands: true,
  });
  const writer = new MongoClient(sandbox.uri, { appName: 'csi-chaos-writer' });
  let failedCommands = 0;
  const reconnects: number[] = [];
  watcher.on('commandFailed', () => failedCommands++);
  const log = new EventLog({ maxEvents: writes * 2, maxBytes: 1 << 30 });
  const target: WatchTarget = {
    connectionId: 'chaos',
    connectionName: 'chaos',
    scope: kind.scope,
    db: 'chaos',
    ...(kind.scope === 'collection' ? { coll: 'numbers' } : {}),
  };
  const session = new WatchSession({
    client: async () => watcher,
    target,
    options: {
      fullDocument: kind.fullDocument,
      fullDocumentBeforeChange: 'off',
      showExpandedEvents: false,
      maxAwaitTimeMS: 100,
    },
    log,
    logger: nullLogger,
  });
  session.onDidChangeStatus((s) => {
    if (s.state === 'reconnecting') reconnects.push(Date.now());
  });
  let armed = 0;
  let restarts = 0;
  const started = Date.now();
  try {
    await writer.connect();
    await watcher.connect();
    await session.start({ kind: 'now' });
    if (session.status.state !== 'streaming') throw new Error(`watch did not start: ${JSON.stringify(session.status)}`);
    const coll = writer.db('chaos').collection<{ _id: number; n: number }>('numbers');
    const admin = writer.db('admin');
    const inserts = () => log.size;
    for (let n = 0, batch = 0; n < writes; batch++) {
      const docs = Array.from({ length: Math.min(BATCH, writes - n) }, (_, i) => ({ _id: n + i, n: n + i }));
      await coll.insertMany(docs);
      n += docs.length;
      if (batch % every === every - 1) {
        await FAULTS[armed % FAULTS.length]!.arm(admin);
        armed++;
      }
      if (n >= writes / 2 && restarts === 0) {
        await sandbox.restart({ downMs: 3000 });
        restarts++;
      }
      const expect = n;
      await until(`${expect} events (state ${session.status.state})`, () => inserts() >= expect);
    }
    await until('the last event', () => log.size >= writes);
    await new Promise((r) => setTimeout(r, 300)); // a late duplicate would land here
  } finally {
    await session.dispose();
    await watcher.close();
    await writer.close();
    await sandbox.stop();
  }
  let duplicates = 0;
  let outOfOrder = 0;
  let last = -1;
  let events = 0;
  const seen = new Set<number>();
  for (let seq = log.firstSeq; seq <= log.lastSeq; seq++) {
    const e = log.get(seq);
    if (!e) continue;
    const doc = EJSON.parse(e.ejson) as Document;
    if (doc.operationType !== 'insert') continue;
    events++;
    const n = Number(doc.documentKey._id);
    if (seen.has(n)) duplicates++;
    if (n < last) outOfOrder++;
    seen.add(n);
    last = Math.max(last, n);
  }
  let gaps = 0;
  for (let n = 0; n < writes; n++) if (!seen.has(n)) gaps++;
  console.log(
    `${kind.name}: ${((Date.now() - started) / 1000).toFixed(1)} s, faults armed ${armed}, failed commands on the watch client ${failedCommands}, ` +
      `watch reconnects ${reconnects.length}, out of order ${outOfOrder}`,
  );
  const faults = failedCommands;
  return `chaos: writes ${writes}, events ${events}, duplicates ${duplicates}, gaps ${gaps}, faults ${faults}, restarts ${restarts} (${kind.name} watch)`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { writes: { type: 'string', default: '10000' }, every: { type: 'string', default: '5' } },
  });
  const writes = Number(values.writes);
  const every = Number(values.every);
  const lines: string[] = [];
  for (const kind of KINDS) lines.push(await run(kind, writes, every));
  for (const l of lines) console.log(l);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
