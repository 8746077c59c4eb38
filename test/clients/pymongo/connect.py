"""Connect: PyMongo 3.11 opens with isMaster; check the replica set, the primary and the databases."""
from scenario import connect

client, shop = connect()
hello = client.admin.command("isMaster")
print("setName: %s" % hello.get("setName"))
print("ismaster: %s" % hello.get("ismaster"))
print("primary: %s" % (client.primary is not None))

status = client.admin.command("replSetGetStatus")
for m in status["members"]:
    print("member: %s healthy=%s optimeDate=%s uptime=%s" % (
        m["stateStr"], m["health"] == 1, "optimeDate" in m, isinstance(m.get("uptime"), int)))

shop.customers.insert_one({"_id": "cust1", "name": "Ada"})
names = client.list_database_names()
print("databases: %s" % ",".join(n for n in ["admin", "config", "local", shop.name] if n in names))
