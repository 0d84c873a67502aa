"""Demo cases: one at every stage, every guard and dashboard signal, and the review's case.

The review's case is modelled on the published learning review: a person
referred twice years apart, assessed on a form since replaced, one of two
sessions delivered, exited over the guard's objections (so the override is on
record), and a 12-month review recorded eight months after it happened.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction

from casetrail.accounts.models import User
from casetrail.assessments.loading import definition_put_in_force
from casetrail.assessments.models import AssessmentDefinition
from casetrail.workflow import decisions
from casetrail.workflow.models import Case
from casetrail.workflow.operations import exit, panel, referral, support
from casetrail.workflow.operations.common import GuardRefused
from casetrail.workflow.operations.notes import event_redact, note_record
from casetrail.workflow.scenarios import Cast, case_through


@transaction.atomic
def demo_cases_load(*, now: datetime) -> int:
    """Create the demo cases once; return how many cases there are."""
    if Case.objects.exists():
        return Case.objects.count()
    users = {user.username: user for user in User.objects.all()}
    cast = Cast(users["teacher"], users["officer"], users["chair"], users["mentor"])
    _review_case(cast, users["supervisor"], now)
    _cases_at_each_stage(cast, now)
    _cases_with_signals(cast, users["supervisor"], now)
    _referred_again(cast, now)
    return Case.objects.count()


def _days_ago(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def _review_case(cast: Cast, supervisor: User, now: datetime) -> None:
    person, birth = "Jordan Miles", date(1995, 3, 14)
    first = case_through(
        cast=cast, start=_days_ago(now, 1900), upto="screen", person=person, birth=birth
    )
    referral.screening_decide(
        case_id=first.pk, by=cast.caseworker, outcome="not_adopt", now=_days_ago(now, 1890),
        options=[decisions.SCREENING["adopt"]],
        rationale="Concerns are about online arguments only; no vulnerability factors found.",
    )  # fmt: skip
    # The form in force when he was assessed was version 1; version 2 replaced it later.
    forms = AssessmentDefinition.objects.filter(code="vaf")
    definition_put_in_force(definition=forms.get(version=1))
    start = _days_ago(now, 800)
    second = case_through(cast=cast, start=start, upto="session_1", person=person, birth=birth)
    definition_put_in_force(definition=forms.order_by("-version")[0])
    panel.exit_decide(
        case_id=second.pk, by=cast.chair, now=start + timedelta(days=54),
        options=[decisions.EXIT["continue"]],
        rationale="Risk judged low after the first session; he engaged well with the mentor.",
    )  # fmt: skip
    exited_at = start + timedelta(days=55)
    exit.case_exit(
        case_id=second.pk, by=supervisor, now=exited_at,
        review_owners={6: cast.caseworker, 12: cast.caseworker},
        override_rationale="Panel judged the risk low and wished to close the case promptly.",
    )  # fmt: skip
    for months, recorded_after in ((6, 0), (12, 240)):
        reviewed = exited_at + relativedelta(months=months)
        exit.review_record(
            case_id=second.pk, by=cast.caseworker, months=months, reopen=False,
            reviewed_on=reviewed.date(), now=reviewed + timedelta(days=recorded_after),
            options=[decisions.REVIEW["reopen"]],
            rationale="Spoke with the family by phone; no new concerns were reported to us.",
        )  # fmt: skip


def _referred_again(cast: Cast, now: datetime) -> None:
    """A third referral, misspelt: matching finds his record and waits for the screener."""
    case_through(
        cast=cast, start=_days_ago(now, 3), upto="screen", person="Jordon Myles",
        birth=date(1995, 3, 14), concerns="Youth worker reports he is recruiting others online.",
    )  # fmt: skip


def _cases_at_each_stage(cast: Cast, now: datetime) -> None:
    gp_concerns = "GP reports a patient expressing violent views about a group."
    case_through(
        cast=cast,
        start=_days_ago(now, 2),
        upto="receive",
        person="Riley Carter",
        birth=date(2004, 1, 3),
        concerns=gp_concerns,
    )
    case_through(
        cast=cast,
        start=_days_ago(now, 6),
        upto="consult",
        person="Morgan Price",
        birth=date(2005, 2, 5),
    )
    elsewhere = case_through(cast=cast, start=_days_ago(now, 20), upto="screen",
                             person="Casey Doyle", birth=date(2006, 3, 7))  # fmt: skip
    referral.screening_decide(
        case_id=elsewhere.pk, by=cast.caseworker, outcome="refer_elsewhere",
        now=_days_ago(now, 15), services="Early help: family support service",
        options=[decisions.SCREENING["adopt"]],
        rationale="Needs are about family conflict, not radicalisation; early help fits better.",
    )  # fmt: skip
    declined = case_through(cast=cast, start=_days_ago(now, 45), upto="panel",
                            person="Jamie Reid", birth=date(2007, 4, 9))  # fmt: skip
    panel.consent_record(
        case_id=declined.pk, by=cast.caseworker, outcome="declined", now=_days_ago(now, 30),
        given_by="parent_or_guardian", name="Parent", note="Family prefers school support.",
    )  # fmt: skip
    closed = case_through(
        cast=cast,
        start=_days_ago(now, 520),
        upto="close",
        person="Taylor Lane",
        birth=date(2008, 5, 11),
    )
    note = note_record(
        case_id=closed.pk, by=cast.caseworker, now=_days_ago(now, 3),
        summary="Home address and phone number noted in error",
    )  # fmt: skip
    event_redact(
        case_id=closed.pk, position=note.position, by=cast.caseworker, now=_days_ago(now, 1),
        rationale="Personal details recorded on the wrong case; removed under policy",
    )  # fmt: skip


def _cases_with_signals(cast: Cast, supervisor: User, now: datetime) -> None:
    # A consultation past its due date, not yet answered.
    case_through(
        cast=cast,
        start=_days_ago(now, 40),
        upto="adopt",
        person="Avery Stone",
        birth=date(2009, 6, 13),
    )
    # An assessment older than policy allows, on a case at panel.
    case_through(
        cast=cast,
        start=_days_ago(now, 150),
        upto="plan",
        person="Quinn Hale",
        birth=date(2004, 7, 15),
    )
    # A need the plan does not address, so support cannot start.
    unplanned = case_through(cast=cast, start=_days_ago(now, 30), upto="consent",
                             person="Rowan Ellis", birth=date(2005, 8, 17))  # fmt: skip
    support.intervention_plan(
        case_id=unplanned.pk, by=cast.caseworker, now=_days_ago(now, 16), title="Mentoring",
        provider=cast.provider.agency, owner=cast.provider, needs=["N1"],
        session_dates=[_days_ago(now, -10).date()],
    )  # fmt: skip
    # In support: the second session's date has passed undelivered, and the provider
    # tried to record it without a risk assessment.
    gap = case_through(
        cast=cast, start=_days_ago(now, 60), upto="session_1", person="Sky Morgan",
        birth=date(2006, 9, 19), session_days=(20, 40),
    )  # fmt: skip
    with suppress(GuardRefused):
        support.session_record(
            case_id=gap.pk, by=cast.provider, session="I1-2", outcome="delivered",
            held_on=_days_ago(now, 19).date(), now=_days_ago(now, 18),
        )  # fmt: skip
    note_record(
        case_id=gap.pk, by=cast.caseworker, summary="Home visit with the family",
        occurred_at=_days_ago(now, 30), now=_days_ago(now, 2),
    )  # fmt: skip
    # Reviews: one overdue, one due within 30 days.
    case_through(
        cast=cast,
        start=_days_ago(now, 268),
        upto="exit",
        person="Drew Patel",
        birth=date(2007, 10, 21),
    )
    case_through(
        cast=cast,
        start=_days_ago(now, 222),
        upto="exit",
        person="Sasha Kim",
        birth=date(2008, 11, 23),
    )
