"""Personal API tokens: made and revoked by their holders, stored hashed, answered by the API."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casetrail.accounts import tokens
from casetrail.accounts.models import ApiToken
from casetrail.accounts.roles import Role
from casetrail.accounts.tokens import (
    TokenError,
    token_create,
    token_revoke,
    token_status,
    token_user,
    tokens_of,
)

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
PAGE = "/account/api-tokens/"
MATCH = "/api/v1/people/match"
PLAINTEXT = re.compile(r"ct_([0-9a-f]{8})_([A-Za-z0-9_-]{43})")


@pytest.fixture
def caseworker(make_user):
    return make_user(Role.CASEWORKER)


@pytest.fixture
def made(caseworker):
    """A caseworker's token, made at NOW, and its plaintext."""
    return token_create(user=caseworker, name="Police case system", now=NOW)


def revoke_url(token: ApiToken) -> str:
    return reverse("api-token-revoke", args=[token.key_id])


class TestTokenCreate:
    def test_it_returns_a_token_that_reads_ct_key_id_secret(self, made):
        token, plaintext = made
        match = PLAINTEXT.fullmatch(plaintext)
        assert match
        assert match.group(1) == token.key_id
        assert token.name == "Police case system"
        assert (token.created_at, token.expires_at, token.last_used_at) == (NOW, None, None)

    def test_it_stores_only_the_sha256_of_the_secret(self, made):
        token, plaintext = made
        secret = PLAINTEXT.fullmatch(plaintext).group(2)
        token.refresh_from_db()
        assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM accounts_apitoken")
            stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
        assert token.key_id in stored
        assert secret not in stored

    def test_each_token_is_different(self, caseworker):
        made = [token_create(user=caseworker, name=f"System {n}", now=NOW) for n in range(20)]
        assert len({token.key_id for token, _ in made}) == 20
        assert len({plaintext for _, plaintext in made}) == 20

    def test_a_key_id_already_taken_is_drawn_again(self, caseworker, made, monkeypatch):
        taken = made[0].key_id
        draws = iter([taken, "0000beef"])
        monkeypatch.setattr(tokens.secrets, "token_hex", lambda _: next(draws))
        token, _ = token_create(user=caseworker, name="Second", now=NOW)
        assert token.key_id == "0000beef"

    def test_it_expires_after_the_days_given(self, caseworker):
        token, _ = token_create(user=caseworker, name="Trial", now=NOW, expires_in_days=30)
        assert token.expires_at == NOW + timedelta(days=30)

    def test_the_name_is_stripped(self, caseworker):
        token, _ = token_create(user=caseworker, name="  Police case system ", now=NOW)
        assert token.name == "Police case system"

    def test_an_administrator_may_hold_a_token(self, administrator):
        _, plaintext = token_create(user=administrator, name="Reporting", now=NOW)
        assert token_user(plaintext, now=NOW) == administrator


class TestTokenCreateRefusals:
    def test_a_deactivated_user_is_refused(self, caseworker):
        caseworker.is_active = False
        caseworker.save()
        with pytest.raises(TokenError, match="has been deactivated, so cannot hold a token"):
            token_create(user=caseworker, name="Police case system", now=NOW)
        assert not ApiToken.objects.exists()

    def test_a_user_of_a_deactivated_agency_is_refused(self, caseworker, agency):
        agency.is_active = False
        agency.save()
        with pytest.raises(TokenError, match="Northshire Police, has been deactivated"):
            token_create(user=caseworker, name="Police case system", now=NOW)
        assert not ApiToken.objects.exists()

    @pytest.mark.parametrize("name", ["", "   "])
    def test_an_empty_name_is_refused(self, caseworker, name):
        with pytest.raises(TokenError, match="Enter what the token is for"):
            token_create(user=caseworker, name=name, now=NOW)
        assert not ApiToken.objects.exists()

    def test_a_name_too_long_is_refused(self, caseworker):
        with pytest.raises(TokenError, match="100 characters or fewer"):
            token_create(user=caseworker, name="x" * 101, now=NOW)

    @pytest.mark.parametrize("days", [0, -1, 3651])
    def test_an_expiry_out_of_range_is_refused(self, caseworker, days):
        with pytest.raises(TokenError, match=f"1 to 3650 days, not {days}"):
            token_create(user=caseworker, name="Trial", now=NOW, expires_in_days=days)
        assert not ApiToken.objects.exists()


