"""Every response carries the security headers; no page contains inline script."""

import re

import pytest
from django.urls import reverse

from casetrail.accounts.roles import Role

PAGES = ["home", "directory", "admin:index"]


def csp(response) -> dict[str, str]:
    parts = response["Content-Security-Policy"].split(";")
    return dict(part.strip().split(" ", 1) for part in parts)


def test_the_content_security_policy_forbids_inline_script(client, db):
    policy = csp(client.get(reverse("sign-in")))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in " ".join(policy.values())


def test_the_usual_security_headers_are_set(client, db):
    response = client.get(reverse("sign-in"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("name", PAGES)
def test_pages_have_no_inline_script_or_event_handlers(client, administrator, name):
    client.force_login(administrator)
    page = client.get(reverse(name)).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts, "every page loads its scripts"
    for tag in scripts:
        assert "src=" in tag, f"inline script: {tag}"
    assert not re.search(r"\son[a-z]+\s*=", page), "inline event handler"


def test_the_session_cookie_is_http_only(client, make_user):
    from tests.conftest import PASSWORD

    user = make_user(Role.CASEWORKER)
    response = client.post(reverse("sign-in"), {"username": user.username, "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_unknown_pages_give_the_not_found_page(client, make_user):
    client.force_login(make_user(Role.CASEWORKER))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_health_reports_the_database(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_a_server_error_shows_a_plain_page_without_the_request(rf):
    from casetrail.web.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "Signed in as" not in response.content.decode()
