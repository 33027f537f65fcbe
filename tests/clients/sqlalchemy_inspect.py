#!/usr/bin/python3
"""SQLAlchemy's inspector over psycopg2 (Debian's python3-sqlalchemy):
schemas, tables, views, columns, primary and foreign keys, indexes,
has_table and a reflected Table, printed in a stable order.

    sqlalchemy_inspect.py HOST PORT USER
"""
import os
import sys

os.environ["SQLALCHEMY_SILENCE_UBER_WARNING"] = "1"
import sqlalchemy as sa  # noqa: E402

host, port, user = sys.argv[1], sys.argv[2], sys.argv[3]
eng = sa.create_engine(f"postgresql+psycopg2://{user}@{host}:{port}/quarry")


def setup():
    with eng.connect() as c:
        c = c.execution_options(isolation_level="AUTOCOMMIT")
        for stmt in [
            "DROP VIEW IF EXISTS sa_recent",
            "DROP TABLE IF EXISTS sa_child",
            "DROP TABLE IF EXISTS sa_parent",
            "DROP TABLE IF EXISTS sa_other.sa_item",
            "DROP SCHEMA IF EXISTS sa_other",
            "CREATE SCHEMA sa_other",
            "CREATE TABLE sa_parent (id integer PRIMARY KEY, name varchar(40) NOT NULL,"
            " score numeric(10,2), created timestamp, flag boolean DEFAULT true)",
            "CREATE TABLE sa_child (id bigint PRIMARY KEY, parent_id integer REFERENCES sa_parent (id),"
            " note text, amount double precision)",
            "CREATE TABLE sa_other.sa_item (code char(4) NOT NULL, qty smallint, day date)",
            "CREATE INDEX sa_child_parent_idx ON sa_child (parent_id)",
            "CREATE VIEW sa_recent AS SELECT id, name FROM sa_parent WHERE id > 10",
        ]:
            c.execute(sa.text(stmt))


def show(label, value):
    print(f"{label}: {value}")


def main():
    setup()
    insp = sa.inspect(eng)
    schemas = [s for s in insp.get_schema_names() if s in ("public", "sa_other")]
    show("schemas", schemas)
    show("tables", sorted(t for t in insp.get_table_names() if t.startswith("sa_")))
    show("tables sa_other", sorted(insp.get_table_names(schema="sa_other")))
    show("views", sorted(v for v in insp.get_view_names() if v.startswith("sa_")))
    for schema, table in (("public", "sa_parent"), ("public", "sa_child"), ("sa_other", "sa_item"),
                          ("public", "sa_recent")):
        for col in insp.get_columns(table, schema=schema):
            show(f"column {schema}.{table}",
                 f"{col['name']} {col['type']!r} nullable={col['nullable']} default={col['default']}")
    for table in ("sa_parent", "sa_child"):
        pk = insp.get_pk_constraint(table)
        show(f"pk {table}", pk["constrained_columns"])
        for fk in insp.get_foreign_keys(table):
            show(f"fk {table}", f"{fk['constrained_columns']} -> {fk['referred_schema']}."
                 f"{fk['referred_table']} {fk['referred_columns']}")
        show(f"indexes {table}", sorted((i["name"], tuple(i["column_names"]), i["unique"])
                                        for i in insp.get_indexes(table)))
    show("has_table sa_parent", insp.has_table("sa_parent"))
    show("has_table nosuch", insp.has_table("sa_nosuch"))
    show("has_table sa_other.sa_item", insp.has_table("sa_item", schema="sa_other"))
    md = sa.MetaData()
    t = sa.Table("sa_child", md, autoload_with=eng)
    show("reflected", [f"{c.name}:{c.type!r}:{c.primary_key}" for c in t.columns])
    show("reflected fks", sorted(str(fk.target_fullname) for fk in t.foreign_keys))
    with eng.connect() as c:
        c.execute(sa.text("INSERT INTO sa_parent VALUES (11, 'eleven', 1.50, NULL, true)"))
        c.execute(sa.text("INSERT INTO sa_child VALUES (5, 11, 'five', 0.5)"))
        rows = c.execute(sa.select(t.c.id, t.c.note)).fetchall()
        show("select reflected", rows)
    # leave the shared server as it was: other client programs list schemas
    with eng.begin() as c:
        for stmt in ("DROP VIEW sa_recent", "DROP TABLE sa_child", "DROP TABLE sa_parent",
                     "DROP TABLE sa_other.sa_item", "DROP SCHEMA sa_other"):
            c.execute(sa.text(stmt))


main()
