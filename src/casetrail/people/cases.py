"""Read query: the cases each person is the subject of, in casetrail and in older systems.

Shared by the case page, the review queue and the API, which all show a screener
what is already known of someone: "referred 2014, exited 2015, reviews: one late".
Listing cases is not a read of any one case, so nothing is written to the access log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from casetrail.people.models import SourceRecord
from casetrail.workflow.models import Case
from casetrail.workflow.stages import STAGE_LABELS, Stage


@dataclass(frozen=True)
class PersonCase:
    reference: str
    stage: str  # a casetrail stage, or an older system's outcome as it gave it
    opened_on: date | None
    exited_on: date | None = None
    reviews_late: int | None = None  # None when no review was due
    source: str = ""  # the older system a case came from; "" for casetrail's own
    late_records: int = 0

    @property
    def stage_label(self) -> str:
        if self.source:
            return self.stage
        return STAGE_LABELS[Stage(self.stage)] if self.stage else ""

    @property
    def story(self) -> str:
        """The case in a line: when it was referred, exited, and how its reviews went."""
        parts = [f"referred {self.opened_on:%Y}" if self.opened_on else "referred"]
        if self.exited_on:
            parts.append(f"{'closed' if self.source else 'exited'} {self.exited_on:%Y}")
        if self.reviews_late is not None:
            late = {0: "on time", 1: "one late"}.get(self.reviews_late, f"{self.reviews_late} late")
            parts.append(f"reviews: {late}")
        if self.late_records:
            parts.append(
                f"{self.late_records} record{'s' if self.late_records > 1 else ''} made late"
            )
        story = ", ".join(parts)
        return f"{story} ({self.stage_label})" if self.stage_label else story


def _reviews_late(row: dict, today: date) -> int | None:
    due = [(row[f"review_{m}_due_on"], row[f"review_{m}_done_on"]) for m in (6, 12)]
    if not any(on for on, _ in due):
        return None
    return sum(bool(on and ((done and done > on) or (not done and on < today))) for on, done in due)


def _local(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def people_cases(
    person_ids: Iterable[int], *, exclude: int | None = None
) -> dict[int, list[PersonCase]]:
    """Each person's cases, earliest first, in two queries whatever the number of people.

    A case may still name a record since joined into the person: person_merge
    points every joined record straight at the survivor, so one step suffices.
    """
    ids, today = set(person_ids), timezone.localdate()
    columns = ["reference", "stage", "opened_at", "exited_at", "person_id",
               "person__merged_into_id", "late_events",
               *(f"review_{m}_{part}_on" for m in (6, 12) for part in ("due", "done"))]  # fmt: skip
    cases = Case.objects.exclude(pk=exclude) if exclude is not None else Case.objects.all()
    rows = (
        cases.filter(Q(person_id__in=ids) | Q(person__merged_into_id__in=ids))
        .exclude(reference=None)
        .order_by("opened_at", "id")
        .values(*columns)
    )
    found: dict[int, list[PersonCase]] = defaultdict(list)
    for row in rows:
        owner = row["person_id"] if row["person_id"] in ids else row["person__merged_into_id"]
        found[owner].append(
            PersonCase(
                row["reference"], row["stage"], _local(row["opened_at"]),
                _local(row["exited_at"]), _reviews_late(row, today),
                late_records=row["late_events"],
            )
        )  # fmt: skip
    for record in SourceRecord.objects.filter(person_id__in=ids).exclude(case={}).order_by("id"):
        found[record.person_id].append(_legacy_case(record))
    return found


def _legacy_case(record: SourceRecord) -> PersonCase:
    case = record.case

    def day(name: str) -> date | None:
        try:
            return date.fromisoformat(case.get(name, ""))
        except ValueError:
            return None

    reference = case.get("case_reference") or record.record_id
    return PersonCase(
        f"{reference} ({record.source})", case.get("outcome", ""), day("referred_on"),
        day("closed_on"), source=record.source,
    )  # fmt: skip
