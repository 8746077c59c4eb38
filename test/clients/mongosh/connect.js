// Connect: the first things a new user checks with mongosh — is this a replica set, who is the
// primary, which databases exist. Run: mongosh "mongodb://127.0.0.1:PORT/?replicaSet=rs0" connect.js
const shop = db.getSiblingDB(process.env.SCENARIO_DB || 'shop');

const hello = db.hello();
print(`setName: ${hello.setName}`);
print(`isWritablePrimary: ${hello.isWritablePrimary}`);

// rs.status() is replSetGetStatus: one member, the primary, with its optime as a date.
for (const m of rs.status().members) {
  print(`member: ${m.name} ${m.stateStr} health=${m.health} optimeDate=${m.optimeDate instanceof Date}`);
}

// A database exists once it holds data; `show dbs` is listDatabases.
shop.customers.insertOne({ _id: 'cust1', name: 'Ada' });
const names = db.adminCommand({ listDatabases: 1 }).databases.map((d) => d.name);
print(`databases: ${['admin', 'config', 'local', shop.getName()].filter((n) => names.includes(n)).join(',')}`);