class TestTokenRevoke:
    def test_it_records_when_and_by_whom(self, made, caseworker):
        token, _ = made
        later = NOW + timedelta(days=1)
        token_revoke(token=token, by=caseworker, now=later)
        token.refresh_from_db()
        assert (token.revoked_at, token.revoked_by) == (later, caseworker)
        assert token_status(token, now=later) == "Revoked"

    def test_an_operator_revokes_with_no_user(self, made):
        token, _ = made
        token_revoke(token=token, by=None, now=NOW)
        token.refresh_from_db()
        assert (token.revoked_at, token.revoked_by) == (NOW, None)

    def test_a_token_already_revoked_is_refused_and_keeps_its_first_revocation(
        self, made, caseworker
    ):
        token, _ = made
        token_revoke(token=token, by=caseworker, now=NOW)
        with pytest.raises(TokenError, match=f"{token.key_id} was already revoked on 26 Nov"):
            token_revoke(token=token, by=None, now=NOW + timedelta(days=2))
        token.refresh_from_db()
        assert (token.revoked_at, token.revoked_by) == (NOW, caseworker)

    def test_no_one_revokes_another_users_token(self, made, make_user):
        token, _ = made
        with pytest.raises(TokenError, match="only your own tokens"):
            token_revoke(token=token, by=make_user(Role.SUPERVISOR), now=NOW)
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_tokens_keep_their_user_from_being_deleted(self, made, caseworker):
        with pytest.raises(ProtectedError):
            caseworker.delete()


