-- grouping on one integer or date key (the int64-keyed table), NULL keys in one group
create table gk (k int, k8 int8, k2 int2, d date, v int);
insert into gk values (1, 1, 1, '2000-01-01', 10), (NULL, NULL, NULL, NULL, 5), (2, 5000000000, -3, '1999-12-31', 7), (1, 1, 1, '2000-01-01', 1), (NULL, NULL, NULL, NULL, 2), (-7, -5000000000, 300, '1970-01-01', 3);
select k, sum(v), count(*) from gk group by k order by k nulls first;
select k8, sum(v) from gk group by k8 order by k8;
select k2, sum(v) from gk group by k2 order by k2 desc;
select d, sum(v) from gk group by d order by d;
select count(*) from (select k from gk group by k) s;
select sum(v) from gk group by k having k is null;
