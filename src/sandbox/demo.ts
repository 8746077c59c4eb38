// Demo data and traffic for the sandbox: an e-commerce `shop` database (orders with pre/post
// images enabled, users, products, inventory) and a writer producing realistic changes.
import { Decimal128, Double, Int32, Long, MongoClient, type Db } from 'mongodb';

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

/** Keeps writing a mix of inserts, updates, replaces and deletes until stopped. */
export async function startDemoTraffic(uri: string, opts: { ratePerSecond?: number } = {}): Promise<DemoTraffic> {
  const rate = Math.max(0.1, opts.ratePerSecond ?? 2);
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  const db = client.db('shop');
  let writes = 0,
    n = 1000,
    stopped = false,
    timer: NodeJS.Timeout | undefined,
    running: Promise<void> = Promise.resolve();

  const step = async (): Promise<void> => {
    const orders = db.collection('orders');
    const r = Math.random();
    if (r < 0.3) {
      await orders.insertOne(newOrder(n++));
    } else if (r < 0.6) {
      const o = await orders.findOne({ status: { $in: STATUS_FLOW.slice(0, -1) } });
      if (!o) {
        await orders.insertOne(newOrder(n++));
      } else {
        const next = STATUS_FLOW[STATUS_FLOW.indexOf(o.status as string) + 1];
        await orders.updateOne(
          { _id: o._id },
          {
            $set: { status: next, updatedAt: new Date() },
            $push: { history: { status: next, at: new Date() } } as never,
          },
        );
      }
    } else if (r < 0.75) {
      const [sku] = pick(PRODUCTS);
      await db
        .collection('inventory')
        .updateOne(
          { _id: sku as never },
          { $inc: { qty: new Int32(Math.random() < 0.5 ? -1 : 5) }, $set: { updatedAt: new Date() } },
        );
    } else if (r < 0.85) {
      await db
        .collection('users')
        .updateOne(
          { name: new RegExp(`^${pick(FIRST)}`) },
          { $inc: { loyaltyPoints: Long.fromNumber(10) }, $unset: { lastCoupon: '' } },
        );
    } else if (r < 0.93) {
      const [sku, name, price] = pick(PRODUCTS);
      await db
        .collection('products')
        .replaceOne(
          { _id: sku as never },
          { name, price: money(price * (0.9 + Math.random() * 0.2)), tags: ['sale'], active: Math.random() > 0.1 },
        );
    } else {
      const o = await orders.findOne({ status: 'delivered' });
      if (o) await orders.deleteOne({ _id: o._id });
      else await orders.insertOne(newOrder(n++));
    }
    writes++;
  };

  const tick = (): void => {
    if (stopped) return;
    running = step()
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, 1000 / rate);
      });
  };
  tick();
  return {
    get writes() {
      return writes;
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await client.close();
    },
  };
}
