# psycopg3.py HOST PORT USER: psycopg 3 over the extended protocol:
# parameters, server-side prepared statements, binary results, server
# cursors, transactions, errors.
import sys

import psycopg
from psycopg import errors

host, port, user = sys.argv[1:4]
conn = psycopg.connect(host=host, port=port, user=user, dbname=user, autocommit=True)
cur = conn.cursor()
print("server_version starts with 15:", conn.info.parameter_status("server_version").startswith("15"))
print("client_encoding:", conn.info.encoding)

cur.execute("DROP TABLE IF EXISTS p3")
cur.execute("CREATE TABLE p3 (id int, name text, big bigint, small smallint, x float8, ok bool, tag varchar(8))")
cur.execute("INSERT INTO p3 VALUES (%s, %s, %s, %s, %s, %s, %s)", (1, "one", 10**12, 7, 1.5, True, "a"))
cur.executemany("INSERT INTO p3 VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [(i, "row %d" % i, i * 10**10, i, i / 8, i % 2 == 0, None) for i in range(2, 12)])
print("rowcount after insert:", cur.rowcount)

print("-- text results")
cur.execute("SELECT id, name, big, small, x, ok, tag FROM p3 WHERE id <= %s ORDER BY id", (3,))
print([(d.name, d.type_code) for d in cur.description])
for row in cur.fetchall():
    print(row)

print("-- binary results")
bcur = conn.cursor(binary=True)
bcur.execute("SELECT id, name, big, small, x, ok, tag FROM p3 WHERE id >= %s AND id <= %s ORDER BY id", (4, 6))
for row in bcur.fetchall():
    print(row)
print("pgresult formats:", [bcur.pgresult.fformat(i) for i in range(bcur.pgresult.nfields)])

print("-- prepared statements")
for i in range(8):
    cur.execute("SELECT count(*), sum(id) FROM p3 WHERE id > %s", (i,), prepare=True)
    print(i, cur.fetchone())
cur.execute("SELECT name FROM p3 WHERE name = %s", ("row 5",), prepare=True)
print(cur.fetchall())

print("-- NULL and typed parameters")
cur.execute("SELECT %s::int IS NULL, %s::text, %s::bigint + 1, %s::float8 * 2, %s::bool",
            (None, "txt", 2**40, 0.25, False))
print(cur.fetchone())
cur.execute("SELECT id FROM p3 WHERE tag = %s", ("a",))
print(cur.fetchall())

print("-- UPDATE, DELETE, INSERT ... SELECT with parameters")
cur.execute("UPDATE p3 SET name = %s, x = x * %s WHERE id > %s AND id <= %s", ("updated", 2.0, 9, 11))
print("update rowcount:", cur.rowcount)
cur.execute("DELETE FROM p3 WHERE id = %s", (10,))
print("delete rowcount:", cur.rowcount)
cur.execute("INSERT INTO p3 (id, name) SELECT id + %s, name FROM p3 WHERE id = %s", (100, 11))
print("insert select rowcount:", cur.rowcount)
cur.execute("SELECT id, name, x FROM p3 WHERE id >= %s ORDER BY id", (9,))
print(cur.fetchall())

print("-- numeric, date, timestamp, interval")
import datetime
from decimal import Decimal
cur.execute("DROP TABLE IF EXISTS p3t")
cur.execute("CREATE TABLE p3t (id int, amount numeric(12,2), d date, ts timestamp, span interval, code char(4))")
cur.execute("INSERT INTO p3t VALUES (%s, %s, %s, %s, %s, %s)",
            (1, Decimal("1234.5"), datetime.date(2024, 2, 29), datetime.datetime(2024, 2, 29, 12, 34, 56, 789000),
             datetime.timedelta(days=3, hours=4, minutes=5, seconds=6), "ab"))
cur.execute("INSERT INTO p3t VALUES (%s, %s, %s, %s, %s, %s)",
            (2, Decimal("-0.05"), datetime.date(1999, 12, 31), datetime.datetime(2000, 1, 1), None, None))
for binary in (False, True):
    c2 = conn.cursor(binary=binary)
    c2.execute("SELECT id, amount, d, ts, span, code FROM p3t WHERE d < %s ORDER BY id",
               (datetime.date(2030, 1, 1),))
    print("binary" if binary else "text", [d.type_code for d in c2.description])
    for row in c2.fetchall():
        print(row)
cur.execute("SELECT sum(amount), min(d), max(ts) FROM p3t WHERE amount > %s", (Decimal("-1"),))
print(cur.fetchone())
cur.execute("DROP TABLE p3t")

print("-- COPY in binary format")
cur.execute("CREATE TABLE p3c (id int, name text, amount numeric(10,2), d date, ok bool)")
with cur.copy("COPY p3c FROM STDIN (FORMAT BINARY)") as cp:
    cp.set_types(["int4", "text", "numeric", "date", "bool"])
    cp.write_row((1, "one", Decimal("1.50"), datetime.date(2024, 1, 2), True))
    cp.write_row((2, None, None, None, None))
    cp.write_row((3, "three", Decimal("-3"), datetime.date(1999, 12, 31), False))
print("copy in rowcount:", cur.rowcount)
data = b""
with cur.copy("COPY p3c TO STDOUT (FORMAT BINARY)") as cp:
    for chunk in cp:
        data += bytes(chunk)
print(data.hex())
with cur.copy("COPY (SELECT id, name, amount FROM p3c ORDER BY id) TO STDOUT (FORMAT BINARY)") as cp:
    cp.set_types(["int4", "text", "numeric"])
    for row in cp.rows():
        print(row)
with cur.copy("COPY (SELECT id FROM p3c WHERE id > 100) TO STDOUT (FORMAT BINARY)") as cp:
    print("empty:", b"".join(bytes(c) for c in cp).hex())
for sql, payload in [("COPY p3c FROM STDIN (FORMAT BINARY)", b"NOTPGCOPY-header-here"),
                     ("COPY p3c (id) FROM STDIN (FORMAT BINARY)",
                      b"PGCOPY\n\xff\r\n\0" + bytes(8) + b"\x00\x02\x00\x00\x00\x04\x00\x00\x00\x01"
                      b"\x00\x00\x00\x04\x00\x00\x00\x02\xff\xff"),
                     ("COPY p3c (id) FROM STDIN (FORMAT BINARY)",
                      b"PGCOPY\n\xff\r\n\0" + bytes(8) + b"\x00\x01\x00\x00\x00\x02\x00\x01\xff\xff"),
                     ("COPY p3c FROM STDIN (FORMAT BINARY, DELIMITER ',')", b"")]:
    try:
        with cur.copy(sql) as cp:
            cp.write(payload)
    except psycopg.Error as e:
        print(type(e).__name__, e.sqlstate, e.diag.message_primary, "|", e.diag.context)
cur.execute("SELECT count(*) FROM p3c")
print(cur.fetchone())
cur.execute("DROP TABLE p3c")

print("-- server-side cursor")
with conn.transaction():
    with conn.cursor(name="srv") as sc:
        sc.itersize = 4
        sc.execute("SELECT id, name FROM p3 WHERE id > %s ORDER BY id", (2,))
        print(sc.fetchmany(3))
        print(sc.fetchone())
        print(len(sc.fetchall()))

print("-- transactions")
conn.autocommit = False
cur = conn.cursor()
cur.execute("SELECT 1")
print("status in transaction:", conn.info.transaction_status.name)
try:
    cur.execute("SELECT 1 / (id - id) FROM p3")
except errors.DivisionByZero as e:
    print("DivisionByZero", e.sqlstate)
print("status after error:", conn.info.transaction_status.name)
try:
    cur.execute("SELECT 1")
except errors.InFailedSqlTransaction as e:
    print("InFailedSqlTransaction", e.sqlstate)
conn.rollback()
cur.execute("SELECT count(*) FROM p3")
print(cur.fetchone())
conn.commit()
conn.autocommit = True

print("-- errors")
for sql, args in [("SELECT * FROM nope WHERE id = %s", (1,)),
                  ("SELECT nosuch FROM p3", None),
                  ("SELECT %s::int", ("abc",)),
                  ("SELEC 1", None)]:
    try:
        cur.execute(sql, args)
    except psycopg.Error as e:
        print(type(e).__name__, e.sqlstate, e.diag.message_primary)
cur.execute("SELECT 'still usable'")
print(cur.fetchone())

print("-- EXPLAIN through the extended protocol (the plan's text is the server's own)")
for sql in ("EXPLAIN SELECT * FROM p3 WHERE id = %s", "EXPLAIN ANALYZE SELECT * FROM p3 WHERE id = %s"):
    cur.execute(sql, (1,))
    rows = cur.fetchall()
    print(cur.description[0].name, cur.description[0].type_code, len(rows) > 0, cur.statusmessage)
try:
    cur.execute("EXPLAIN ANALYZE SELECT 1 / %s", (0,))
except psycopg.Error as e:
    print(type(e).__name__, e.sqlstate)
cur.execute("DROP TABLE p3")
conn.close()
