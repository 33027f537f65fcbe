-- LIKE, ILIKE and NOT LIKE with %, _ and escapes
\set VERBOSITY verbose
CREATE TABLE l (id int, s varchar(40));
INSERT INTO l VALUES (1, 'PROMO BURNISHED COPPER'), (2, 'MEDIUM POLISHED BRASS'), (3, 'forest green puff'),
  (4, 'special requests about Customer Complaints'), (5, NULL), (6, ''), (7, '100% pure_cotton'), (8, 'ab\cd');
SELECT id FROM l WHERE s LIKE 'PROMO%' ORDER BY id;
SELECT id FROM l WHERE s LIKE '%BRASS' ORDER BY id;
SELECT id FROM l WHERE s LIKE '%green%' ORDER BY id;
SELECT id FROM l WHERE s LIKE '%Customer%Complaints%' ORDER BY id;
SELECT id FROM l WHERE s NOT LIKE 'MEDIUM POLISHED%' ORDER BY id;
SELECT id FROM l WHERE s LIKE '%special%requests%' ORDER BY id;
SELECT id FROM l WHERE s NOT LIKE '%special%requests%' ORDER BY id;
SELECT id FROM l WHERE s LIKE 'forest%' ORDER BY id;
SELECT id FROM l WHERE s LIKE '' ORDER BY id;
SELECT id FROM l WHERE s LIKE '%' ORDER BY id;
SELECT id FROM l WHERE s LIKE 'f_rest%' ORDER BY id;
SELECT id FROM l WHERE s LIKE '_' ORDER BY id;
SELECT id FROM l WHERE s LIKE '%\%%' ORDER BY id;
SELECT id FROM l WHERE s LIKE '%#_%' ESCAPE '#' ORDER BY id;
SELECT id FROM l WHERE s LIKE '%\\%' ORDER BY id;
SELECT id FROM l WHERE s LIKE 'ab\\cd' ESCAPE '' ORDER BY id;
SELECT id FROM l WHERE s ILIKE 'promo%' ORDER BY id;
SELECT id FROM l WHERE s NOT ILIKE '%BRASS%' ORDER BY id;
SELECT id, s LIKE '%e%' FROM l ORDER BY id;
SELECT 'abc' LIKE 'abc', 'abc' LIKE 'a%c', 'abc' LIKE 'a_c', 'abc' LIKE 'a__c', 'abc' LIKE '%%%c', 'aXbXc' LIKE '%X%X%';
SELECT 'abab' LIKE '%ab', 'abab' LIKE 'ab%ab', 'aba' LIKE 'ab%ab', 'xyz' LIKE '%y%', 'ünï' LIKE '_n_', NULL LIKE 'a';
SELECT 'a%b' LIKE 'a\%b', 'axb' LIKE 'a\%b', 'ABC' ILIKE 'a_c', 'abc' NOT LIKE 'a%';
-- errors
SELECT 1 LIKE 'a';
SELECT 'a' LIKE 'a' ESCAPE 'ab';
