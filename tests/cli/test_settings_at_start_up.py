"""Bad settings stop the command with one line naming the setting, never a traceback."""

import pytest

from tests.cli.conftest import PRODUCTION_KEY

PRODUCTION = {
    "CASETRAIL_MODE": "production",
    "CASETRAIL_SECRET_KEY": PRODUCTION_KEY,
    "CASETRAIL_ALLOWED_HOSTS": "casetrail.example.org",
}


def test_help_lists_the_subcommands(casetrail):
    result = casetrail("--help")
    assert result.returncode == 0
    for command in ("demo", "serve", "migrate", "createuser", "check"):
        assert f"  {command} " in result.stdout


def test_production_without_a_secret_key_names_the_setting(casetrail):
    result = casetrail("check", env={"CASETRAIL_MODE": "production"})
    assert result.returncode == 2
    assert "CASETRAIL_SECRET_KEY: required in production mode" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CASETRAIL_DEBUG", "sometimes", "CASETRAIL_DEBUG: expected true or false"),
        ("CASETRAIL_EMAIL_PORT", "smtp", "CASETRAIL_EMAIL_PORT: expected a whole number"),
        ("CASETRAIL_MODE", "staging", "CASETRAIL_MODE: expected one of"),
        ("CASETRAIL_DATABASE_URL", "mysql://db/x", "CASETRAIL_DATABASE_URL: expected"),
        ("CASETRAIL_SESSION_HOURS", "0", "CASETRAIL_SESSION_HOURS: must be at least 1"),
    ],
)
def test_a_bad_value_names_its_setting(casetrail, variable, value, message):
    result = casetrail("check", env={**PRODUCTION, variable: value})
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_worker_count_for_serve_names_its_setting(casetrail):
    result = casetrail("serve", env={"CASETRAIL_MODE": "demo", "CASETRAIL_WORKERS": "many"})
    assert result.returncode == 2
    assert "CASETRAIL_WORKERS: expected a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_the_deploy_check(casetrail):
    result = casetrail("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_demo_settings_are_not_fit_for_deployment(casetrail):
    # The check must be able to fail: plain HTTP and DEBUG are flagged.
    result = casetrail(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={"CASETRAIL_MODE": "demo", "CASETRAIL_DEBUG": "true"},
    )
    assert result.returncode != 0
    assert "security.W" in result.stderr + result.stdout


def test_flush_is_refused_outside_the_test_suite(casetrail, migrated_database_url):
    env = {"CASETRAIL_MODE": "demo", "CASETRAIL_DATABASE_URL": migrated_database_url}
    result = casetrail("flush", "--noinput", env=env)
    assert result.returncode == 1
    assert "the chronology is insert-only" in result.stderr


def test_the_demo_refuses_to_run_in_production_mode(casetrail):
    result = casetrail("demo", "--no-serve", env=PRODUCTION)
    assert result.returncode != 0
    assert "does not run in production mode" in result.stderr


def test_debug_is_refused_in_production(casetrail):
    result = casetrail("check", env={**PRODUCTION, "CASETRAIL_DEBUG": "true"})
    assert result.returncode == 2
    assert "CASETRAIL_DEBUG: must be false in production mode" in result.stderr


def test_commands_print_only_their_own_output(casetrail):
    result = casetrail("check", env={"CASETRAIL_MODE": "demo"})
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_createuser_without_a_terminal_says_so(casetrail, migrated_database_url):
    env = {"CASETRAIL_MODE": "demo", "CASETRAIL_DATABASE_URL": migrated_database_url}
    result = casetrail(
        "createuser", "x", "--agency", "A", "--agency-kind", "other", "--role", "referrer", env=env
    )
    assert result.returncode == 1
    assert "No terminal to ask for the password: use --password-stdin" in result.stderr
    assert "Traceback" not in result.stderr
