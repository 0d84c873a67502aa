"""What the benchmarks share: each measures in a child process, on a database made for the run.

A benchmark's `main` calls `in_fresh_database(kind, __file__, options)`; the
child (the same script with `--child KIND`) prints its figures as JSON on its
last line. The database is a temporary SQLite file or a new PostgreSQL
database, dropped afterwards even when the child fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid

POSTGRES = os.environ.get("CASETRAIL_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")


def kinds(choice: str) -> list[str]:
    return ["sqlite", "postgres"] if choice == "both" else [choice]


def in_fresh_database(kind: str, script: str, options: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        name = f"casetrail_bench_{uuid.uuid4().hex[:8]}"
        url = (
            f"sqlite:///{scratch}/bench.sqlite3"
            if kind == "sqlite"
            else POSTGRES.rsplit("/", 1)[0] + f"/{name}"
        )
        if kind == "postgres":
            _postgres(f'CREATE DATABASE "{name}"')
        env = {
            **os.environ,
            # Demo mode: DEBUG off and the production storage and middleware, over plain HTTP.
            "CASETRAIL_MODE": "demo",
            "CASETRAIL_DEBUG": "false",
            "CASETRAIL_DATA_DIR": scratch,
            "CASETRAIL_DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "casetrail.settings",
        }
        try:
            output = subprocess.run(
                [sys.executable, script, "--child", kind, *options],
                env=env,
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout
        finally:
            if kind == "postgres":
                _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return json.loads(output.strip().splitlines()[-1])


def _postgres(sql: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(sql)
