"""Demo cases whose chronologies show a story, late records and a redaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from casetrail.accounts.models import User
from casetrail.workflow.models import Case
from casetrail.workflow.operations import case_open, event_redact, note_record


@transaction.atomic
def demo_cases_load(*, now: datetime) -> int:
    """Open the demo cases once; return how many cases there are."""
    if Case.objects.exists():
        return Case.objects.count()
    officer = User.objects.get(username="officer")
    supervisor = User.objects.get(username="supervisor")
    _review_case(officer, supervisor, now)
    _recent_case(officer, now)
    return Case.objects.count()


def _review_case(officer: User, supervisor: User, now: datetime) -> None:
    # Referred about two years ago; closed after four months; reviewed a year after that.
    start = now - timedelta(days=760)
    case = case_open(
        by=officer,
        occurred_at=start,
        now=start,
        summary="School reports a pupil viewing extremist material online",
    )

    def note(days: int, summary: str, detail: str = "", recorded_days: int | None = None) -> None:
        happened = start + timedelta(days=days)
        note_record(
            case_id=case.pk,
            by=officer,
            summary=summary,
            detail=detail,
            occurred_at=happened,
            now=start + timedelta(days=recorded_days or days),
        )

    note(
        3,
        "Call with the school's safeguarding lead",
        "School told the matter is being dealt with; no request for its views.",
    )
    note(20, "Intervention session 1 delivered")
    note(
        34, "Intervention session 2 did not take place", "Provider thought one session was planned."
    )
    note(120, "Case closed at panel after risk judged low")
    # The 12-month review was done on time but recorded eight months later.
    note(
        485,
        "12-month review completed",
        "Reviewed by phone with the family.",
        recorded_days=485 + 240,
    )
    note(486, "Home address and phone number noted in error")
    event_redact(
        case_id=case.pk,
        position=7,
        by=supervisor,
        now=now - timedelta(days=1),
        rationale="Personal details recorded on the wrong case; removed under policy",
    )


def _recent_case(officer: User, now: datetime) -> None:
    start = now - timedelta(days=12)
    case = case_open(
        by=officer,
        occurred_at=start,
        now=start,
        summary="Referral from GP about a patient expressing violent views",
    )
    note_record(
        case_id=case.pk,
        by=officer,
        summary="Gateway checks started",
        occurred_at=start + timedelta(days=1),
        now=start + timedelta(days=1),
    )
    note_record(
        case_id=case.pk,
        by=officer,
        summary="Visit to the family home",
        detail="Recorded after returning from leave.",
        occurred_at=start + timedelta(days=2),
        now=now,
    )
