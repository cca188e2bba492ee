# Regenerates Tests/RESPTests/*FixturesFromRedis.swift against redis-server on port 7801.
import socket, random
random.seed(7801)
alphabet = [b'a', b'b', b'"', b"'", b'\\', b'x', b'4', b'F', b'g', b'n', b't', b' ', b' ', b'\t', b'\x0b', b'\r', b'\x0c', b'\xc3\xa9']
def resp_read(f):
    line = f.readline()
    if not line: return ('closed',)
    t, rest = line[:1], line[1:-2]
    if t in (b'+', b'-'): return (t, rest)
    if t == b':': return (t, int(rest))
    if t == b'$':
        n = int(rest)
        if n < 0: return (t, None)
        d = f.read(n + 2); return (t, d[:-2])
    if t == b'*':
        n = int(rest)
        return (t, [resp_read(f) for _ in range(n)])
    raise Exception(line)
cases = []
fixed = [b'', b'a', b'"a b"', b"'a b'", b'"\\x41\\x4g\\n"', b'"a"b', b"'a'b", b'"abc', b"'abc", b'a"b c"d', b'""', b"''", b'"a\\"b"', b"'a\\'b'", b"'a\\b'", b'"\\', b'a\x0bb', b'\x0ba\x0cb\x0c', b'"a"\tb', b'"a"\x0b', b'a\rb', b'"\\q\\a\\b\\t\\r"']
for t in fixed: cases.append(t)
while len(cases) < 400:
    n = random.randint(1, 12)
    cases.append(b''.join(random.choice(alphabet) for _ in range(n)))
out = []
for line in cases:
    s = socket.create_connection(("127.0.0.1", 7801))
    f = s.makefile('rb')
    s.sendall(b'DEL k\r\nRPUSH k ' + line + b'\r\nLRANGE k 0 -1\r\n')
    r1 = resp_read(f); r2 = resp_read(f)
    if r2[0] == b'-' and b'unbalanced' in r2[1]:
        out.append((line, None))
    else:
        r3 = resp_read(f)
        assert r3[0] == b'*', (line, r2, r3)
        out.append((line, [b'RPUSH', b'k'] + [x[1] for x in r3[1]]))
    s.close()
def hx(b): return '"' + b.hex() + '"'
with open('/work/helper-resp/Tests/RESPTests/InlineFixturesFromRedis.swift', 'w') as w:
    w.write('// Recorded from redis-server 7.0.15 by sending `DEL k`, `RPUSH k <line>`, `LRANGE k 0 -1`\n')
    w.write('// for each line: the arguments Redis split it into (hex), or nil for\n')
    w.write('// "unbalanced quotes in request". A line with no pushed values ("RPUSH k" alone)\n')
    w.write('// is recorded as just ["RPUSH", "k"].\n')
    w.write('let inlineFixturesFromRedis: [(line: String, args: [String]?)] = [\n')
    for line, args in out:
        a = 'nil' if args is None else '[' + ', '.join(hx(x) for x in args) + ']'
        w.write('    (%s, %s),\n' % (hx(line), a))
    w.write(']\n')
print(len(out), sum(1 for _, a in out if a is None))
