"""Writers racing on one case never fork its chain (PostgreSQL, with real connections)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from casetrail.chronology.models import Event
from casetrail.chronology.verification import checkpoint_record, log_verify
from casetrail.workflow.operations.notes import note_record
from tests.db.chronology.conftest import NOW

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's test database is one in-memory connection",
    ),
]
WRITERS, NOTES_EACH = 8, 15


def write_notes(case_id: int, user, writer: int) -> None:
    try:
        for number in range(NOTES_EACH):
            note_record(case_id=case_id, by=user, summary=f"writer {writer} note {number}", now=NOW)
    finally:
        connections.close_all()


def test_concurrent_appends_to_one_case_make_one_unbroken_chain(case, caseworker):
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        for future in [pool.submit(write_notes, case.pk, caseworker, n) for n in range(WRITERS)]:
            future.result()
    positions = list(Event.objects.filter(case=case).values_list("position", flat=True))
    assert positions == list(range(1, WRITERS * NOTES_EACH + 2))
    assert log_verify().ok


def test_a_checkpoint_taken_during_appends_stays_true(case, caseworker):
    with ThreadPoolExecutor(max_workers=4) as pool:
        writers = [pool.submit(write_notes, case.pk, caseworker, n) for n in range(3)]
        checkpoint = pool.submit(lambda: (checkpoint_record(now=NOW), connections.close_all()))
        for future in [*writers, checkpoint]:
            future.result()
    result = log_verify()
    assert result.ok, str(result.problem)
    assert result.checkpoints == 1
