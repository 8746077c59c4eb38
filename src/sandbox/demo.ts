// Demo data and traffic for the sandbox: an e-commerce `shop` database (orders with pre/post
// images enabled, users, products, inventory) and a writer producing realistic changes.
import { Decimal128, Double, Int32, Long, MongoClient, ObjectId, type AnyBulkWriteOperation, type Db } from 'mongodb';

export interface DemoTraffic {
  stop(): Promise<void>;
  readonly writes: number;
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Linus', 'Radia', 'Dennis'];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Thompson',
  'Hamilton',
  'Torvalds',
  'Perlman',
  'Ritchie',
];
const PRODUCTS: [string, string, number][] = [
  ['SKU-1001', 'Espresso beans 1kg', 24.5],
  ['SKU-1002', 'Pour-over kettle', 49.0],
  ['SKU-1003', 'Ceramic mug', 12.0],
  ['SKU-1004', 'Burr grinder', 129.99],
  ['SKU-1005', 'Paper filters (100)', 6.75],
  ['SKU-1006', 'Milk frother', 39.9],
  ['SKU-1007', 'Travel tumbler', 22.0],
  ['SKU-1008', 'Cold brew jar', 29.5],
];
const STATUS_FLOW = ['pending', 'paid', 'shipped', 'delivered'];

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];
const money = (n: number): Decimal128 => Decimal128.fromString(n.toFixed(2));

async function ensureCollection(db: Db, name: string, images: boolean): Promise<void> {
  const exists = (await db.listCollections({ name }, { nameOnly: true }).toArray()).length > 0;
  const opts = images ? { changeStreamPreAndPostImages: { enabled: true } } : {};
  if (!exists) await db.createCollection(name, opts);
  else if (images) await db.command({ collMod: name, ...opts });
}

/** Creates the `shop` database with sample documents; running it again adds nothing twice. */
export async function seedDemoData(uri: string): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    const db = client.db('shop');
    await ensureCollection(db, 'orders', true);
    for (const name of ['users', 'products', 'inventory']) await ensureCollection(db, name, false);
    if ((await db.collection('products').countDocuments()) > 0) return;
    await db.collection('products').insertMany(
      PRODUCTS.map(([sku, name, price]) => ({
        _id: sku as never,
        name,
        price: money(price),
        tags: name.toLowerCase().split(' ').slice(0, 2),
        active: true,
      })),
    );
    await db.collection('inventory').insertMany(
      PRODUCTS.map(([sku]) => ({
        _id: sku as never,
        qty: new Int32(50 + Math.floor(Math.random() * 100)),
        warehouse: pick(['AMS', 'NYC', 'SIN']),
        updatedAt: new Date(),
      })),
    );
    await db.collection('users').insertMany(
      FIRST.map((f, i) => ({
        name: `${f} ${LAST[i]}`,
        email: `${f.toLowerCase()}@example.com`,
        loyaltyPoints: Long.fromNumber(i * 100),
        address: { city: pick(['Amsterdam', 'New York', 'Singapore', 'Berlin']), zip: String(10000 + i * 7) },
        createdAt: new Date(),
      })),
    );
    await db.collection('users').createIndex({ email: 1 }, { unique: true });
    for (let i = 0; i < 5; i++) await db.collection('orders').insertOne(newOrder(i));
  } finally {
    await client.close();
  }
}

function newOrder(n: number): Record<string, unknown> {
  const items = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => {
    const [sku, name, price] = pick(PRODUCTS);
    return { sku, name, qty: new Int32(1 + Math.floor(Math.random() * 3)), price: money(price) };
  });
  const total = items.reduce((s, it) => s + Number(it.price.toString()) * it.qty.value, 0);
  return {
    orderNo: `ORD-${Date.now().toString(36).toUpperCase()}-${n}`,
    customer: `${pick(FIRST)} ${pick(LAST)}`,
    status: 'pending',
    items,
    total: money(total),
    weightKg: new Double(Math.round(Math.random() * 50) / 10),
    history: [{ status: 'pending', at: new Date() }],
    createdAt: new Date(),
  };
}

