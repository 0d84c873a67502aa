"""The compliance signals the dashboard counts and the caseload filters by, each defined once.

A signal is a condition on the case table's indexed columns; counting all of
them is a fixed number of queries, however many cases there are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q

from casetrail.assessments.loading import version_in_force
from casetrail.local_time import local_day
from casetrail.policy.models import policy_current
from casetrail.workflow.operations.common import ASSESSMENT_FORM
from casetrail.workflow.stages import ENDED, STAGE_LABELS, WITH_PANEL, Stage


@dataclass(frozen=True)
class Moment:
    """What the signals compare against: today, the policy, and the form in force."""

    today: date
    soon: date
    stale_before: datetime
    version_in_force: int | None


def moment_at(now: datetime) -> Moment:
    policy = policy_current()
    return Moment(
        today=local_day(now),
        soon=local_day(now) + timedelta(days=policy.review_due_soon_days),
        stale_before=now - timedelta(days=policy.assessment_max_age_days),
        version_in_force=version_in_force(ASSESSMENT_FORM),
    )


@dataclass(frozen=True)
class Signal:
    code: str
    label: str
    finding: str
    where: Callable[[Moment], Q]


OPEN = ~Q(stage__in=[stage.value for stage in ENDED])
SUPPORTED = Q(stage__in=[stage.value for stage in WITH_PANEL])


def _review_due(months: int, *, before: date, on_or_after: date | None = None) -> Q:
    # Only an exited case has a review not done with a due date (reopening clears them),
    # so no stage test is needed, and the due-date index answers alone.
    due = {f"review_{months}_done_on": None, f"review_{months}_due_on__lt": before}
    if on_or_after is not None:
        due[f"review_{months}_due_on__gte"] = on_or_after
    return Q(**due)


def _reviews_overdue(m: Moment) -> Q:
    return _review_due(6, before=m.today) | _review_due(12, before=m.today)


def _reviews_due_soon(m: Moment) -> Q:
    after_soon = m.soon + timedelta(days=1)
    return _review_due(6, before=after_soon, on_or_after=m.today) | _review_due(
        12, before=after_soon, on_or_after=m.today
    )


def _stale_assessments(m: Moment) -> Q:
    stale = (
        Q(assessment_at=None)
        | Q(assessment_at__lt=m.stale_before)
        | Q(significant_at__gt=F("assessment_at"))
    )
    if m.version_in_force is not None:
        stale |= ~Q(assessment_version=m.version_in_force)
    return SUPPORTED & stale


SIGNALS = [
    Signal("reviews_overdue", "Reviews overdue", "F3", _reviews_overdue),
    Signal("reviews_due_soon", "Reviews due soon", "F3", _reviews_due_soon),
    Signal(
        "session_gaps",
        "Planned sessions not delivered",
        "F9",
        lambda m: SUPPORTED & (Q(sessions_unexplained__gt=0) | Q(session_next_on__lt=m.today)),
    ),
    Signal(
        "unassessed_sessions",
        "Sessions attempted without a risk assessment",
        "F10",
        lambda m: Q(delivery_refusals__gt=0) & OPEN,
    ),
    Signal("stale_assessments", "Assessments missing or stale", "F5", _stale_assessments),
    Signal(
        "needs_unplanned",
        "Needs without an intervention",
        "F6",
        lambda m: SUPPORTED & Q(needs_unplanned__gt=0),
    ),
    Signal(
        "consultations_outstanding",
        "Consultations outstanding",
        "F8",
        lambda m: OPEN & Q(consultations_outstanding__gt=0),
    ),
    Signal(
        "matches_undecided",
        "Possible earlier records not decided",
        "F1",
        lambda m: Q(matches_undecided__gt=0),
    ),
    Signal("late_records", "Cases with late records", "F4", lambda m: Q(late_events__gt=0)),
    Signal("overrides", "Cases with guard overrides", "F2", lambda m: Q(overrides__gt=0)),
]
SIGNALS_BY_CODE = {signal.code: signal for signal in SIGNALS}


def signal_counts(cases, moment: Moment) -> dict[str, int]:
    """How many cases show each signal: one query each, however many cases there are.

    Separate counts, because each can use its own index; one aggregate with a
    filter per signal reads every case.
    """
    return {signal.code: cases.filter(signal.where(moment)).count() for signal in SIGNALS}


def stage_counts(cases) -> list[tuple[Stage, int]]:
    # COUNT(*), not COUNT(id): the stage index alone can answer it.
    counted = dict(cases.values_list("stage").annotate(n=Count("*")).order_by())
    return [(stage, counted.get(stage.value, 0)) for stage in STAGE_LABELS]


def reviews_due(cases, moment: Moment, *, limit: int = 20) -> list[dict]:
    """Reviews overdue or due soon, earliest first, with their owners (F3)."""
    rows = []
    for months in (6, 12):
        # As in _review_due, no stage test: only an exited case has a review due and not done,
        # so the due-date index is read in date order and the scan stops at `limit`.
        due = cases.filter(
            **{f"review_{months}_done_on": None, f"review_{months}_due_on__lte": moment.soon}
        )
        shown = due.select_related(f"review_{months}_owner__agency").only(
            "reference", "person_name", f"review_{months}_due_on", f"review_{months}_owner"
        )
        for case in shown.order_by(f"review_{months}_due_on")[:limit]:
            due_on = getattr(case, f"review_{months}_due_on")
            rows.append(
                {
                    "case": case,
                    "months": months,
                    "due_on": due_on,
                    "overdue": due_on < moment.today,
                    "owner": getattr(case, f"review_{months}_owner"),
                }
            )
    return sorted(rows, key=lambda row: row["due_on"])[:limit]
