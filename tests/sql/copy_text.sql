-- COPY FROM STDIN and TO STDOUT in text format: escapes, NULL, column
-- lists, options, and a bad line that loads nothing.
\set VERBOSITY verbose
CREATE TABLE ct (id int NOT NULL, name text, qty bigint, price float8, ok bool, code varchar(5));
COPY ct FROM STDIN;
1	one	10	1.5	t	a
2	tab\there	20	2.25	f	b
3	\N	\N	\N	\N	\N
4	back\\slash	40	-4	true	d
5	new\nline	50	5e10	false	\x41
\.
SELECT * FROM ct ORDER BY id;
COPY ct TO STDOUT;
COPY ct (code, id) TO STDOUT;
COPY (SELECT id, name FROM ct WHERE id > 2 ORDER BY id) TO STDOUT;
COPY ct (id, name) FROM STDIN WITH (DELIMITER '|', NULL 'nil');
6|six
7|nil
\.
COPY (SELECT id, name, code FROM ct WHERE id >= 6 ORDER BY id) TO STDOUT WITH (DELIMITER '|', NULL 'nil');
COPY ct FROM STDIN WITH (FORMAT text, HEADER);
id	name	qty	price	ok	code
8	eight	80	8	t	h
\.
COPY (SELECT id, name FROM ct WHERE id = 8) TO STDOUT WITH (HEADER);
-- a bad line fails the whole COPY and loads nothing
COPY ct FROM STDIN;
9	nine	90	9	t	i
10	ten	notanumber	10	t	j
\.
COPY ct FROM STDIN;
11	eleven	110	11	t	k	extra
\.
COPY ct FROM STDIN;
12	twelve
\.
COPY ct FROM STDIN;
\N	null id	1	1	t	x
\.
COPY ct FROM STDIN;
13	too long	1	1	t	abcdefg
\.
SELECT count(*) FROM ct;
SELECT id FROM ct WHERE id >= 9;
-- options that do not fit
COPY ct FROM STDIN WITH (QUOTE '"');
COPY ct FROM STDIN WITH (DELIMITER 'ab');
COPY ct TO STDOUT WITH (FORCE_QUOTE *);
COPY ct FROM STDIN WITH (NOSUCH 1);
COPY nope FROM STDIN;
COPY ct (nope) FROM STDIN;
DROP TABLE ct;
