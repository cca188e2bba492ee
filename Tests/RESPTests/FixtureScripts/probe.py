import socket, sys, time
def send(chunks, wait=0.3):
    s = socket.create_connection(("127.0.0.1", 7801))
    s.settimeout(wait)
    for c in chunks:
        s.sendall(c); time.sleep(0.05)
    out = b""
    try:
        while True:
            d = s.recv(65536)
            if not d: out += b"<CLOSED>"; break
            out += d
    except socket.timeout:
        out += b"<open>"
    s.close()
    return out
if __name__ == "__main__":
    tests = [
        [b"*-1\r\nPING\r\n"],
        [b"*0\r\nPING\r\n"],
        [b"*-100\r\nPING\r\n"],
        [b"*-0\r\nPING\r\n"],
        [b"*+1\r\n$4\r\nPING\r\n"],
        [b"*01\r\n$4\r\nPING\r\n"],
        [b"*\r\n$4\r\nPING\r\n"],
        [b"*1048576\r\n"],
        [b"*1048577\r\n"],
        [b"*2147483647\r\n"],
        [b"*2147483648\r\n"],
        [b"*1\r\n$536870912\r\n"],
        [b"*1\r\n$536870913\r\n"],
        [b"*1\r\n$-1\r\n"],
        [b"*1\r\n$01\r\nx\r\n"],
        [b"*1\r\nPING\r\n"],
        [b"*1\r\n\r\n"],
        [b"*1\r\n\n\r\n"],
        [b"*1\r\n\xe9\r\n"],
        [b"*1\rX$4\r\nPING\r\n"],
        [b"*1\r\n$4\rXPINGxx"],
        [b"*1\r\n$4\r\nPINGxxPING\r\n"],
        [b"*1\n$4\r\nPING\r\n"],
        [b"PING\0\r\nPING\r\n"],
        [b"*1\r\n$4\0\r\nPING\r\n"],
        [b"*2\r\n$4\r\nECHO\r\n$3\r\na\0b\r\n"],
        [b"\r\n\n  \r\nPING\r\n"],
        [b"ECHO \"a\\x41\\n\\q\"\r\n"],
        [b"ECHO \"a\"b\r\n"],
        [b"ECHO 'a\\'b'\r\n"],
        [b"ECHO 'a'b\r\n"],
        [b"ECHO \"abc\r\n"],
        [b"ECHO a\"b c\"\r\n"],
        [b"ECHO \"\"\r\n"],
        [b"ECHO a\vb\r\n"],
        [b"ECHO a\r\rb\n"],
        [b"x"*65536],
        [b"x"*65537],
        [b"*"+b"1"*65537],
        [b"*1\r\n$"+b"1"*65537],
        [b"*1\r\n$"+b"1"*65536],
    ]
    for t in tests:
        r = send(t)
        print(repr(t[0][:40]), "=>", repr(r[:200]))
