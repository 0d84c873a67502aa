"""One case from referral to closure, taken by each role in turn in the browser.

The referral, the screening decision, the refused exit, the panel's exit decision
and the exit happen in the browser, now. The steps between (consultation,
assessment, panel, consent, plan, support, the session) are taken through the
same operations the pages call, also now, to keep the walk short. Reviews cannot
be recorded before they are due, so the walk ends by showing that closing is
refused while they are missing; a second case, started long enough ago by
`case_through`, is closed in the browser once both reviews are recorded.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from casetrail.accounts.models import User
from casetrail.workflow import decisions
from casetrail.workflow.deadlines import reviews_due
from casetrail.workflow.models import Case
from casetrail.workflow.operations import consultation, panel, support
from casetrail.workflow.operations.assessment import assessment_record
from casetrail.workflow.scenarios import Cast, case_through, sample_answers
from tests.browser.conftest import submit_sign_in
from tests.conftest import PASSWORD

REASONS = {
    "adopt": "The pupil shares extremist videos and shows a grievance; Channel support fits.",
    "exit": "The mentoring session was delivered and the school reports settled behaviour "
    "since, so the needs are met.",
    "close": "Both reviews found no renewed concern, so the case is complete.",
}


def sign_in(page: Page, user: User) -> None:
    submit_sign_in(page, user.username, PASSWORD)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")


def submit_expecting(page: Page, button: str, status: int) -> None:
    """Press the form's button and check the status of the page that comes back."""
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name=button).click()
    assert answer.value.status == status, f"{button}: {answer.value.status} from {page.url}"


def fill_date(page: Page, legend: str, day) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def middle_steps(case: Case, cast: Cast) -> None:
    """Consultation to the delivered session, through the operations, now."""
    worker, chair, provider = cast.caseworker, cast.chair, cast.provider
    today = timezone.localdate()
    consultation.consultation_request(
        case_id=case.pk,
        by=worker,
        of_referrer=True,
        question="How has the pupil been since the referral?",
        due_on=today + timedelta(days=14),
        now=timezone.now(),
    )
    consultation.consultation_answer(
        case_id=case.pk,
        by=cast.referrer,
        key="C1",
        answer="Still withdrawn at break times; attendance is good.",
        now=timezone.now(),
    )
    assessment_record(
        case_id=case.pk, by=worker, answers=sample_answers(), assessed_on=today, now=timezone.now()
    )
    panel.panel_hold(
        case_id=case.pk,
        by=chair,
        met_on=today,
        agencies=["Northshire Police", "Northshire Council", "Riverside Academy"],
        decisions_taken="Offer mentoring for both needs; seek consent.",
        now=timezone.now(),
    )
    panel.consent_record(
        case_id=case.pk,
        by=worker,
        outcome="given",
        given_by="parent_or_guardian",
        name="Parent",
        now=timezone.now(),
    )
    support.intervention_plan(
        case_id=case.pk,
        by=worker,
        title="Mentoring",
        provider=provider.agency,
        owner=provider,
        needs=["N1", "N2"],
        session_dates=[today],
        now=timezone.now(),
    )
    support.support_start(case_id=case.pk, by=worker, now=timezone.now())
    support.session_risk_assess(
        case_id=case.pk,
        by=provider,
        session="I1-1",
        summary="No known risks to the mentor; meet at the school.",
        now=timezone.now(),
    )
    support.session_record(
        case_id=case.pk,
        by=provider,
        session="I1-1",
        outcome="delivered",
        held_on=today,
        now=timezone.now(),
    )


