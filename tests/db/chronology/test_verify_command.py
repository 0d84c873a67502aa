"""`casetrail verify`: a summary line and a checkpoint when whole, the first fault when not."""

import io

import pytest
from django.core.management import CommandError, call_command

from casetrail.chronology.models import Checkpoint, Event
from casetrail.workflow.operations.notes import note_record
from tests.db.chronology.conftest import NOW, tamper


def test_it_summarises_a_whole_log_and_records_a_checkpoint(case, caseworker):
    note_record(case_id=case.pk, by=caseworker, summary="Visit", now=NOW)
    out = io.StringIO()
    call_command("verify", "--quiet", stdout=out)
    checkpoint = Checkpoint.objects.get()
    assert out.getvalue().strip() == (
        f"2 events, 1 cases, 0 checkpoints, 0 redactions: chain ok; "
        f"checkpoint {checkpoint.pk} {checkpoint.hash}"
    )
    assert checkpoint.event_count == 2


def test_each_verification_checks_the_checkpoints_before_it(case):
    call_command("verify", "--quiet", stdout=io.StringIO())
    out = io.StringIO()
    call_command("verify", "--quiet", "--no-checkpoint", stdout=out)
    assert "1 checkpoints" in out.getvalue()
    assert Checkpoint.objects.count() == 1


def test_it_names_the_first_bad_event(case, caseworker):
    note_record(case_id=case.pk, by=caseworker, summary="Visit", now=NOW)
    target = Event.objects.get(case=case, position=2)
    tamper("UPDATE chronology_event SET payload = %s WHERE id = %s", ['{"summary":"x"}', target.pk])
    with pytest.raises(CommandError, match=rf"chain broken at event {target.pk} \(case"):
        call_command("verify", "--quiet", stdout=io.StringIO())
    assert not Checkpoint.objects.exists()
