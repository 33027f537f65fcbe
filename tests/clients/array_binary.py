#!/usr/bin/python3
"""Arrays in the binary format (psycopg 3 binary cursors): PostgreSQL's
array_send layout for integer, text, float, boolean, numeric, date and
empty arrays with NULL elements, and int2vector (lower bound 0).

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
    # arrays as binary Bind parameters
    cur = c.cursor(binary=True)
    cur.execute("SELECT %b::int[], %b::text[], 3 = ANY(%b::int8[]), cardinality(%b::int[])",
                ([1, None, 3], ["a", "b c", None], [1, 3], []))
    print("params", cur.fetchone())
    cur.execute("SELECT %t::int[], %t::text[]", ([4, 5], ["x", "y z"]))
    print("text params", cur.fetchone())
