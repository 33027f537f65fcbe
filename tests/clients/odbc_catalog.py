#!/usr/bin/python3
"""psqlODBC (odbc-postgresql) through unixODBC and pyodbc: a DSN-less
connection, a query with parameters, SQLTables, SQLColumns and
SQLPrimaryKeys (cursor.tables, columns, primaryKeys), printed in a
stable order; also isql (unixODBC's command-line client) with a DSN.

    odbc_catalog.py HOST PORT USER
"""
import os
import subprocess
import sys
import tempfile

import pyodbc

host, port, user = sys.argv[1], sys.argv[2], sys.argv[3]
driver = "PostgreSQL Unicode"
conn = pyodbc.connect(f"DRIVER={{{driver}}};SERVER={host};PORT={port};DATABASE=quarry;"
                      f"UID={user};PWD=unused", autocommit=True)
cur = conn.cursor()
for stmt in ["DROP VIEW IF EXISTS od_view", "DROP TABLE IF EXISTS od_items",
             "CREATE TABLE od_items (id integer NOT NULL, name varchar(30), price numeric(10,2),"
             " added date, note text, CONSTRAINT od_items_pkey PRIMARY KEY (id))",
             "CREATE VIEW od_view AS SELECT id, name FROM od_items",
             "INSERT INTO od_items VALUES (1, 'one', 1.50, DATE '2024-01-02', NULL),"
             " (2, 'two', 20.00, NULL, 'x')"]:
    cur.execute(stmt)


def show(label, rows):
    for r in rows:
        print(label, tuple(r))


show("select", cur.execute("SELECT id, name, price, added FROM od_items WHERE id >= ? ORDER BY id",
                           1).fetchall())
show("tables", [r[1:4] for r in cur.tables(table="od_%").fetchall()])
show("columns", [(r.table_name, r.column_name, r.data_type, r.type_name, r.column_size,
                  r.decimal_digits, r.nullable, r.ordinal_position)
                 for r in cur.columns(table="od_items").fetchall()])
show("primaryKeys", [(r.table_name, r.column_name, r.key_seq, r.pk_name)
                     for r in cur.primaryKeys(table="od_items").fetchall()])
conn.close()

# isql with a DSN in a private odbc.ini
with tempfile.TemporaryDirectory() as d:
    with open(os.path.join(d, "odbc.ini"), "w") as f:
        f.write(f"[quarry]\nDriver={driver}\nServername={host}\nPort={port}\n"
                f"Database=quarry\nUsername={user}\nPassword=unused\n")
    env = dict(os.environ, ODBCINI=os.path.join(d, "odbc.ini"), ODBCSYSINI=d)
    with open(os.path.join(d, "odbcinst.ini"), "w") as f:
        f.write(subprocess.run(["cat", "/etc/odbcinst.ini"], capture_output=True,
                               text=True).stdout)
    r = subprocess.run(["isql", "-b", "-d,", "quarry"], input="SELECT id, name FROM od_items ORDER BY id\n",
                       capture_output=True, text=True, env=env)
    print("isql", r.stdout.strip().replace("\n", " | "), r.returncode)
