"""An operator makes, lists and revokes personal API tokens with `casetrail token`."""

import re

import pytest

from tests.cli.conftest import demo_env, run_casetrail

TOKEN = re.compile(r"^ct_([0-9a-f]{8})_(\S+)$", re.MULTILINE)


@pytest.fixture(scope="module")
def officer_and_teacher(database_server, migrated_template, tmp_path_factory):
    """A migrated database holding a caseworker, officer, and a referrer, teacher: only copied."""
    url = database_server.copy(migrated_template)
    data_dir = tmp_path_factory.mktemp("token-users") / "data"
    for username, agency, kind, role in [
        ("officer", "Northshire Police", "police", "caseworker"),
        ("teacher", "Riverside Academy", "education", "referrer"),
    ]:
        made = run_casetrail(
            "createuser", username, "--agency", agency, "--agency-kind", kind, "--role", role,
            "--password-stdin", data_dir=data_dir, env=demo_env(url),
            stdin="a-long-and-unusual-passphrase\n",
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
    return url


@pytest.fixture
def env(database_server, officer_and_teacher):
    """This test's own copy of the database holding officer and teacher."""
    return demo_env(database_server.copy(officer_and_teacher))


def create(casetrail, env, username="officer", *extra):
    made = casetrail("token", "create", username, "--name", "Police case system", *extra, env=env)
    assert made.returncode == 0, made.stderr
    match = TOKEN.search(made.stdout)
    assert match, made.stdout
    return made, match


def test_create_prints_the_token_once_and_keeps_only_its_hash(casetrail, env):
    made, match = create(casetrail, env)
    key_id, secret = match.groups()
    assert f"Created token {key_id} for officer: Police case system" in made.stdout
    assert "will not be shown again" in made.stdout
    stored = casetrail("dbshell", env=env, stdin="SELECT * FROM accounts_apitoken;")
    assert key_id in stored.stdout
    assert secret not in stored.stdout


def test_the_printed_token_finds_its_holder(casetrail, env):
    _, match = create(casetrail, env)
    script = (
        "from django.utils import timezone; from casetrail.accounts.tokens import token_user; "
        f"print(token_user({match.group(0)!r}, now=timezone.now()).username)"
    )
    found = casetrail("shell", "--no-imports", "-c", script, env=env)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "officer"


def test_list_shows_a_table_of_every_token_or_one_users(casetrail, env):
    _, police = create(casetrail, env)
    _, school = create(casetrail, env, "teacher", "--expires-days", "30")
    listed = casetrail("token", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    heading, *rows = listed.stdout.splitlines()
    assert heading.split() == ["KEY", "ID", "USER", "NAME", "CREATED", "LAST", "USED", "STATUS"]
    assert [row.split()[0] for row in rows] == [school.group(1), police.group(1)]
    assert rows[1].split()[1:5] == ["officer", "Police", "case", "system"]
    assert rows[1].split()[-2:] == ["never", "Active"]
    mine = casetrail("token", "list", "--user", "teacher", env=env)
    assert [row.split()[0] for row in mine.stdout.splitlines()[1:]] == [school.group(1)]


def test_revoke_revokes_and_the_list_says_so(casetrail, env):
    _, match = create(casetrail, env)
    key_id = match.group(1)
    revoked = casetrail("token", "revoke", key_id, env=env)
    assert revoked.returncode == 0, revoked.stderr
    assert revoked.stdout.strip() == f"Revoked token {key_id} of officer: Police case system"
    listed = casetrail("token", "list", "--user", "officer", env=env)
    assert listed.stdout.splitlines()[1].split()[-1] == "Revoked"
    again = casetrail("token", "revoke", key_id, env=env)
    assert again.returncode == 1
    assert f"Token {key_id} was already revoked on" in again.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create", "nobody", "--name", "X"], "There is no user called 'nobody'"),
        (
            ["create", "officer", "--name", "  "],
            "Enter what the token is for, for example “Police case system”",
        ),
        (
            ["create", "officer", "--name", "X", "--expires-days", "0"],
            "A token expires after 1 to 3650 days, not 0",
        ),
        (["revoke", "0000ffff"], "There is no token with key id '0000ffff'"),
        (["list", "--user", "nobody"], "There is no user called 'nobody'"),
    ],
)
def test_errors_are_one_readable_line(casetrail, env, args, message):
    refused = casetrail("token", *args, env=env)
    assert refused.returncode == 1
    assert refused.stderr == f"CommandError: {message}\n"


def test_a_deactivated_user_is_refused_a_token(casetrail, env):
    deactivate = "UPDATE accounts_user SET is_active = false WHERE username = 'officer';"
    assert casetrail("dbshell", env=env, stdin=deactivate).returncode == 0
    refused = casetrail("token", "create", "officer", "--name", "Police case system", env=env)
    assert refused.returncode == 1
    assert "officer has been deactivated, so cannot hold a token" in refused.stderr
    assert casetrail("token", "list", env=env).stdout.strip() == "No tokens"


def test_with_no_action_the_usage_names_the_actions(casetrail, env):
    refused = casetrail("token", env=env)
    assert refused.returncode != 0
    assert "{create,revoke,list}" in refused.stderr
