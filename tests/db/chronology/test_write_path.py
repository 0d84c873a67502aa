"""Operations append events and update the case's state together, or not at all."""

import json
from datetime import timedelta

import pytest

from casetrail.chronology.chain import GENESIS, canonical_json, digest
from casetrail.chronology.models import Event
from casetrail.policy.models import policy_current
from casetrail.workflow.models import Case
from casetrail.workflow.operations.notes import note_record
from casetrail.workflow.record import RecordError
from tests.db.chronology.conftest import NOW


def test_opening_a_case_records_its_first_event(case, caseworker):
    [event] = Event.objects.filter(case=case)
    assert (event.position, event.type, event.previous_hash) == (1, "ReferralReceived", GENESIS)
    payload = json.loads(event.payload)
    assert (payload["reference"], payload["concerns"]) == (case.reference, case.summary)
    assert event.payload_digest == digest(canonical_json(json.loads(event.payload)))
    assert (event.actor, event.agency) == (caseworker, caseworker.agency)
    assert event.recorded_at == event.occurred_at == NOW
    assert case.reference == f"CT-{case.pk:06d}"


def test_each_event_links_to_the_one_before(case, caseworker):
    first = Event.objects.get(case=case)
    second = note_record(case_id=case.pk, by=caseworker, summary="Phone call with school", now=NOW)
    assert second.position == 2
    assert second.previous_hash == first.hash
    case.refresh_from_db()
    assert (case.head_position, case.head_hash) == (2, second.hash)


def test_an_event_may_have_happened_before_it_was_recorded(case, caseworker):
    earlier = NOW - timedelta(days=2)
    event = note_record(
        case_id=case.pk, by=caseworker, summary="Home visit", occurred_at=earlier, now=NOW
    )
    assert (event.occurred_at, event.recorded_at) == (earlier, NOW)
    assert not event.late


def test_a_record_made_after_the_policy_interval_is_late(case, caseworker):
    eight_days = NOW - timedelta(days=8)
    event = note_record(
        case_id=case.pk, by=caseworker, summary="Review meeting", occurred_at=eight_days, now=NOW
    )
    assert event.late
    case.refresh_from_db()
    assert case.late_events == 1


def test_the_late_interval_is_the_policy_in_force(case, caseworker):
    policy = policy_current()
    policy.late_record_days = 30
    policy.save()
    event = note_record(
        case_id=case.pk,
        by=caseworker,
        summary="Review meeting",
        occurred_at=NOW - timedelta(days=8),
        now=NOW,
    )
    assert not event.late


def test_a_future_occurred_at_is_refused_and_nothing_is_written(case, caseworker):
    with pytest.raises(RecordError, match="occurred_at: cannot be in the future"):
        note_record(
            case_id=case.pk,
            by=caseworker,
            summary="Visit",
            occurred_at=NOW + timedelta(minutes=1),
            now=NOW,
        )
    assert Event.objects.filter(case=case).count() == 1
    assert Case.objects.get(pk=case.pk).head_position == 1


@pytest.mark.parametrize(
    ("summary", "message"),
    [
        ("", "NoteRecorded.summary: '' should be non-empty"),
        ("   ", "NoteRecorded.summary"),
        ("x" * 201, "NoteRecorded.summary: .* is too long"),
    ],
)
def test_a_payload_that_breaks_its_schema_names_the_field(case, caseworker, summary, message):
    with pytest.raises(RecordError, match=message) as refusal:
        note_record(case_id=case.pk, by=caseworker, summary=summary, now=NOW)
    assert refusal.value.field == "summary"
    assert "NoteRecorded" not in refusal.value.plain  # what a person is shown by the field
    assert Event.objects.filter(case=case).count() == 1


@pytest.mark.django_db(transaction=True)
def test_events_cannot_be_appended_outside_an_operation(case, caseworker):
    from casetrail.workflow.record import NewEvent, case_events_append

    with pytest.raises(RuntimeError, match="inside the operation's transaction"):
        case_events_append(
            case=case,
            actor=caseworker,
            now=NOW,
            events=[NewEvent("NoteRecorded", {"summary": "x"})],
        )


def test_two_events_at_one_position_are_refused_by_the_database(case, caseworker):
    from django.db import IntegrityError, transaction

    first = Event.objects.get(case=case)
    first.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()
