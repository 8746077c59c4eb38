// Soak (a script that prints figures, not a test): demo traffic on the sandbox at a target rate for N
// minutes, watched through the extension's real path (WatchSession → EventLog → Watch → PanelHost with
// the real snapshot/appended content and event handlers) into a fake webview that acts like an open
// panel: it says ready, takes every post, and opens the newest event every second. Prints host heap
// and RSS at start, every minute and at the end.
// `npm run bench:soak -- [--minutes N] [--rate EVENTS_PER_S]`
import { parseArgs } from 'node:util';
import { startSandbox } from '../src/sandbox/index';
import { seedDemoData, startDemoTraffic } from '../src/sandbox/demo';
import { MongoClient } from 'mongodb';
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

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, rate: { type: 'string', default: '1000' } },
});
const MINUTES = Number(values.minutes);
const RATE = Number(values.rate);

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
function memory(label: string): { heap: number; rss: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  console.log(`soak: ${label.padEnd(8)} heap ${mb(m.heapUsed).padStart(9)}  rss ${mb(m.rss).padStart(9)}`);
  return { heap: m.heapUsed, rss: m.rss };
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0 });
  await seedDemoData(sandbox.uri);
  const client = new MongoClient(sandbox.uri, { appName: 'csi-soak-watcher', serverSelectionTimeoutMS: 5000 });
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
  const post = panel.webview.postMessage;
  panel.webview.postMessage = (m: unknown) => {
    posts++;
    postedBytes += JSON.stringify(m).length;
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

  // One demo writer awaits each write, so it tops out near 1 / write latency: run enough in parallel.
  const writers = Math.max(1, Math.ceil(RATE / 50));
  const traffic = await Promise.all(
    Array.from({ length: writers }, () => startDemoTraffic(sandbox.uri, { ratePerSecond: RATE / writers })),
  );
  await new Promise((r) => setTimeout(r, 2000));
  const start = memory('start');
  const t0 = Date.now();
  const events0 = log.total;
  for (let minute = 1; minute <= MINUTES; minute++) {
    await new Promise((r) => setTimeout(r, 60_000));
    memory(`${minute} min`);
  }
  const seconds = (Date.now() - t0) / 1000;
  const events = log.total - events0;
  clearInterval(clicker);
  await Promise.all(traffic.map((t) => t.stop()));
  const end = memory('end');
  console.log(
    `soak: ${MINUTES} min, target ${RATE}/s (${writers} demo writers), ${events} events (${(events / seconds).toFixed(0)}/s), log ${log.size} kept / ${log.evicted} evicted, ` +
      `${posts} posts (${mb(postedBytes)}), ${opened} events opened, state ${watch.status.state}`,
  );
  console.log(
    `soak: heap ${mb(start.heap)} → ${mb(end.heap)} (${end.heap >= start.heap ? '+' : ''}${mb(end.heap - start.heap)}), ` +
      `rss ${mb(start.rss)} → ${mb(end.rss)} (${end.rss >= start.rss ? '+' : ''}${mb(end.rss - start.rss)})`,
  );
  host.dispose();
  await watch.dispose();
  await client.close();
  await sandbox.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
