-- Tables of several row groups and files: scans that skip row groups by
-- min/max, columns added later, and UPDATE/DELETE rewriting large files.
CREATE TABLE big (k int, grp int, label text, amount numeric(12,2), note text);
INSERT INTO big VALUES (1, 1, 'k1', 0.50, NULL), (2, 2, 'k2', 1.00, 'two');
INSERT INTO big SELECT k + 2, k % 7, 'k' || (k + 2), amount * 3, note FROM big;
INSERT INTO big SELECT k + 4, k % 7, 'k' || (k + 4), amount + 1, note FROM big;
INSERT INTO big SELECT k + 8, k % 7, 'k' || (k + 8), amount, note FROM big;
INSERT INTO big SELECT k + 16, k % 7, 'k' || (k + 16), amount, note FROM big;
INSERT INTO big SELECT k + 32, k % 7, 'k' || (k + 32), amount, note FROM big;
INSERT INTO big SELECT k + 64, k % 7, 'k' || (k + 64), amount, note FROM big;
INSERT INTO big SELECT k + 128, k % 7, 'k' || (k + 128), amount, note FROM big;
INSERT INTO big SELECT k + 256, k % 7, 'k' || (k + 256), amount, note FROM big;
INSERT INTO big SELECT k + 512, k % 7, 'k' || (k + 512), amount, note FROM big;
INSERT INTO big SELECT k + 1024, k % 7, 'k' || (k + 1024), amount, note FROM big;
INSERT INTO big SELECT k + 2048, k % 7, 'k' || (k + 2048), amount, note FROM big;
INSERT INTO big SELECT k + 4096, k % 7, 'k' || (k + 4096), amount, note FROM big;
INSERT INTO big SELECT k + 8192, k % 7, 'k' || (k + 8192), amount, note FROM big;
INSERT INTO big SELECT k + 16384, k % 7, 'k' || (k + 16384), amount, note FROM big;
INSERT INTO big SELECT k + 32768, k % 7, 'k' || (k + 32768), amount, note FROM big;
INSERT INTO big SELECT k + 65536, k % 7, 'k' || (k + 65536), amount, note FROM big;
INSERT INTO big SELECT k + 131072, k % 7, 'k' || (k + 131072), amount, note FROM big;
SELECT count(*), min(k), max(k), sum(k), count(note), sum(amount) FROM big;
CREATE TABLE copy AS SELECT * FROM big;
SELECT count(*), sum(k) FROM copy;
-- filters the zone maps understand
SELECT count(*), sum(k) FROM copy WHERE k = 100000;
SELECT count(*), sum(k) FROM copy WHERE k > 200000;
SELECT count(*), sum(k) FROM copy WHERE k BETWEEN 65530 AND 65540;
SELECT count(*) FROM copy WHERE k < 0 OR k > 262144;
SELECT count(*) FROM copy WHERE k >= 262144;
SELECT count(*) FROM copy WHERE note IS NULL AND k < 1000;
SELECT count(*) FROM copy WHERE label = 'k77777';
SELECT count(*) FROM copy WHERE amount > 100;
SELECT k, label FROM copy WHERE k IN (1, 70000, 262144) ORDER BY k;
SELECT grp, count(*), min(k), max(label) FROM copy WHERE k > 250000 GROUP BY grp ORDER BY grp;
-- a column added to a big table reads its default everywhere
ALTER TABLE copy ADD COLUMN flag boolean DEFAULT true;
SELECT count(*), count(flag) FROM copy WHERE flag;
-- UPDATE and DELETE rewrite only what they touch
UPDATE copy SET note = 'updated', amount = amount + 1 WHERE k % 1000 = 0;
SELECT count(*), sum(amount) FROM copy WHERE note = 'updated';
DELETE FROM copy WHERE k > 100000 AND k <= 200000;
SELECT count(*), min(k), max(k), sum(k) FROM copy;
DELETE FROM copy WHERE k > 1000000;
UPDATE copy SET flag = false WHERE k <= 10;
SELECT count(*) FROM copy WHERE NOT flag;
SELECT count(*), sum(k), sum(amount) FROM copy;
DROP TABLE big, copy;
