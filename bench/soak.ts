// Soak (a script that prints figures, not a test): demo traffic on the sandbox at a target rate for N
// minutes, watched through the extension's real path (WatchSession → EventLog → Watch → PanelHost with
// the real snapshot/appended content and event handlers) into a fake webview that acts like an open
// panel: it says ready, takes every post (serialised, as VS Code does), and opens the newest event
// every second. The sandbox and its demo writer run in a child process, so the host figures are the
// watch's and the panel's alone (the sandbox keeps a 100,000-entry oplog of its own).
// Prints, each minute: events written and received (and their rates), evicted from the log, posted
// to the panel, host heap and RSS; at start and end: host heap and RSS.
// `npm run bench:soak -- [--minutes N] [--rate EVENTS_PER_S]`
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { startSandbox } from '../src/sandbox/index';
import { seedDemoData, startDemoTraffic } from '../src/sandbox/demo';
import { EventLog } from '../src/core/events/eventLog';
import { nullLogger } from '../src/core/logger';
import { Watch } from '../src/core/watch/watch';
import { WatchSession } from '../src/core/watch/watchSession';
import type { WatchOptions, WatchTarget } from '../src/core/watch/model';
import { PanelHost } from '../src/vscode/panel/panelHost';
import { watchContent } from '../src/vscode/panel/watchContent';
import { eventHandlers } from '../src/vscode/panel/handlers/events';
import type { InspectorContext } from '../src/vscode/panel/handlers/context';
import type { NotifyHandlers, RequestHandlers } from '../src/vscode/panel/handlers';
import { PROTOCOL_VERSION } from '../src/shared/protocol';
import { FakeWebviewPanel } from '../test/fakes/webviewPanel';

/** What the traffic child reports. */
interface TrafficStats {
  writes: number;
  ops: number;
  skipped: number;
  failures: number;
  rss: number;
}
type ToChild = { kind: 'start'; rate: number } | { kind: 'stats' } | { kind: 'stop' } | { kind: 'exit' };
type FromChild = { kind: 'listening'; uri: string } | ({ kind: 'stats' } & TrafficStats) | { kind: 'stopped' };

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

/** The child: the sandbox and the demo writer, driven by the parent's messages. */
async function child(): Promise<void> {
  const send = (m: FromChild) => process.send?.(m);
  const sandbox = await startSandbox({ port: 0 });
  await seedDemoData(sandbox.uri);
  let traffic: Awaited<ReturnType<typeof startDemoTraffic>> | undefined;
  const stats = (): TrafficStats => ({
    writes: traffic?.writes ?? 0,
    ops: traffic?.ops ?? 0,
    skipped: traffic?.skipped ?? 0,
    failures: traffic?.failures ?? 0,
    rss: process.memoryUsage().rss,
  });
  process.on('message', (m: ToChild) => {
    void (async () => {
      if (m.kind === 'start') traffic = await startDemoTraffic(sandbox.uri, { ratePerSecond: m.rate });
      if (m.kind === 'stats') send({ kind: 'stats', ...stats() });
      if (m.kind === 'stop') {
        await traffic?.stop();
        send({ kind: 'stats', ...stats() });
      }
      if (m.kind === 'exit') {
        await sandbox.stop();
        send({ kind: 'stopped' });
        process.exit(0);
      }
    })();
  });
  send({ kind: 'listening', uri: sandbox.uri });
}

