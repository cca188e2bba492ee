#!/usr/bin/env python3
"""A producer and a consumer group written against redis-py, as an application would
write them; run against any Redis-compatible server: redis-py-check.py PORT [PROTOCOL].
Prints one line per check and exits non-zero on the first failure."""
import sys
import threading
import time

import redis

port = int(sys.argv[1])
protocol = int(sys.argv[2]) if len(sys.argv) > 2 else 2
# redis-py before 5 has no `protocol` argument (and speaks RESP2 only).
options = {"protocol": protocol} if protocol != 2 else {}
r = redis.Redis(host="127.0.0.1", port=port, decode_responses=True, **options)


def check(name, ok):
    print(("ok   " if ok else "FAIL ") + name)
    if not ok:
        sys.exit(1)


r.delete("orders")
check("ping", r.ping())
ids = [r.xadd("orders", {"item": f"widget-{i}", "qty": str(i)}) for i in range(10)]
check("xadd returns ids", len(set(ids)) == 10)
check("xlen", r.xlen("orders") == 10)
check("xrange", [e[1]["item"] for e in r.xrange("orders", count=3)] == ["widget-0", "widget-1", "widget-2"])
check("xrevrange", r.xrevrange("orders", count=1)[0][0] == ids[-1])

r.xgroup_create("orders", "billing", id="0")
got = r.xreadgroup("billing", "alice", {"orders": ">"}, count=4)
entries = got["orders"][0] if isinstance(got, dict) else got[0][1]
check("xreadgroup delivers", len(entries) == 4)
check("xack", r.xack("orders", "billing", *[e[0] for e in entries[:2]]) == 2)
pending = r.xpending("orders", "billing")
check("xpending summary", pending["pending"] == 2)
claimed = r.xautoclaim("orders", "billing", "bob", min_idle_time=0, start_id="0-0")
check("xautoclaim", len(claimed[1]) == 2)
info = r.xinfo_groups("orders")
check("xinfo groups", info[0]["name"] == "billing")

# A consumer blocked in XREADGROUP is woken by a producer on another connection.
result = {}


def consume():
    c = redis.Redis(host="127.0.0.1", port=port, decode_responses=True, **options)
    result["reply"] = c.xreadgroup("billing", "carol", {"orders": ">"}, count=100, block=5000)


# Drain what is left first, then block for the next entry.
r.xreadgroup("billing", "alice", {"orders": ">"}, count=100)
t = threading.Thread(target=consume)
t.start()
time.sleep(0.3)
new_id = r.xadd("orders", {"item": "late"})
t.join(6)
reply = result.get("reply")
woken = reply["orders"][0] if isinstance(reply, dict) else reply[0][1]
check("blocked consumer woken by producer", woken[0][0] == new_id)

with r.pipeline(transaction=True) as p:
    p.xadd("orders", {"item": "tx"})
    p.xlen("orders")
    out = p.execute()
check("MULTI/EXEC pipeline", out[1] == 12)
check("client setname/getname", r.client_setname("py") and r.client_getname() == "py")
check("info", r.info("server")["redis_version"].startswith("7."))
print("all checks passed")
