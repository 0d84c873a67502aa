"""Case state rebuilt from the chronology equals the stored state, and differences are reported."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from casetrail.workflow.models import Case
from casetrail.workflow.operations.notes import event_redact, note_record
from casetrail.workflow.operations.referral import referral_receive
from casetrail.workflow.rebuild import cases_rebuild_check
from casetrail.workflow.scenarios import sample_referral
from tests.db.chronology.conftest import NOW, tamper


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
    return [
        case,
        referral_receive(
            by=caseworker, referral=sample_referral(caseworker, concerns="Another"), now=NOW
        ),
    ]


def test_rebuilt_state_equals_stored_state(cases):
    assert cases_rebuild_check() == []


def test_a_removed_case_row_is_reported(cases):
    removed = Case.objects.filter(pk=cases[1].pk).values().get()
    tamper("DELETE FROM workflow_case WHERE id = %s", [removed["id"]])
    out = io.StringIO()
    try:
        with pytest.raises(CommandError, match="1 difference"):
            call_command("rebuild", "--check", "--quiet", stdout=out)
        assert f"case id {removed['id']} has events but no case row" in out.getvalue()
    finally:
        Case.objects.create(**removed)  # so the end-of-test foreign key check passes


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


def test_apply_never_overwrites_a_record_made_after_the_scan(cases, caseworker, monkeypatch):
    from casetrail.workflow import rebuild

    case = cases[0]
    Case.objects.filter(pk=case.pk).update(late_events=0)
    scan = rebuild._suspects

    def scan_then_a_note_lands(progress):
        suspects = list(scan(progress))
        note_record(case_id=case.pk, by=caseworker, summary="Saved during the rebuild", now=NOW)
        yield from suspects

    monkeypatch.setattr(rebuild, "_suspects", scan_then_a_note_lands)
    assert rebuild.cases_rebuild_apply() == 1
    case.refresh_from_db()
    assert (case.head_position, case.late_events) == (4, 1)
    note_record(case_id=case.pk, by=caseworker, summary="And the next one", now=NOW)
