"""Read queries over the chronology: a case's timeline, one record, late records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from casetrail.accounts.models import Agency
from casetrail.chronology.chain import REDACTED_PAYLOAD
from casetrail.chronology.event_types import EVENT_TYPES, event_type_get
from casetrail.chronology.models import Event


@dataclass(frozen=True)
class TimelineEntry:
    event: Event
    title: str
    label: str
    payload: dict
    redacted: bool
    is_decision: bool
    withheld: bool = False  # what it says is not for this viewer (EventType.read_permission)

    @property
    def recorded_after(self) -> datetime | None:
        """When it was recorded, if that was not at the time it happened."""
        gap = self.event.recorded_at - self.event.occurred_at
        return self.event.recorded_at if gap.total_seconds() >= 60 else None


def timeline_entry(event: Event, viewer) -> TimelineEntry:
    """One event as `viewer` may read it."""
    event_type = event_type_get(event.type)
    permission = event_type.read_permission
    if permission and not viewer.has_perm(permission, event.case):
        title = f"{event_type.label}: about other people's records, which your role does not see"
        return TimelineEntry(event, title, event_type.label, {}, False, False, withheld=True)
    redacted = event.payload == REDACTED_PAYLOAD
    payload = {} if redacted else json.loads(event.payload)
    title = "Record redacted" if redacted else event_type.describe(payload)
    return TimelineEntry(event, title, event_type.label, payload, redacted, event_type.is_decision)


def case_timeline(
    case,
    *,
    viewer,
    event_type: str = "",
    agency_id: int | None = None,
    late_only: bool = False,
) -> list[TimelineEntry]:
    """The case's events in the order they happened, as one story, filtered as asked, as
    `viewer` may read them."""
    events = Event.objects.filter(case=case).select_related("actor", "agency", "case")
    if event_type:
        events = events.filter(type=event_type)
    if agency_id:
        events = events.filter(agency_id=agency_id)
    if late_only:
        events = events.filter(late=True)
    ordered = events.order_by("occurred_at", "position")
    return [timeline_entry(event, viewer) for event in ordered]


def case_event(case, position: int, *, viewer) -> TimelineEntry | None:
    event = Event.objects.select_related("actor", "agency", "case")
    found = event.filter(case=case, position=position).first()
    return timeline_entry(found, viewer) if found else None


def case_timeline_choices(case) -> tuple[list[tuple[str, str]], QuerySet[Agency]]:
    """The event types and agencies that appear in a case, for its filters."""
    types = Event.objects.filter(case=case).order_by("type").values_list("type", flat=True)
    types = types.distinct()
    labels = [(name, EVENT_TYPES[name].label) for name in types if name in EVENT_TYPES]
    agencies = Agency.objects.filter(
        id__in=Event.objects.filter(case=case).values("agency_id")
    ).order_by("name")
    return labels, agencies