def test_a_case_walks_from_referral_to_exit_and_cannot_close_before_its_reviews(
    page: Page, cast: Cast
):
    # The referrer: an empty form is refused with the GOV.UK error summary, then sent.
    sign_in(page, cast.referrer)
    page.goto("/referrals/new/")
    submit_expecting(page, "Send referral", 200)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter full name of the person")
    # Only "starts with Error:": the title currently reads "Error: Error: Make a referral".
    expect(page).to_have_title(re.compile(r"^Error: .*Make a referral"))

    page.get_by_label("Full name of the person").fill("Sam Walker")
    fill_date(page, "Date of birth (optional)", timezone.localdate().replace(year=2010, day=1))
    page.get_by_label("What are your concerns?").fill(
        "Pupil has been sharing extremist videos and talking about a grievance."
    )
    page.get_by_label("How do you know the person?").fill("I teach them")
    page.get_by_role("group", name="Does the person know about this referral?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Your name").fill("Terry Teacher")
    page.get_by_label("Your email address").fill("teacher@example.invalid")
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_role("alert")).to_contain_text("Referral received: its reference is")
    case = Case.objects.get(person_name="Sam Walker")
    expect(page.get_by_role("alert")).to_contain_text(case.reference)
    sign_out(page)

    # The caseworker screens it; a token rationale is refused, a real one adopts the case.
    sign_in(page, cast.caseworker)
    page.get_by_role("link", name="Cases").click()
    # An unscreened referral has no owner yet, so it is not among "My cases".
    expect(page.get_by_role("link", name=case.reference)).to_have_count(0)
    page.goto("/cases/?scope=all")
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sam Walker")
    born = timezone.localdate().replace(year=2010, day=1)
    expect(page.locator(".moj-identity-bar")).to_contain_text(f"born 1 {born:%B} 2010")
    page.get_by_role("link", name="Start screening").click()
    page.get_by_role("button", name="Start screening").click()
    expect(page.locator(".moj-identity-bar")).to_contain_text("Screening")

    page.get_by_role("link", name="Record the screening decision").click()
    page.get_by_role("group", name="Decision").get_by_label(decisions.SCREENING["adopt"]).check()
    page.get_by_role("group", name="Other options considered").get_by_label(
        decisions.SCREENING["not_adopt"]
    ).check()
    page.get_by_label("Rationale").fill("agreed")
    submit_expecting(page, "Record decision", 200)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "“agreed” is not a rationale: say what was weighed and what decided it"
    )
    page.get_by_label("Rationale").fill(REASONS["adopt"])
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Record the screening decision: done")
    expect(page.locator(".moj-identity-bar")).to_contain_text("Adopted")
    sign_out(page)

    # Consultation, assessment, panel, consent, plan, support and a delivered session.
    middle_steps(case, cast)

    # The caseworker tries to exit before the panel has decided: refused, naming why.
    sign_in(page, cast.caseworker)
    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("link", name="Exit the case").click()
    expect(page.get_by_label("6-month review owner")).to_have_value(str(cast.caseworker.pk))
    submit_expecting(page, "Exit the case", 409)
    refusal = page.locator(".govuk-error-summary")
    expect(refusal).to_contain_text("This cannot happen until 1 condition is met")
    expect(refusal.locator(".casetrail-unmet li")).to_have_text(
        ["The panel has not recorded a decision to exit with its rationale"]
    )
    expect(page).to_have_title(f"Error: Exit the case: {case.reference} \N{EN DASH} casetrail")
    page.goto(f"/cases/{case.reference}/")
    expect(page.locator(".moj-identity-bar")).to_contain_text("Support")
    sign_out(page)

    # The panel chair records the panel's decision to exit.
    sign_in(page, cast.chair)
    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("link", name="Record the panel's decision to exit").click()
    page.get_by_label(decisions.EXIT["continue"]).check()
    page.get_by_label("Rationale").fill(REASONS["exit"])
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("alert")).to_contain_text("Record the panel's decision to exit: done")
    sign_out(page)

    # The caseworker exits the case; both reviews are scheduled with their owner.
    sign_in(page, cast.caseworker)
    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("link", name="Exit the case").click()
    page.get_by_role("button", name="Exit the case").click()
    expect(page.get_by_role("alert")).to_contain_text("Exit the case: done")
    expect(page.locator(".moj-identity-bar")).to_contain_text("Exited")
    reviews = page.locator("table", has_text="Review").locator("tbody tr")
    due = reviews_due(Case.objects.get(pk=case.pk).stage_changed_at.date())
    owner = cast.caseworker.get_full_name() or cast.caseworker.username
    expect(reviews).to_have_count(2)
    for row, months in zip([reviews.nth(0), reviews.nth(1)], (6, 12), strict=True):
        expect(row).to_contain_text(f"{months} months")
        expect(row).to_contain_text(f"{due[months].day} {due[months]:%B %Y}")
        expect(row).to_contain_text(owner)

    # Closing is not offered, and opened directly it is refused, naming both reviews.
    expect(page.get_by_role("link", name="Close the case")).to_have_count(0)
    page.goto(f"/cases/{case.reference}/steps/close/")
    page.get_by_label("Rationale").fill(REASONS["close"])
    submit_expecting(page, "Close the case", 409)
    refusal = page.locator(".govuk-error-summary")
    expect(refusal.locator(".casetrail-unmet li")).to_have_text(
        [
            "The 6-month review has not been recorded",
            "The 12-month review has not been recorded",
        ]
    )
    expect(refusal).not_to_contain_text("You may go ahead anyway")
    page.goto(f"/cases/{case.reference}/")
    expect(page.locator(".moj-identity-bar")).to_contain_text("Exited")


def test_a_reviewed_case_is_closed_by_its_caseworker(page: Page, cast: Cast):
    case = case_through(
        cast=cast, start=timezone.now() - timedelta(days=500), upto="review_12", person="Jo Long"
    )
    sign_in(page, cast.caseworker)
    page.goto(f"/cases/{case.reference}/")
    reviews = page.locator("table", has_text="Review").locator("tbody tr")
    expect(reviews).to_have_count(2)
    expect(reviews.nth(0)).to_contain_text("Done")
    expect(reviews.nth(1)).to_contain_text("Done")

    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("Rationale").fill("agreed")
    submit_expecting(page, "Close the case", 200)
    expect(page.locator(".govuk-error-summary")).to_contain_text("is not a rationale")
    page.get_by_label("Rationale").fill(REASONS["close"])
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_role("alert")).to_contain_text("Close the case: done")
    expect(page.locator(".moj-identity-bar")).to_contain_text("Closed")
    expect(page.get_by_role("link", name="Close the case")).to_have_count(0)
    expect(page.get_by_role("link", name="Reopen the case")).to_be_visible()
    assert Case.objects.get(pk=case.pk).stage == "closed"


def test_a_refused_form_says_error_once_in_its_title(page: Page, cast: Cast):
    sign_in(page, cast.referrer)
    page.goto("/referrals/new/")
    page.get_by_role("button", name="Send referral").click()
    expect(page).to_have_title("Error: Make a referral \N{EN DASH} casetrail", timeout=1000)
