-- a comment; with a semicolon
CREATE TABLE nation (
    n_nationkey  INTEGER NOT NULL,
    n_name       CHAR(25) NOT NULL
);
CREATE TABLE lineitem (
    l_orderkey      INTEGER NOT NULL
);
