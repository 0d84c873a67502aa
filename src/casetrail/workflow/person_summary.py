"""What a case page shows about its person: possible earlier records, and their other cases (F1)."""

from __future__ import annotations

from dataclasses import dataclass

from casetrail.people.cases import PersonCase, people_cases
from casetrail.people.models import Person
from casetrail.people.selectors import person_current
from casetrail.workflow.models import Case


def person_cases(case: Case) -> list[PersonCase]:
    """The other cases of the person this case is about, in casetrail and older systems."""
    if case.person_id is None:
        return []
    person = person_current(case.person_id)
    return people_cases([person.pk], exclude=case.pk).get(person.pk, [])


@dataclass(frozen=True)
class PossibleRecord:
    person: Person
    probability: float
    evidence: list  # [[field, level label, weight], ...]
    decision: str | None
    cases: list[PersonCase]


def possible_records(case: Case) -> list[PossibleRecord]:
    """The earlier records matching found for this case, undecided first, most likely first."""
    matches = case.detail.get("matches", {})
    people = Person.objects.in_bulk([int(key) for key in matches])
    cases = people_cases(people, exclude=case.pk)
    found = [
        PossibleRecord(
            people[int(key)],
            item["probability"],
            item.get("evidence", []),
            item["decision"],
            cases.get(int(key), []),
        )
        for key, item in matches.items()
        if int(key) in people
    ]
    return sorted(found, key=lambda item: (item.decision is not None, -item.probability))
