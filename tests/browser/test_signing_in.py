"""A person signs in, is refused what their role may not see, and signs out: in the browser."""

import re

from django.conf import settings
from playwright.sync_api import Page, expect

from casetrail.accounts.roles import Role
from tests.browser.conftest import submit_sign_in
from tests.conftest import PASSWORD


def test_a_caseworker_signs_in_and_out(page: Page, make_user):
    user = make_user(Role.CASEWORKER)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    expect(page.get_by_test_id("signed-in-as")).to_contain_text("Caseworker at Northshire Police")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))


def test_a_wrong_password_is_explained_and_the_summary_leads_to_the_field(page: Page, make_user):
    user = make_user(Role.CASEWORKER)
    submit_sign_in(page, user.username, "not-the-password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to it
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary.get_by_role("link", name="Enter a correct username and password").click()
    expect(page.get_by_label("Username")).to_be_focused()


def test_repeated_wrong_passwords_lock_the_account(page: Page, make_user):
    user = make_user(Role.CASEWORKER)
    submit_sign_in(page, user.username, "not-the-password", times=settings.AXES_FAILURE_LIMIT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in is locked for now")
    submit_sign_in(page, user.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in is locked for now")


def test_a_referrer_is_shown_the_forbidden_page(page: Page, sign_in_as):
    sign_in_as(Role.REFERRER)
    expect(page.get_by_role("link", name="Agencies and roles")).to_have_count(0)
    response = page.goto("/agencies-and-roles/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You do not have permission to see this page"
    )


def test_the_admin_is_refused_to_a_caseworker(page: Page, sign_in_as):
    sign_in_as(Role.CASEWORKER)
    response = page.goto("/admin/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("You do not have permission")


def test_an_administrator_reaches_the_admin_and_signs_out_of_it(page: Page, sign_in_as):
    sign_in_as(Role.ADMINISTRATOR)
    page.get_by_role("link", name="Administration").click()
    expect(page.get_by_role("link", name="Policy settings")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")


def test_the_skip_link_is_the_first_stop_for_keyboard_users(page: Page):
    page.goto("/sign-in/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main-content$"))


def test_signing_in_works_without_javascript(browser, live_server, make_user):
    user = make_user(Role.SUPERVISOR)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    submit_sign_in(page, user.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    page.get_by_role("link", name="Agencies and roles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agencies and roles")
    context.close()
