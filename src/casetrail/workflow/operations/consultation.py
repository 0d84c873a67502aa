"""Asking a partner agency or the referrer for information or views, and their answers (F8)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from casetrail.accounts.models import Agency, User
from casetrail.chronology.models import Event
from casetrail.local_time import local_day
from casetrail.workflow.operations.common import case_for_step, next_key, rationale_checked
from casetrail.workflow.record import NewEvent, RecordError, case_events_append
from casetrail.workflow.stages import Step


@transaction.atomic
def consultation_request(
    *,
    case_id: int,
    by: User,
    question: str,
    due_on: date,
    of_referrer: bool = False,
    agency: Agency | None = None,
    to: str = "",
    now: datetime,
    occurred_at: datetime | None = None,
) -> Event:
    """Ask the referrer, an agency, or a named person; the answer is due by `due_on`."""
    case = case_for_step(
        case_id=case_id, step=Step.REQUEST_CONSULTATION, by=by, permission="workflow.consult"
    )
    if due_on < local_day(now):
        raise RecordError("due_on", "must be today or later")
    if of_referrer:
        referrer = case.detail.get("referrer", {})
        to = f"{referrer.get('name', 'the referrer')} (referrer)"
    elif agency is not None:
        to = f"{to.strip()}, {agency.name}" if to.strip() else agency.name
    if not to.strip():
        raise RecordError("to", "Choose who is asked: the referrer, an agency or a named person")
    payload: dict = {
        "key": next_key("C", case.detail.get("consultations", {})),
        "to": to.strip(),
        "of_referrer": of_referrer,
        "question": question.strip(),
        "due_on": due_on.isoformat(),
    }
    if agency is not None and not of_referrer:
        payload["agency_id"] = agency.pk
    [event] = case_events_append(
        case=case,
        actor=by,
        events=[NewEvent("ConsultationRequested", payload, occurred_at)],
        now=now,
    )
    return event


@transaction.atomic
def consultation_answer(
    *,
    case_id: int,
    by: User,
    key: str,
    answer: str,
    significant: bool = False,
    occurred_at: datetime | None = None,
    now: datetime,
) -> Event:
    """Record what was said in reply; significant news makes earlier assessments stale."""
    case = case_for_step(
        case_id=case_id,
        step=Step.ANSWER_CONSULTATION,
        by=by,
        permission="workflow.answer_consultation",
    )
    request = case.detail.get("consultations", {}).get(key)
    if request is None:
        raise RecordError("key", f"{case} has no consultation {key}")
    if request["answered_on"]:
        raise RecordError("key", f"consultation {key} was answered on {request['answered_on']}")
    if by.role == "referrer" and not request["of_referrer"]:
        raise RecordError("key", "a referrer answers only the requests made of them")
    payload = {"key": key, "answer": answer.strip(), "significant": significant}
    [event] = case_events_append(
        case=case,
        actor=by,
        events=[NewEvent("ConsultationAnswered", payload, occurred_at)],
        now=now,
    )
    return event


@transaction.atomic
def referrer_consultation_waive(
    *, case_id: int, by: User, rationale: str, now: datetime, occurred_at: datetime | None = None
) -> Event:
    """Decide, with reasons, not to consult the referrer before exit."""
    case = case_for_step(
        case_id=case_id,
        step=Step.WAIVE_REFERRER_CONSULTATION,
        by=by,
        permission="workflow.consult",
    )
    payload = {"rationale": rationale_checked(rationale)}
    [event] = case_events_append(
        case=case,
        actor=by,
        events=[NewEvent("ReferrerConsultationWaived", payload, occurred_at)],
        now=now,
    )
    return event
