# proto_extended.py HOST PORT USER: the extended query protocol byte by
# byte.  A minimal protocol v3 client sends message sequences and prints
# every answer, normalized (no process ids, keys or table OIDs), so the
# output recorded from PostgreSQL 15 is compared with Quarry's.
import socket
import struct
import sys


class Conn:
    def __init__(self, host, port, user):
        self.s = socket.create_connection((host, int(port)))
        self.buf = b""
        body = struct.pack("!i", 196608)
        for k, v in (("user", user), ("database", user), ("application_name", "proto")):
            body += k.encode() + b"\0" + v.encode() + b"\0"
        body += b"\0"
        self.s.sendall(struct.pack("!i", len(body) + 4) + body)
        self.out = []
        self.read_until_ready(quiet=True)

    def msg(self, t, body=b""):
        self.out.append(t.encode() + struct.pack("!i", len(body) + 4) + body)

    def flush_out(self):
        self.s.sendall(b"".join(self.out))
        self.out = []

    def recv_msg(self):
        while len(self.buf) < 5 or len(self.buf) < 1 + struct.unpack("!i", self.buf[1:5])[0]:
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError("server closed the connection")
            self.buf += chunk
        n = struct.unpack("!i", self.buf[1:5])[0]
        t, body = chr(self.buf[0]), self.buf[5:1 + n]
        self.buf = self.buf[1 + n:]
        return t, body

    def read_until_ready(self, quiet=False):
        self.flush_out()
        while True:
            t, body = self.recv_msg()
            if not quiet:
                print("  " + show(t, body))
            if t == "Z":
                return

    def read_n(self, n):
        self.flush_out()
        for _ in range(n):
            t, body = self.recv_msg()
            print("  " + show(t, body))

    # message builders
    def parse(self, name, sql, oids=()):
        self.msg("P", cstr(name) + cstr(sql) + struct.pack("!h", len(oids)) +
                 b"".join(struct.pack("!I", o) for o in oids))

    def bind(self, portal, stmt, values=(), formats=(), result_formats=()):
        b = cstr(portal) + cstr(stmt) + struct.pack("!h", len(formats))
        b += b"".join(struct.pack("!h", f) for f in formats)
        b += struct.pack("!h", len(values))
        for v in values:
            if v is None:
                b += struct.pack("!i", -1)
            else:
                v = v if isinstance(v, bytes) else str(v).encode()
                b += struct.pack("!i", len(v)) + v
        b += struct.pack("!h", len(result_formats))
        b += b"".join(struct.pack("!h", f) for f in result_formats)
        self.msg("B", b)

    def describe(self, kind, name):
        self.msg("D", kind.encode() + cstr(name))

    def execute(self, portal, max_rows=0):
        self.msg("E", cstr(portal) + struct.pack("!i", max_rows))

    def close(self, kind, name):
        self.msg("C", kind.encode() + cstr(name))

    def sync(self):
        self.msg("S")

    def flush(self):
        self.msg("H")

    def query(self, sql):
        self.msg("Q", cstr(sql))


def cstr(s):
    return s.encode() + b"\0"


def fields(body):
    out = {}
    for part in body.split(b"\0"):
        if part:
            out[chr(part[0])] = part[1:].decode()
    return out


def show(t, body):
    if t in "123nsI":
        return {"1": "ParseComplete", "2": "BindComplete", "3": "CloseComplete",
                "n": "NoData", "s": "PortalSuspended", "I": "EmptyQueryResponse"}[t]
    if t == "Z":
        return "ReadyForQuery " + body.decode()
    if t == "C":
        return "CommandComplete " + body[:-1].decode()
    if t in "EN":
        f = fields(body)
        s = "%s %s %s: %s" % ("Error" if t == "E" else "Notice", f.get("S"), f.get("C"), f.get("M"))
        return s + (" (position %s)" % f["P"] if "P" in f else "")
    if t == "S":
        name, value = body.split(b"\0")[:2]
        return "ParameterStatus %s=%s" % (name.decode(), value.decode())
    if t == "t":
        n = struct.unpack("!h", body[:2])[0]
        return "ParameterDescription %s" % list(struct.unpack("!%dI" % n, body[2:2 + 4 * n]))
    if t == "T":
        return "RowDescription " + row_description(body)
    if t == "D":
        return "DataRow " + data_row(body)
    return "%s %r" % (t, body)


