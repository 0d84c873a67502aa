"""The multi-agency panel: its meetings, consent to support, and its decision to exit."""

from __future__ import annotations

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction

from casetrail.accounts.models import User
from casetrail.chronology.models import Event
from casetrail.local_time import local_day
from casetrail.workflow import decisions
from casetrail.workflow.operations.common import case_for_step, decision_payload, not_future
from casetrail.workflow.record import NewEvent, RecordError, case_events_append
from casetrail.workflow.stages import Step

ADULT_AGE = 18


@transaction.atomic
def panel_hold(
    *,
    case_id: int,
    by: User,
    met_on: date,
    agencies: list[str],
    decisions_taken: str,
    attendees: str = "",
    now: datetime,
) -> Event:
    """A panel meeting: who came from which agency and what it decided."""
    case = case_for_step(
        case_id=case_id, step=Step.HOLD_PANEL, by=by, permission="workflow.chair_panel"
    )
    occurred_at = not_future(met_on, "met_on", now)
    named = [agency.strip() for agency in agencies if agency.strip()]
    if not named:
        raise RecordError("agencies", "Choose the agencies that attended")
    payload = {
        "met_on": met_on.isoformat(),
        "agencies": named,
        "decisions": decisions_taken.strip(),
    }
    if attendees.strip():
        payload["attendees"] = attendees.strip()
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent("PanelHeld", payload, occurred_at)], now=now
    )
    return event


@transaction.atomic
def consent_record(
    *,
    case_id: int,
    by: User,
    outcome: str,
    given_by: str,
    name: str,
    note: str = "",
    now: datetime,
    occurred_at: datetime | None = None,
) -> Event:
    """Consent to support, given, declined or withdrawn; a parent or guardian's for under-18s."""
    step = Step.RECORD_CONSENT if outcome == "given" else Step.DECLINE_CONSENT
    if outcome not in ("given", "declined", "withdrawn"):
        raise RecordError("outcome", "must be given, declined or withdrawn")
    case = case_for_step(case_id=case_id, step=step, by=by, permission="workflow.manage_support")
    birth = case.person_birth_date
    if given_by == "person" and birth and birth + relativedelta(years=ADULT_AGE) > local_day(now):
        raise RecordError(
            "given_by", "The person is under 18: a parent or guardian gives or declines consent"
        )
    payload = {"given_by": given_by, "name": name.strip()}
    if outcome == "given":
        event_type = "ConsentGiven"
    else:
        event_type = "ConsentDeclined"
        payload["outcome"] = outcome
        if note.strip():
            payload["note"] = note.strip()
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent(event_type, payload, occurred_at)], now=now
    )
    return event


@transaction.atomic
def exit_decide(
    *,
    case_id: int,
    by: User,
    options: list[str],
    rationale: str,
    now: datetime,
    occurred_at: datetime | None = None,
) -> Event:
    """The panel's decision to exit, with the options it weighed and why (F2, F7)."""
    case = case_for_step(
        case_id=case_id, step=Step.DECIDE_EXIT, by=by, permission="workflow.chair_panel"
    )
    chosen = decisions.EXIT["exit"]
    payload = decision_payload(options=[chosen, *options], chosen=chosen, rationale=rationale)
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent("ExitDecided", payload, occurred_at)], now=now
    )
    return event
