"""Watch with computed fields: the server adds isHighValue and withShipping to every order event."""
from bson import Decimal128, Int64

from scenario import connect, next_event

client, shop = connect()
pipeline = [
    {"$match": {"operationType": {"$in": ["insert", "update"]}}},
    {
        "$addFields": {
            "isHighValue": {"$gte": ["$fullDocument.total", 500]},
            "withShipping": {"$add": ["$fullDocument.total", 5]},
            "totalType": {"$type": "$fullDocument.total"},
        }
    },
]
with shop.orders.watch(pipeline, full_document="updateLookup") as stream:
    shop.orders.insert_one({"_id": "o1", "total": 1500})
    shop.orders.insert_one({"_id": "o2", "total": 250.5})
    shop.orders.insert_one({"_id": "o3", "total": Decimal128("799.99")})
    shop.orders.insert_one({"_id": "o4", "total": Int64(120)})
    shop.orders.update_one({"_id": "o2"}, {"$set": {"total": 650.5}})
    shop.orders.delete_one({"_id": "o4"})  # filtered out by $match
    for _ in range(5):
        e = next_event(stream)
        print("%s %s: isHighValue=%s withShipping=%s totalType=%s" % (
            e["operationType"], e["documentKey"]["_id"], e["isHighValue"], e["withShipping"], e["totalType"]))
