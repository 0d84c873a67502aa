"""Reading casetrail's configuration from the environment.

Pure functions with no Django import, so a bad value is reported by name
before Django starts, and the rules can be tested without a database.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MODES = ("production", "demo", "test")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """A setting is missing or has a value casetrail cannot use."""


@dataclass(frozen=True)
class Env:
    """Typed access to environment variables, each error naming its variable."""

    values: Mapping[str, str]

    def text(self, name: str, default: str = "") -> str:
        return self.values.get(name, default).strip()

    def flag(self, name: str, default: bool) -> bool:
        raw = self.values.get(name)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ConfigError(f"{name}: expected true or false, got {raw!r}")

    def integer(self, name: str, default: int, minimum: int = 0) -> int:
        raw = self.values.get(name)
        if raw is None or not raw.strip():
            return default
        try:
            value = int(raw.strip())
        except ValueError:
            raise ConfigError(f"{name}: expected a whole number, got {raw!r}") from None
        if value < minimum:
            raise ConfigError(f"{name}: must be at least {minimum}, got {value}")
        return value

    def items(self, name: str, default: list[str]) -> list[str]:
        raw = self.values.get(name)
        if raw is None:
            return list(default)
        return [item.strip() for item in raw.split(",") if item.strip()]


def from_os() -> Env:
    return Env(os.environ)


def mode(env: Env) -> str:
    """Which kind of installation this is; production unless said otherwise."""
    value = env.text("CASETRAIL_MODE", "production").lower()
    if value not in MODES:
        raise ConfigError(f"CASETRAIL_MODE: expected one of {', '.join(MODES)}, got {value!r}")
    return value


def data_dir(env: Env) -> Path:
    """Where casetrail keeps files of its own (the SQLite database, the demo key)."""
    return Path(env.text("CASETRAIL_DATA_DIR", "var")).expanduser().resolve()


def database_url(env: Env, directory: Path) -> str:
    url = env.text("CASETRAIL_DATABASE_URL")
    if not url:
        return f"sqlite:///{directory / 'casetrail.sqlite3'}"
    if not url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ConfigError(
            "CASETRAIL_DATABASE_URL: expected a sqlite:/// or postgres:// URL, "
            f"got {url.split(':', 1)[0]!r}"
        )
    return url


def secret_key(env: Env, current_mode: str, directory: Path) -> str:
    """The signing key: required in production, generated once and kept for demo and tests."""
    key = env.text("CASETRAIL_SECRET_KEY")
    if key:
        if current_mode == "production" and len(key) < 50:
            raise ConfigError("CASETRAIL_SECRET_KEY: must be at least 50 characters in production")
        return key
    if current_mode == "production":
        raise ConfigError(
            "CASETRAIL_SECRET_KEY: required in production mode "
            "(set it to a long random value, or set CASETRAIL_MODE=demo for a local trial)"
        )
    return _local_secret_key(directory)


def _local_secret_key(directory: Path) -> str:
    # A fixed key in the source would be the same on every laptop; one per data
    # directory keeps demo sessions valid across restarts without sharing a secret.
    import secrets

    path = directory / "secret_key"
    if path.exists():
        return path.read_text().strip()
    directory.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    path.write_text(key)
    path.chmod(0o600)
    return key
