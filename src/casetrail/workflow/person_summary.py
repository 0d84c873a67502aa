"""What a case page shows about its person: possible earlier records, and their other cases (F1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casetrail.people.models import Person, SourceRecord
from casetrail.people.selectors import person_current
from casetrail.workflow.models import Case


@dataclass(frozen=True)
class EarlierCase:
    reference: str
    story: str  # "referred 2014, exited 2015, reviews: one late"
    url_reference: str = ""  # set when the case is in casetrail and can be opened


def _records_of(person: Person) -> set[int]:
    """The person and every record joined into it, however many joins ago."""
    ids, frontier = {person.pk}, [person.pk]
    while frontier:
        frontier = list(
            Person.objects.filter(merged_into__in=frontier).values_list("pk", flat=True)
        )
        ids.update(frontier)
    return ids


def _reviews_story(case: Case, today: date) -> str:
    late = 0
    for months in (6, 12):
        due = getattr(case, f"review_{months}_due_on")
        done = getattr(case, f"review_{months}_done_on")
        late += bool(due and ((done and done > due) or (not done and due < today)))
    if not (case.review_6_due_on or case.review_12_due_on):
        return ""
    return "reviews: " + ({0: "on time", 1: "one late"}.get(late) or f"{late} late")


def _case_story(case: Case, today: date) -> str:
    parts = [f"referred {case.opened_at:%Y}" if case.opened_at else "referred"]
    if case.exited_at:
        parts.append(f"exited {case.exited_at:%Y}")
    parts.append(case.stage_label.lower())
    reviews = _reviews_story(case, today)
    return ", ".join([*parts, reviews] if reviews else parts)


def _legacy_story(record: SourceRecord) -> EarlierCase:
    case = record.case
    parts = [f"referred {case['referred_on'][:4]}" if case.get("referred_on") else "referred"]
    if case.get("closed_on"):
        parts.append(f"closed {case['closed_on'][:4]}")
    if case.get("outcome"):
        parts.append(case["outcome"])
    reference = case.get("case_reference") or record.record_id
    return EarlierCase(f"{reference} ({record.source})", ", ".join(parts))


def person_cases(person_id: int, *, today: date, exclude: int | None = None) -> list[EarlierCase]:
    """A person's cases in casetrail and in older systems, earliest first."""
    ids = _records_of(person_current(person_id))
    cases = Case.objects.filter(person_id__in=ids).exclude(pk=exclude).order_by("opened_at")
    stories = [EarlierCase(c.reference or "", _case_story(c, today), c.reference or "")
               for c in cases]  # fmt: skip
    legacy = SourceRecord.objects.filter(person_id__in=ids).exclude(case={})
    return stories + [_legacy_story(record) for record in legacy.order_by("id")]


@dataclass(frozen=True)
class PossibleRecord:
    person: Person
    probability: float
    evidence: list  # [[field, level label, weight], ...]
    decision: str | None
    cases: list[EarlierCase]


def possible_records(case: Case, *, today: date) -> list[PossibleRecord]:
    """The earlier records matching found for this case, undecided first, most likely first."""
    matches = case.detail.get("matches", {})
    people = Person.objects.in_bulk([int(key) for key in matches])
    found = [
        PossibleRecord(
            people[int(key)],
            item["probability"],
            item.get("evidence", []),
            item["decision"],
            person_cases(int(key), today=today, exclude=case.pk),
        )
        for key, item in matches.items()
        if int(key) in people
    ]
    return sorted(found, key=lambda item: (item.decision is not None, -item.probability))
