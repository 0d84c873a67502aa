"""Cases driven through the journey by its own operations: for the demo, tests and benchmarks.

Each step happens some days after the referral and is recorded as it happens,
so nothing is late unless a caller makes it so. Steps run in journey order up
to the one asked for.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from casetrail.accounts.models import User
from casetrail.assessments.loading import definition_in_force
from casetrail.workflow import decisions
from casetrail.workflow.models import Case
from casetrail.workflow.operations import consultation, exit, panel, referral, support
from casetrail.workflow.operations.assessment import assessment_record
from casetrail.workflow.operations.common import ASSESSMENT_FORM
from casetrail.workflow.operations.people import person_match_decide
from casetrail.workflow.projection import matches_undecided


@dataclass(frozen=True)
class Cast:
    """The people a case passes through."""

    referrer: User
    caseworker: User
    chair: User
    provider: User


RATIONALE = {
    "adopt": "Vulnerability factors present and the person would benefit from Channel support.",
    "exit": "Both sessions delivered; the assessment shows the needs are met and the "
    "school reports settled behaviour.",
    "review": "Contact with the school and family shows no renewed concern since exit.",
    "close": "Both reviews found no renewed concern; the case is complete.",
    "link": "Same name, date of birth and address as the earlier referral: the same person.",
}
NEEDS = ["Social isolation after moving school", "Sense of grievance about treatment by others"]


def sample_referral(
    referrer: User,
    person: str = "Alex Example",
    birth: date | None = date(2010, 5, 1),
    concerns: str = "Pupil has been sharing extremist videos and talking about a grievance.",
) -> referral.Referral:
    return referral.Referral(
        person_name=person,
        birth_date=birth,
        concerns=concerns,
        relationship="Teaches the person",
        person_aware="yes",
        referrer_name=referrer.get_full_name() or referrer.username,
        referrer_email=referrer.email or "referrer@example.invalid",
        address="1 High Street, Northshire",
    )


def sample_answers(needs: list[str] = NEEDS) -> dict:
    """Answers to the form in force: one factor present behind each need, the rest not."""
    definition = definition_in_force(ASSESSMENT_FORM)
    codes = list(definition.factors)
    coded = [{"label": label, "factors": [codes[index]]} for index, label in enumerate(needs)]
    factors = {
        code: {"rating": "present", "evidence": "Seen in school and at home"}
        if index < len(needs)
        else {"rating": "not_present"}
        for index, code in enumerate(codes)
    }
    behaviour = ["Sharing extremist videos with classmates"]
    return {"factors": factors, "needs": coded, "presenting_behaviour": behaviour}


class _Reached(Exception):
    pass


@dataclass
class _Journey:
    case_id: int
    start: datetime
    upto: str
    skip: tuple[str, ...] = ()
    exited_at: datetime | None = None

    def at(self, days: int, months: int = 0) -> datetime:
        base = self.exited_at if months else self.start
        assert base is not None
        return base + relativedelta(months=months, days=days, hours=1 if not months else 0)

    def day(self, days: int, months: int = 0) -> date:
        return self.at(days, months).date()

    def step(self, label: str, days: int, operation: Callable, exit_months: int = 0, **kwargs):
        """Run one operation `days` after the referral (or the exit, plus `exit_months`)."""
        if label not in self.skip:
            operation(case_id=self.case_id, now=self.at(days, exit_months), **kwargs)
        if label == "exit":
            self.exited_at = self.at(days)
        if label == self.upto:
            raise _Reached


def _earlier_records_link(*, case_id: int, by: User, now: datetime) -> None:
    """A scenario's person is the same person each time it is referred: link what was found."""
    for person_id in matches_undecided(Case.objects.get(pk=case_id).detail):
        person_match_decide(
            case_id=case_id, by=by, person_id=person_id, same=True, rationale=RATIONALE["link"],
            now=now,
        )  # fmt: skip


# fmt: off
def _journey(j: _Journey, cast: Cast, session_days: tuple[int, ...]) -> None:
    worker = cast.caseworker
    j.step("screen", 1, referral.screening_start, by=worker)
    j.step("settle_person", 1, _earlier_records_link, by=worker)
    j.step(
        "consult", 2, consultation.consultation_request, by=worker, of_referrer=True,
        question="How has the pupil been since the referral?", due_on=j.day(16),
    )
    j.step(
        "adopt", 5, referral.screening_decide, by=worker, outcome="adopt",
        options=[decisions.SCREENING["not_adopt"]], rationale=RATIONALE["adopt"],
    )
    j.step(
        "answer", 8, consultation.consultation_answer, by=cast.referrer, key="C1",
        answer="Still withdrawn at break times; attendance is good.",
    )
    j.step(
        "assess", 10, assessment_record, by=worker, answers=sample_answers(),
        assessed_on=j.day(10),
    )
    j.step(
        "panel", 12, panel.panel_hold, by=cast.chair, met_on=j.day(12),
        agencies=["Northshire Police", "Northshire County Council", "Riverside Academy"],
        decisions_taken="Offer mentoring for both needs; seek consent.",
    )
    j.step(
        "consent", 12, panel.consent_record, by=worker, outcome="given",
        given_by="parent_or_guardian", name="Parent",
    )
    j.step(
        "plan", 13, support.intervention_plan, by=worker, title="Mentoring",
        provider=cast.provider.agency, owner=cast.provider, needs=["N1", "N2"],
        session_dates=[j.day(day) for day in session_days],
    )
    j.step("support", 14, support.support_start, by=worker)
    for number, day in enumerate(session_days, start=1):
        j.step(
            f"risk_{number}", day - 2, support.session_risk_assess, by=cast.provider,
            session=f"I1-{number}", summary="No known risks to the mentor; meet at the school.",
        )
        j.step(
            f"session_{number}", day, support.session_record, by=cast.provider,
            session=f"I1-{number}", outcome="delivered", held_on=j.day(day),
        )
    last = max(session_days)
    j.step(
        "decide_exit", last + 20, panel.exit_decide, by=cast.chair,
        options=[decisions.EXIT["continue"]], rationale=RATIONALE["exit"],
    )
    j.step("exit", last + 21, exit.case_exit, by=worker, review_owners={6: worker, 12: worker})
    for months in (6, 12):
        j.step(
            f"review_{months}", 1, exit.review_record, exit_months=months, months=months, by=worker,
            reopen=False, options=[decisions.REVIEW["reopen"]],
            rationale=RATIONALE["review"], reviewed_on=j.day(1, months),
        )
    j.step("close", 2, exit.case_close, exit_months=12, by=worker, rationale=RATIONALE["close"])
# fmt: on


def case_through(
    *,
    cast: Cast,
    start: datetime,
    upto: str,
    person: str = "Alex Example",
    birth: date | None = date(2010, 5, 1),
    concerns: str = "Pupil has been sharing extremist videos and talking about a grievance.",
    session_days: tuple[int, ...] = (20, 34),
    skip: tuple[str, ...] = (),
) -> Case:
    """Receive a referral at `start`, then take each step in order up to the one named.

    Steps named in `skip` are left out, for a case where something did not happen.
    """
    case = referral.referral_receive(
        by=cast.referrer,
        referral=sample_referral(cast.referrer, person, birth, concerns),
        now=start,
    )
    if upto != "receive":
        with contextlib.suppress(_Reached):
            _journey(_Journey(case.pk, start, upto, skip), cast, session_days)
    return Case.objects.get(pk=case.pk)
