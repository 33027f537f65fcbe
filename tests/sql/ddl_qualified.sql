-- qualified names in DROP: schema.table, and another database's (0A000)
CREATE TABLE dq_t (a int);
DROP TABLE nosuchdb.public.dq_t;
DROP TABLE a.b.c.dq_t;
DROP TABLE public.dq_t;
