"""Notes on a case, and redacting a record's personal data as a recorded decision."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from casetrail.accounts.models import User
from casetrail.chronology.chain import REDACTED_PAYLOAD, REDACTION_EVENT
from casetrail.chronology.models import Event
from casetrail.workflow.operations.common import case_for_step
from casetrail.workflow.projection import payload_shapes_state
from casetrail.workflow.record import NewEvent, RecordError, case_events_append, case_lock
from casetrail.workflow.stages import Step


@transaction.atomic
def note_record(
    *,
    case_id: int,
    by: User,
    summary: str,
    detail: str = "",
    significant: bool = False,
    occurred_at: datetime | None = None,
    now: datetime,
) -> Event:
    """A note of what happened; significant new information makes earlier assessments stale."""
    case = case_for_step(
        case_id=case_id, step=Step.RECORD_NOTE, by=by, permission="workflow.record_note"
    )
    payload: dict = {"summary": summary, **({"detail": detail} if detail else {})}
    if significant:
        payload["significant"] = True
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
    if target.payload == REDACTED_PAYLOAD:
        raise RecordError("position", "that record is already redacted")
    if payload_shapes_state(target.type, target.payload):
        # The case's state is rebuilt from this record; without it, it could not be.
        raise RecordError("position", f"a {target.type} record shapes the case and stays")
    decision = NewEvent(REDACTION_EVENT, {"position": position, "rationale": rationale})
    [event] = case_events_append(case=case, actor=by, events=[decision], now=now)
    Event.objects.filter(pk=target.pk).update(payload=REDACTED_PAYLOAD)
    return event
