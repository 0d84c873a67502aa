"""The journey's pages pass axe-core's WCAG 2.2 AA rules, with data and with errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from casetrail.workflow.scenarios import case_through
from tests.browser.conftest import assert_accessible, submit_sign_in
from tests.conftest import PASSWORD

RECENT = timezone.now() - timedelta(days=60)


@pytest.fixture
def cases(cast):
    return {
        "support": case_through(
            cast=cast, start=RECENT, upto="session_1", session_days=(20, 40), person="Sky Morgan"
        ),
        "consult": case_through(cast=cast, start=RECENT, upto="consult", person="Ash Lee"),
        "exited": case_through(
            cast=cast, start=timezone.now() - timedelta(days=268), upto="exit", person="Drew Patel"
        ),
    }


def sign_in(page: Page, username: str) -> None:
    submit_sign_in(page, username, PASSWORD)
    page.wait_for_url("**/")


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("officer", "/cases/?scope=all"),
        ("officer", "/cases/{support}/"),
        ("officer", "/cases/{exited}/"),
        ("officer", "/cases/{support}/steps/record-session/"),
        ("officer", "/cases/{support}/steps/assess/"),
        ("officer", "/cases/{support}/steps/plan-intervention/"),
        ("officer", "/referrals/new/"),
        ("chair", "/dashboard/"),
        ("chair", "/cases/{support}/steps/decide-exit/"),
        ("teacher", "/"),
    ],
)
def test_journey_pages_are_accessible(page: Page, cases, username, path):
    sign_in(page, username)
    page.goto(path.format(**{name: case.reference for name, case in cases.items()}))
    assert_accessible(page)


def test_a_refused_exit_is_accessible_and_says_what_is_missing(page: Page, cases):
    sign_in(page, "officer")
    page.goto(f"/cases/{cases['support'].reference}/steps/exit/")
    page.get_by_role("button", name="Exit the case").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The panel has not recorded a decision to exit")
    assert_accessible(page)


def test_the_referral_form_with_errors_is_accessible(page: Page, cases):
    sign_in(page, "teacher")
    page.goto("/referrals/new/")
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter full name of the person")
    assert_accessible(page)
