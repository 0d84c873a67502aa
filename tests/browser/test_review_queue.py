"""A caseworker decides an uncertain pair in Chromium; the queue and the pair pass axe."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from casetrail.accounts.roles import Role
from casetrail.people.features import Address, PersonDetails
from casetrail.people.models import Person, SourceRecord, UncertainPair
from casetrail.people.scoring import DEFAULT_MODEL, match_score
from casetrail.people.services import person_create
from tests.browser.conftest import assert_accessible

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def person(details: PersonDetails, record: str) -> Person:
    someone = person_create(details=details, source="northshire-2019", now=NOW)
    SourceRecord.objects.create(
        source="northshire-2019", record_id=record, person=someone, imported_at=NOW,
        case={"case_reference": "NS-2015-0042"} if record == "L-1" else {},
    )  # fmt: skip
    return someone


@pytest.fixture
def pair(db) -> UncertainPair:
    address = (Address("14 Mill Lane", "Northshire", "NS1 4AB"),)
    left = person(PersonDetails("William", "Hartley", (), "2007-03-04", address), "L-1")
    right = person(PersonDetails("Bill", "Hartly", (), "03/04/2007", address), "R-7")
    match = match_score(left.folded, right.folded, DEFAULT_MODEL)
    return UncertainPair.objects.create(
        left=left,
        right=right,
        left_record="L-1",
        right_record="R-7",
        probability=0.62,
        evidence=[[item.field, item.label, round(item.weight, 2)] for item in match.evidence],
        found_at=NOW,
    )


def test_a_caseworker_decides_a_pair_is_one_person(page: Page, sign_in_as, pair):
    sign_in_as(Role.CASEWORKER)
    page.get_by_role("link", name="People to review").click()
    expect(page.get_by_role("heading", name="People to review")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="L-1 and R-7").click()
    expect(page.get_by_role("heading", name="Are these the same person?")).to_be_visible()
    expect(page.get_by_role("table", name="The two records side by side")).to_contain_text(
        "Bill Hartly"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether these records are the same person"
    )
    assert_accessible(page)

    page.get_by_label("The same person").check()
    page.get_by_label("Rationale").fill(
        "Same address and postcode; the date of birth has its day and month swapped."
    )
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "L-1 and R-7 are the same person"
    )
    expect(page.get_by_text("There are no pairs to review")).to_be_visible()
    assert Person.objects.get(pk=pair.right_id).merged_into_id == pair.left_id

    page.get_by_role("link", name="1 decided").click()
    page.get_by_role("link", name="L-1 and R-7").click()
    expect(page.get_by_role("heading", name="Pair decided: the same person")).to_be_visible()
    assert_accessible(page)


def test_the_api_docs_page_is_accessible(page: Page, db):
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="The casetrail API")).to_be_visible()
    assert_accessible(page)