/** Sends a message to the child and waits for its first answer of a kind. */
function ask<K extends FromChild['kind']>(
  proc: ChildProcess,
  message: ToChild | undefined,
  kind: K,
): Promise<Extract<FromChild, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromChild) => {
      if (m.kind !== kind) return;
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      resolve(m as Extract<FromChild, { kind: K }>);
    };
    const onExit = (code: number | null) => reject(new Error(`the traffic process exited (${code}) before '${kind}'`));
    proc.on('message', onMessage);
    proc.once('exit', onExit);
    if (message) proc.send(message);
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { minutes: { type: 'string', default: '10' }, rate: { type: 'string', default: '1000' } },
  });
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  if (!(minutes > 0) || !(rate > 0)) throw new Error('--minutes and --rate take positive numbers');

  const proc = fork(__filename, ['--traffic-child'], { execArgv: process.execArgv, stdio: 'inherit' });
  const { uri } = await ask(proc, undefined, 'listening');
  const client = new MongoClient(uri, { appName: 'csi-soak-watcher', serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const target: WatchTarget = { connectionId: 'sandbox', connectionName: 'Sandbox', scope: 'database', db: 'shop' };
  const options: WatchOptions = {
    fullDocument: 'updateLookup',
    fullDocumentBeforeChange: 'off',
    showExpandedEvents: false,
  };
  // The extension's defaults: 10,000 events, 64 MB.
  const log = new EventLog({ maxEvents: 10_000, maxBytes: 64 * 1024 * 1024 });
  const watch = new Watch(
    'soak',
    target,
    options,
    log,
    (id, t, o, l) =>
      new WatchSession({ id, client: async () => client, target: t, options: o, log: l, logger: nullLogger }),
  );

  const panel = new FakeWebviewPanel();
  let posts = 0;
  let postedBytes = 0;
  let postedSummaries = 0;
  const post = panel.webview.postMessage;
  panel.webview.postMessage = (m: unknown) => {
    posts++;
    postedBytes += JSON.stringify(m).length;
    const params = (m as { method?: string; params?: { summaries?: unknown[] } }).params;
    if ((m as { method?: string }).method === 'appended') postedSummaries += params?.summaries?.length ?? 0;
    // Keep no copies (the fake records them by default): a panel does not grow with what it was sent.
    const r = post(m);
    panel.posted.length = 0;
    return r;
  };
  const context: InspectorContext = {
    watch,
    start: async () => undefined,
    copy: async () => undefined,
    runDoctor: async () => undefined,
  };
  const host = new PanelHost<InspectorContext>({
    panel,
    content: watchContent(
      () => watch,
      () => ({ logId: 'soak', reloaded: false }),
    ),
    requests: eventHandlers as unknown as RequestHandlers<InspectorContext>,
    notifications: {} as NotifyHandlers<InspectorContext>,
    context: () => context,
    logger: nullLogger,
    name: () => watch.title,
    redact: (t) => t,
  });
  host.own(watch.onDidAppend(() => host.markAppended()));
  await watch.start();
  panel.send({ kind: 'ready', protocol: PROTOCOL_VERSION });
  let opened = 0;
  let id = 1;
  const clicker = setInterval(() => {
    panel.send({ kind: 'request', id: id++, method: 'getEvent', params: { seq: log.lastSeq } });
    opened++;
  }, 1000);

  const memory = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  };
  const start = memory();
  console.log(
    `soak: ${minutes} min at ${rate} events/s target; panel open, database watch (updateLookup), log cap 10,000 events / 64 MB`,
  );
  console.log(`soak: start   host heap ${mb(start.heapUsed)}, rss ${mb(start.rss)}`);
  const received0 = log.total;
  proc.send({ kind: 'start', rate } satisfies ToChild);
  const t0 = performance.now();
  let last = { t: t0, writes: 0, received: 0 };
  for (let minute = 1; minute <= minutes; minute++) {
    await new Promise((r) => setTimeout(r, t0 + minute * 60_000 - performance.now()));
    const s = await ask(proc, { kind: 'stats' }, 'stats');
    const now = performance.now();
    const received = log.total - received0;
    const secs = (now - last.t) / 1000;
    const m = memory();
    console.log(
      `soak: min ${String(minute).padStart(2)}  written ${s.writes} (${((s.writes - last.writes) / secs).toFixed(0)}/s)  ` +
        `received ${received} (${((received - last.received) / secs).toFixed(0)}/s)  behind ${s.writes - received}  ` +
        `evicted ${log.evicted}  to panel ${postedSummaries}  host heap ${mb(m.heapUsed)} rss ${mb(m.rss)}  sandbox rss ${mb(s.rss)}`,
    );
    last = { t: now, writes: s.writes, received };
  }
  const seconds = (performance.now() - t0) / 1000;
  const sent = await ask(proc, { kind: 'stop' }, 'stats');
  // Let the watch take in what was written before the writer stopped.
  const drainUntil = performance.now() + 30_000;
  while (log.total - received0 < sent.writes && performance.now() < drainUntil)
    await new Promise((r) => setTimeout(r, 100));
  const received = log.total - received0;
  clearInterval(clicker);
  const end = memory();
  console.log(
    `soak: ${seconds.toFixed(0)} s: written ${sent.writes} events (${(sent.writes / seconds).toFixed(0)}/s; ${sent.ops} ops due: ${sent.ops - sent.skipped} sent, ` +
      `${sent.skipped} skipped while behind, ${sent.failures} failed batches), received ${received} (${(received / seconds).toFixed(0)}/s), ` +
      `missing ${sent.writes - received}`,
  );
  console.log(
    `soak: log ${log.size} kept / ${log.evicted} evicted; panel: ${posts} posts (${mb(postedBytes)}), ${postedSummaries} summaries ` +
      `(${log.total - postedSummaries} not sent: more than a window behind), ${opened} events opened; watch ${watch.status.state}`,
  );
  console.log(`soak: end     host heap ${mb(end.heapUsed)}, rss ${mb(end.rss)}`);
  console.log(
    `soak: host heap ${mb(start.heapUsed)} → ${mb(end.heapUsed)} (${end.heapUsed >= start.heapUsed ? '+' : ''}${mb(end.heapUsed - start.heapUsed)}), ` +
      `rss ${mb(start.rss)} → ${mb(end.rss)} (${end.rss >= start.rss ? '+' : ''}${mb(end.rss - start.rss)})`,
  );
  host.dispose();
  await watch.dispose();
  await client.close();
  const exited = new Promise((r) => proc.once('exit', r));
  proc.send({ kind: 'exit' } satisfies ToChild);
  await exited;
}

if (process.argv.includes('--traffic-child')) {
  child().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
