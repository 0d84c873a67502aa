"""A caseworker records a late note and reads the chronology; an auditor reads the access log."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from casetrail.accounts.roles import Role
from casetrail.workflow.operations.notes import event_redact, note_record
from casetrail.workflow.operations.referral import referral_receive
from casetrail.workflow.scenarios import sample_referral
from tests.browser.conftest import assert_accessible


@pytest.fixture
def case(make_user):
    officer = make_user(Role.CASEWORKER, username="officer")
    now = timezone.now()
    case = referral_receive(
        by=officer, referral=sample_referral(officer, concerns="Concerns raised by school"), now=now
    )
    note_record(
        case_id=case.pk,
        by=officer,
        summary="Review completed",
        now=now,
        occurred_at=now - timedelta(days=240),
    )
    note_record(case_id=case.pk, by=officer, summary="Details noted in error", now=now)
    event_redact(case_id=case.pk, position=3, by=officer, rationale="Wrong case entirely", now=now)
    return case


def test_a_caseworker_records_a_late_note_and_sees_it_marked(page: Page, sign_in_as, case):
    sign_in_as(Role.CASEWORKER)
    page.get_by_role("link", name="Cases").click()
    page.get_by_label("Cases", exact=True).select_option("all")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name=case.reference).click()
    page.get_by_role("link", name="Record a note").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record note").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a summary")
    assert_accessible(page)

    happened = timezone.localtime() - timedelta(days=9)
    page.get_by_label("Summary").fill("Home visit with the family")
    page.get_by_label("Day").fill(str(happened.day))
    page.get_by_label("Month").fill(str(happened.month))
    page.get_by_label("Year").fill(str(happened.year))
    page.get_by_role("button", name="Record note").click()

    expect(page.get_by_role("heading", name="Chronology")).to_be_visible()
    item = page.locator(".moj-timeline__item", has_text="Home visit with the family")
    expect(item).to_contain_text("Recorded late")
    expect(item).to_contain_text(re.compile(r"recorded \d+ \w+ \d{4}"))


@pytest.mark.parametrize("javascript", [True, False])
def test_the_timeline_filters_work_with_and_without_javascript(
    browser, live_server, make_user, case, javascript
):
    from tests.browser.conftest import submit_sign_in
    from tests.conftest import PASSWORD

    reader = make_user(Role.SUPERVISOR)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    submit_sign_in(page, reader.username, PASSWORD)
    page.goto(f"/cases/{case.reference}/chronology/")
    expect(page.locator(".moj-timeline__item")).to_have_count(4)
    page.get_by_label("Only records made late").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".moj-timeline__item")).to_have_count(1)
    expect(page.locator(".moj-timeline__item")).to_contain_text("Review completed")
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/cases/",
        "/cases/{ref}/",
        "/cases/{ref}/chronology/",
        "/cases/{ref}/records/1/",
        "/cases/{ref}/records/3/",
        "/cases/{ref}/records/4/",
        "/cases/{ref}/access-log/",
    ],
)
def test_chronology_pages_are_accessible(page: Page, sign_in_as, case, path):
    sign_in_as(Role.AUDITOR)
    page.goto(path.format(ref=case.reference))
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)


def test_an_auditor_sees_who_read_the_case(page: Page, sign_in_as, case):
    sign_in_as(Role.AUDITOR)
    page.goto(f"/cases/{case.reference}/chronology/")
    page.get_by_label("Why you are reading this case").fill("Learning review")
    page.get_by_role("button", name="Record reason").click()
    expect(page.get_by_role("alert")).to_contain_text("Your reason for reading this case has been")
    page.get_by_role("link", name="Access log").click()
    expect(page.locator("tbody tr").first).to_contain_text("access log")
    expect(page.locator("tbody")).to_contain_text("Learning review")
