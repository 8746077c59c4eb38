// The presets filter a real stream as their titles say: opened with the driver on the sandbox.
import { strict as assert } from 'node:assert';
import { MongoClient, type Document } from 'mongodb';
import { startSandbox, type Sandbox } from '../../../../src/sandbox';
import { checkPipelineText, PIPELINE_PRESETS } from '../../../../src/core/pipeline';

function preset(id: string): Document[] {
  const p = PIPELINE_PRESETS.find((x) => x.id === id);
  const r = p && checkPipelineText(p.text);
  if (!r || !r.ok) throw new Error(`preset ${id} does not parse`);
  return r.pipeline;
}

describe('pipeline presets on a live stream', function () {
  this.timeout(30000);
  let sandbox: Sandbox;
  let client: MongoClient;
  before(async () => {
    sandbox = await startSandbox();
    client = new MongoClient(sandbox.uri);
    await client.connect();
  });
  after(async () => {
    await client?.close();
    await sandbox?.stop();
  });

  /** Opens the preset's stream, runs the writes, then reads until the sentinel insert arrives. */
  async function seen(id: string, writes: (c: ReturnType<typeof coll>) => Promise<void>): Promise<Document[]> {
    const c = coll(id);
    const stream = c.watch(preset(id), { fullDocument: 'updateLookup', maxAwaitTimeMS: 100 });
    await stream.tryNext(); // opens the cursor before writing
    await writes(c);
    await c.insertOne({ sentinel: true, status: 'x', total: 5000, tenant_id: 'tenant-a' });
    const out: Document[] = [];
    for (;;) {
      const ev = await stream.next();
      if (ev.operationType === 'insert' && (ev as Document).fullDocument?.sentinel) break;
      out.push(ev);
    }
    await stream.close();
    return out;
  }
  const coll = (id: string) => client.db('presets').collection(`${id}_${Date.now()}`);

  it('hideHeartbeats drops updates that only touch updatedAt, keeps real changes', async () => {
    const evs = await seen('hideHeartbeats', async (c) => {
      await c.insertOne({ _id: 1 as never, status: 'new' });
      await c.updateOne({ _id: 1 as never }, { $set: { updatedAt: new Date() } });
      await c.updateOne({ _id: 1 as never }, { $set: { status: 'paid', updatedAt: new Date() } });
      await c.updateOne({ _id: 1 as never }, { $set: { lastSeen: new Date() } });
      await c.deleteOne({ _id: 1 as never });
    });
    assert.deepEqual(
      evs.map((e) => e.operationType),
      ['insert', 'update', 'delete'],
    );
    assert.equal(evs[1].updateDescription.updatedFields.status, 'paid');
  });

  it('orderTotalThreshold keeps orders of 1000 or more', async () => {
    const evs = await seen('orderTotalThreshold', async (c) => {
      await c.insertOne({ n: 1, total: 999 });
      await c.insertOne({ n: 2, total: 1000 });
      await c.insertOne({ n: 3, total: 2500.5 });
    });
    assert.deepEqual(
      evs.map((e) => e.fullDocument.n),
      [2, 3],
    );
  });

  it('fieldChanged keeps inserts and updates that set status', async () => {
    const evs = await seen('fieldChanged', async (c) => {
      await c.insertOne({ _id: 7 as never, status: 'new', qty: 1 });
      await c.updateOne({ _id: 7 as never }, { $set: { qty: 2 } });
      await c.updateOne({ _id: 7 as never }, { $set: { status: 'shipped' } });
    });
    assert.deepEqual(
      evs.map((e) => e.operationType),
      ['insert', 'update'],
    );
  });

  it('tenant keeps one tenant and operationTypes drops nothing of the four kinds', async () => {
    const t = await seen('tenant', async (c) => {
      await c.insertOne({ n: 1, tenant_id: 'tenant-b' });
      await c.insertOne({ n: 2, tenant_id: 'tenant-a' });
    });
    assert.deepEqual(
      t.map((e) => e.fullDocument.n),
      [2],
    );
    const o = await seen('operationTypes', async (c) => {
      await c.insertOne({ _id: 1 as never });
      await c.replaceOne({ _id: 1 as never }, { v: 2 });
      await c.deleteOne({ _id: 1 as never });
    });
    assert.deepEqual(
      o.map((e) => e.operationType),
      ['insert', 'replace', 'delete'],
    );
  });
});
