"""Operations on cases: each checks its rules, then records its events through record.py.

Keyword-only, atomic, `now` passed in. Views, API handlers and commands call these.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from casetrail.accounts.models import User
from casetrail.chronology.chain import GENESIS, REDACTED_PAYLOAD, REDACTION_EVENT
from casetrail.chronology.models import Event
from casetrail.workflow.models import Case
from casetrail.workflow.record import NewEvent, RecordError, case_events_append, case_lock
from casetrail.workflow.state import CHANGES


@transaction.atomic
def case_open(
    *, by: User, summary: str, now: datetime, occurred_at: datetime | None = None
) -> Case:
    case = Case.objects.create(head_hash=GENESIS)
    reference = f"CT-{case.pk:06d}"
    opened = NewEvent("CaseOpened", {"reference": reference, "summary": summary}, occurred_at)
    case_events_append(case=case, actor=by, events=[opened], now=now)
    return case


@transaction.atomic
def note_record(
    *,
    case_id: int,
    by: User,
    summary: str,
    detail: str = "",
    occurred_at: datetime | None = None,
    now: datetime,
) -> Event:
    case = case_lock(case_id)
    payload = {"summary": summary, **({"detail": detail} if detail else {})}
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent("NoteRecorded", payload, occurred_at)], now=now
    )
    return event


@transaction.atomic
def event_redact(*, case_id: int, position: int, by: User, rationale: str, now: datetime) -> Event:
    """Replace one event's payload with the redaction marker, as a recorded decision.

    The event keeps its place, metadata and digest, so the chain still verifies;
    the decision to redact is itself an event, so verification can tell a
    sanctioned redaction from a removed payload.
    """
    case = case_lock(case_id)
    target = Event.objects.filter(case=case, position=position).first()
    if target is None:
        raise RecordError("position", f"case {case} has no record at position {position}")
    if target.type == REDACTION_EVENT:
        raise RecordError("position", "a redaction is itself never redacted")
    if target.type in CHANGES:
        # The case's state is rebuilt from this record; without it, it could not be.
        raise RecordError("position", f"a {target.type} record shapes the case and stays")
    if target.payload == REDACTED_PAYLOAD:
        raise RecordError("position", "that record is already redacted")
    decision = NewEvent(REDACTION_EVENT, {"position": position, "rationale": rationale})
    [event] = case_events_append(case=case, actor=by, events=[decision], now=now)
    Event.objects.filter(pk=target.pk).update(payload=REDACTED_PAYLOAD)
    return event
