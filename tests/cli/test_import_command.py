"""An operator imports an older system's people with `casetrail import FILE --report DIR`."""

import contextlib
import csv
import fcntl

import psycopg
import pytest

from casetrail.people.importing import IMPORT_LOCK

HEADER = "record_id,given_name,surname,other_names,date_of_birth,address,town,postcode,source"
PEOPLE = f"""{HEADER}
a1,John,Smith,,1980-03-04,14 Acacia Avenue,Leeds,LS6 2AB,
a2,Jon,Smith,,1980-04-03,14 Acacia Avenue,Leeds,LS6 2AB,
b1,Mary,Smith,,2012-07-19,14 Acacia Avenue,Leeds,LS6 2AB,
c1,Priya,Patel,,1991-11-30,3 Mill Lane,Bristol,BS1 5TR,
d1,John,Smith,,,3 Mill Lane,Bristol,BS1 5TR,
e1,,,,,1 High St,York,YO1 7HH,
"""


@pytest.fixture
def env(casetrail, fresh_database_url):
    env = {"CASETRAIL_MODE": "demo", "CASETRAIL_DATABASE_URL": fresh_database_url}
    migrated = casetrail("migrate", env=env)
    assert migrated.returncode == 0, migrated.stderr
    return env


def rows(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_an_import_joins_duplicates_and_writes_its_reports(casetrail, env, tmp_path):
    source = tmp_path / "northshire.csv"
    source.write_text(PEOPLE)
    report = tmp_path / "reports" / "first"
    result = casetrail("import", str(source), "--report", str(report), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Imported 5 records as 4 people (1 joined to another record); 1 pair to review; "
        f"1 row refused (see {report / 'errors.csv'})"
    )
    assert "refused: line 7 (record e1): no name and no date of birth" in result.stderr
    assert "reading" in result.stderr
    assert "comparing" in result.stderr
    people = {row["record_id"]: row["person_id"] for row in rows(report / "people.csv")}
    assert list(people) == ["a1", "a2", "b1", "c1", "d1"]
    assert people["a1"] == people["a2"] != people["b1"]
    [pair] = rows(report / "uncertain.csv")
    assert {pair["left_record_id"], pair["right_record_id"]} == {"a1", "d1"}
    assert [row["record_id"] for row in rows(report / "errors.csv")] == ["e1"]

    again = casetrail("import", str(source), "--report", str(report), "--quiet", env=env)
    assert again.returncode == 0, again.stderr
    assert "5 imported by an earlier run, skipped" in again.stdout
    assert again.stderr.startswith("refused: line 7")  # no bars with --quiet


def test_a_missing_file_or_a_wrong_header_is_refused_in_a_sentence(casetrail, env, tmp_path):
    missing = casetrail("import", str(tmp_path / "gone.csv"), "--report", str(tmp_path), env=env)
    assert missing.returncode == 1
    assert "gone.csv: cannot be read" in missing.stderr
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("id,name\n1,Ann Lee\n")
    refused = casetrail("import", str(wrong), "--report", str(tmp_path / "out"), env=env)
    assert refused.returncode == 1
    assert "the header lacks record_id, given_name" in refused.stderr
    assert "Traceback" not in missing.stderr + refused.stderr
    assert not (tmp_path / "out").exists()


def test_a_second_import_while_one_runs_is_refused_and_writes_nothing(casetrail, env, tmp_path):
    source = tmp_path / "northshire.csv"
    source.write_text(PEOPLE)
    url = env["CASETRAIL_DATABASE_URL"]
    with _import_running(url):
        refused = casetrail("import", str(source), "--report", str(tmp_path / "r"), env=env)
    assert refused.returncode == 1
    assert "another import is running on this database" in refused.stderr
    assert not (tmp_path / "r" / "people.csv").exists()
    after = casetrail("import", str(source), "--report", str(tmp_path / "r"), env=env)
    assert after.returncode == 0, after.stderr


@contextlib.contextmanager
def _import_running(url: str):
    """Hold the lock an import holds while it runs, as another import would."""
    if url.startswith("sqlite:"):
        with open(f"{url.removeprefix('sqlite:///')}.import-lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        return
    with psycopg.connect(url) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK])
        yield