class TestTokenUser:
    def test_a_token_in_force_finds_its_holder(self, made, caseworker):
        _, plaintext = made
        assert token_user(plaintext, now=NOW) == caseworker

    def test_a_revoked_token_finds_no_one(self, made, caseworker):
        token, plaintext = made
        token_revoke(token=token, by=caseworker, now=NOW)
        assert token_user(plaintext, now=NOW) is None

    def test_a_token_finds_no_one_from_the_moment_it_expires(self, caseworker):
        token, plaintext = token_create(user=caseworker, name="T", now=NOW, expires_in_days=1)
        assert token_user(plaintext, now=token.expires_at - timedelta(seconds=1)) == caseworker
        assert token_user(plaintext, now=token.expires_at) is None
        assert token_status(token, now=token.expires_at) == "Expired"

    def test_a_deactivated_users_token_finds_no_one(self, made, caseworker):
        caseworker.is_active = False
        caseworker.save()
        assert token_user(made[1], now=NOW) is None

    def test_a_deactivated_agencys_token_finds_no_one(self, made, agency):
        agency.is_active = False
        agency.save()
        assert token_user(made[1], now=NOW) is None

    def test_the_right_key_id_with_a_wrong_secret_finds_no_one(self, made):
        token, plaintext = made
        assert token_user(plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B"), now=NOW) is None
        assert token_user(f"ct_{token.key_id}_{'x' * 43}", now=NOW) is None

    @pytest.mark.parametrize(
        "plaintext",
        ["", "ct_", "ct__secret", "ct_1234567_secret", "ct_ABCDEF12_secret", "xx_0000beef_s", "ct"],
    )
    def test_a_malformed_token_finds_no_one_without_asking_the_database(
        self, made, plaintext, django_assert_num_queries
    ):
        with django_assert_num_queries(0):
            assert token_user(plaintext, now=NOW) is None

    def test_last_used_is_written_at_most_once_a_minute(self, made, django_assert_num_queries):
        token, plaintext = made
        token_user(plaintext, now=NOW)
        token.refresh_from_db()
        assert token.last_used_at == NOW
        with django_assert_num_queries(1):  # the look-up alone: no write within the minute
            token_user(plaintext, now=NOW + timedelta(seconds=59))
        token.refresh_from_db()
        assert token.last_used_at == NOW
        token_user(plaintext, now=NOW + timedelta(minutes=1))
        token.refresh_from_db()
        assert token.last_used_at == NOW + timedelta(minutes=1)


def test_tokens_of_lists_a_users_own_tokens_the_newest_first(caseworker, make_user):
    first, _ = token_create(user=caseworker, name="First", now=NOW)
    second, _ = token_create(user=caseworker, name="Second", now=NOW + timedelta(hours=1))
    token_create(user=make_user(Role.SUPERVISOR), name="Not theirs", now=NOW)
    assert list(tokens_of(caseworker)) == [second, first]


class TestPage:
    def test_signed_out_visitors_are_sent_to_sign_in(self, client, db):
        response = client.get(PAGE)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign-in"))

    def test_it_lists_the_users_own_tokens_with_their_status(self, client, caseworker, made):
        token, plaintext = made
        old = NOW - timedelta(days=9)
        token_create(user=caseworker, name="Old trial", now=old, expires_in_days=1)
        client.force_login(caseworker)
        page = client.get(PAGE).content.decode()
        assert "Police case system" in page
        assert token.key_id in page
        assert "Old trial" in page
        assert "Expired" in page
        assert "Active" in page
        assert plaintext not in page

    def test_it_does_not_list_anyone_elses_tokens(self, client, made, make_user):
        client.force_login(make_user(Role.CASEWORKER))
        page = client.get(PAGE).content.decode()
        assert made[0].key_id not in page
        assert "You have no API tokens" in page

    def test_making_a_token_shows_it_once(self, client, caseworker):
        client.force_login(caseworker)
        response = client.post(PAGE, {"name": "Police case system", "expires_in_days": "90"})
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        page = response.content.decode()
        [plaintext] = {match.group(0) for match in PLAINTEXT.finditer(page)}
        assert "it will not be shown again" in page
        token = ApiToken.objects.get()
        assert (token.user, token.name) == (caseworker, "Police case system")
        assert token.expires_at - token.created_at == timedelta(days=90)
        assert token_user(plaintext, now=timezone.now()) == caseworker
        assert plaintext not in client.get(PAGE).content.decode()

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"name": ""}, "Enter what the token is for"),
            ({"name": "x" * 101}, "100 characters or fewer"),
            ({"name": "X", "expires_in_days": "soon"}, "whole number"),
            ({"name": "X", "expires_in_days": "0"}, "at least 1 day"),
            ({"name": "X", "expires_in_days": "3651"}, "at most 3650 days"),
        ],
    )
    def test_a_wrong_form_is_refused_saying_why(self, client, caseworker, data, message):
        client.force_login(caseworker)
        response = client.post(PAGE, data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "There is a problem" in page
        assert message in page
        assert not ApiToken.objects.exists()

    def test_revoking_revokes_the_users_own_token(self, client, caseworker, made):
        token, _ = made
        client.force_login(caseworker)
        response = client.post(revoke_url(token), follow=True)
        assert response.redirect_chain == [(PAGE, 302)]
        assert f"Token {token.key_id} (Police case system) revoked" in response.content.decode()
        token.refresh_from_db()
        assert token.revoked_by == caseworker
        assert token.revoked_at is not None

    def test_a_revoked_token_has_no_revoke_button(self, client, caseworker, made):
        token, _ = made
        token_revoke(token=token, by=caseworker, now=NOW)
        client.force_login(caseworker)
        page = client.get(PAGE).content.decode()
        assert "Revoked" in page
        assert revoke_url(token) not in page

    def test_revoking_twice_says_it_was_already_revoked(self, client, caseworker, made):
        token, _ = made
        token_revoke(token=token, by=caseworker, now=NOW)
        client.force_login(caseworker)
        page = client.post(revoke_url(token), follow=True).content.decode()
        assert "was already revoked on 26 November 2026" in page

    def test_another_users_token_cannot_be_revoked(self, client, made, make_user):
        token, _ = made
        client.force_login(make_user(Role.SUPERVISOR))
        assert client.post(revoke_url(token)).status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_revoking_needs_a_post_with_its_csrf_token(self, caseworker, made):
        token, _ = made
        client = Client(enforce_csrf_checks=True)
        client.force_login(caseworker)
        assert client.get(revoke_url(token)).status_code == 405
        assert client.post(revoke_url(token)).status_code == 403
        token.refresh_from_db()
        assert token.revoked_at is None

    @pytest.mark.parametrize("role", list(Role))
    def test_every_signed_in_user_sees_the_link(self, client, make_user, role):
        client.force_login(make_user(role))
        page = client.get(reverse("home")).content.decode()
        assert f'href="{PAGE}"' in page
        assert ">Your API tokens</a>" in page


class TestAdmin:
    def test_administrators_read_every_token_in_the_admin(self, client, administrator, made):
        token, _ = made
        client.force_login(administrator)
        listing = client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
        assert token.key_id in listing
        change = reverse("admin:accounts_apitoken_change", args=[token.pk])
        page = client.get(change).content.decode()
        assert "Police case system" in page
        assert token.secret_hash not in page
        assert 'name="name"' not in page  # read-only

    def test_no_one_adds_changes_or_deletes_a_token_in_the_admin(self, client, administrator, made):
        token, _ = made
        client.force_login(administrator)
        assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
        change = reverse("admin:accounts_apitoken_change", args=[token.pk])
        client.post(change, {"name": "Renamed"})
        delete = reverse("admin:accounts_apitoken_delete", args=[token.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        token.refresh_from_db()
        assert token.name == "Police case system"

    @pytest.mark.parametrize("role", [role for role in Role if role != Role.ADMINISTRATOR])
    def test_other_roles_may_not_read_tokens_in_the_admin(self, client, make_user, made, role):
        client.force_login(make_user(role))
        assert client.get(reverse("admin:accounts_apitoken_changelist")).status_code == 403


def call(client: Client, token: str, body: dict | None = None):
    data = json.dumps(body if body is not None else {"given_name": "Zeynep", "surname": "Okonkwo"})
    return client.post(
        MATCH, data=data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def assert_unauthorised(response) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401


class TestApi:
    @pytest.fixture
    def api(self):
        """A caller with no session, whose every unsafe request would fail Django's CSRF check."""
        return Client(enforce_csrf_checks=True)

    @pytest.fixture
    def plaintext(self, caseworker):
        return token_create(user=caseworker, name="Police case system", now=timezone.now())[1]

    def test_a_caseworkers_token_is_answered_without_session_or_csrf(self, api, plaintext):
        response = call(api, plaintext)
        assert response.status_code == 200, response.content
        assert response.json() == {"candidates": []}
        assert "sessionid" not in api.cookies

    def test_a_call_records_when_the_token_was_last_used(self, api, plaintext):
        before = timezone.now()
        call(api, plaintext)
        assert ApiToken.objects.get().last_used_at >= before

    def test_a_referrers_token_is_refused_as_their_session_would_be(self, api, make_user):
        _, plaintext = token_create(user=make_user(Role.REFERRER), name="School", now=NOW)
        response = call(api, plaintext)
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
        assert "may not match people" in response.json()["detail"]

    def test_an_administrators_token_may_not_read_people(self, api, administrator):
        _, plaintext = token_create(user=administrator, name="Reporting", now=NOW)
        assert call(api, plaintext).status_code == 403

    def test_a_revoked_token_is_unauthorised(self, api, caseworker, plaintext):
        token_revoke(token=ApiToken.objects.get(), by=caseworker, now=timezone.now())
        assert_unauthorised(call(api, plaintext))

    def test_an_expired_token_is_unauthorised(self, api, caseworker):
        long_ago = timezone.now() - timedelta(days=10)
        _, plaintext = token_create(user=caseworker, name="T", now=long_ago, expires_in_days=1)
        assert_unauthorised(call(api, plaintext))

    def test_a_deactivated_users_token_is_unauthorised(self, api, caseworker, plaintext):
        caseworker.is_active = False
        caseworker.save()
        assert_unauthorised(call(api, plaintext))

    @pytest.mark.parametrize(
        "token", ["ct_0000beef_" + "x" * 43, "not-a-token", "ct_", "", "ct_0000beef"]
    )
    def test_an_unknown_or_malformed_token_is_unauthorised(self, api, plaintext, token):
        assert_unauthorised(call(api, token))

    def test_a_token_sent_another_way_than_bearer_is_unauthorised(self, api, plaintext):
        response = api.post(
            MATCH,
            data="{}",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {plaintext}",
        )
        assert_unauthorised(response)
