"""The 6- and 12-month reviews, reopening a case on renewed concern, and closing it (F3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from casetrail.accounts.roles import Role
from casetrail.workflow import decisions
from casetrail.workflow.operations.common import GuardRefused
from casetrail.workflow.operations.exit import case_close, review_record
from casetrail.workflow.operations.referral import case_reopen
from casetrail.workflow.record import RecordError
from casetrail.workflow.stages import ENDED, Stage, Step, StepRefused
from tests.db.workflow.conftest import NOW
from tests.db.workflow.helpers import (
    TODAY,
    WHY,
    case_in,
    codes,
    event_types,
    last_payload,
    stages_refusing,
)

NOT_CASE_MANAGERS = [Role.PANEL_CHAIR, Role.PANEL_MEMBER, Role.INTERVENTION_PROVIDER, Role.AUDITOR]


def review(case, by, months=6, reopen=False, reviewed_on=TODAY, **kwargs):
    arguments = {"options": [decisions.REVIEW["reopen"]], "rationale": WHY, **kwargs}
    if reopen:
        arguments["options"] = [decisions.REVIEW["no_further_concern"]]
    return review_record(
        case_id=case.pk,
        by=by,
        months=months,
        reopen=reopen,
        reviewed_on=reviewed_on,
        now=NOW,
        **arguments,
    )


def close(case, by, rationale=WHY):
    return case_close(case_id=case.pk, by=by, rationale=rationale, now=NOW)


def reopen(case, by, rationale=WHY):
    return case_reopen(case_id=case.pk, by=by, rationale=rationale, now=NOW)


class TestReviewRecord:
    def test_the_six_month_review_records_its_outcome_and_day(self, case_at, cast):
        case = case_at("exit")
        review(case, cast.caseworker, reviewed_on=date(2026, 3, 9))
        case.refresh_from_db()
        assert (case.stage, case.review_6_done_on) == (Stage.REVIEWED_6, date(2026, 3, 9))
        assert last_payload(case) == {
            "months": 6,
            "reopen": False,
            "options": [decisions.REVIEW["no_further_concern"], decisions.REVIEW["reopen"]],
            "chosen": decisions.REVIEW["no_further_concern"],
            "rationale": WHY,
        }

    def test_a_review_done_in_summer_keeps_its_day(self, case_at, cast):
        case = case_at("exit")
        review(case, cast.caseworker, reviewed_on=date(2026, 6, 15))
        case.refresh_from_db()
        assert case.review_6_done_on == date(2026, 6, 15)

    def test_the_twelve_month_review_follows_the_six(self, case_at, cast):
        case = case_at("review_6")
        review(case, cast.caseworker, months=12)
        case.refresh_from_db()
        assert (case.stage, case.review_12_done_on) == (Stage.REVIEWED_12, NOW.date())

    def test_the_twelve_month_review_cannot_come_first(self, case_at, cast):
        case = case_at("exit")
        with pytest.raises(StepRefused):
            review(case, cast.caseworker, months=12)

    def test_a_review_cannot_be_recorded_twice(self, case_at, cast):
        case = case_at("review_6")
        with pytest.raises(StepRefused):
            review(case, cast.caseworker, months=6)

    def test_only_six_and_twelve_month_reviews_exist(self, case_at, cast):
        case = case_at("exit")
        with pytest.raises(RecordError) as refused:
            review(case, cast.caseworker, months=3)
        assert refused.value.field == "months"

    def test_a_review_in_the_future_is_refused(self, case_at, cast):
        case = case_at("exit")
        with pytest.raises(RecordError) as refused:
            review(case, cast.caseworker, reviewed_on=NOW.date() + timedelta(days=1))
        assert refused.value.field == "reviewed_on"

    def test_a_token_rationale_is_refused(self, case_at, cast):
        case = case_at("exit")
        with pytest.raises(RecordError) as refused:
            review(case, cast.caseworker, rationale="No concerns.")
        assert refused.value.field == "rationale"

    def test_renewed_concern_reopens_the_case_into_screening(self, case_at, cast):
        case = case_at("exit")
        review(case, cast.caseworker, reopen=True)
        case.refresh_from_db()
        assert event_types(case)[-2:] == ["ReviewRecorded", "CaseReopened"]
        assert (case.stage, case.significant_at, case.exited_at) == (Stage.SCREENING, NOW, None)
        assert (case.review_6_due_on, case.review_6_owner_id, case.review_6_done_on) == (
            None,
            None,
            None,
        )
        assert (case.review_12_due_on, case.review_12_owner_id) == (None, None)
        assert case.detail["exit_decided"] is False

    def test_renewed_concern_at_twelve_months_reopens_too(self, case_at, cast):
        case = case_at("review_6")
        review(case, cast.caseworker, months=12, reopen=True)
        case.refresh_from_db()
        assert (case.stage, case.review_12_done_on) == (Stage.SCREENING, None)

    @pytest.mark.parametrize("role", NOT_CASE_MANAGERS)
    def test_only_case_managers_review(self, case_at, make_user, role):
        case = case_at("exit")
        with pytest.raises(PermissionDenied):
            review(case, make_user(role))

    @pytest.mark.parametrize("stage", stages_refusing(Step.RECORD_REVIEW_6))
    def test_the_six_month_review_is_refused_at_every_other_stage(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            review(case, cast.caseworker)

    @pytest.mark.parametrize("stage", stages_refusing(Step.RECORD_REVIEW_12))
    def test_the_twelve_month_review_is_refused_at_every_other_stage(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            review(case, cast.caseworker, months=12)


class TestCaseReopen:
    @pytest.mark.parametrize("stage", sorted(ENDED))
    def test_an_ended_case_reopens_into_screening(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        reopen(case, cast.caseworker)
        case.refresh_from_db()
        assert (case.stage, case.significant_at) == (Stage.SCREENING, NOW)
        assert last_payload(case) == {"rationale": WHY}

    def test_a_token_rationale_is_refused(self, case_at, cast):
        case = case_at("close")
        with pytest.raises(RecordError) as refused:
            reopen(case, cast.caseworker, rationale="Same as before")
        assert refused.value.field == "rationale"

    @pytest.mark.parametrize("role", NOT_CASE_MANAGERS)
    def test_only_case_managers_reopen(self, case_at, make_user, role):
        case = case_at("close")
        with pytest.raises(PermissionDenied):
            reopen(case, make_user(role))

    @pytest.mark.parametrize("stage", stages_refusing(Step.REOPEN))
    def test_an_open_case_before_exit_cannot_be_reopened(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            reopen(case, cast.caseworker)


class TestCaseClose:
    def test_a_case_reviewed_twice_closes(self, case_at, cast):
        case = case_at("review_12")
        close(case, cast.caseworker)
        case.refresh_from_db()
        assert (case.stage, last_payload(case)) == (Stage.CLOSED, {"rationale": WHY})

    def test_closing_an_exited_case_names_both_missing_reviews(self, case_at, cast):
        case = case_at("exit")
        with pytest.raises(GuardRefused) as refused:
            close(case, cast.caseworker)
        assert codes(refused.value) == ["review_missing:6", "review_missing:12"]
        assert not refused.value.overridable

    def test_closing_after_one_review_names_the_other(self, case_at, cast):
        case = case_at("review_6")
        with pytest.raises(GuardRefused) as refused:
            close(case, cast.caseworker)
        assert codes(refused.value) == ["review_missing:12"]

    def test_a_supervisor_cannot_close_before_the_reviews_either(self, case_at, supervisor):
        case = case_at("exit")
        with pytest.raises(GuardRefused):
            close(case, supervisor)

    def test_a_token_rationale_is_refused(self, case_at, cast):
        case = case_at("review_12")
        with pytest.raises(RecordError) as refused:
            close(case, cast.caseworker, rationale="nfa")
        assert refused.value.field == "rationale"

    @pytest.mark.parametrize("role", NOT_CASE_MANAGERS)
    def test_only_case_managers_close(self, case_at, make_user, role):
        case = case_at("review_12")
        with pytest.raises(PermissionDenied):
            close(case, make_user(role))

    @pytest.mark.parametrize(
        "stage",
        [
            stage
            for stage in stages_refusing(Step.CLOSE)
            if stage not in (Stage.EXITED, Stage.REVIEWED_6)
        ],
    )
    def test_it_is_refused_before_exit_and_once_ended(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            close(case, cast.caseworker)
