// CRUD with every current BSON type: insert one order holding each, then ask the server (not the
// shell's own decoding) what it stored: the `$type` query operator, the `$type` aggregation
// expression, and an equality match on the value we sent.
const shop = db.getSiblingDB(process.env.SCENARIO_DB || 'shop');
const values = {
  double: Double(19.5),
  string: 'pending',
  object: { street: '1 Main St', zip: '02134' },
  array: ['book', 'pen'],
  binData: BinData(0, 'SGVsbG8='),
  uuid: UUID('0e3f1c5a-8d5b-4c61-9a5e-2f4b8e7d6c10'),
  objectId: ObjectId('65a1b2c3d4e5f60718293a4b'),
  bool: true,
  date: ISODate('2024-12-08T14:30:45.123Z'),
  null: null,
  regex: /^ord-\d+$/i,
  javascript: Code('function () { return 1; }'),
  int: NumberInt(7),
  timestamp: Timestamp({ t: 1701234567, i: 3 }),
  long: NumberLong('9007199254740993'),
  decimal: NumberDecimal('799.99'),
  minKey: MinKey(),
  maxKey: MaxKey(),
};
const expectedType = { uuid: 'binData' }; // a UUID is binary subtype 4

shop.orders.insertOne({ _id: 'order1', ...values });
const [exprTypes] = shop.orders
  .aggregate([
    { $match: { _id: 'order1' } },
    { $project: Object.fromEntries(Object.keys(values).map((f) => [f, { $type: `$${f}` }])) },
  ])
  .toArray();

for (const [field, value] of Object.entries(values)) {
  const type = expectedType[field] || field;
  const stored = shop.orders.countDocuments({ _id: 'order1', [field]: { $type: type } }) === 1;
  const equal = shop.orders.countDocuments({ _id: 'order1', [field]: { $eq: value } }) === 1;
  print(`type ${field}: stored=${stored ? type : 'other'} expr=${exprTypes[field]} eq=${equal ? 'yes' : 'no'}`);
}

// A long near 2^53 matches only itself, not its neighbours that share a double.
print(`exact long match: ${shop.orders.countDocuments({ long: NumberLong('9007199254740992') }) === 0}`);

// Update keeps the numeric types: int + int stays int, long stays long, decimal stays decimal.
shop.orders.updateOne(
  { _id: 'order1' },
  { $inc: { int: NumberInt(1), long: NumberLong('1'), decimal: NumberDecimal('0.1'), double: 0.5 } },
);
const numeric = ['int', 'long', 'decimal', 'double'];
const [after] = shop.orders
  .aggregate([
    { $match: { _id: 'order1' } },
    { $project: Object.fromEntries(numeric.map((f) => [f, { $type: `$${f}` }])) },
  ])
  .toArray();
const updated = shop.orders.findOne({ _id: 'order1' });
print(`after $inc types: ${numeric.map((f) => `${f}=${after[f]}`).join(' ')}`);
print(`after $inc values: ${['int', 'long', 'double'].map((f) => `${f}=${updated[f].toString()}`).join(' ')}`);
// Decimal arithmetic is decimal: 799.99 + 0.1 is exactly 800.09 (binary floating point would miss it).
print(`decimal exact: ${shop.orders.countDocuments({ _id: 'order1', decimal: NumberDecimal('800.09') }) === 1}`);

// Read, update and delete by query.
print(`found by long: ${shop.orders.countDocuments({ long: NumberLong('9007199254740994') })}`);
print(`deleted: ${shop.orders.deleteOne({ _id: 'order1' }).deletedCount}`);
print(`left: ${shop.orders.countDocuments({})}`);
