// Watch with computed fields (the course's "Add Computed Fields" pipeline): each order event carries
// isHighValue and a total bumped by the shipping fee, computed by the server from the event itself.
const shop = db.getSiblingDB(process.env.SCENARIO_DB || 'shop');

const pipeline = [
  { $match: { operationType: { $in: ['insert', 'update'] } } },
  {
    $addFields: {
      processedAt: '$$NOW',
      isHighValue: { $gte: ['$fullDocument.total', 500] },
      withShipping: { $add: ['$fullDocument.total', 5] },
      totalType: { $type: '$fullDocument.total' },
    },
  },
];
const stream = shop.orders.watch(pipeline, { fullDocument: 'updateLookup' });

shop.orders.insertOne({ _id: 'o1', total: NumberInt(1500) });
shop.orders.insertOne({ _id: 'o2', total: 250.5 });
shop.orders.insertOne({ _id: 'o3', total: NumberDecimal('799.99') });
shop.orders.insertOne({ _id: 'o4', total: NumberLong('120') });
shop.orders.updateOne({ _id: 'o2' }, { $set: { total: 650.5 } });
shop.orders.deleteOne({ _id: 'o4' }); // filtered out by $match

// Read five events, giving up after ten seconds rather than waiting forever.
const deadline = Date.now() + 10000;
let seen = 0;
while (seen < 5 && Date.now() < deadline) {
  const e = stream.tryNext();
  if (e === null) continue;
  seen++;
  print(
    `${e.operationType} ${e.documentKey._id}: isHighValue=${e.isHighValue} withShipping=${e.withShipping} ` +
      `totalType=${e.totalType} processedAt=${e.processedAt instanceof Date}`,
  );
}
stream.close();
print(`events: ${seen}`);
