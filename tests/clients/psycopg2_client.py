# psycopg2_client.py HOST PORT USER: psycopg2 (simple protocol, client-side
# parameters): parameters, executemany, copy_expert both ways, a named
# server-side cursor, transactions and the exception classes of errors.
import io
import sys

import psycopg2
import psycopg2.errors
import psycopg2.extensions

host, port, user = sys.argv[1:4]
conn = psycopg2.connect(host=host, port=port, user=user, dbname=user)
cur = conn.cursor()
print("server_version:", conn.server_version // 10000)
print("encoding:", conn.encoding)

cur.execute("DROP TABLE IF EXISTS pg2")
cur.execute("CREATE TABLE pg2 (id int, name text, big bigint, x float8, ok bool, tag varchar(10))")
conn.commit()

print("-- parameters")
cur.execute("INSERT INTO pg2 VALUES (%s, %s, %s, %s, %s, %s)", (1, "it's", 2**40, 0.1, True, None))
cur.execute("INSERT INTO pg2 VALUES (%(id)s, %(name)s, %(big)s, %(x)s, %(ok)s, %(tag)s)",
            {"id": 2, "name": 'quote " and \\ backslash', "big": -5, "x": -2.5, "ok": False, "tag": "t2"})
print("rowcount:", cur.rowcount)
cur.executemany("INSERT INTO pg2 (id, name) VALUES (%s, %s)", [(i, "many %d" % i) for i in range(3, 8)])
print("executemany rowcount:", cur.rowcount)
cur.execute("INSERT INTO pg2 (id, name) VALUES (%s, upper(%s)) RETURNING id, name", (8, "returned"))
print("returning:", cur.fetchall(), cur.rowcount, cur.statusmessage)
conn.commit()
cur.execute("SELECT id, name, big, x, ok, tag FROM pg2 WHERE id < %s ORDER BY id", (4,))
print([d.name for d in cur.description], [d.type_code for d in cur.description])
for row in cur.fetchall():
    print(row)
print("mogrify:", cur.mogrify("SELECT %s, %s", (None, "x")).decode())

print("-- numeric, date, timestamp")
import datetime
from decimal import Decimal
cur.execute("CREATE TABLE pg2t (amount numeric(10,3), d date, ts timestamp)")
cur.execute("INSERT INTO pg2t VALUES (%s, %s, %s)",
            (Decimal("12.345"), datetime.date(2024, 1, 31), datetime.datetime(2024, 1, 31, 23, 59, 59, 500000)))
cur.execute("SELECT amount, d, ts, amount * 2, d + 1 FROM pg2t WHERE d = %s", (datetime.date(2024, 1, 31),))
print(cur.fetchall())
cur.execute("DROP TABLE pg2t")
conn.commit()

print("-- copy_expert")
buf = io.StringIO("10\tcopied ten\t100\t1.25\tt\tc10\n11\t\\N\t\\N\t\\N\tf\t\\N\n")
cur.copy_expert("COPY pg2 FROM STDIN", buf)
print("copy in rowcount:", cur.rowcount)
buf = io.StringIO("id,name\n12,\"csv, quoted\"\n13,plain\n")
cur.copy_expert("COPY pg2 (id, name) FROM STDIN WITH (FORMAT csv, HEADER)", buf)
conn.commit()
out = io.StringIO()
cur.copy_expert("COPY (SELECT id, name, ok FROM pg2 WHERE id >= 10 ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)", out)
print(out.getvalue(), end="")
out = io.StringIO()
cur.copy_expert("COPY pg2 (id, tag) TO STDOUT", out)
print(sorted(out.getvalue().splitlines()))
try:
    cur.copy_expert("COPY pg2 (id) FROM STDIN", io.StringIO("1\nnot a number\n"))
except psycopg2.Error as e:
    print(type(e).__name__, e.pgcode, e.diag.message_primary, "|", e.diag.context)
conn.rollback()

print("-- named cursor")
cur.execute("SELECT count(*) FROM pg2")
print(cur.fetchone())
named = conn.cursor("pg2_named")
named.itersize = 3
named.execute("SELECT id, name FROM pg2 ORDER BY id")
n = 0
for row in named:
    n += 1
    if n <= 4:
        print(row)
print("rows through the named cursor:", n)
named.close()
named = conn.cursor("pg2_named2")
named.execute("SELECT id FROM pg2 WHERE id > %s ORDER BY id", (5,))
print(named.fetchmany(2), named.fetchone(), named.fetchall())
named.close()
conn.commit()

print("-- real, bytea, uuid")
import uuid
import psycopg2.extras
psycopg2.extras.register_uuid()
cur.execute("CREATE TABLE pg2b (r real, b bytea, u uuid)")
cur.execute("INSERT INTO pg2b VALUES (%s, %s, %s)",
            (0.1, psycopg2.Binary(b"\x00\xffab'\\"), uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")))
cur.execute("SELECT r, b, u, b = %s FROM pg2b", (psycopg2.Binary(b"\x00\xffab'\\"),))
r, b, u, same = cur.fetchone()
print(r, type(b).__name__, bytes(b), repr(u), same, [d.type_code for d in cur.description])
cur.execute("DROP TABLE pg2b")
conn.commit()

print("-- transactions")
print("status idle:", conn.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_IDLE)
cur.execute("SELECT 1")
print("status in transaction:", conn.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_INTRANS)
try:
    cur.execute("SELECT 1 / 0")
except psycopg2.errors.DivisionByZero as e:
    print("DivisionByZero", e.pgcode)
print("status failed:", conn.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_INERROR)
try:
    cur.execute("SELECT 1")
except psycopg2.errors.InFailedSqlTransaction as e:
    print("InFailedSqlTransaction", e.pgcode)
conn.rollback()
conn.autocommit = True
cur.execute("SELECT 2")
print(cur.fetchone(), conn.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_IDLE)

print("-- exception classes")
cases = [
    "SELECT * FROM nope",
    "SELECT nosuch FROM pg2",
    "SELEC 1",
    "SELECT 'abc'::int",
    "SELECT 2147483647 + 1",
    "INSERT INTO pg2 (id, tag) VALUES (1, 'much too long')",
    "CREATE TABLE pg2 (a int)",
    "SELECT nofunc(1)",
]
for sql in cases:
    try:
        cur.execute(sql)
    except psycopg2.Error as e:
        print(type(e).__name__, "/", type(e).__mro__[1].__name__, e.pgcode)
cur.execute("DROP TABLE pg2")
conn.close()
