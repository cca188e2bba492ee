#!/usr/bin/env python3
"""Mixed load for scripts/soak.sh, and the check afterwards.

    soak-load.py load PORT OUT SECONDS   many clients until SECONDS pass; each logs what
                                         was acknowledged into OUT (one file per client)
    soak-load.py verify PORT OUT         every acknowledged XADD is in `jobs`, no
                                         acknowledged XACK is pending again, XLEN agrees

Clients: producers (XADD to `jobs`, checked, and to `events`, trimmed), blocking group
readers (XREADGROUP BLOCK, acking most of what they get), claimers (XAUTOCLAIM, then
XACK), a trimmer (XTRIM `events` MAXLEN ~), a saver (BGSAVE every 3 s), and a janitor
that keeps `jobs` short without losing the check: every 5 s it reads the producers' logs,
checks that every acknowledged XADD older than 10 s is in `jobs` (logging any that is
not), logs how far it has checked, and only then trims `jobs` below that point (XTRIM
MINID). The data so stays bounded, so the server's memory should stay flat. The server is
killed with SIGKILL under them: a client whose connection drops reconnects and goes on.
A reply read is an acknowledgement; only then is the ID logged.
"""
import os
import random
import sys
import threading
import time

import redis

STREAM, EVENTS, GROUP = "jobs", "events", "g"
LOST = (redis.ConnectionError, redis.TimeoutError, ConnectionError, OSError)


def client(port):
    return redis.Redis(port=port, socket_timeout=5, socket_connect_timeout=1, decode_responses=True)


def run(port, out, name, stop, body):
    """Runs body(r, log) until stop, reconnecting after the server goes away."""
    log = open(os.path.join(out, name + ".log"), "a", buffering=1)
    errors = open(os.path.join(out, name + ".errors"), "a", buffering=1)
    rng = random.Random(name)
    r = None
    while not stop.is_set():
        try:
            if r is None:
                r = client(port)
            body(r, log, rng)
        except LOST:
            r = None
            time.sleep(0.05)
        except redis.ResponseError as e:
            # Expected now and then: BUSYGROUP, "Background save already in progress".
            errors.write(f"{time.time():.3f} {e}\n")
            time.sleep(0.01)


def producer(r, log, rng):
    for _ in range(20):
        i = rng.randrange(1 << 30)
        entry = r.xadd(STREAM, {"n": str(i), "body": "x" * rng.randrange(1, 200)})
        log.write(f"add {entry}\n")
        r.xadd(EVENTS, {"n": str(i)})


def ensure_group(r):
    try:
        r.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
    except redis.ResponseError as e:
        if "BUSYGROUP" not in str(e):
            raise


def reader(consumer):
    def body(r, log, rng):
        reply = r.xreadgroup(GROUP, consumer, {STREAM: ">"}, count=10, block=1000)
        ids = [entry_id for _, entries in reply or [] for entry_id, _ in entries]
        # Most are acked at once; the rest stay pending for the claimers.
        ack = [i for i in ids if rng.random() < 0.8]
        if ack:
            r.xack(STREAM, GROUP, *ack)
            log.write("".join(f"ack {i}\n" for i in ack))
    return body


def claimer(consumer):
    def body(r, log, rng):
        reply = r.xautoclaim(STREAM, GROUP, consumer, min_idle_time=2000, start_id="0-0", count=20)
        ids = [entry_id for entry_id, _ in reply[1]]
        if ids:
            r.xack(STREAM, GROUP, *ids)
            log.write("".join(f"ack {i}\n" for i in ids))
        else:
            time.sleep(0.2)
    return body


def trimmer(r, log, rng):
    r.xtrim(EVENTS, maxlen=1000, approximate=True)
    time.sleep(0.1)


def saver(r, log, rng):
    r.bgsave()
    log.write(f"bgsave {time.time():.3f}\n")
    time.sleep(3)


def ms_of(entry_id):
    return int(entry_id.partition("-")[0])


