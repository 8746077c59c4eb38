// The oplog window, as an operator checks it before trusting resume tokens to survive a restart:
// rs.printReplicationInfo() prints it, db.getReplicationInfo() returns it. Both read local.oplog.rs
// (listCollections, $collStats, its first and last entries).
const shop = db.getSiblingDB(process.env.SCENARIO_DB || 'shop');
shop.orders.insertOne({ _id: 'r1', total: 10 });

print(rs.printReplicationInfo());

const info = db.getReplicationInfo();
print(`configuredLogSizeMB>0: ${info.configuredLogSizeMB > 0}`);
print(`usedMB>0: ${info.usedMB > 0}`);
print(`first<=last<=now: ${info.tFirst <= info.tLast && info.tLast <= info.now}`);

// The oplog is an ordinary capped collection to read: counts agree with a plain find.
const local = db.getSiblingDB('local');
const oplog = local.getCollectionInfos({ name: 'oplog.rs' })[0];
print(`oplog.rs capped: ${oplog && oplog.options.capped === true} size>0: ${oplog && oplog.options.size > 0}`);
const found = local.oplog.rs.find().itcount();
print(
  `counts agree: ${local.oplog.rs.countDocuments({}) === found && local.oplog.rs.estimatedDocumentCount() === found}`,
);
const last = local.oplog.rs.find({ ns: shop.orders.getFullName() }).sort({ $natural: -1 }).limit(1).next();
print(`last orders entry: ${last.op} ${last.o._id}`);
