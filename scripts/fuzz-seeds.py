#!/usr/bin/env python3
"""Regenerates the seed inputs of the fuzz corpus (Tests/FuzzCorpus/<target>/seed-*)
from the test fixtures, in each harness's input format (see Sources/Fuzz/Harness).

The vocabularies are read from the harness sources, so a seed's bytes mean what the
harness means by them. Recovery seeds from a real store (journal and snapshot files)
come from `--store DIR`, a data directory `streamscope serve --data DIR` wrote.
Inputs found by fuzzing (crash-*, regress-*) are left alone.
"""
import glob, os, re, struct, sys, zlib

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
corpus = os.path.join(root, "Tests", "FuzzCorpus")


def swift_array(path, name):
    """The string literals of `static let <name> = [ ... ]` in a Swift file."""
    text = open(os.path.join(root, path), encoding="utf-8").read()
    body = re.search(r"static let " + name + r"\b[^=]*=\s*\[(.*?)\n\s*\]", text, re.S).group(1)
    return [bytes(s, "utf-8").decode("unicode_escape") for s in re.findall(r'"((?:[^"\\]|\\.)*)"', body)]


def write(target, name, data):
    os.makedirs(os.path.join(corpus, target), exist_ok=True)
    with open(os.path.join(corpus, target, "seed-" + name), "wb") as f:
        f.write(data)


def script_commands():
    """Every command of the differential test scripts, as lists of byte strings."""
    out = []
    for path in sorted(glob.glob(os.path.join(root, "Tests/StreamCommandsTests/Scripts/*.redis"))):
        cmds = []
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                cmds.append([w.encode() for w in line.split()])
        out.append((os.path.basename(path).split(".")[0], cmds))
    return out


def multibulk(cmd):
    return b"*%d\r\n" % len(cmd) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in cmd)


def request_parser_seeds():
    t = "FuzzRequestParser"
    for name, cmds in script_commands():
        data = b"".join(multibulk(c) for c in cmds[:20])
        write(t, name + "-multibulk", bytes([0, 2]) + struct.pack("<HH", 7, 300) + data)
        write(t, name + "-inline", bytes([1, 0]) + b"".join(b" ".join(c) + b"\r\n" for c in cmds[:20]))
    text = open(os.path.join(root, "Tests/RESPTests/RequestStreamFixturesFromRedis.swift")).read()
    for i, h in enumerate(re.findall(r'\("([0-9a-f]*)", \d+, ', text)[:24]):
        write(t, "redis-stream-%02d" % i, bytes([i % 3, 1, i, 0]) + bytes.fromhex(h))
    text = open(os.path.join(root, "Tests/RESPTests/InlineFixturesFromRedis.swift")).read()
    lines = [bytes.fromhex(h) for h in re.findall(r'\("([0-9a-f]*)", ', text)[:40]]
    write(t, "redis-inline", bytes([0, 3, 5, 0, 40, 0, 90, 0]) + b"".join(b"RPUSH k " + l + b"\r\n" for l in lines))
    for name, data in [("negative-counts", b"*-1\r\n*0\r\n*1\r\n$-1\r\n"), ("nul", b"*1\x00\r\n$4\r\nPING\r\n"),
                       ("huge-bulk", b"*1\r\n$536870913\r\n"), ("quotes", b"SET \"a\\x41\" 'b c'\r\n\"unbalanced\r\n")]:
        write(t, name, bytes([2, 1, 3, 0]) + data)


def command_seeds():
    t = "FuzzCommands"
    names = swift_array("Sources/Fuzz/Harness/CommandVocabulary.swift", "streamCommands")
    words = [w.encode() for w in swift_array("Sources/Fuzz/Harness/CommandVocabulary.swift", "words")]
    for name, cmds in script_commands():
        data = b""
        count = 0
        for cmd in cmds:
            upper = cmd[0].decode().upper()
            if upper not in names:
                continue
            data += bytes([names.index(upper), min(len(cmd) - 1, 11)])
            for arg in cmd[1:12]:
                if arg in words:
                    data += bytes([0, words.index(arg)])
                else:
                    data += bytes([232, min(len(arg), 23)]) + arg[:23]
            count += 1
            if count == 24:
                write(t, "%s-%d" % (name, len(data)), data)
                data, count = b"", 0
        if data:
            write(t, name, data)


