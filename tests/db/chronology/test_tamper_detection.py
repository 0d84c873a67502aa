"""Verification over the stored log catches each way someone with database access could tamper."""

from datetime import date, timedelta

import pytest

from casetrail.chronology.chain import EventFacts, canonical_json, digest, microseconds
from casetrail.chronology.models import Event
from casetrail.chronology.verification import checkpoint_record, log_verify
from casetrail.workflow.models import Case
from casetrail.workflow.operations.notes import event_redact, note_record
from casetrail.workflow.operations.referral import referral_receive
from casetrail.workflow.scenarios import sample_referral
from tests.db.chronology.conftest import NOW, tamper


@pytest.fixture
def log(case, caseworker, make_user):
    """Two cases, five events, and a checkpoint over them all."""
    for summary in ("Call with school", "Home visit", "Panel discussed"):
        note_record(case_id=case.pk, by=caseworker, summary=summary, now=NOW)
    other = referral_receive(
        by=make_user(caseworker.role),
        referral=sample_referral(
            make_user(caseworker.role), "Sam Other", date(2009, 1, 2), "Second referral"
        ),
        now=NOW,
    )
    return case, other, checkpoint_record(now=NOW)


def event(case, position) -> Event:
    return Event.objects.get(case=case, position=position)


def problem() -> str:
    result = log_verify()
    assert not result.ok, "verification should have failed"
    return str(result.problem)


def test_an_untouched_log_verifies(log):
    result = log_verify()
    assert result.ok
    assert (result.events, result.cases, result.checkpoints) == (5, 2, 1)


def test_a_changed_payload_is_detected(log):
    case, _, _ = log
    target = event(case, 2)
    tamper(
        "UPDATE chronology_event SET payload = %s WHERE id = %s",
        ['{"summary":"Nothing of note"}', target.pk],
    )
    assert problem() == (
        f"event {target.pk} (case {case.pk}, position 2): payload has been "
        "changed (it no longer matches its digest)"
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [("actor_id", None), ("type", "ScreeningStarted"), ("late", True)],
)
def test_changed_metadata_is_detected(log, column, value):
    case, _, _ = log
    target = event(case, 3)
    tamper(f"UPDATE chronology_event SET {column} = %s WHERE id = %s", [value, target.pk])
    assert problem() == (
        f"event {target.pk} (case {case.pk}, position 3): metadata has been "
        "changed (it no longer matches its hash)"
    )


@pytest.mark.parametrize("column", ["occurred_at", "recorded_at"])
def test_changed_dates_are_detected(log, column):
    case, _, _ = log
    target = event(case, 2)
    tamper(
        f"UPDATE chronology_event SET {column} = %s WHERE id = %s",
        [NOW - timedelta(days=30), target.pk],
    )
    assert "metadata has been changed" in problem()


def test_a_deleted_event_is_detected(log):
    case, _, _ = log
    tamper("DELETE FROM chronology_event WHERE id = %s", [event(case, 2).pk])
    assert "position 3): comes after position 1: an event is missing" in problem()


def test_reordered_events_are_detected(log):
    case, _, _ = log
    second, third = event(case, 2), event(case, 3)
    tamper("UPDATE chronology_event SET position = 99 WHERE id = %s", [second.pk])
    tamper("UPDATE chronology_event SET position = 2 WHERE id = %s", [third.pk])
    tamper("UPDATE chronology_event SET position = 3 WHERE id = %s", [second.pk])
    assert f"event {second.pk} (case {case.pk}, position 3)" in problem()


