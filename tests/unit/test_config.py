"""The environment parser names each bad setting and applies production's stricter rules."""

from pathlib import Path

import pytest

from casetrail.config import ConfigError, Env, database_url, mode, secret_key


def test_mode_is_production_unless_said_otherwise():
    assert mode(Env({})) == "production"


def test_an_unknown_mode_is_refused_by_name():
    with pytest.raises(ConfigError, match="CASETRAIL_MODE"):
        mode(Env({"CASETRAIL_MODE": "staging"}))


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("Yes", True), ("0", False)])
def test_flags_read_the_usual_spellings(raw, expected):
    assert Env({"X": raw}).flag("X", default=not expected) is expected


def test_a_flag_that_is_not_true_or_false_is_refused_by_name():
    with pytest.raises(ConfigError, match="CASETRAIL_DEBUG: expected true or false"):
        Env({"CASETRAIL_DEBUG": "maybe"}).flag("CASETRAIL_DEBUG", default=False)


def test_a_number_that_is_not_a_number_is_refused_by_name():
    with pytest.raises(ConfigError, match="CASETRAIL_EMAIL_PORT: expected a whole number"):
        Env({"CASETRAIL_EMAIL_PORT": "twenty-five"}).integer("CASETRAIL_EMAIL_PORT", 25)


def test_a_number_below_its_minimum_is_refused():
    with pytest.raises(ConfigError, match="at least 1"):
        Env({"N": "0"}).integer("N", 5, minimum=1)


def test_lists_are_comma_separated_and_trimmed():
    assert Env({"H": " a.example , b.example,,"}).items("H", []) == ["a.example", "b.example"]


def test_the_database_defaults_to_sqlite_in_the_data_directory(tmp_path: Path):
    assert database_url(Env({}), tmp_path) == f"sqlite:///{tmp_path / 'casetrail.sqlite3'}"


def test_a_database_url_of_another_kind_is_refused():
    with pytest.raises(ConfigError, match="CASETRAIL_DATABASE_URL"):
        database_url(Env({"CASETRAIL_DATABASE_URL": "mysql://db/casetrail"}), Path("."))


def test_production_requires_a_secret_key(tmp_path: Path):
    with pytest.raises(ConfigError, match="CASETRAIL_SECRET_KEY: required in production"):
        secret_key(Env({}), "production", tmp_path)


def test_production_refuses_a_short_secret_key(tmp_path: Path):
    with pytest.raises(ConfigError, match="at least 50 characters"):
        secret_key(Env({"CASETRAIL_SECRET_KEY": "short"}), "production", tmp_path)


def test_the_demo_generates_a_key_once_and_keeps_it(tmp_path: Path):
    first = secret_key(Env({}), "demo", tmp_path)
    assert len(first) >= 50
    assert secret_key(Env({}), "demo", tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
