-- COPY in CSV format: quoting, HEADER, NULL, QUOTE, ESCAPE, FORCE_QUOTE,
-- embedded newlines, and a bad row that loads nothing.
\set VERBOSITY verbose
CREATE TABLE cc (id int, name text, note varchar(20), x float8);
COPY cc FROM STDIN WITH (FORMAT csv, HEADER);
id,name,note,x
1,plain,simple,1.5
2,"with, comma","quote "" inside",2
3,,"",
4,"multi
line",n,4
\.
SELECT id, name, note, note IS NULL AS note_null, x FROM cc ORDER BY id;
COPY cc TO STDOUT WITH (FORMAT csv);
COPY cc TO STDOUT WITH (FORMAT csv, HEADER, FORCE_QUOTE (name));
COPY cc TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *);
COPY cc TO STDOUT WITH CSV HEADER DELIMITER ';' NULL 'NULL';
COPY cc (id, name) FROM STDIN WITH (FORMAT csv, QUOTE '''', ESCAPE '\');
5,'it\'s'
6,'a,b'
\.
COPY (SELECT id, name FROM cc WHERE id >= 5 ORDER BY id) TO STDOUT WITH (FORMAT csv, QUOTE '''', ESCAPE '\');
COPY cc FROM STDIN WITH CSV NULL 'N/A';
7,N/A,"N/A",7
\.
SELECT id, name IS NULL AS name_null, note FROM cc WHERE id = 7;
COPY (SELECT '\.' AS v) TO STDOUT WITH (FORMAT csv);
-- a bad row fails the whole COPY
COPY cc FROM STDIN WITH (FORMAT csv);
8,ok,ok,8
9,bad,bad,nine
\.
COPY cc FROM STDIN WITH (FORMAT csv);
10,"unterminated
\.
SELECT count(*) FROM cc;
COPY cc TO STDOUT WITH (FORMAT csv, FORCE_QUOTE (nope));
COPY cc FROM STDIN WITH (FORMAT csv, FORCE_QUOTE (name));
DROP TABLE cc;
