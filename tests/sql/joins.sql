-- Joins: comma lists, JOIN ... ON, LEFT JOIN, derived tables, CTEs.
CREATE TABLE dept (id int NOT NULL, name text, budget int);
CREATE TABLE emp (id int NOT NULL, name text, dept_id int, salary int, boss int);
INSERT INTO dept VALUES (1, 'eng', 1000), (2, 'ops', 500), (3, 'sales', 800), (4, 'empty', 0);
INSERT INTO emp VALUES
  (1, 'ann', 1, 300, NULL), (2, 'bob', 1, 200, 1), (3, 'cy', 2, 150, 1),
  (4, 'dee', 3, 250, 2), (5, 'eve', NULL, 100, 2), (6, 'fay', 3, 120, 4);
SELECT e.name, d.name FROM emp e, dept d WHERE e.dept_id = d.id ORDER BY e.name;
SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept_id = d.id WHERE d.budget > 600 ORDER BY 1;
SELECT e.name, d.name AS dept FROM emp e LEFT JOIN dept d ON e.dept_id = d.id ORDER BY e.id;
SELECT d.name, e.name FROM dept d LEFT JOIN emp e ON e.dept_id = d.id AND e.salary > 140 ORDER BY d.id, e.id;
SELECT d.name, count(e.id), sum(e.salary) FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.name ORDER BY d.name;
SELECT e.name, b.name AS boss FROM emp e, emp b WHERE e.boss = b.id ORDER BY e.id;
SELECT e.name, b.name AS boss, d.name FROM emp e JOIN emp b ON e.boss = b.id JOIN dept d ON b.dept_id = d.id ORDER BY e.id;
SELECT count(*) FROM emp, dept;
SELECT e.name FROM emp e, dept d WHERE e.dept_id = d.id AND (d.name = 'eng' OR e.salary < 130) ORDER BY 1;
SELECT e.name, d.name FROM emp e, dept d WHERE e.dept_id = d.id AND e.salary > d.budget / 4 ORDER BY 1;
SELECT * FROM dept d, emp e WHERE d.id = e.dept_id AND e.id = 4;
SELECT t.dname, t.total FROM (SELECT d.name AS dname, sum(e.salary) AS total FROM dept d, emp e WHERE d.id = e.dept_id GROUP BY d.name) t WHERE t.total > 200 ORDER BY t.total DESC;
SELECT x.a, x.b FROM (SELECT id AS a, name AS b FROM emp WHERE salary > 150) AS x(a, b) ORDER BY a;
WITH big AS (SELECT dept_id, max(salary) AS top FROM emp GROUP BY dept_id)
SELECT d.name, big.top FROM big, dept d WHERE big.dept_id = d.id ORDER BY d.name;
SELECT DISTINCT dept_id FROM emp ORDER BY dept_id;
SELECT DISTINCT d.name FROM dept d, emp e WHERE e.dept_id = d.id ORDER BY 1;
SELECT id FROM emp, dept;
SELECT emp.id, dept.id FROM emp, dept WHERE emp.id = dept.id ORDER BY 1;
SELECT e.name FROM emp e JOIN dept d ON e.dept_id = d.id AND d.name = 'ops';
DROP TABLE emp;
DROP TABLE dept;
