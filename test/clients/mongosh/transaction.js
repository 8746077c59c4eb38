// A transaction, and the course's pattern of checkpointing the resume token in the same
// transaction as the work it records: either both are saved or neither is.
const shop = db.getSiblingDB(process.env.SCENARIO_DB || 'shop');
shop.orders.insertOne({ _id: 'seed' }); // the collections exist before the transactions start
shop.checkpoints.insertOne({ _id: 'seed' });
shop.processed.insertOne({ _id: 'seed' });
const stream = shop.orders.watch([]);

const session = db.getMongo().startSession();
const orders = session.getDatabase(shop.getName()).orders;

// Commit: two orders appear together, and only after commitTransaction.
session.startTransaction();
orders.insertOne({ _id: 't1', total: 100 });
orders.updateOne({ _id: 't1' }, { $set: { status: 'paid' } });
orders.insertOne({ _id: 't2', total: 200 });
print(`inside the transaction: ${orders.countDocuments({ _id: { $in: ['t1', 't2'] } })}`);
print(`outside before commit: ${shop.orders.countDocuments({ _id: { $in: ['t1', 't2'] } })}`);
session.commitTransaction();
print(`outside after commit: ${shop.orders.countDocuments({ _id: { $in: ['t1', 't2'] } })}`);

// Abort: nothing of it remains.
session.startTransaction();
orders.insertOne({ _id: 't3', total: 300 });
session.abortTransaction();
print(`after abort: ${shop.orders.countDocuments({ _id: 't3' })}`);

// The committed writes reach the change stream as one group: same lsid and txnNumber, in order.
const events = [];
const deadline = Date.now() + 10000;
while (events.length < 3 && Date.now() < deadline) {
  const e = stream.tryNext();
  if (e !== null && e.documentKey._id !== 'seed') events.push(e);
}
for (const e of events) {
  print(`event ${e.operationType} ${e.documentKey._id} txnNumber=${e.txnNumber} lsid=${e.lsid ? 'yes' : 'no'}`);
}
const sameTxn = events.length === 3 && events.every((e) => String(e.txnNumber) === String(events[0].txnNumber));
print(`one transaction: ${sameTxn}`);
const sameTime = events.length === 3 && events.every((e) => e.clusterTime.equals(events[0].clusterTime));
print(`one cluster time: ${sameTime}`);

// Checkpoint pattern: record the processed order and the token of its event in one transaction.
session.withTransaction(() => {
  const s = session.getDatabase(shop.getName());
  s.processed.insertOne({ _id: events[0].documentKey._id });
  s.checkpoints.replaceOne({ _id: 'orders-worker' }, { _id: 'orders-worker', token: events[0]._id }, { upsert: true });
});
const checkpoint = shop.checkpoints.findOne({ _id: 'orders-worker' });
print(`checkpoint saved with the work: ${checkpoint !== null && shop.processed.countDocuments({ _id: 't1' }) === 1}`);
const resumed = shop.orders.watch([], { resumeAfter: checkpoint.token });
let next = null;
for (const until = Date.now() + 10000; next === null && Date.now() < until;) next = resumed.tryNext();
print(`resumes at: ${next ? `${next.operationType} ${next.documentKey._id}` : 'nothing'}`);
resumed.close();
stream.close();
session.endSession();
