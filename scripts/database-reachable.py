"""Exit 0 if the PostgreSQL server in the URL given answers, 1 if not (used by scripts/test)."""

import sys

import dj_database_url
import psycopg

db = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"] or None,
        host=db["HOST"], port=db["PORT"] or 5432, connect_timeout=5,
    ).close()
except psycopg.OperationalError as error:
    print(f"PostgreSQL: {error}".strip(), file=sys.stderr)
    sys.exit(1)
