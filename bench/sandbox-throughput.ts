// Benchmark (not a test): insert throughput with one change stream attached, and change events per
// second delivered to that stream. `npm run bench:sandbox -- [--docs N] [--batch N]`.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { MongoClient, type Document } from 'mongodb';
import { startSandbox, type Sandbox } from '../src/sandbox/index';

const FLOOR_EVENTS_PER_SECOND = 20_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { docs: { type: 'string', default: '50000' }, batch: { type: 'string', default: '1000' } },
  });
  const docs = Number(values.docs);
  const batch = Number(values.batch);
  if (!Number.isInteger(docs) || docs <= 0 || !Number.isInteger(batch) || batch <= 0) {
    throw new Error('--docs and --batch take positive integers');
  }

  const realUri = process.env.MONGODB_URI;
  const sandbox: Sandbox | undefined = realUri ? undefined : await startSandbox({ port: 0 });
  const client = new MongoClient(realUri ?? sandbox!.uri);
  const dbName = `csi_bench_${Date.now().toString(36)}`;
  try {
    await client.connect();
    const coll = client.db(dbName).collection('throughput');
    await coll.insertOne({ _id: 'warmup' } as never);
    const stream = coll.watch<Document, Document>([{ $match: { operationType: 'insert' } }], { maxAwaitTimeMS: 200 });
    if ((await stream.tryNext()) !== null) throw new Error('unexpected event before the benchmark started');

    let received = 0;
    let lastEventAt = 0;
    let stalledSince = performance.now();
    const watching = (async () => {
      while (received < docs) {
        const event = await stream.tryNext();
        if (event !== null) {
          received++;
          lastEventAt = stalledSince = performance.now();
        } else if (performance.now() - stalledSince > 30_000) {
          throw new Error(`no event for 30 s after ${received} of ${docs}`);
        }
      }
    })();
    // Settled here so a failure while inserting cannot leave it rejecting unobserved.
    const watched = watching.then(
      () => undefined,
      (error: unknown) => error,
    );

    const started = performance.now();
    for (let next = 0; next < docs; next += batch) {
      const size = Math.min(batch, docs - next);
      await coll.insertMany(
        Array.from({ length: size }, (_, i) => ({
          n: next + i,
          sku: `SKU-${(next + i) % 977}`,
          qty: i % 50,
          at: new Date(),
        })),
        { ordered: false },
      );
    }
    const insertedAt = performance.now();
    const watchError = await watched;
    await stream.close();
    if (watchError) throw watchError;

    const insertSeconds = (insertedAt - started) / 1000;
    const eventSeconds = (lastEventAt - started) / 1000;
    const eventsPerSecond = docs / eventSeconds;
    console.log(`target: ${realUri ? 'MONGODB_URI' : 'in-process sandbox'}`);
    console.log(`docs: ${docs}`);
    console.log(`batch: ${batch}`);
    console.log(`inserts/s: ${Math.round(docs / insertSeconds)}`);
    console.log(`events/s: ${Math.round(eventsPerSecond)}`);
    console.log(`events received: ${received}`);
    console.log(
      `ratio to ${FLOOR_EVENTS_PER_SECOND} events/s floor: ${(eventsPerSecond / FLOOR_EVENTS_PER_SECOND).toFixed(2)}`,
    );
    // Figures on a shared machine mean little without the load they were taken under.
    console.log(`load average (1 min) / cores: ${loadavg()[0].toFixed(2)} / ${cpus().length}`);
  } finally {
    await client
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
    await sandbox?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
