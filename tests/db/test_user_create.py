"""Creating users: by the operation, by `casetrail createuser`, and the demo users."""

import io

import pytest
from django.core.management import CommandError, call_command

from casetrail.accounts.demo import DEMO_PASSWORD, DEMO_USERS, demo_users_load
from casetrail.accounts.models import Agency, User
from casetrail.accounts.roles import AgencyKind, Role
from casetrail.accounts.services import AccountError, agency_ensure, user_create


def test_it_creates_a_user_with_a_strong_password(agency):
    user = user_create(
        username="dokafor",
        password="a-long-and-unusual-passphrase",
        agency=agency,
        role=Role.CASEWORKER,
    )
    assert user.check_password("a-long-and-unusual-passphrase")
    assert user.role == Role.CASEWORKER


@pytest.mark.parametrize("password", ["short", "password1234", "123456789012", "dokafor2026!"])
def test_it_refuses_weak_passwords_and_saves_nothing(agency, password):
    with pytest.raises(AccountError):
        user_create(username="dokafor", password=password, agency=agency, role=Role.CASEWORKER)
    assert not User.objects.filter(username="dokafor").exists()


def test_it_refuses_a_username_that_differs_only_in_case(agency):
    user_create(
        username="dokafor",
        password="a-long-and-unusual-passphrase",
        agency=agency,
        role=Role.CASEWORKER,
    )
    with pytest.raises(AccountError, match="already exists"):
        user_create(
            username="DOkafor",
            password="a-long-and-unusual-passphrase",
            agency=agency,
            role=Role.CASEWORKER,
        )


def test_an_agency_of_another_kind_is_not_silently_reused(agency):
    with pytest.raises(AccountError, match="exists as Police"):
        agency_ensure(name=agency.name, kind=AgencyKind.HEALTH)
    assert agency_ensure(name=agency.name, kind=None) == (agency, False)


def test_createuser_reads_the_password_from_stdin(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-and-unusual-passphrase\n"))
    out = io.StringIO()
    call_command(
        "createuser",
        "hmarsh",
        "--agency",
        "Northshire County Council",
        "--agency-kind",
        "local_authority",
        "--role",
        "panel_chair",
        "--password-stdin",
        stdout=out,
    )
    assert out.getvalue() == (
        "Created agency Northshire County Council (Local authority)\n"
        "Created hmarsh: Panel chair at Northshire County Council\n"
    )
    assert Agency.objects.get(name="Northshire County Council").kind == AgencyKind.LOCAL_AUTHORITY


def test_createuser_explains_a_refusal_and_leaves_no_new_agency(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("weak\n"))
    with pytest.raises(CommandError, match="too short"):
        call_command(
            "createuser",
            "x",
            "--agency",
            "A",
            "--agency-kind",
            "health",
            "--role",
            "referrer",
            "--password-stdin",
        )
    assert not User.objects.exists()
    assert not Agency.objects.exists()


def test_createuser_needs_a_kind_only_for_a_new_agency(agency, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-and-unusual-passphrase\n"))
    with pytest.raises(CommandError, match="There is no agency called 'Northshire Polce'"):
        call_command(
            "createuser",
            "x",
            "--agency",
            "Northshire Polce",
            "--role",
            "referrer",
            "--password-stdin",
        )
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-and-unusual-passphrase\n"))
    out = io.StringIO()
    call_command(
        "createuser",
        "x",
        "--agency",
        agency.name,
        "--role",
        "referrer",
        "--password-stdin",
        stdout=out,
    )
    assert out.getvalue() == "Created x: Referrer at Northshire Police\n"


def test_createuser_refuses_a_deactivated_agency(agency, monkeypatch):
    agency.is_active = False
    agency.save()
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-and-unusual-passphrase\n"))
    with pytest.raises(CommandError, match="has been deactivated"):
        call_command(
            "createuser", "x", "--agency", agency.name, "--role", "referrer", "--password-stdin"
        )


def test_unlock_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="There is no user called 'nobody'"):
        call_command("unlock", "nobody")


def test_createsuperuser_points_to_createuser(db):
    with pytest.raises(CommandError, match="casetrail createuser NAME --role administrator"):
        call_command("createsuperuser", "--noinput")


def test_the_demo_users_load_once_with_every_role(db):
    demo_users_load()
    demo_users_load()
    assert User.objects.count() == len(DEMO_USERS)
    assert {user.role for user in User.objects.all()} == set(Role.values)
    assert User.objects.get(username="officer").check_password(DEMO_PASSWORD)