/** The demo writer's counts: `writes` is the change events its writes caused (one per op that changed a document). */
export interface DemoTrafficStats {
  /** Change events caused so far (inserted + modified + deleted documents). */
  readonly writes: number;
  /** Ops due so far: those sent plus `skipped` (an update that matched nothing causes no event). */
  readonly ops: number;
  /** Ops never sent because the writer fell more than a second behind (it does not burst to catch up). */
  readonly skipped: number;
  /** Batches that failed (their ops count in `ops`, not in `writes`). */
  readonly failures: number;
}

export interface DemoTrafficOptions {
  /** Target change events per second (default 2). */
  ratePerSecond?: number;
  /** Batches in flight at once (default 4): what lets one writer keep a high rate despite round trips. */
  maxInFlight?: number;
  /** Ops per batch at most (default 200). */
  maxBatch?: number;
}

/** Live orders the writer keeps at most: past it, it advances and deletes instead of inserting. */
const MAX_LIVE_ORDERS = 500;

/**
 * Keeps writing a mix of inserts, updates, replaces and deletes until stopped, paced by the clock:
 * every tick it sends the ops it owes (`rate × elapsed − sent`) as one unordered bulk write, with a
 * few batches in flight, so the rate holds at 1,000/s and more as well as at 2/s (one op a batch).
 * Orders go pending → paid → shipped → delivered → deleted by _id, so every op changes exactly one
 * document (one change event) and the number of live orders stays bounded.
 */
