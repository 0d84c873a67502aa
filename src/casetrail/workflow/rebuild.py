"""Rebuild each case's current state from its chronology, and compare it with what is stored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from itertools import groupby
from operator import attrgetter

from django.db import transaction

from casetrail.chronology.models import Event
from casetrail.workflow.models import Case
from casetrail.workflow.state import CaseState, Happened, case_state_replay


@dataclass(frozen=True)
class Difference:
    case: str
    field: str
    stored: object
    rebuilt: object

    def __str__(self) -> str:
        return f"{self.case}: {self.field} is {self.stored!r}, the chronology says {self.rebuilt!r}"


def cases_rebuilt(
    progress: Callable[[int], object] | None = None,
) -> Iterator[tuple[Case, CaseState]]:
    """Each case with the state its events give, in one ordered pass over all events."""
    events = Event.objects.order_by("case_id", "position").iterator(chunk_size=5000)
    by_case = groupby(events, key=attrgetter("case_id"))
    current = next(by_case, None)
    for case in Case.objects.order_by("id").iterator(chunk_size=2000):
        while current is not None and current[0] < case.pk:
            current = next(by_case, None)  # events of a case row that no longer exists
        own: list[Happened] = []
        if current is not None and current[0] == case.pk:
            own = [Happened.from_stored(event) for event in current[1]]
            current = next(by_case, None)
        yield case, case_state_replay(own)
        if progress:
            progress(1)


def state_differences(case: Case, rebuilt: CaseState) -> list[Difference]:
    stored = asdict(case.state)
    return [
        Difference(str(case), name, stored[name], value)
        for name, value in asdict(rebuilt).items()
        if stored[name] != value
    ]


def cases_rebuild_apply(progress: Callable[[int], object] | None = None) -> int:
    """Replace every stored state that differs from its rebuilt one; return how many changed."""
    changed = 0
    for case, rebuilt in cases_rebuilt(progress):
        if state_differences(case, rebuilt):
            with transaction.atomic():
                locked = Case.objects.select_for_update().get(pk=case.pk)
                locked.state_store(rebuilt)
                locked.save()
            changed += 1
    return changed
