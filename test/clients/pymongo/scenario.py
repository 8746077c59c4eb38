"""What every PyMongo scenario shares: the client from the URI given as the first argument, and the
database named by SCENARIO_DB (default 'shop')."""
import os
import sys

from pymongo import MongoClient


def connect(**options):
    client = MongoClient(sys.argv[1], serverSelectionTimeoutMS=5000, uuidRepresentation="standard", **options)
    return client, client[os.environ.get("SCENARIO_DB", "shop")]


def next_event(stream, seconds=10):
    """The next change event, or an error after `seconds` instead of waiting forever."""
    import time

    deadline = time.time() + seconds
    while time.time() < deadline:
        event = stream.try_next()
        if event is not None:
            return event
    raise TimeoutError("no change event within %d s" % seconds)
