"""A missing, unmigrated or unreachable database gives an operator a sentence, not a traceback."""

import re

from tests.cli.conftest import PRODUCTION_KEY


def test_serve_refuses_an_unmigrated_database_and_says_what_to_run(casetrail, fresh_database_url):
    env = {"CASETRAIL_MODE": "demo", "CASETRAIL_DATABASE_URL": fresh_database_url}
    result = casetrail("serve", "--bind", "127.0.0.1:0", env=env)
    assert result.returncode == 1
    assert "needs" in result.stderr
    assert "run `casetrail migrate`" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_is_reported_readably(casetrail):
    env = {
        "CASETRAIL_MODE": "production",
        "CASETRAIL_SECRET_KEY": PRODUCTION_KEY,
        # Port 9 (discard) on this machine: nothing listens there.
        "CASETRAIL_DATABASE_URL": "postgres://nobody@127.0.0.1:9/casetrail",
    }
    result = casetrail("migrate", env=env)
    assert result.returncode == 2
    assert "the database could not be used" in result.stderr
    assert "CASETRAIL_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_until_static_files_are_collected(casetrail, migrated_database_url):
    env = {"CASETRAIL_MODE": "demo", "CASETRAIL_DATABASE_URL": migrated_database_url}
    result = casetrail("serve", "--bind", "127.0.0.1:0", env=env)
    assert result.returncode == 1
    assert "run `casetrail collectstatic --noinput`" in result.stderr


def test_an_operator_sets_up_and_serves_with_gunicorn(
    casetrail, fresh_database_url, spawn_casetrail
):
    env = {"CASETRAIL_MODE": "demo", "CASETRAIL_DATABASE_URL": fresh_database_url}
    assert casetrail("migrate", env=env).returncode == 0
    assert casetrail("collectstatic", "--noinput", env=env).returncode == 0
    created = casetrail(
        "createuser",
        "ruth",
        "--agency",
        "Northshire County Council",
        "--agency-kind",
        "local_authority",
        "--role",
        "administrator",
        "--password-stdin",
        env=env,
        stdin="a-long-and-unusual-passphrase\n",
    )
    assert created.returncode == 0, created.stderr
    assert "Created ruth: Administrator" in created.stdout
    server = spawn_casetrail("serve", "--workers", "2", env=env)
    assert server.get("/health/").json() == {"status": "ok", "database": "ok"}
    sign_in = server.get("/sign-in/")
    assert sign_in.status_code == 200
    assert "Sign in to casetrail" in sign_in.text
    stylesheet = re.search(
        r'href="(/static/casetrail/build/casetrail\.[0-9a-f]+\.css)"', sign_in.text
    )
    assert stylesheet, "the page links the hashed stylesheet collectstatic made"
    css = server.get(stylesheet.group(1))
    assert css.status_code == 200
    assert css.content_type == "text/css"
