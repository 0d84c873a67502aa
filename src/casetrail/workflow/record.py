"""The one write path: append a case's events to its chronology and update its state, together.

Every operation calls `case_events_append` inside its own transaction, after
checking its guards. Nothing else writes events or the Case table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from casetrail.accounts.models import User
from casetrail.chronology.chain import EventFacts, canonical_json, digest, microseconds
from casetrail.chronology.event_types import PayloadError, event_type_get
from casetrail.chronology.models import Event
from casetrail.local_time import local_day
from casetrail.policy.models import policy_current
from casetrail.workflow.models import Case
from casetrail.workflow.state import Happened, case_state_apply


class RecordError(ValueError):
    """An event cannot be recorded as given; the message names the field. Nothing is written."""

    def __init__(self, field: str, message: str, *, plain: str | None = None):
        self.field = field
        # What to tell a person beside the field, without the field's name.
        self.plain = plain or message
        super().__init__(f"{field}: {message}")


# A note may tell of what happened before the referral (the call that led to it), and a
# join of the person's records is recorded at the moment of the decision that made it, on
# every case of the person, whatever each one's own dates (a scenario built with times of its
# choosing may open one after it); every other event is a step on the case.
BEFORE_OPENING = frozenset({"NoteRecorded", "PersonRecordsJoined"})


@dataclass(frozen=True)
class NewEvent:
    type: str
    payload: dict
    # When it happened, if not now: a note of last week's visit is recorded late.
    occurred_at: datetime | None = None


def case_lock(case_id: int) -> Case:
    """The case, locked until the transaction ends so its chain has one writer at a time.

    PostgreSQL takes a row lock; SQLite's IMMEDIATE transactions already serialise writers.
    """
    return Case.objects.select_for_update().get(pk=case_id)


def case_events_append(
    *, case: Case, actor: User, events: list[NewEvent], now: datetime
) -> list[Event]:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_events_append must run inside the operation's transaction")
    late_after = timedelta(days=policy_current().late_record_days)
    state = case.state
    stored = []
    for new in events:
        event = _event_build(
            case, actor, new, state.head_position + 1, state.head_hash, now, late_after,
            opened_at=state.opened_at,
        )  # fmt: skip
        stored.append(event)
        state = case_state_apply(
            state,
            Happened(
                new.type,
                new.payload,
                event.occurred_at,
                now,
                event.position,
                event.hash,
                event.late,
                actor.pk,
            ),
        )
    Event.objects.bulk_create(stored)
    # Only what changed: a note moves the head and little else, and an UPDATE that
    # leaves every indexed column alone is far cheaper (a heap-only update on PostgreSQL).
    changed = case.state_store(state)
    if case.reference is None or "reference" in changed:
        case.save()
    else:
        case.save(update_fields=changed)
    return stored


def _event_build(
    case: Case,
    actor: User,
    new: NewEvent,
    position: int,
    previous_hash: str,
    now: datetime,
    late_after: timedelta,
    *,
    opened_at: datetime | None,
) -> Event:
    try:
        event_type_get(new.type).validate(new.payload)
    except PayloadError as error:
        raise RecordError(error.field or new.type, str(error), plain=error.message) from None
    occurred_at = new.occurred_at or now
    if occurred_at > now:
        raise RecordError("occurred_at", "cannot be in the future")
    if (
        opened_at is not None
        and local_day(occurred_at) < local_day(opened_at)
        and new.type not in BEFORE_OPENING
    ):
        # No step is taken on a case before it was referred: a day before it is a slip. By
        # the day, since many steps are dated by the day alone ("held on 3 March").
        raise RecordError(
            "occurred_at",
            f"cannot be before the day the referral was received, {local_day(opened_at):%-d %B %Y}",
        )
    late = now - occurred_at > late_after
    payload = canonical_json(new.payload)
    facts = EventFacts(
        case_id=case.pk,
        position=position,
        type=new.type,
        occurred_us=microseconds(occurred_at),
        recorded_us=microseconds(now),
        actor_id=actor.pk,
        agency_id=actor.agency_id,
        late=late,
        payload_digest=digest(payload),
        previous_hash=previous_hash,
    )
    return Event(
        case=case,
        position=position,
        type=new.type,
        occurred_at=occurred_at,
        recorded_at=now,
        actor=actor,
        agency_id=actor.agency_id,
        late=late,
        payload=payload,
        payload_digest=facts.payload_digest,
        previous_hash=previous_hash,
        hash=facts.hash(),
    )
