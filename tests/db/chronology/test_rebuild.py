"""Case state rebuilt from the chronology equals the stored state, and differences are reported."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from casetrail.workflow.models import Case
from casetrail.workflow.operations import case_open, event_redact, note_record
from casetrail.workflow.rebuild import cases_rebuilt, state_differences
from tests.db.chronology.conftest import NOW


@pytest.fixture
def cases(case, caseworker):
    note_record(
        case_id=case.pk,
        by=caseworker,
        summary="Late note",
        occurred_at=NOW - timedelta(days=20),
        now=NOW,
    )
    event_redact(case_id=case.pk, position=2, by=caseworker, rationale="Retention ended", now=NOW)
    return [case, case_open(by=caseworker, summary="Another", now=NOW)]


def test_rebuilt_state_equals_stored_state(cases):
    rebuilt = list(cases_rebuilt())
    assert [case.pk for case, _ in rebuilt] == sorted(case.pk for case in cases)
    for case, state in rebuilt:
        assert state_differences(case, state) == []
        assert state == case.state


def test_rebuild_check_reports_a_difference_and_fails(cases):
    Case.objects.filter(pk=cases[0].pk).update(late_events=0, summary="Edited behind our back")
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 difference"):
        call_command("rebuild", "--check", "--quiet", stdout=out)
    report = out.getvalue()
    assert f"{cases[0].reference}: late_events is 0, the chronology says 1" in report
    assert "summary is 'Edited behind our back'" in report


def test_rebuild_apply_restores_the_state(cases):
    Case.objects.filter(pk=cases[0].pk).update(head_position=99)
    out = io.StringIO()
    call_command("rebuild", "--apply", "--quiet", stdout=out)
    assert "1 case(s) changed" in out.getvalue()
    call_command("rebuild", "--check", "--quiet", stdout=out)
    assert "state matches the chronology" in out.getvalue()
    assert Case.objects.get(pk=cases[0].pk).head_position == 3
