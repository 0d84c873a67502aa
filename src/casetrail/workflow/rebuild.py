"""Rebuild each case's current state from its chronology, and compare it with what is stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from django.db import transaction

from casetrail.chronology.models import Event
from casetrail.workflow.models import Case
from casetrail.workflow.state import CaseState, Happened, case_state_replay, state_values


@dataclass(frozen=True)
class Difference:
    case: str
    field: str
    stored: object
    rebuilt: object

    def __str__(self) -> str:
        return f"{self.case}: {self.field} is {self.stored!r}, the chronology says {self.rebuilt!r}"


def _suspects(progress: Callable[[int], object] | None) -> Iterator[int]:
    """Ids of cases whose stored state differs from their events, found in one unlocked pass.

    A case being written during the pass can look different without being so;
    each suspect is confirmed under its lock before anything is reported or changed.
    """
    events = Event.objects.order_by("case_id", "position").iterator(chunk_size=5000)
    by_case = groupby(events, key=attrgetter("case_id"))
    current = next(by_case, None)
    for case in Case.objects.order_by("id").iterator(chunk_size=2000):
        while current is not None and current[0] < case.pk:
            current = next(by_case, None)  # events without a case row: see orphaned_cases
        own: list[Happened] = []
        if current is not None and current[0] == case.pk:
            own = [Happened.from_stored(event) for event in current[1]]
            current = next(by_case, None)
        if state_differences(case, case_state_replay(own)):
            yield case.pk
        if progress:
            progress(1)


def _case_rebuilt_locked(case_id: int) -> tuple[Case, CaseState]:
    """The case locked for this transaction, and the state its events give now."""
    case = Case.objects.select_for_update().get(pk=case_id)
    events = Event.objects.filter(case_id=case_id).order_by("position")
    return case, case_state_replay([Happened.from_stored(event) for event in events])


def state_differences(case: Case, rebuilt: CaseState) -> list[Difference]:
    stored = state_values(case.state)
    return [
        Difference(str(case), name, stored[name], value)
        for name, value in state_values(rebuilt).items()
        if stored[name] != value
    ]


def cases_rebuild_check(progress: Callable[[int], object] | None = None) -> list[Difference]:
    differences = []
    for case_id in _suspects(progress):
        with transaction.atomic():
            differences += state_differences(*_case_rebuilt_locked(case_id))
    return differences


def cases_rebuild_apply(progress: Callable[[int], object] | None = None) -> int:
    """Replace every stored state that differs from its rebuilt one; return how many changed."""
    changed = 0
    for case_id in _suspects(progress):
        with transaction.atomic():
            case, rebuilt = _case_rebuilt_locked(case_id)
            if state_differences(case, rebuilt):
                case.state_store(rebuilt)
                case.save()
                changed += 1
    return changed


def orphaned_cases() -> list[int]:
    """Case ids that have events but no case row: a case removed from the database."""
    known = Case.objects.values("id")
    return sorted(
        # order_by: the model's ordering would otherwise make DISTINCT count each event.
        Event.objects.exclude(case_id__in=known)
        .order_by("case_id")
        .values_list("case_id", flat=True)
        .distinct()
    )