def row_description(body):
    n = struct.unpack("!h", body[:2])[0]
    pos, cols = 2, []
    for _ in range(n):
        end = body.index(b"\0", pos)
        name = body[pos:end].decode()
        table, attnum, typ, typlen, typmod, fmt = struct.unpack("!IhIhih", body[end + 1:end + 19])
        pos = end + 19
        cols.append("%s(table=%s attnum=%d type=%d len=%d mod=%d fmt=%d)" % (
            name, "yes" if table else "no", attnum, typ, typlen, typmod, fmt))
    return ", ".join(cols)


def data_row(body):
    n = struct.unpack("!h", body[:2])[0]
    pos, vals = 2, []
    for _ in range(n):
        ln = struct.unpack("!i", body[pos:pos + 4])[0]
        pos += 4
        if ln < 0:
            vals.append("NULL")
        else:
            vals.append(repr(body[pos:pos + ln]))
            pos += ln
    return "[" + ", ".join(vals) + "]"


def step(title):
    print(title)


def main():
    c = Conn(*sys.argv[1:4])
    step("setup")
    c.query("DROP TABLE IF EXISTS items; "
            "CREATE TABLE items (id int, name text, qty bigint, price float8, ok bool, code varchar(10))")
    c.read_until_ready()
    c.query("INSERT INTO items VALUES (1, 'one', 10, 1.5, true, 'a'), (2, 'two', 20, 2.25, false, 'b'), "
            "(3, 'three', 30, NULL, true, NULL), (4, 'four', 40, 4, NULL, 'd'), (5, 'five', 50, 5.5, false, 'e')")
    c.read_until_ready()

    step("unnamed statement, inferred parameter, row limit")
    c.parse("", "SELECT id, name FROM items WHERE id > $1 ORDER BY id")
    c.describe("S", "")
    c.bind("", "", ["1"])
    c.describe("P", "")
    c.execute("", 2)
    c.execute("", 2)
    c.execute("", 2)
    c.sync()
    c.read_until_ready()

    step("exact row limit: suspended, then an empty completion")
    c.parse("", "SELECT id FROM items WHERE id <= $1 ORDER BY id")
    c.bind("", "", ["2"])
    c.execute("", 2)
    c.execute("", 2)
    c.sync()
    c.read_until_ready()

    step("named statement, declared int4, binary parameter and results")
    c.parse("s1", "SELECT id, name, qty, price, ok FROM items WHERE id = $1", [23])
    c.describe("S", "s1")
    c.bind("p1", "s1", [struct.pack("!i", 2)], [1], [1])
    c.describe("P", "p1")
    c.execute("p1")
    c.bind("", "s1", ["4"], [0], [0, 1, 0, 1, 0])
    c.execute("")
    c.sync()
    c.read_until_ready()

    step("statement reused, NULL parameter")
    c.bind("", "s1", [None])
    c.execute("")
    c.bind("", "s1", ["5"])
    c.execute("")
    c.sync()
    c.read_until_ready()

    step("several parameters, text and varchar types inferred")
    c.parse("s2", "SELECT name, code FROM items WHERE name = $1 OR code = $2 ORDER BY id")
    c.describe("S", "s2")
    c.bind("", "s2", ["three", "e"])
    c.execute("")
    c.sync()
    c.read_until_ready()

    step("untyped parameters in the select list")
    c.parse("", "SELECT $1, $2::int + 1, $3 = 'x'")
    c.describe("S", "")
    c.bind("", "", ["hello", "41", "x"])
    c.execute("")
    c.sync()
    c.read_until_ready()

    step("INSERT with parameters")
    c.parse("ins", "INSERT INTO items (id, name, qty, price, ok, code) VALUES ($1, $2, $3, $4, $5, $6)")
    c.describe("S", "ins")
    c.bind("", "ins", ["6", "six", "60", "6.5", "t", "f"])
    c.execute("")
    c.bind("", "ins", [struct.pack("!i", 7), b"seven", struct.pack("!q", 70),
                       struct.pack("!d", 7.25), b"\x01", b"g"], [1])
    c.execute("")
    c.sync()
    c.read_until_ready()
    c.query("SELECT * FROM items WHERE id > 5 ORDER BY id")
    c.read_until_ready()

    step("empty query")
    c.parse("", "")
    c.bind("", "")
    c.describe("P", "")
    c.execute("")
    c.sync()
    c.read_until_ready()

    step("Flush sends what is ready before Sync")
    c.parse("f1", "SELECT 1")
    c.flush()
    c.read_n(1)
    c.sync()
    c.read_until_ready()

    step("errors skip to Sync")
    c.parse("", "SELEC 1")
    c.bind("", "")
    c.execute("")
    c.sync()
    c.read_until_ready()
    c.parse("", "SELECT nosuch FROM items")
    c.sync()
    c.read_until_ready()
    c.describe("S", "nosuch")
    c.sync()
    c.read_until_ready()
    c.bind("", "nosuch")
    c.sync()
    c.read_until_ready()
    c.execute("nosuch")
    c.sync()
    c.read_until_ready()
    c.bind("", "s1", [])
    c.sync()
    c.read_until_ready()
    c.bind("", "s1", [b"\x01\x02"], [1])
    c.sync()
    c.read_until_ready()
    c.bind("", "s1", ["abc"])
    c.sync()
    c.read_until_ready()
    c.parse("s1", "SELECT 2")
    c.sync()
    c.read_until_ready()
    c.parse("", "SELECT 1; SELECT 2")
    c.sync()
    c.read_until_ready()
    c.parse("", "SELECT id / (id - $1) FROM items WHERE id = $1")
    c.bind("", "", ["2"])
    c.execute("")
    c.parse("", "SELECT 2")
    c.sync()
    c.read_until_ready()

    step("Close")
    c.close("S", "s2")
    c.close("S", "never-existed")
    c.close("P", "p1")
    c.describe("S", "s2")
    c.sync()
    c.read_until_ready()

    step("a transaction block: portals survive Sync, failure until ROLLBACK")
    c.parse("", "BEGIN")
    c.bind("", "")
    c.execute("")
    c.sync()
    c.read_until_ready()
    c.parse("cur", "SELECT id FROM items ORDER BY id")
    c.bind("c1", "cur")
    c.execute("c1", 3)
    c.sync()
    c.read_until_ready()
    c.execute("c1", 3)
    c.sync()
    c.read_until_ready()
    c.parse("", "SELECT id / (id - id) FROM items")
    c.bind("", "")
    c.execute("")
    c.sync()
    c.read_until_ready()
    c.bind("", "cur")
    c.execute("")
    c.sync()
    c.read_until_ready()
    c.parse("", "ROLLBACK")
    c.bind("", "")
    c.execute("")
    c.sync()
    c.read_until_ready()
    c.execute("c1", 3)
    c.sync()
    c.read_until_ready()

    step("SHOW and SET through the extended protocol")
    c.parse("", "SHOW DateStyle")
    c.describe("S", "")
    c.bind("", "")
    c.execute("")
    c.parse("", "SET application_name = 'proto2'")
    c.bind("", "")
    c.execute("")
    c.sync()
    c.read_until_ready()

    step("binary output of every type")
    c.parse("", "SELECT 1.5::numeric, -0.001::numeric, 12345678.9012::numeric, 0::numeric, "
            "100.00::numeric, 10000::numeric, '2024-02-29'::date, '1999-12-31'::date, "
            "'2024-02-29 12:34:56.789'::timestamp, '1 year 2 mons 3 days 04:05:06.7'::interval, "
            "true, 7::smallint, -7::bigint")
    c.bind("", "", [], [], [1])
    c.describe("P", "")
    c.execute("")
    c.sync()
    c.read_until_ready()

    step("binary input of every type")
    c.parse("", "SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text",
            [1700, 1700, 1082, 1114, 1186, 1042])
    c.bind("", "", [struct.pack("!hhhhhh", 2, 0, 0, 1, 1, 5000),
                    struct.pack("!hhhhh", 1, -1, 0x4000, 3, 10),
                    struct.pack("!i", 8825),
                    struct.pack("!q", 762525296789000),
                    struct.pack("!qii", 14706700000, 3, 14),
                    b"ab  "], [1])
    c.execute("")
    c.sync()
    c.read_until_ready()

    step("protocol 3.1 and _pq_ options: NegotiateProtocolVersion")
    s2 = socket.create_connection((sys.argv[1], int(sys.argv[2])))
    body = struct.pack("!i", 196609) + b"user\0" + sys.argv[3].encode() + b"\0_pq_.nosuch\0x\0\0"
    s2.sendall(struct.pack("!i", len(body) + 4) + body)
    data = b""
    while b"Z\0\0\0\x05" not in data:
        data += s2.recv(4096)
    t, n = data[0:1], struct.unpack("!i", data[1:5])[0]
    print("  first message:", t, data[5:1 + n])
    s2.close()

    step("simple query: several statements, one status")
    c.query("SELECT 1; SELECT 2")
    c.read_until_ready()
    c.query("BEGIN; SELECT 1 / 0; SELECT 2")
    c.read_until_ready()
    c.query("SELECT 1")
    c.read_until_ready()
    c.query("ROLLBACK")
    c.read_until_ready()
    c.query("")
    c.read_until_ready()
    c.query("DROP TABLE items")
    c.read_until_ready()


main()