INSERT = (
    "INSERT INTO chronology_event (id, case_id, position, type, occurred_at, recorded_at, "
    "actor_id, agency_id, late, payload, payload_digest, previous_hash, hash) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


def forge_after(case, position: int, actor, *, renumber: bool) -> None:
    """Insert a forged event after `position` and re-hash every later one.

    With `renumber` the forger also gives the case's later events new ids in
    order, so that nothing in the chain itself looks wrong.
    """
    later = list(Event.objects.filter(case=case, position__gt=position).order_by("position"))
    previous = event(case, position).hash
    above = Event.objects.order_by("-id").values_list("id", flat=True).first() + 1000
    tamper(
        "UPDATE chronology_event SET position = position + 1000 "
        "WHERE case_id = %s AND position > %s",
        [case.pk, position],
    )
    forged = (None, "NoteRecorded", canonical_json({"summary": "Forged"}), NOW, NOW)
    entries = [forged] + [
        (old.pk, old.type, old.payload, old.occurred_at, old.recorded_at) for old in later
    ]
    for offset, (old_id, type_, payload, occurred, recorded) in enumerate(entries, start=1):
        facts = EventFacts(
            case.pk,
            position + offset,
            type_,
            microseconds(occurred),
            microseconds(recorded),
            actor.pk,
            actor.agency_id,
            False,
            digest(payload),
            previous,
        )
        previous = facts.hash()
        new_id = above + offset if renumber or old_id is None else old_id
        if old_id is None:
            tamper(
                INSERT,
                [
                    new_id,
                    case.pk,
                    position + 1,
                    type_,
                    occurred,
                    recorded,
                    actor.pk,
                    actor.agency_id,
                    False,
                    payload,
                    facts.payload_digest,
                    facts.previous_hash,
                    previous,
                ],
            )
        else:
            tamper(
                "UPDATE chronology_event SET id = %s, position = %s, previous_hash = %s, "
                "hash = %s WHERE id = %s",
                [new_id, position + offset, facts.previous_hash, previous, old_id],
            )


def test_a_forged_event_inserted_mid_chain_is_detected(log, caseworker):
    case, _, _ = log
    forge_after(case, 2, caseworker, renumber=False)
    assert "an event is missing or out of order" in problem()


def test_a_forged_event_with_a_consistent_chain_is_caught_by_the_checkpoint(log, caseworker):
    case, _, checkpoint = log
    forge_after(case, 2, caseworker, renumber=True)
    assert problem().startswith(
        f"checkpoint {checkpoint.pk}: recorded 5 events up to event {checkpoint.last_event_id}"
    )


def test_a_removed_case_is_caught_by_the_checkpoint(log):
    _, other, checkpoint = log
    tamper("DELETE FROM chronology_event WHERE case_id = %s", [other.pk])
    assert problem().startswith(f"checkpoint {checkpoint.pk}: recorded 5 events")


def test_a_truncated_log_is_caught_by_the_checkpoint(log):
    _, other, _checkpoint = log
    tamper("DELETE FROM chronology_event WHERE id = %s", [event(other, 1).pk])
    assert "events were removed" in problem()


def test_a_changed_checkpoint_is_detected(log):
    _, _, checkpoint = log
    tamper("UPDATE chronology_checkpoint SET event_count = 4")
    assert (
        problem() == f"checkpoint {checkpoint.pk}: has been changed (it no longer matches its hash)"
    )


def test_a_sanctioned_redaction_still_verifies(log, caseworker):
    case, _, _ = log
    event_redact(
        case_id=case.pk,
        position=2,
        by=caseworker,
        now=NOW,
        rationale="Retention period ended; learning review complete",
    )
    result = log_verify()
    assert result.ok, str(result.problem)
    assert result.redactions == 1
    assert event(case, 2).payload == '{"redacted":true}'


def test_a_payload_removed_without_a_redaction_decision_is_detected(log):
    case, _, _ = log
    target = event(case, 2)
    tamper(
        "UPDATE chronology_event SET payload = %s WHERE id = %s", ['{"redacted":true}', target.pk]
    )
    assert "payload was removed without a recorded redaction" in problem()


def test_redaction_refuses_what_it_cannot_do(log, caseworker):
    from casetrail.workflow.record import RecordError

    case, _, _ = log
    with pytest.raises(RecordError, match="no record at position 40"):
        event_redact(
            case_id=case.pk, position=40, by=caseworker, now=NOW, rationale="A reason long enough"
        )
    event_redact(
        case_id=case.pk, position=2, by=caseworker, now=NOW, rationale="A reason long enough"
    )
    with pytest.raises(RecordError, match="already redacted"):
        event_redact(
            case_id=case.pk, position=2, by=caseworker, now=NOW, rationale="A reason long enough"
        )
    with pytest.raises(RecordError, match="ReferralReceived record shapes the case"):
        event_redact(
            case_id=case.pk, position=1, by=caseworker, now=NOW, rationale="A reason long enough"
        )
    with pytest.raises(RecordError, match="never redacted"):
        event_redact(
            case_id=case.pk, position=5, by=caseworker, now=NOW, rationale="A reason long enough"
        )


def test_a_case_row_removed_with_its_history_kept_is_detected(log):
    _, other, _ = log
    removed = Case.objects.filter(pk=other.pk).values().get()
    tamper("DELETE FROM workflow_case WHERE id = %s", [other.pk])
    try:
        assert problem() == f"case id {other.pk} has events but no case row: the case was removed"
    finally:
        Case.objects.create(**removed)  # so the end-of-test foreign key check passes
