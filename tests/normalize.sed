# Lines that differ between servers for reasons the tests do not check:
# LOCATION names PostgreSQL's source file and line (Quarry sends none).
/^LOCATION:  /d