def key_seeds():
    t = "FuzzExplorerInput"
    path = "Sources/Fuzz/Harness/KeyDecoder.swift"
    text = open(os.path.join(root, path), encoding="utf-8").read()
    specials = re.findall(r"\.(\w+(?:\(\"?\w\"?\))?)", re.search(r"static let specials[^=]*=\s*\[(.*?)\]", text, re.S).group(1))
    chars = re.search(r'static let characters[^"]*"(.*?)"\n', text, re.S).group(1).replace('\\"', '"').replace("\\\\", "\\")
    extra = re.search(r'\) \+ \[(.*?)\]', text, re.S).group(1)
    chars = list(chars) + [c for c in re.findall(r'"((?:[^"\\]|\\.)*)"', extra)]
    words = swift_array(path, "words")

    def key(k):
        return bytes([specials.index(k)])

    def typed(s):
        return b"".join(bytes([len(specials) + chars.index(c)]) for c in s)

    def word(w):
        return bytes([236, words.index(w)])

    enter, esc = key("enter"), key("escape")
    sequences = {
        "browse": typed("jjjj") + key("tab") + typed("jj") + key("enter") + typed("?") + esc + typed("G"),
        "prompt-xadd": word(":") + word("XADD orders * item x qty 1") + enter + word(":") + typed("XLEN orders") + enter,
        "prompt-escaped-key": word(":") + typed("XADD ") + word('"a\\x1b[2Jb"') + typed(" * f v") + enter + typed("jjj"),
        "prompt-binary-keys": word(":") + typed("XADD ") + word('"k\\xff"') + typed(" * f v") + enter
            + word(":") + typed("XADD ") + word('"tab\\there"') + typed(" * f v") + enter + typed("jkjk"),
        "filter": word("/") + typed("item") + enter + typed("nN") + esc,
        "resize-small": bytes([200, 19, 4]) + typed("jjj") + bytes([200, 0, 0]) + key("tab") + bytes([200, 119, 39]),
        "mouse-and-time": bytes([212, 0, 10, 5, 213, 1, 30, 8, 224, 40, 224, 255]) + typed("j"),
        "groups": typed("gg") + key("tab") + key("tab") + typed("jc") + enter + typed("aA") + esc + typed("dD") + esc,
        "unbalanced": word(":") + word("'unbalanced") + enter + word(":") + word("99999999999999999999") + enter,
    }
    for name, data in sequences.items():
        write(t, "app-" + name, bytes([0]) + data)
        write(t, "readonly-" + name, bytes([2]) + data)
    write(t, "demo-browse", bytes([4]) + bytes([224, 200]) * 5 + typed("jjj") + bytes([224, 200]) * 5)
    edits = {
        "edit": typed("XRANGE orders - +") + key("home") + key("ctrl(\"f\")") + key("delete") + key("end") + key("ctrl(\"w\")") + enter,
        "history": key("up") + key("up") + key("down") + typed("é日🙂") + key("left") + key("backspace") + enter,
        "complete": typed("XR") + key("tab") + key("tab") + typed(" or") + key("tab") + enter,
        "narrow": bytes([200, 2]) + typed("日本日本日本") + key("ctrl(\"a\")") + key("ctrl(\"k\")") + word('"\\x00"') + enter,
    }
    for name, data in edits.items():
        write(t, "line-" + name, bytes([1]) + data)


def recovery_seeds(store):
    t = "FuzzRecovery"
    journal = open(os.path.join(store, "journal.ssj"), "rb").read() if os.path.exists(os.path.join(store, "journal.ssj")) else b""
    snapshot = open(os.path.join(store, "snapshot.ssi"), "rb").read() if os.path.exists(os.path.join(store, "snapshot.ssi")) else b""
    if journal:
        write(t, "journal", bytes([0]) + journal)
        write(t, "journal-torn", bytes([0]) + journal[:-5])
        body = journal[16:]
        records, i = b"", 0
        while i + 12 <= len(body):
            n = struct.unpack("<I", body[i:i + 4])[0]
            payload = body[i + 12:i + 12 + n]
            records += bytes([0, min(len(payload), 63)]) + payload[:63] if len(payload) < 64 else b""
            i += 12 + n
        write(t, "journal-records", bytes([2, 1]) + records)
    if snapshot:
        write(t, "snapshot", bytes([1]) + snapshot)
        image = snapshot[24:-4]
        write(t, "snapshot-framed", bytes([3]) + struct.pack("<H", len(image)) + image + bytes([0]))
        write(t, "snapshot-and-journal", bytes([3]) + struct.pack("<H", len(image)) + image + bytes([0, 2]) + (records if journal else b""))
    write(t, "empty-journal", bytes([0]))
    write(t, "commands", bytes([2, 1]) + b"".join(bytes([100 + i, 2, 0, 0, 0, 1, 0, 0]) for i in range(6)))


request_parser_seeds()
command_seeds()
key_seeds()
if "--store" in sys.argv:
    recovery_seeds(sys.argv[sys.argv.index("--store") + 1])
