"""Exit, the 6- and 12-month reviews it schedules, and closing the case (F2, F3)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from casetrail.accounts.models import User
from casetrail.chronology.models import Event
from casetrail.local_time import local_day
from casetrail.workflow import decisions
from casetrail.workflow.deadlines import reviews_due
from casetrail.workflow.guards import close_unmet, exit_unmet
from casetrail.workflow.operations.common import (
    GuardRefused,
    case_for_actor,
    case_for_step,
    decision_payload,
    facts_of,
    max_assessment_age,
    not_future,
    override_events,
    rationale_checked,
)
from casetrail.workflow.record import NewEvent, RecordError, case_events_append
from casetrail.workflow.stages import AFTER_EXIT, Stage, Step, step_target


def _review_owner(owner: User, months: int) -> dict:
    if not owner.is_active or not owner.has_perm("workflow.manage_support"):
        raise RecordError(
            f"review_{months}_owner", f"{owner} cannot own a review: choose a caseworker"
        )
    return {"owner_id": owner.pk, "owner": owner.get_full_name() or owner.username}


@transaction.atomic
def case_exit(
    *,
    case_id: int,
    by: User,
    review_owners: dict[int, User],
    override_rationale: str | None = None,
    now: datetime,
    occurred_at: datetime | None = None,
) -> list[Event]:
    """Exit the case once the exit guard is met (or overridden), scheduling both reviews."""
    case = case_for_step(
        case_id=case_id, step=Step.EXIT, by=by, permission="workflow.manage_support"
    )
    # A late record of an exit is judged as things stood when the case exited.
    unmet = exit_unmet(facts_of(case), now=occurred_at or now, max_age_days=max_assessment_age())
    events = override_events(
        guard="exit",
        unmet=unmet,
        case=case,
        by=by,
        rationale=override_rationale,
        occurred_at=occurred_at,
    )
    missing = [months for months in (6, 12) if review_owners.get(months) is None]
    if missing:
        raise RecordError(f"review_{missing[0]}_owner", "Choose who owns this review")
    reviews = {
        str(months): {"due_on": due.isoformat(), **_review_owner(review_owners[months], months)}
        # Reviews fall due from the day the case exited, which a late record gives.
        for months, due in reviews_due(local_day(occurred_at or now)).items()
    }
    exited = NewEvent("CaseExited", {"reviews": reviews}, occurred_at)
    return case_events_append(case=case, actor=by, events=[*events, exited], now=now)


@transaction.atomic
def review_record(
    *,
    case_id: int,
    by: User,
    months: int,
    reopen: bool,
    options: list[str],
    rationale: str,
    reviewed_on: date,
    now: datetime,
) -> list[Event]:
    """A scheduled review's outcome and rationale; renewed concern reopens the case."""
    step = {6: Step.RECORD_REVIEW_6, 12: Step.RECORD_REVIEW_12}.get(months)
    if step is None:
        raise RecordError("months", "must be 6 or 12")
    case = case_for_step(case_id=case_id, step=step, by=by, permission="workflow.manage_support")
    occurred_at = not_future(reviewed_on, "reviewed_on", now)
    chosen = decisions.REVIEW["reopen" if reopen else "no_further_concern"]
    payload = decision_payload(options=[chosen, *options], chosen=chosen, rationale=rationale)
    events = [
        NewEvent("ReviewRecorded", {"months": months, "reopen": reopen, **payload}, occurred_at)
    ]
    if reopen:
        events.append(NewEvent("CaseReopened", {"rationale": payload["rationale"]}))
    return case_events_append(case=case, actor=by, events=events, now=now)


@transaction.atomic
def case_close(
    *, case_id: int, by: User, rationale: str, now: datetime, occurred_at: datetime | None = None
) -> Event:
    """Close a reviewed case. Both reviews must be recorded; no one may override that (F3)."""
    case = case_for_actor(case_id=case_id, by=by, permission="workflow.manage_support")
    if Stage(case.stage) in AFTER_EXIT:
        # Say which review is missing, rather than only that the stage is wrong.
        unmet = close_unmet(facts_of(case))
        if unmet:
            raise GuardRefused("close", unmet, overridable=False)
    step_target(Step.CLOSE, Stage(case.stage))
    payload = {"rationale": rationale_checked(rationale)}
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent("CaseClosed", payload, occurred_at)], now=now
    )
    return event
