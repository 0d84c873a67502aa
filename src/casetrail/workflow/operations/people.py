"""Who a case is about: possible earlier records found, and a person's decision on each (F1)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q

from casetrail.accounts.models import User
from casetrail.chronology.models import Event
from casetrail.people.models import Person
from casetrail.people.selectors import one_person, person_candidates, person_current
from casetrail.people.services import joins_take_turns, people_join
from casetrail.workflow.models import Case
from casetrail.workflow.operations.common import case_for_step, decision_payload
from casetrail.workflow.projection import matches_undecided
from casetrail.workflow.record import NewEvent, RecordError, case_events_append, case_lock
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
    if same:
        # Before the case is locked: a join locks the person's other cases too, and two links
        # made at once each holding its own case would wait on each other's.
        joins_take_turns()
    case = case_for_step(
        case_id=case_id, step=Step.DECIDE_PERSON_MATCH, by=by, permission="people.match"
    )
    decided = case.detail.get("matches", {}).get(str(person_id), {}).get("decision")
    if decided:
        raise RecordError("person_id", f"Earlier record P-{person_id} is already {decided}")
    if person_id not in matches_undecided(case.detail) or case.person_id is None:
        raise RecordError("person_id", "Choose one of the possible earlier records to decide")
    if not same and one_person(person_id, case.person_id):
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
        people_join_recorded(
            keep=person_id, join=case.person_id, by=by, now=now,
            how=f"by a link made on case {case.reference}", rationale=payload["rationale"],
            besides=case.pk,
        )  # fmt: skip
    event_type = "PersonLinked" if same else "PersonMatchDismissed"
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent(event_type, payload, occurred_at)], now=now
    )
    return event


def people_join_recorded(
    *, keep: int, join: int, by: User, now: datetime, how: str, rationale: str,
    besides: int | None = None,
) -> Person:  # fmt: skip
    """Join two people's records as one person, and say so on the chronology of each case
    of either (but `besides`, whose own decision records it): each case's person now
    carries the other's history, which its screener and any review should see came from
    a decision, whose, and why. Nothing is recorded when they were one already."""
    kept, joined = person_current(keep).pk, person_current(join).pk
    survivor = people_join(keep=keep, join=join, now=now)
    if kept == joined:
        return survivor
    payload = {
        "person_id": survivor.pk,
        "joined_person_id": joined if survivor.pk == kept else kept,
        "how": how,
        "rationale": rationale,
    }
    cases = Case.objects.filter(Q(person_id=survivor.pk) | Q(person__merged_into_id=survivor.pk))
    if besides is not None:
        cases = cases.exclude(pk=besides)
    for case_id in cases.order_by("pk").values_list("pk", flat=True):
        case_events_append(
            case=case_lock(case_id), actor=by,
            events=[NewEvent("PersonRecordsJoined", payload)], now=now,
        )  # fmt: skip
    return survivor
