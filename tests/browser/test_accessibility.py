"""Every page passes axe-core's WCAG 2.2 AA rules, signed in or not, with and without errors."""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from casetrail.accounts.roles import Role
from tests.browser.conftest import assert_accessible, submit_sign_in

SIGNED_IN_PAGES = [
    (Role.CASEWORKER, "/"),
    (Role.SUPERVISOR, "/agencies-and-roles/"),
    (Role.REFERRER, "/agencies-and-roles/"),  # the forbidden page
    (Role.CASEWORKER, "/no-such-page/"),
    (Role.CASEWORKER, "/account/api-tokens/"),
    (Role.ADMINISTRATOR, "/admin/"),
    (Role.ADMINISTRATOR, "/admin/accounts/user/"),
    (Role.ADMINISTRATOR, "/admin/accounts/user/add/"),
    (Role.ADMINISTRATOR, "/admin/accounts/agency/"),
    (Role.ADMINISTRATOR, "/admin/policy/policy/"),
    (Role.ADMINISTRATOR, "/admin/assessments/assessmentdefinition/"),
]


@pytest.mark.parametrize(("role", "path"), SIGNED_IN_PAGES)
def test_signed_in_pages_are_accessible(page: Page, sign_in_as, role, path):
    sign_in_as(role)
    page.goto(path)
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/sign-in/", "/signed-out/"])
def test_public_pages_are_accessible(page: Page, path):
    page.goto(path)
    assert_accessible(page)


def test_the_sign_in_page_with_errors_is_accessible(page: Page, db):
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_locked_out_page_is_accessible(page: Page, make_user):
    user = make_user(Role.CASEWORKER)
    submit_sign_in(page, user.username, "not-the-password", times=settings.AXES_FAILURE_LIMIT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in is locked for now")
    assert_accessible(page)