def janitor(out):
    """Checks, then trims, `jobs` below a point 10 s in the past; state survives reconnects."""
    state = {"checked_ms": 0}

    def body(r, log, rng):
        time.sleep(5)
        cut = int(time.time() * 1000) - 10_000
        if cut <= state["checked_ms"]:
            return
        logged = set()
        for name in os.listdir(out):
            if name.startswith("producer") and name.endswith(".log"):
                for line in open(os.path.join(out, name)):
                    if not line.endswith("\n"):
                        continue  # a line being written
                    kind, _, value = line.strip().partition(" ")
                    if kind == "add" and state["checked_ms"] <= ms_of(value) < cut:
                        logged.add(value)
        present, start = set(), f"{state['checked_ms']}-0"
        while True:
            page = r.xrange(STREAM, min=start, max=f"({cut}-0", count=10000)
            present.update(entry_id for entry_id, _ in page)
            if len(page) < 10000:
                break
            start = "(" + page[-1][0]
        missing = sorted(logged - present)
        # What was checked is written down before the trim, whose reply a kill may swallow.
        log.write("".join(f"missing {i}\n" for i in missing))
        log.write(f"checked {state['checked_ms']} {cut} {len(logged)}\n")
        state["checked_ms"] = cut
        r.xtrim(STREAM, minid=f"{cut}-0", approximate=False)
    return body


def load(port, out, seconds):
    stop = threading.Event()
    while True:
        try:
            ensure_group(client(port))
            break
        except LOST:
            time.sleep(0.1)
    workers = [(f"producer{i}", producer) for i in range(4)]
    workers += [(f"reader{i}", reader(f"reader{i}")) for i in range(4)]
    workers += [(f"claimer{i}", claimer(f"claimer{i}")) for i in range(2)]
    workers += [("trimmer", trimmer), ("saver", saver), ("janitor", janitor(out))]
    threads = [threading.Thread(target=run, args=(port, out, name, stop, body), daemon=True) for name, body in workers]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(timeout=10)


def verify(port, out):
    added, acked, found_missing = set(), set(), set()
    checked_ms, checked_count = 0, 0
    for name in os.listdir(out):
        if not name.endswith(".log"):
            continue
        for line in open(os.path.join(out, name)):
            kind, _, value = line.strip().partition(" ")
            if kind == "add":
                added.add(value)
            elif kind == "ack":
                acked.add(value)
            elif kind == "missing":
                found_missing.add(value)
            elif kind == "checked":
                _, cut, count = value.split()
                checked_ms = max(checked_ms, int(cut))
                checked_count += int(count)
    r = client(port)
    present, start = set(), "-"
    while True:
        page = r.xrange(STREAM, min=start, max="+", count=10000)
        present.update(entry_id for entry_id, _ in page)
        if len(page) < 10000:
            break
        start = "(" + page[-1][0]
    pending = {p["message_id"] for p in r.xpending_range(STREAM, GROUP, min="-", max="+", count=10_000_000)}
    # Below the janitor's point an XADD was checked before the trim (and any missing then
    # was logged); above it, it must be in the stream now.
    missing = found_missing | {i for i in added if ms_of(i) >= checked_ms and i not in present}
    unacked = acked & pending
    length = r.xlen(STREAM)
    print(f"soak: {len(added)} acknowledged XADDs, {len(missing)} missing "
          f"({checked_count} checked by the janitor before it trimmed them, the rest now); "
          f"{len(acked)} acknowledged XACKs, {len(unacked)} pending again; "
          f"XLEN {length}, XRANGE {len(present)}, pending {len(pending)}")
    for i in sorted(missing)[:10]:
        print(f"soak: acknowledged XADD {i} is missing")
    for i in sorted(unacked)[:10]:
        print(f"soak: acknowledged XACK {i} is pending again")
    # Pending entries may have been trimmed away below the janitor's point, not above it.
    ok = not missing and not unacked and length == len(present) \
        and {i for i in pending if ms_of(i) >= checked_ms} <= present
    return 0 if ok and added and acked else 1


if __name__ == "__main__":
    mode, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if mode == "load":
        load(port, out, float(sys.argv[4]))
    else:
        sys.exit(verify(port, out))
