"""A transaction with PyMongo's with_transaction, checkpointing the resume token together with the
work it records (the course's pattern): both are saved or neither is."""
from scenario import connect, next_event

client, shop = connect()
shop.orders.insert_one({"_id": "seed"})
shop.checkpoints.insert_one({"_id": "seed"})
shop.processed.insert_one({"_id": "seed"})

with shop.orders.watch() as stream, client.start_session() as session:
    def place_orders(s):
        shop.orders.insert_one({"_id": "t1", "total": 100}, session=s)
        shop.orders.insert_one({"_id": "t2", "total": 200}, session=s)
        print("outside before commit: %d" % shop.orders.count_documents({"_id": {"$in": ["t1", "t2"]}}))

    session.with_transaction(place_orders)
    print("outside after commit: %d" % shop.orders.count_documents({"_id": {"$in": ["t1", "t2"]}}))

    with session.start_transaction():
        shop.orders.insert_one({"_id": "t3"}, session=session)
        session.abort_transaction()
    print("after abort: %d" % shop.orders.count_documents({"_id": "t3"}))

    events = [next_event(stream) for _ in range(2)]
    for e in events:
        print("event %s %s txnNumber=%s lsid=%s" % (e["operationType"], e["documentKey"]["_id"], e.get("txnNumber"), "lsid" in e))

    def checkpoint(s):
        shop.processed.insert_one({"_id": events[0]["documentKey"]["_id"]}, session=s)
        shop.checkpoints.replace_one({"_id": "users-worker"}, {"_id": "users-worker", "token": events[0]["_id"]}, upsert=True, session=s)

    session.with_transaction(checkpoint)
    saved = shop.checkpoints.find_one({"_id": "users-worker"})
    print("checkpoint saved with the work: %s" % (saved is not None and shop.processed.count_documents({"_id": "t1"}) == 1))
    with shop.orders.watch(resume_after=saved["token"]) as resumed:
        e = next_event(resumed)
        print("resumes at: %s %s" % (e["operationType"], e["documentKey"]["_id"]))
