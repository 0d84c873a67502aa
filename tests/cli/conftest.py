"""Run the installed `casetrail` command in a child process with an environment of our choosing.

Databases for the commands are made on the server the suite runs against. Those
that many tests start from (migrated, or holding the demo) are made once, and
each test is given a copy of its own, so no test sees another's changes.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CASETRAIL = Path(sys.executable).with_name("casetrail")
PRODUCTION_KEY = "k" * 30 + "-production-secret-for-tests-only-" + "z" * 10


def run_casetrail(
    *args: str, data_dir: Path, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """`casetrail ARGS` with only the CASETRAIL_* variables given (plus PATH and HOME)."""
    base = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    base["CASETRAIL_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [str(CASETRAIL), *args],
        env={**base, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def casetrail(tmp_path):
    """Call `casetrail ARGS` with only the CASETRAIL_* variables given (plus PATH and HOME)."""

    def run(*args: str, env: dict[str, str] | None = None, stdin: str = ""):
        return run_casetrail(*args, data_dir=tmp_path / "data", env=env, stdin=stdin)

    return run


@dataclass
class Reply:
    status_code: int
    text: str
    content_type: str

    def json(self):
        return json.loads(self.text)


@dataclass
class RunningServer:
    base_url: str

    def get(self, path: str) -> Reply:
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=10) as response:
                body, status, headers = response.read(), response.status, response.headers
        except urllib.error.HTTPError as error:
            body, status, headers = error.read(), error.code, error.headers
        content_type = headers.get("Content-Type", "").split(";")[0]
        return Reply(status, body.decode(errors="replace"), content_type)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def spawn_casetrail(tmp_path):
    """Start `casetrail ARGS --bind 127.0.0.1:PORT` and wait until it answers; stop it after."""
    processes: list[subprocess.Popen] = []

    def spawn(*args: str, env: dict[str, str]) -> RunningServer:
        port = free_port()
        base = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
        base["CASETRAIL_DATA_DIR"] = str(tmp_path / "data")
        process = subprocess.Popen(
            [str(CASETRAIL), *args, "--bind", f"127.0.0.1:{port}"],
            env={**base, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        processes.append(process)
        server = RunningServer(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"casetrail {args[0]} stopped: {process.stderr.read()!r}")
            try:
                server.get("/health/")
                return server
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"casetrail {args[0]} did not answer within 30 s")

    yield spawn
    for process in processes:
        process.terminate()
        process.wait(timeout=30)


@dataclass
class DatabaseServer:
    """Makes empty databases, and copies of one, on the server the suite runs against:
    SQLite files in a directory, or PostgreSQL databases dropped when the run ends."""

    directory: Path
    settings: dict[str, Any]
    made: list[str] = field(default_factory=list)

    @property
    def sqlite(self) -> bool:
        return self.settings["ENGINE"].endswith("sqlite3")

    def empty(self) -> str:
        return self._make(template=None)

    def copy(self, url: str) -> str:
        """A new database holding what the database at `url` holds (no one may be using it)."""
        return self._make(template=url)

    def _make(self, template: str | None) -> str:
        name = f"casetrail_cli_{uuid.uuid4().hex[:12]}"
        if self.sqlite:
            path = self.directory / f"{name}.sqlite3"
            if template:
                # The backup API copies a database whole, whatever its journal holds.
                source = sqlite3.connect(template.removeprefix("sqlite:///"))
                with closing(source), closing(sqlite3.connect(path)) as target:
                    source.backup(target)
            return f"sqlite:///{path}"
        statement = f'CREATE DATABASE "{name}"'
        if template:
            statement += f' TEMPLATE "{template.rsplit("/", 1)[1]}"'
        self._execute(statement)
        self.made.append(name)
        return self._url(name)

    def drop_all(self) -> None:
        for name in self.made:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _url(self, name: str) -> str:
        db = self.settings
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"

    def _execute(self, statement: str) -> None:
        import psycopg

        db = self.settings
        with psycopg.connect(
            dbname="postgres",
            autocommit=True,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            host=db["HOST"],
            port=db["PORT"] or 5432,
        ) as connection:
            connection.execute(statement)


@pytest.fixture(scope="session")
def database_server(tmp_path_factory) -> Iterator[DatabaseServer]:
    from django.conf import settings

    server = DatabaseServer(tmp_path_factory.mktemp("databases"), settings.DATABASES["default"])
    yield server
    server.drop_all()


@pytest.fixture
def fresh_database_url(database_server) -> str:
    """An empty database on the server the suite runs against, for this test alone."""
    return database_server.empty()


def demo_env(url: str) -> dict[str, str]:
    return {"CASETRAIL_MODE": "demo", "CASETRAIL_DATABASE_URL": url}


@pytest.fixture(scope="session")
def migrated_template(database_server, tmp_path_factory) -> str:
    """A database `casetrail migrate` has set up; never used by a test itself, only copied."""
    url = database_server.empty()
    data_dir = tmp_path_factory.mktemp("migrated") / "data"
    migrated = run_casetrail("migrate", data_dir=data_dir, env=demo_env(url))
    assert migrated.returncode == 0, migrated.stderr
    return url


@pytest.fixture
def migrated_database_url(database_server, migrated_template) -> str:
    """A migrated database, for this test alone."""
    return database_server.copy(migrated_template)


@dataclass(frozen=True)
class Demo:
    """What `casetrail demo --no-serve` printed, and the database it filled (only to copy)."""

    result: subprocess.CompletedProcess[str]
    template: str


@pytest.fixture(scope="session")
def demo(database_server, tmp_path_factory) -> Demo:
    url = database_server.empty()
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    result = run_casetrail("demo", "--no-serve", data_dir=data_dir, env=demo_env(url))
    assert result.returncode == 0, result.stderr
    return Demo(result, url)


@pytest.fixture
def demo_database_url(database_server, demo) -> str:
    """A database holding the demo's agencies, users and cases, for this test alone."""
    return database_server.copy(demo.template)
