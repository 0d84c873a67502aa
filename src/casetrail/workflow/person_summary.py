"""What a case page shows about its person: possible earlier records, and their other cases (F1)."""

from __future__ import annotations

from dataclasses import dataclass

from casetrail.people.blocking import blocking_keys
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


def too_little_to_match(case: Case) -> bool:
    """Whether the case's person gives matching nothing to look for others by: a date of
    birth alone, or one name alone, would bring everyone born that day or so named."""
    if case.person_id is None:
        return False
    return not blocking_keys(person_current(case.person_id).folded)


@dataclass(frozen=True)
class PossibleRecord:
    person: Person
    probability: float
    evidence: list  # [[field, level label, weight], ...]
    decision: str | None
    cases: list[PersonCase]  # those of the person the record now stands in
    joined_into: Person | None  # the person it has been joined into since, if it has
    this_person: bool  # joined since, by another decision, into the case's own person


def possible_records(case: Case) -> list[PossibleRecord]:
    """The earlier records matching found for this case, undecided first, most likely first.

    A record may have been joined into another since it was found: it is shown with the
    person it now stands in, and their cases.
    """
    matches = case.detail.get("matches", {})
    people = Person.objects.in_bulk([int(key) for key in matches])
    now = {pk: person_current(pk) if person.merged_into_id else person
           for pk, person in people.items()}  # fmt: skip
    case_person = person_current(case.person_id).pk if case.person_id else None
    cases = people_cases({person.pk for person in now.values()}, exclude=case.pk)
    found = [
        PossibleRecord(
            people[pk],
            item["probability"],
            item.get("evidence", []),
            item["decision"],
            cases.get(now[pk].pk, []),
            joined_into=now[pk] if now[pk].pk != pk else None,
            this_person=now[pk].pk == case_person,
        )
        for key, item in matches.items()
        if (pk := int(key)) in people
    ]
    return sorted(found, key=lambda item: (item.decision is not None, -item.probability))