export async function startDemoTraffic(
  uri: string,
  opts: DemoTrafficOptions = {},
): Promise<DemoTraffic & DemoTrafficStats> {
  const rate = Math.max(0.1, opts.ratePerSecond ?? 2);
  const maxInFlight = Math.max(1, opts.maxInFlight ?? 4);
  const maxBatch = Math.max(1, opts.maxBatch ?? 200);
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, maxPoolSize: maxInFlight + 1 });
  await client.connect();
  const db = client.db('shop');
  // The live orders by status, as the writer last set them (seeded and earlier ones read once).
  const byStatus = new Map<string, unknown[]>(STATUS_FLOW.map((s) => [s, []]));
  for (const o of await db
    .collection('orders')
    .find({}, { projection: { status: 1 } })
    .toArray()) {
    byStatus.get(STATUS_FLOW.includes(o.status as string) ? (o.status as string) : 'pending')?.push(o._id);
  }
  const live = () => STATUS_FLOW.reduce((n, s) => n + byStatus.get(s)!.length, 0);
  // Orders an in-flight batch writes: a later batch may reach the server first, so it leaves them be
  // (an update of an order whose insert has not landed yet would change nothing).
  const busy = new Set<unknown>();
  let touched: unknown[] = [];
  const take = (status: string): unknown => {
    const ids = byStatus.get(status)!;
    const start = Math.floor(Math.random() * ids.length);
    for (let k = 0; k < ids.length; k++) {
      const i = (start + k) % ids.length;
      if (busy.has(ids[i])) continue;
      const [id] = ids.splice(i, 1);
      touched.push(id);
      return id;
    }
    return undefined;
  };

  let writes = 0,
    ops = 0,
    skipped = 0,
    failures = 0,
    n = 1000,
    stopped = false,
    inFlight = 0,
    timer: NodeJS.Timeout | undefined;
  const pending = new Set<Promise<void>>();
  const startedAt = performance.now();

  type Op = { coll: string; op: AnyBulkWriteOperation };
  const insertOrder = (): Op => {
    const doc = { _id: new ObjectId(), ...newOrder(n++) };
    byStatus.get('pending')!.push(doc._id);
    touched.push(doc._id);
    return { coll: 'orders', op: { insertOne: { document: doc } } };
  };
  const advanceOrder = (): Op | undefined => {
    // The oldest statuses first, so orders flow through to delivered and out.
    for (const from of [...STATUS_FLOW.slice(0, -1)].reverse()) {
      if (Math.random() < 0.3 && from !== 'pending') continue;
      const id = take(from);
      if (id === undefined) continue;
      const next = STATUS_FLOW[STATUS_FLOW.indexOf(from) + 1];
      byStatus.get(next)!.push(id);
      const at = new Date();
      return {
        coll: 'orders',
        op: {
          updateOne: {
            filter: { _id: id as never },
            update: { $set: { status: next, updatedAt: at }, $push: { history: { status: next, at } } as never },
          },
        },
      };
    }
    return undefined;
  };
  const nextOp = (): Op => {
    const r = Math.random();
    if (r < 0.15) return live() < MAX_LIVE_ORDERS ? insertOrder() : (advanceOrder() ?? insertOrder());
    if (r < 0.6) return advanceOrder() ?? insertOrder();
    if (r < 0.7) {
      const [sku] = pick(PRODUCTS);
      return {
        coll: 'inventory',
        op: {
          updateOne: {
            filter: { _id: sku as never },
            update: { $inc: { qty: new Int32(Math.random() < 0.5 ? -1 : 5) }, $set: { updatedAt: new Date() } },
          },
        },
      };
    }
    if (r < 0.78) {
      return {
        coll: 'users',
        op: {
          updateOne: {
            filter: { name: new RegExp(`^${pick(FIRST)}`) },
            update: { $inc: { loyaltyPoints: Long.fromNumber(10) }, $unset: { lastCoupon: '' } },
          },
        },
      };
    }
    if (r < 0.85) {
      const [sku, name, price] = pick(PRODUCTS);
      return {
        coll: 'products',
        op: {
          replaceOne: {
            filter: { _id: sku as never },
            replacement: {
              name,
              price: money(price * (0.9 + Math.random() * 0.2)),
              tags: ['sale'],
              active: Math.random() > 0.1,
              updatedAt: new Date(),
            },
          },
        },
      };
    }
    const id = take('delivered');
    if (id === undefined) return advanceOrder() ?? insertOrder();
    return { coll: 'orders', op: { deleteOne: { filter: { _id: id as never } } } };
  };

  const send = async (batch: Op[]): Promise<void> => {
    const byColl = new Map<string, AnyBulkWriteOperation[]>();
    for (const { coll, op } of batch) (byColl.get(coll) ?? byColl.set(coll, []).get(coll)!).push(op);
    for (const [coll, list] of byColl) {
      try {
        const r = await db.collection(coll).bulkWrite(list, { ordered: false });
        writes += r.insertedCount + r.modifiedCount + r.deletedCount + r.upsertedCount;
      } catch {
        failures++;
      }
    }
  };

  /** Ops due by now: the first at once, then one every 1/rate s. */
  const due = (): number => Math.floor(((performance.now() - startedAt) / 1000) * rate) + 1;
  const tick = (): void => {
    timer = undefined;
    if (stopped) return;
    // Behind by more than a second (the process was starved): forgive the rest rather than burst.
    const behind = due() - ops - Math.ceil(rate);
    if (behind > 0) {
      skipped += behind;
      ops += behind;
    }
    for (let owed = due() - ops; owed > 0 && inFlight < maxInFlight; owed = due() - ops) {
      touched = [];
      const batch = Array.from({ length: Math.min(maxBatch, owed) }, nextOp);
      const mine = touched;
      for (const id of mine) busy.add(id);
      ops += batch.length;
      inFlight++;
      const p: Promise<void> = send(batch).finally(() => {
        for (const id of mine) busy.delete(id);
        inFlight--;
        pending.delete(p);
        schedule();
      });
      pending.add(p);
    }
    schedule();
  };
  const schedule = (): void => {
    if (stopped || timer) return;
    if (inFlight >= maxInFlight) return; // a batch settling schedules the next tick
    // The next op is due at (ops / rate) seconds; wait for it, but at high rates at least 25 ms so
    // batches form (25 ops a batch at 1,000/s): fewer round trips for the writer and the server.
    const dueIn = (ops / rate) * 1000 - (performance.now() - startedAt);
    timer = setTimeout(tick, Math.max(rate >= 100 ? 25 : 0, dueIn));
  };
  tick();
  return {
    get writes() {
      return writes;
    },
    get ops() {
      return ops;
    },
    get failures() {
      return failures;
    },
    get skipped() {
      return skipped;
    },
    async stop(): Promise<void> {
      // What fell due and was never sent counts as skipped, so `ops` is what the clock asked for.
      const owed = due() - ops;
      if (!stopped && owed > 0) {
        skipped += owed;
        ops += owed;
      }
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.all(pending);
      await client.close();
    },
  };
}
