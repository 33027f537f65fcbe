#!/usr/bin/env python3
"""compare.py EXPECTED.csv ACTUAL.csv: compare a TPC-H answer with Quarry's.

Rows compare in order (every TPC-H query has an ORDER BY, and the answers
follow it).  Values compare as text after trimming trailing blanks (char(n)
padding); when both sides are numbers and either has more than 4 decimal
places (a double or a long numeric quotient) they may differ by 1e-9
relatively.  Prints the first differences; exit status 1 if any.
"""
import csv
import sys


def close(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    decimals = max(len(s.split(".")[1]) if "." in s else 0 for s in (a, b))
    if decimals <= 4:
        return False
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def main():
    with open(sys.argv[1], newline="") as f:
        want = list(csv.reader(f))
    with open(sys.argv[2], newline="") as f:
        got = list(csv.reader(f))
    problems = []
    if len(want) != len(got):
        problems.append(f"{len(want) - 1} rows expected, {len(got) - 1} returned")
    for i, (w, g) in enumerate(zip(want, got)):
        if i == 0:
            continue  # column names: Quarry's follow the query, as PostgreSQL's do
        if len(w) != len(g):
            problems.append(f"row {i}: {len(w)} columns expected, {len(g)} returned")
            continue
        for j, (a, b) in enumerate(zip(w, g)):
            if not close(a.rstrip(" "), b.rstrip(" ")):
                problems.append(f"row {i} column {want[0][j]}: expected {a!r}, got {b!r}")
    for p in problems[:5]:
        print("    " + p)
    sys.exit(1 if problems else 0)


main()
