"""Resume after a restart: the worker saves each processed event's resume token to a file (as the
FastAPI guide saves it to Redis); started again, it resumes after the saved token.
Run twice with TOKEN_FILE set: PHASE=first, then PHASE=second."""
import os

from bson import json_util

from scenario import connect, next_event

client, shop = connect()
token_file = os.environ["TOKEN_FILE"]


def load_token():
    if not os.path.exists(token_file):
        return None
    with open(token_file) as f:
        return json_util.loads(f.read())


def save_token(token):
    with open(token_file, "w") as f:
        f.write(json_util.dumps(token))


token = load_token()
print("saved token: %s" % ("yes" if token else "none"))
with shop.users.watch(resume_after=token) as stream:
    if os.environ.get("PHASE") == "first":
        shop.users.insert_many([{"_id": "u1"}, {"_id": "u2"}, {"_id": "u3"}])
        for _ in range(2):
            e = next_event(stream)
            print("processed %s %s" % (e["operationType"], e["documentKey"]["_id"]))
            save_token(e["_id"])
        print("crash before processing the third user")
    else:
        shop.users.update_one({"_id": "u1"}, {"$set": {"email": "ada@example.com"}})
        for _ in range(2):
            e = next_event(stream)
            print("processed %s %s" % (e["operationType"], e["documentKey"]["_id"]))
            save_token(e["_id"])
        extra = stream.try_next()
        print("more: %s" % ("none" if extra is None else extra["documentKey"]["_id"]))
