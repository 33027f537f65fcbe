-- joins and IN subqueries on numeric, character(n) and date keys: equal values hash alike
\set VERBOSITY verbose
create table j1 (a numeric, c char(5), d date);
create table j2 (b numeric(10,2), c varchar(5), d date);
insert into j1 values (1.5, 'ab', '1998-01-01'), (2, 'x', '1998-01-02'), (NULL, NULL, NULL);
insert into j2 values (1.50, 'ab', '1998-01-01'), (2.00, 'x  ', '1998-01-02'), (3, 'zz', '1999-01-01');
select a, b from j1 join j2 on a = b order by a;
select j1.c, j2.c from j1 join j2 on j1.c = j2.c order by 1;
select j1.d, j2.b from j1 join j2 on j1.d = j2.d order by 1;
select a from j1 where a in (select b from j2) order by a;
select a from j1 where a not in (select b from j2 where b is not null) order by a;
select count(*) from j1, j2 where j1.a < j2.b;
