-- md5 of text and bytea, sha224/sha256/sha384/sha512 of bytea.
\set VERBOSITY verbose
SELECT md5('abc'), md5('abc'::bytea), md5(''::bytea), md5(NULL::bytea);
SELECT sha224('abc'), sha256('abc'), sha256(''::bytea), sha256(NULL);
SELECT sha384('abc'), sha512('abc');
SELECT encode(sha256('naïve'::text::bytea), 'hex');
SELECT sha256(k::bytea) FROM (VALUES ('a'), ('b'), (NULL)) t(k) ORDER BY 1;
SELECT sha256('abc'::text);
