"""The database itself refuses to change or remove history; only redaction may replace a payload."""

import pytest
from django.db import DatabaseError, connection, transaction

from casetrail.chronology.access import case_access_record
from casetrail.chronology.chain import REDACTED_PAYLOAD
from casetrail.chronology.models import Event
from casetrail.chronology.verification import checkpoint_record
from tests.db.chronology.conftest import NOW


def run(sql: str, params=None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


@pytest.mark.parametrize(
    "change",
    [
        'UPDATE chronology_event SET payload = \'{"summary":"forged"}\'',
        "UPDATE chronology_event SET type = 'NoteRecorded'",
        "UPDATE chronology_event SET occurred_at = recorded_at",
        "UPDATE chronology_event SET late = NOT late",
        f"UPDATE chronology_event SET payload = '{REDACTED_PAYLOAD}', actor_id = NULL",
        "DELETE FROM chronology_event",
    ],
)
def test_the_database_refuses_to_change_events(case, change):
    with pytest.raises(DatabaseError, match="insert-only"):
        run(change)
    assert Event.objects.filter(case=case).exists()


@pytest.fixture
def access_and_checkpoint(case, caseworker):
    case_access_record(case=case, user=caseworker, what="chronology", channel="page", now=NOW)
    checkpoint_record(now=NOW)


@pytest.mark.parametrize(
    "table", ["chronology_caseaccess", "chronology_checkpoint", "chronology_checkpointhead"]
)
@pytest.mark.parametrize("change", ["UPDATE {table} SET id = id", "DELETE FROM {table}"])
def test_the_access_log_and_checkpoints_are_insert_only_too(access_and_checkpoint, table, change):
    with pytest.raises(DatabaseError, match="insert-only"):
        run(change.format(table=table))


def test_the_database_allows_only_the_redaction_marker_as_a_change(case):
    run("UPDATE chronology_event SET payload = %s", [REDACTED_PAYLOAD])
    assert Event.objects.get(case=case).payload == REDACTED_PAYLOAD


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_to_truncate_the_log(case):
    with pytest.raises(DatabaseError, match="insert-only"):
        # Deferred foreign-key checks from the test's own inserts must run first.
        run("SET CONSTRAINTS ALL IMMEDIATE; TRUNCATE chronology_event CASCADE")


def test_a_case_cannot_be_deleted(case):
    with pytest.raises(DatabaseError, match="insert-only"):
        run("DELETE FROM workflow_case")


def test_a_redaction_record_cannot_itself_be_redacted(case, caseworker):
    from casetrail.workflow.operations.notes import event_redact, note_record

    note_record(case_id=case.pk, by=caseworker, summary="Wrong address", now=NOW)
    event_redact(case_id=case.pk, position=2, by=caseworker, rationale="Wrong case", now=NOW)
    with pytest.raises(DatabaseError, match="insert-only"):
        run(
            "UPDATE chronology_event SET payload = %s WHERE type = 'PayloadRedacted'",
            [REDACTED_PAYLOAD],
        )


def test_an_insert_cannot_replace_an_existing_event(case):
    event = Event.objects.get(case=case)
    if connection.vendor == "sqlite":
        replace = (
            "INSERT OR REPLACE INTO chronology_event (id, case_id, position, type, occurred_at, "
            "recorded_at, actor_id, agency_id, late, payload, payload_digest, previous_hash, "
            "hash) SELECT id, case_id, position, type, occurred_at, recorded_at, actor_id, "
            'agency_id, late, \'{"summary":"forged"}\', payload_digest, previous_hash, hash '
            "FROM chronology_event WHERE id = %s"
        )
    else:
        replace = (
            "INSERT INTO chronology_event SELECT * FROM chronology_event WHERE id = %s "
            'ON CONFLICT (id) DO UPDATE SET payload = \'{"summary":"forged"}\''
        )
    with pytest.raises(DatabaseError, match="insert-only"):
        run(replace, [event.pk])
    assert Event.objects.get(pk=event.pk).payload == event.payload


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_no_session_setting_lifts_the_refusal(case):
    with pytest.raises(DatabaseError, match="insert-only"):
        run("SET LOCAL casetrail.history_maintenance = 'on'; DELETE FROM chronology_event")
