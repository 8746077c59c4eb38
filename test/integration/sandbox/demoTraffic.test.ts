// The demo writer paces by the clock and every op it sends changes one document: a database stream
// on `shop` sees exactly as many events as the writer counts, at the rate it was asked for.
import { strict as assert } from 'node:assert';
import { MongoClient, type ChangeStream, type Document } from 'mongodb';
import { startSandbox, type Sandbox } from '../../../src/sandbox';
import { seedDemoData, startDemoTraffic } from '../../../src/sandbox/demo';

describe('sandbox demo traffic', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let client: MongoClient;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    await seedDemoData(sandbox.uri);
    client = new MongoClient(sandbox.uri);
    await client.connect();
  });
  after(async () => {
    await client?.close();
    await sandbox?.stop();
  });

  /** Runs the writer for `ms` with a database stream open; returns its counts and the events seen. */
  async function run(rate: number, ms: number) {
    const stream: ChangeStream<Document> = client.db('shop').watch([], { maxAwaitTimeMS: 100 });
    const seen: string[] = [];
    // The stream is open once its first (empty) batch came back; events queue on the server meanwhile.
    assert.equal(await stream.tryNext(), null);
    const traffic = await startDemoTraffic(sandbox.uri, { ratePerSecond: rate });
    const started = performance.now();
    await new Promise((r) => setTimeout(r, ms));
    const seconds = (performance.now() - started) / 1000;
    await traffic.stop();
    for (let quietSince = Date.now(); seen.length < traffic.writes && Date.now() - quietSince < 5000;) {
      const e = await stream.tryNext();
      if (e) {
        seen.push(e.operationType);
        quietSince = Date.now();
      }
    }
    assert.equal(await stream.tryNext(), null, 'more events than the writer counted');
    await stream.close();
    return {
      writes: traffic.writes,
      ops: traffic.ops,
      skipped: traffic.skipped,
      failures: traffic.failures,
      seen,
      seconds,
    };
  }

  it('writes one change a tick at a low rate, and the stream sees each', async () => {
    const r = await run(4, 2100);
    // Due at 0, 0.25, …, 2.0 s: nine ops (one either side for timer slack).
    assert.ok(r.ops >= 8 && r.ops <= 10, `ops ${r.ops}`);
    assert.equal(r.failures, 0);
    assert.equal(r.writes, r.ops - r.skipped, 'an op sent that changed no document');
    assert.equal(r.seen.length, r.writes, 'events seen vs written');
  });

  it('keeps a high rate with bulk writes, each op one event', async () => {
    const r = await run(500, 3000);
    const due = 500 * r.seconds;
    assert.ok(Math.abs(r.ops - due) <= due * 0.05 + 5, `ops due ${r.ops} for ${due.toFixed(0)} by the clock`);
    // Sent, not skipped: one awaited write per timer tick reached a tenth of this on the same machine.
    assert.ok(r.writes >= due * 0.5, `wrote ${r.writes} of ${due.toFixed(0)} due (${r.skipped} skipped)`);
    assert.equal(r.failures, 0);
    assert.equal(r.writes, r.ops - r.skipped, 'an op sent that changed no document');
    assert.equal(r.seen.length, r.writes, 'events seen vs written');
    for (const op of ['insert', 'update', 'replace', 'delete'])
      assert.ok(r.seen.includes(op), `no ${op} in ${new Set(r.seen).size} kinds`);
  });
});
