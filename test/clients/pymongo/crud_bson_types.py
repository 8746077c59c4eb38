"""CRUD with every current BSON type from Python: insert one order holding each, then ask the server
what it stored ($type query, $type expression, equality on the sent value)."""
import datetime
import re
import uuid

from bson import Binary, Code, Decimal128, Int64, MaxKey, MinKey, ObjectId, Regex, Timestamp

from scenario import connect

client, shop = connect()
values = {
    "double": 19.5,
    "string": "pending",
    "object": {"street": "1 Main St", "zip": "02134"},
    "array": ["book", "pen"],
    "binData": Binary(b"Hello", 0),
    "uuid": uuid.UUID("0e3f1c5a-8d5b-4c61-9a5e-2f4b8e7d6c10"),
    "objectId": ObjectId("65a1b2c3d4e5f60718293a4b"),
    "bool": True,
    "date": datetime.datetime(2024, 12, 8, 14, 30, 45, 123000),
    "null": None,
    "regex": Regex(r"^ord-\d+$", "i"),
    "javascript": Code("function () { return 1; }"),
    "int": 7,
    "timestamp": Timestamp(1701234567, 3),
    "long": Int64(9007199254740993),
    "decimal": Decimal128("799.99"),
    "minKey": MinKey(),
    "maxKey": MaxKey(),
}
expected_type = {"uuid": "binData"}

shop.orders.insert_one(dict(_id="order1", **values))
expr_types = next(
    shop.orders.aggregate(
        [{"$match": {"_id": "order1"}}, {"$project": {f: {"$type": "$" + f} for f in values}}]
    )
)
for field, value in values.items():
    t = expected_type.get(field, field)
    stored = shop.orders.count_documents({"_id": "order1", field: {"$type": t}}) == 1
    equal = shop.orders.count_documents({"_id": "order1", field: {"$eq": value}}) == 1
    print("type %s: stored=%s expr=%s eq=%s" % (field, t if stored else "other", expr_types[field], "yes" if equal else "no"))

# Read back: PyMongo decodes each type to its own Python class.
doc = shop.orders.find_one({"_id": "order1"})
print("decoded: long=%s decimal=%s uuid=%s regex=%s" % (
    type(doc["long"]).__name__, type(doc["decimal"]).__name__, type(doc["uuid"]).__name__, type(doc["regex"]).__name__))

# A long near 2^53 matches only itself, not its neighbours that share a double.
print("exact long match: %s" % (shop.orders.count_documents({"long": Int64(9007199254740992)}) == 0))

shop.orders.update_one(
    {"_id": "order1"},
    {"$inc": {"int": 1, "long": Int64(1), "decimal": Decimal128("0.1"), "double": 0.5}},
)
numeric = ["int", "long", "decimal", "double"]
types = next(shop.orders.aggregate([{"$match": {"_id": "order1"}}, {"$project": {f: {"$type": "$" + f} for f in numeric}}]))
print("after $inc types: %s" % " ".join("%s=%s" % (f, types[f]) for f in numeric))
doc = shop.orders.find_one({"_id": "order1"})
print("after $inc values: %s" % " ".join("%s=%s:%s" % (f, type(doc[f]).__name__, doc[f]) for f in ["int", "long", "double"]))
# Decimal arithmetic is decimal: 799.99 + 0.1 is exactly 800.09 (binary floating point would miss it).
print("decimal exact: %s" % (shop.orders.count_documents({"_id": "order1", "decimal": Decimal128("800.09")}) == 1))
print("found by long: %d" % shop.orders.count_documents({"long": Int64(9007199254740994)}))
print("deleted: %d" % shop.orders.delete_one({"_id": "order1"}).deleted_count)
print("left: %d" % shop.orders.count_documents({}))
