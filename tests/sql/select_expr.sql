-- Expressions without a table, run as one-row tasks on a worker.
SELECT 1;
SELECT 1 AS one, 'two' AS two, true AS three;
SELECT 2 + 3 * 4, (2 + 3) * 4, 7 / 2, -7 / 2, 7 % 3, -7 % 3;
SELECT 2147483647::bigint + 1, 9223372036854775807;
SELECT 1::float8 / 3, 10::float8 * 10, 0.5::float8, 1e20::float8, 1e-7::float8;
SELECT 'abc' || 'def', 'n=' || 42;
SELECT 1 < 2, 2 <= 1, 'a' < 'b', 'abc' = 'abc', 3 <> 3;
SELECT NULL IS NULL, 1 IS NULL, NULL IS NOT NULL, 1 IS NOT NULL;
SELECT true AND NULL, false AND NULL, true OR NULL, false OR NULL, NOT true;
SELECT NULL::int + 1, 1 + NULL::int;
SELECT '42'::int + 1, 42::text, '7'::bigint * 2, 3::smallint + 4::smallint;
SELECT 1.5::float8::int, 2.5::float8::int, (-2.5)::float8::int;
