"""An operator asks where a case stands, and what needs attention, from the command line."""

import os
import subprocess

import pytest

from tests.cli.conftest import CASETRAIL


@pytest.fixture
def demo_env(demo_database_url):
    return {"CASETRAIL_MODE": "demo", "CASETRAIL_DATABASE_URL": demo_database_url}


def test_case_names_each_unmet_condition_and_logs_the_read(casetrail, demo_env):
    # CT-000012 exited some seven months ago and has had neither review.
    shown = casetrail("case", "CT-000012", "--as", "officer", env=demo_env)
    assert shown.returncode == 0, shown.stderr
    assert "Stage: Exited" in shown.stdout
    assert "The 6-month review has not been recorded [review_missing:6]" in shown.stdout
    assert "owner Dan Okafor: overdue" in shown.stdout
    log = casetrail("dbshell", env=demo_env, stdin="SELECT channel FROM chronology_caseaccess;")
    assert "command_line" in log.stdout


def test_case_refuses_readers_who_may_not_see_it(casetrail, demo_env):
    refused = casetrail("case", "CT-000012", "--as", "teacher", env=demo_env)
    assert refused.returncode != 0
    assert "may not see this" in refused.stderr
    missing = casetrail("case", "CT-999999", "--as", "officer", env=demo_env)
    assert "There is no case CT-999999" in missing.stderr


def test_dashboard_prints_every_signal(casetrail, demo_env):
    shown = casetrail("dashboard", "--as", "supervisor", env=demo_env)
    assert shown.returncode == 0, shown.stderr
    assert "Reviews overdue" in shown.stdout
    assert "CT-000012: 6-month review overdue" in shown.stdout
    assert casetrail("dashboard", "--as", "officer", env=demo_env).returncode != 0


def test_output_cut_short_by_its_reader_is_not_an_error(demo_env, tmp_path):
    # `true` reads nothing and is gone before casetrail writes: every write hits a
    # closed pipe, as when an operator pipes the output to `head`.
    env = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    env |= {**demo_env, "CASETRAIL_DATA_DIR": str(tmp_path / "data")}
    shown = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{CASETRAIL} dashboard --as supervisor | true"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert "Traceback" not in shown.stderr
