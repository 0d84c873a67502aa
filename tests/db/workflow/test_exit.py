"""Exiting a case: the exit guard, and the 6- and 12-month reviews exit schedules (F2, F9)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied

from casetrail.accounts.roles import Role
from casetrail.workflow.operations.common import GuardRefused
from casetrail.workflow.operations.consultation import referrer_consultation_waive
from casetrail.workflow.operations.notes import note_record
from casetrail.workflow.record import RecordError
from casetrail.workflow.stages import Stage, Step, StepRefused
from tests.db.workflow.conftest import NOW
from tests.db.workflow.helpers import (
    RECENT,
    WHY,
    case_in,
    case_the_referrer_never_answered,
    codes,
    decide_exit,
    event_types,
    exit_case,
    explain,
    record,
    stages_refusing,
)

NOT_CASE_MANAGERS = [
    Role.PANEL_CHAIR,
    Role.PANEL_MEMBER,
    Role.INTERVENTION_PROVIDER,
    Role.REFERRER,
    Role.AUDITOR,
]


def refused_codes(case, by) -> list[str]:
    with pytest.raises(GuardRefused) as refused:
        exit_case(case, by)
    assert refused.value.overridable
    return codes(refused.value)


class TestCaseExit:
    def test_a_case_ready_to_exit_is_exited(self, case_at, cast):
        case = case_at("decide_exit", start=RECENT)
        exit_case(case, cast.caseworker)
        case.refresh_from_db()
        assert (case.stage, case.exited_at) == (Stage.EXITED, NOW)
        assert event_types(case)[-2:] == ["ExitDecided", "CaseExited"]
        assert case.overrides == 0

    def test_exit_schedules_both_reviews_with_their_owners(self, case_at, cast, supervisor):
        case = case_at("decide_exit", start=RECENT)
        exit_case(case, cast.caseworker, owners={6: cast.caseworker, 12: supervisor})
        case.refresh_from_db()
        assert (case.review_6_due_on, case.review_6_owner_id) == (
            date(2027, 5, 26),
            cast.caseworker.pk,
        )
        assert (case.review_12_due_on, case.review_12_owner_id) == (
            date(2027, 11, 26),
            supervisor.pk,
        )
        assert (case.review_6_done_on, case.review_12_done_on) == (None, None)
        assert f"|u{supervisor.pk}|" in case.involved

    def test_reviews_fall_due_in_calendar_months_from_a_month_end(self, case_at, cast):
        case = case_at("decide_exit", start=datetime(2026, 7, 1, 10, tzinfo=UTC))
        exit_case(case, cast.caseworker, now=datetime(2026, 8, 31, 10, tzinfo=UTC))
        case.refresh_from_db()
        assert (case.review_6_due_on, case.review_12_due_on) == (
            date(2027, 2, 28),
            date(2027, 8, 31),
        )

    @pytest.mark.parametrize("months", [6, 12])
    def test_a_review_owner_who_cannot_manage_cases_is_refused(self, case_at, cast, months):
        case = case_at("decide_exit", start=RECENT)
        owners = {6: cast.caseworker, 12: cast.caseworker, months: cast.chair}
        with pytest.raises(RecordError) as refused:
            exit_case(case, cast.caseworker, owners=owners)
        assert refused.value.field == f"review_{months}_owner"

    def test_a_deactivated_review_owner_is_refused(self, case_at, cast, supervisor):
        case = case_at("decide_exit", start=RECENT)
        supervisor.is_active = False
        supervisor.save()
        with pytest.raises(RecordError) as refused:
            exit_case(case, cast.caseworker, owners={6: cast.caseworker, 12: supervisor})
        assert refused.value.field == "review_12_owner"

    @pytest.mark.parametrize("role", NOT_CASE_MANAGERS)
    def test_only_case_managers_exit(self, case_at, cast, make_user, role):
        case = case_at("decide_exit", start=RECENT)
        with pytest.raises(PermissionDenied):
            exit_case(case, make_user(role), owners={6: cast.caseworker, 12: cast.caseworker})

    @pytest.mark.parametrize("stage", stages_refusing(Step.EXIT))
    def test_it_is_refused_outside_panel_and_support(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            exit_case(case, cast.caseworker)


class TestExitGuard:
    def test_a_session_not_delivered_is_named(self, case_at, cast):
        case = case_at("session_1", start=RECENT)
        decide_exit(case, cast.chair)
        assert refused_codes(case, cast.caseworker) == ["session_not_delivered:I1-2"]

    def test_the_panel_must_have_decided(self, case_at, cast):
        case = case_at("session_2", start=RECENT)
        assert refused_codes(case, cast.caseworker) == ["exit_not_decided"]

    def test_an_assessment_older_than_the_policy_allows_is_stale(self, case_at, cast):
        case = case_at("decide_exit")
        with pytest.raises(GuardRefused) as refused:
            exit_case(case, cast.caseworker)
        [unmet] = refused.value.unmet
        assert (unmet.code, unmet.message) == (
            "assessment_stale",
            "The assessment is 490 days old; policy allows 90",
        )

    def test_significant_news_after_the_assessment_needs_a_new_one(self, case_at, cast):
        case = case_at("decide_exit", start=RECENT)
        note = "Police report a new incident"
        note_record(case_id=case.pk, by=cast.caseworker, summary=note, significant=True, now=NOW)
        assert refused_codes(case, cast.caseworker) == ["assessment_predates_information"]

    def test_an_ordinary_note_changes_nothing(self, case_at, cast):
        case = case_at("decide_exit", start=RECENT)
        note_record(case_id=case.pk, by=cast.caseworker, summary="Phoned the school", now=NOW)
        exit_case(case, cast.caseworker)
        assert event_types(case)[-1] == "CaseExited"

    def test_the_referrer_must_have_been_consulted(self, case_at, cast):
        case = case_the_referrer_never_answered(case_at)
        assert case.consultations_outstanding == 1
        assert refused_codes(case, cast.caseworker) == ["referrer_not_consulted"]

    def test_a_waiver_stands_in_for_the_referrers_answer(self, case_at, cast):
        case = case_the_referrer_never_answered(case_at)
        referrer_consultation_waive(case_id=case.pk, by=cast.chair, rationale=WHY, now=NOW)
        exit_case(case, cast.caseworker)
        case.refresh_from_db()
        assert case.stage == Stage.EXITED

    def test_every_need_and_session_not_delivered_is_named(self, case_at, cast):
        case = case_at("support", start=RECENT)
        for session in ("I1-1", "I1-2"):
            record(case, cast.caseworker, session=session, outcome="cancelled")
        decide_exit(case, cast.chair)
        assert refused_codes(case, cast.caseworker) == [
            "need_unaddressed:N1",
            "need_unaddressed:N2",
            "session_not_delivered:I1-1",
            "session_not_delivered:I1-2",
        ]

    def test_explanations_for_every_gap_let_the_case_exit(self, case_at, cast):
        case = case_at("support", start=RECENT)
        for session in ("I1-1", "I1-2"):
            record(case, cast.caseworker, session=session, outcome="missed")
            explain(case, cast.caseworker, "session", session)
        for need in ("N1", "N2"):
            explain(case, cast.caseworker, "need", need)
        decide_exit(case, cast.chair)
        exit_case(case, cast.caseworker)
        case.refresh_from_db()
        assert (case.stage, case.overrides) == (Stage.EXITED, 0)

    def test_explaining_the_session_not_delivered_lets_the_case_exit(self, case_at, cast):
        case = case_at("session_1", start=RECENT)
        explain(case, cast.caseworker, "session", "I1-2")
        decide_exit(case, cast.chair)
        exit_case(case, cast.caseworker)
        case.refresh_from_db()
        assert case.stage == Stage.EXITED

    def test_everything_missing_is_named_at_once(self, case_at, cast):
        case = case_at("support")
        assert refused_codes(case, cast.caseworker) == [
            "assessment_stale",
            "exit_not_decided",
            "need_unaddressed:N1",
            "need_unaddressed:N2",
            "session_not_delivered:I1-1",
            "session_not_delivered:I1-2",
        ]
