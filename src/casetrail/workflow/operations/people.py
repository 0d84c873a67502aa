"""Who a case is about: possible earlier records found, and a person's decision on each (F1)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from casetrail.accounts.models import User
from casetrail.chronology.models import Event
from casetrail.people.models import Person
from casetrail.people.selectors import person_candidates, person_current
from casetrail.people.services import people_join
from casetrail.workflow.operations.common import case_for_step, decision_payload
from casetrail.workflow.projection import matches_undecided
from casetrail.workflow.record import NewEvent, RecordError, case_events_append
from casetrail.workflow.stages import Step

SAME = "The same person: link this case to the earlier record"
DIFFERENT = "A different person: dismiss the earlier record"


def matches_found_events(person: Person, *, exclude: set[int]) -> list[NewEvent]:
    """The record of the candidates matching suggested, with why; none when there are none."""
    candidates = person_candidates(person.folded, exclude=exclude)
    if not candidates:
        return []
    found = [
        {
            "person_id": item.person.pk,
            "probability": round(item.match.probability, 4),
            "evidence": [
                [part.field, part.label, round(part.weight, 2)] for part in item.match.evidence
            ],
        }
        for item in candidates
    ]
    return [NewEvent("PersonMatchesFound", {"candidates": found})]


@transaction.atomic
def person_matches_find(*, case_id: int, by: User, now: datetime) -> list[Event]:
    """Look again for earlier records: people recorded or imported since may be this person."""
    case = case_for_step(
        case_id=case_id, step=Step.FIND_PERSON_MATCHES, by=by, permission="people.match"
    )
    if case.person_id is None:
        raise RecordError("person", "This case has no person record to match")
    seen = {int(key) for key in case.detail.get("matches", {})}
    person = person_current(case.person_id)  # once linked, the earlier record it joined
    events = matches_found_events(person, exclude={case.person_id, person.pk, *seen})
    return case_events_append(case=case, actor=by, events=events, now=now) if events else []


@transaction.atomic
def person_match_decide(
    *,
    case_id: int,
    by: User,
    person_id: int,
    same: bool,
    rationale: str,
    now: datetime,
    occurred_at: datetime | None = None,
) -> Event:
    """Link the case to a suggested earlier record, or dismiss it, with the reason why."""
    case = case_for_step(
        case_id=case_id, step=Step.DECIDE_PERSON_MATCH, by=by, permission="people.match"
    )
    if person_id not in matches_undecided(case.detail) or case.person_id is None:
        raise RecordError("person_id", "Choose one of the possible earlier records to decide")
    if not same and person_current(person_id).pk == person_current(case.person_id).pk:
        raise RecordError(
            "decision",
            "This earlier record already stands for the case's person, joined by another "
            "decision: it cannot be dismissed as a different person",
        )
    chosen = SAME if same else DIFFERENT
    payload = {
        **decision_payload(options=[SAME, DIFFERENT], chosen=chosen, rationale=rationale),
        "person_id": person_id,
    }
    if same:
        people_join(keep=person_id, join=case.person_id, now=now)
    event_type = "PersonLinked" if same else "PersonMatchDismissed"
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent(event_type, payload, occurred_at)], now=now
    )
    return event
