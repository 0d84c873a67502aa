"""Signing in and out, wrong passwords, and the lockout after repeated failures."""

import io

import pytest
from django.conf import settings
from django.urls import reverse

from casetrail.accounts.roles import Role
from tests.conftest import PASSWORD


def sign_in(client, username, password):
    return client.post(reverse("sign-in"), {"username": username, "password": password})


def test_pages_ask_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in") + "?next=/")


def test_it_signs_in_with_the_right_password(client, make_user):
    user = make_user(Role.CASEWORKER)
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    page = client.get(reverse("home")).content.decode()
    assert "Signed in as" in page
    assert "Caseworker at Northshire Police" in page


def test_it_refuses_a_wrong_password_with_an_error_summary(client, make_user):
    user = make_user(Role.CASEWORKER)
    response = sign_in(client, user.username, "not-the-password")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a correct username and password" in page
    assert "<title>Error: Sign in" in page
    assert "_auth_user_id" not in client.session


def test_empty_fields_are_named_in_the_error_summary(client, db):
    page = sign_in(client, "", "").content.decode()
    assert 'href="#id_username">Enter your username' in page
    assert 'href="#id_password">Enter your password' in page


def test_a_deactivated_user_cannot_sign_in(client, make_user):
    user = make_user(Role.CASEWORKER)
    user.is_active = False
    user.save()
    sign_in(client, user.username, PASSWORD)
    assert "_auth_user_id" not in client.session


def test_it_locks_sign_in_after_repeated_failures(client, make_user):
    user = make_user(Role.CASEWORKER)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, user.username, "wrong-password").status_code == 200
    locked = sign_in(client, user.username, "wrong-password")
    assert locked.status_code == 429
    assert "Sign-in is locked for now" in locked.content.decode()
    # Even the right password is refused while the lock holds.
    assert sign_in(client, user.username, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_for_that_username_only(client, make_user):
    victim = make_user(Role.CASEWORKER)
    other = make_user(Role.CASEWORKER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, victim.username, "wrong-password")
    assert sign_in(client, other.username, PASSWORD).status_code == 302


def test_unlock_command_lifts_the_lockout(client, make_user):
    from django.core.management import call_command

    user = make_user(Role.CASEWORKER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, "wrong-password")
    call_command("unlock", user.username, stdout=io.StringIO())
    assert sign_in(client, user.username, PASSWORD).status_code == 302


def test_it_signs_out_with_a_post_only(client, make_user):
    user = make_user(Role.CASEWORKER)
    client.force_login(user)
    assert client.get(reverse("sign-out")).status_code == 405
    response = client.post(reverse("sign-out"))
    assert response["Location"] == reverse("signed-out")
    assert "_auth_user_id" not in client.session


def test_sign_in_needs_the_csrf_token(make_user):
    from django.test import Client

    user = make_user(Role.CASEWORKER)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("sign-in"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/"])
def test_it_never_redirects_off_site_after_sign_in(client, make_user, target):
    user = make_user(Role.CASEWORKER)
    response = client.post(
        reverse("sign-in"), {"username": user.username, "password": PASSWORD, "next": target}
    )
    assert response["Location"] == reverse("home")


def test_the_lockout_page_says_how_long_in_words(client, make_user):
    user = make_user(Role.CASEWORKER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = sign_in(client, user.username, "wrong-password")
    assert f"Try again in {settings.AXES_COOLOFF_TIME.seconds // 60} minutes" in (
        locked.content.decode()
    )
