"""The oplog window from PyMongo: how far back a saved resume token can still resume. Reads
local.oplog.rs as a capped collection: its options, its stats, its first and last entries."""
from pymongo import ASCENDING, DESCENDING

from scenario import connect

client, shop = connect()
shop.orders.insert_one({"_id": "w1"})
local = client.local

info = local.command("listCollections", filter={"name": "oplog.rs"})["cursor"]["firstBatch"]
print("oplog.rs capped: %s" % (len(info) == 1 and info[0]["options"].get("capped") is True))
stats = local.command("collStats", "oplog.rs")
print("collStats: maxSize>0=%s size>0=%s count>0=%s" % (stats.get("maxSize", 0) > 0, stats.get("size", 0) > 0, stats.get("count", 0) > 0))

first = local.oplog.rs.find().sort("$natural", ASCENDING).limit(1).next()
last = local.oplog.rs.find().sort("$natural", DESCENDING).limit(1).next()
last_order = local.oplog.rs.find({"ns": shop.name + ".orders"}).sort("$natural", DESCENDING).limit(1).next()
window = last["ts"].time - first["ts"].time
print("window seconds>=0: %s" % (window >= 0))
print("last orders entry: %s %s" % (last_order["op"], last_order["o"]["_id"]))

found = len(list(local.oplog.rs.find({"ns": shop.name + ".orders"})))
counted = local.oplog.rs.count_documents({"ns": shop.name + ".orders"})
aggregated = next(local.oplog.rs.aggregate([{"$match": {"ns": shop.name + ".orders"}}, {"$count": "n"}]), {"n": 0})["n"]
print("counts agree: %s (%d)" % (found == counted == aggregated, found))
