-- pg_rewrite and pg_depend: views' rules, indexes, constraints and defaults
-- (PostgreSQL's composite types, TOAST tables and foreign-key triggers have no rows here)
CREATE TABLE dp_a (id integer PRIMARY KEY, name text DEFAULT 'x', n integer);
CREATE TABLE dp_b (id integer, a_id integer REFERENCES dp_a (id));
CREATE INDEX dp_b_a_idx ON dp_b (a_id);
CREATE VIEW dp_v AS SELECT id, name FROM dp_a;
SELECT r.rulename, r.ev_class::regclass, r.ev_type, r.is_instead FROM pg_rewrite r WHERE r.ev_class = 'dp_v'::regclass;
SELECT d.classid::regclass, CASE d.classid WHEN 'pg_class'::regclass THEN d.objid::regclass::text WHEN 'pg_rewrite'::regclass THEN (SELECT ev_class::regclass::text FROM pg_rewrite WHERE oid = d.objid) WHEN 'pg_constraint'::regclass THEN (SELECT conname::text FROM pg_constraint WHERE oid = d.objid) ELSE 'default' END AS obj,
       d.refclassid::regclass, CASE d.refclassid WHEN 'pg_class'::regclass THEN d.refobjid::regclass::text ELSE (SELECT conname::text FROM pg_constraint WHERE oid = d.refobjid) END AS ref, d.refobjsubid, d.deptype
  FROM pg_depend d
 WHERE d.refobjid IN ('dp_a'::regclass, 'dp_b'::regclass, 'dp_v'::regclass)
   AND d.classid IN ('pg_class'::regclass, 'pg_constraint'::regclass, 'pg_attrdef'::regclass, 'pg_rewrite'::regclass)
   AND d.objid::regclass::text NOT LIKE 'pg_toast%'
 ORDER BY 1, 2, 3, 4, 5, 6;
DROP VIEW dp_v;
DROP TABLE dp_b;
DROP TABLE dp_a;
