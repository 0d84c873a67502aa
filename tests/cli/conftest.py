"""Run the installed `casetrail` command in a child process with an environment of our choosing."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

CASETRAIL = Path(sys.executable).with_name("casetrail")
PRODUCTION_KEY = "k" * 30 + "-production-secret-for-tests-only-" + "z" * 10


@pytest.fixture
def casetrail(tmp_path):
    """Call `casetrail ARGS` with only the CASETRAIL_* variables given (plus PATH and HOME)."""

    def run(*args: str, env: dict[str, str] | None = None, stdin: str = ""):
        base = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
        base["CASETRAIL_DATA_DIR"] = str(tmp_path / "data")
        return subprocess.run(
            [str(CASETRAIL), *args],
            env={**base, **(env or {})},
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
        )

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


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database on the server the suite runs against: a new SQLite file, or a
    new PostgreSQL database dropped afterwards."""
    import uuid

    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    name = f"casetrail_cli_{uuid.uuid4().hex[:12]}"
    server = {
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
        "host": db["HOST"],
        "port": db["PORT"] or 5432,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    yield f"postgres://{db['USER']}{password}@{db['HOST']}:{server['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
