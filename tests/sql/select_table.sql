-- Scans, filters, projections, sorting and limits over a table.
CREATE TABLE people (id int NOT NULL, name text, age int, score float8, active boolean);
INSERT INTO people VALUES
  (1, 'ann', 31, 88.5, true),
  (2, 'bob', 25, 72.25, false),
  (3, 'cy', NULL, 91, true),
  (4, NULL, 40, NULL, NULL),
  (5, 'dee', 25, 60.125, true),
  (6, 'eve', 52, 99.75, false);
SELECT * FROM people ORDER BY id;
SELECT name, age FROM people WHERE age > 26 ORDER BY age;
SELECT name FROM people WHERE age = 25 ORDER BY name DESC;
SELECT id, age * 2 AS double_age, age + id FROM people ORDER BY id;
SELECT id FROM people WHERE active ORDER BY id;
SELECT id FROM people WHERE NOT active ORDER BY id;
SELECT id FROM people WHERE age IS NULL OR name IS NULL ORDER BY id;
SELECT id FROM people WHERE age > 20 AND (score > 80 OR name = 'bob') ORDER BY id;
SELECT id, name FROM people ORDER BY age NULLS FIRST, id;
SELECT id, name FROM people ORDER BY age DESC, id;
SELECT id, name FROM people ORDER BY age DESC NULLS LAST, id;
SELECT id FROM people ORDER BY id LIMIT 2;
SELECT id FROM people ORDER BY id LIMIT 2 OFFSET 3;
SELECT id FROM people ORDER BY id OFFSET 5;
SELECT id FROM people ORDER BY id LIMIT 0;
SELECT p.name FROM people p WHERE p.id = 3;
SELECT people.id FROM people WHERE people.name = 'eve';
SELECT id FROM people ORDER BY 1 DESC LIMIT 1;
SELECT name AS n FROM people ORDER BY n LIMIT 3;
SELECT id FROM people WHERE score > 90::float8 ORDER BY id;
SELECT id, score / 2 FROM people WHERE score IS NOT NULL ORDER BY id;
DROP TABLE people;
