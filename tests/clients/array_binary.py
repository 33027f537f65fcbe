#!/usr/bin/python3
"""Arrays in the binary format (psycopg 3 binary cursors): PostgreSQL's
array_send layout for integer, text, float, boolean, numeric, date and
empty arrays with NULL elements, and int2vector (lower bound 0); real,
bytea and uuid values and parameters in both formats.

    array_binary.py HOST PORT USER
"""
import sys

import psycopg

host, port, user = sys.argv[1], sys.argv[2], sys.argv[3]
with psycopg.connect(host=host, port=port, user=user, dbname="quarry", autocommit=True) as c:
    for binary in (True, False):
        cur = c.cursor(binary=binary)
        cur.execute("SELECT ARRAY[1,2,NULL]::int[], ARRAY['a','b c',NULL,'']::text[], '{}'::int8[],"
                    " ARRAY[1.5,2]::float8[], ARRAY[true,false], '{1.25,NULL}'::numeric[],"
                    " '{2024-01-02}'::date[], '{-1,32767}'::int2[]")
        print("binary" if binary else "text", cur.fetchone())
        print([d.type_code for d in cur.description])
        cur.execute("SELECT '1 2'::int2vector, '{x}'::name[]")
        row = cur.fetchone()
        print("binary" if binary else "text", [bytes(v) if isinstance(v, (bytes, memoryview)) else v
                                               for v in row])
    # real, bytea and uuid (4-byte float, raw bytes, 16 bytes), both ways
    for binary in (True, False):
        cur = c.cursor(binary=binary)
        cur.execute("SELECT 0.1::real, '\\x00ff'::bytea, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid")
        r, b, u = cur.fetchone()
        print("binary" if binary else "text", r, bytes(b), u, [d.type_code for d in cur.description])
        cur.execute("SELECT '{1.5,NULL}'::real[], '{\"\\\\x01\",NULL}'::bytea[],"
                    " '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid[]")
        r, b, u = cur.fetchone()
        print("binary" if binary else "text", r, [bytes(x) if x is not None else x for x in b], u,
              [d.type_code for d in cur.description])
    import uuid
    cur = c.cursor(binary=True)
    cur.execute("SELECT %b::bytea, %b::uuid, length(%b::bytea)",
                (b"\x01\x00\x02", uuid.UUID("00000000-0000-0000-0000-0000000000ff"), b"abc"))
    print("params", [bytes(v) if isinstance(v, (bytes, memoryview)) else v for v in cur.fetchone()])
    # arrays as binary Bind parameters
    cur = c.cursor(binary=True)
    cur.execute("SELECT %b::int[], %b::text[], 3 = ANY(%b::int8[]), cardinality(%b::int[])",
                ([1, None, 3], ["a", "b c", None], [1, 3], []))
    print("params", cur.fetchone())
    cur.execute("SELECT %t::int[], %t::text[]", ([4, 5], ["x", "y z"]))
    print("text params", cur.fetchone())
