"""The review of uncertain pairs (F1): the queue's read queries, and a person's decision on a pair.

An import keeps the pairs it could not tell apart or together; a caseworker or
supervisor decides each, with a rationale. "The same person" joins the right
record into the left; either way the decision is recorded with who, when and
why, and is never changed afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from casetrail.accounts.models import User
from casetrail.people.cases import PersonCase, people_cases
from casetrail.people.models import PairDecision, Person, SourceRecord, UncertainPair
from casetrail.people.selectors import one_person, person_current
from casetrail.people.services import joins_take_turns
from casetrail.workflow.operations.common import rationale_checked
from casetrail.workflow.operations.people import people_join_recorded
from casetrail.workflow.record import RecordError


class PairAlreadyDecided(Exception):
    """A pair's decision stands: deciding it again is refused, whatever the new answer."""

    def __init__(self, pair: UncertainPair):
        self.pair = pair
        when = f"{pair.decided_at:%-d %B %Y}" if pair.decided_at else "earlier"
        super().__init__(f"This pair was decided by {pair.decided_by} on {when}: it stays decided")


def pairs_open() -> QuerySet[UncertainPair]:
    """Undecided pairs, the most likely first: those are the quickest to settle."""
    pairs = UncertainPair.objects.filter(decided_at=None).select_related("left", "right")
    return pairs.order_by("-probability", "id")


def pairs_decided() -> QuerySet[UncertainPair]:
    pairs = UncertainPair.objects.exclude(decided_at=None)
    return pairs.select_related("left", "right", "decided_by").order_by("-decided_at", "-id")


@dataclass(frozen=True)
class Side:
    """One record of a pair as a reviewer compares it: the person it now stands in, and theirs."""

    record: str
    person: Person
    records: list[SourceRecord]
    cases: list[PersonCase]

    @property
    def casetrail_cases(self) -> list[PersonCase]:
        """Cases in casetrail itself: an older system's are in `earlier_cases`, in full."""
        return [case for case in self.cases if not case.source]

    @property
    def earlier_cases(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Each imported record's case columns, labelled to read: "referred_on" as "Referred on"."""
        return [
            (f"{record.source} {record.record_id}", _columns(record.case))
            for record in self.records
            if record.case
        ]


def _columns(case: dict) -> list[tuple[str, str]]:
    return [
        (key.replace("_", " ").capitalize(), str(value))
        for key, value in case.items()
        if value not in ("", None)
    ]


def pair_sides(pair: UncertainPair) -> tuple[Side, Side]:
    """Both records as they stand now: either may have been joined to someone since the import."""
    left, right = person_current(pair.left_id), person_current(pair.right_id)
    cases = people_cases({left.pk, right.pk})
    records = SourceRecord.objects.filter(person__in=[left, right]).order_by("source", "record_id")

    def side(record: str, person: Person) -> Side:
        mine = [item for item in records if item.person_id == person.pk]
        return Side(record, person, mine, cases.get(person.pk, []))

    return side(pair.left_label, left), side(pair.right_label, right)


@transaction.atomic
def pair_decide(
    *, pair_id: int, by: User, same: bool, rationale: str, now: datetime
) -> UncertainPair:
    """Record whether a pair's two records are one person, joining them when they are."""
    if not by.has_perm("people.review_pairs"):
        raise PermissionDenied(f"{by} may not decide pairs of records")
    if same:
        joins_take_turns()  # before any row is locked, as a link made on a case takes it
    # Locked, so two reviewers deciding the same pair at once cannot both succeed.
    pair = UncertainPair.objects.select_for_update().get(pk=pair_id)
    if pair.decided_at is not None:
        raise PairAlreadyDecided(pair)
    pair.rationale = rationale_checked(rationale)
    if not same and one_person(pair.left_id, pair.right_id):
        # Joined since by another decision: "different" would contradict it and undo nothing.
        raise RecordError(
            "decision",
            "Both records already stand for one person, joined by another decision: "
            "they cannot be recorded as different people",
        )
    if same:
        people_join_recorded(
            keep=pair.left_id, join=pair.right_id, by=by, now=now, rationale=pair.rationale,
            how=f"in the review of imported records {pair.label}",
        )  # fmt: skip
    pair.decision = PairDecision.SAME if same else PairDecision.DIFFERENT
    pair.decided_by, pair.decided_at = by, now
    pair.save(update_fields=["decision", "decided_by", "decided_at", "rationale"])
    return pair
