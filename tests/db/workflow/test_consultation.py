"""Asking the referrer or a partner agency, their answers, and waiving the referrer's view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from casetrail.accounts.roles import Role
from casetrail.workflow.operations.consultation import (
    consultation_answer,
    consultation_request,
    referrer_consultation_waive,
)
from casetrail.workflow.record import RecordError
from casetrail.workflow.stages import Stage, Step, StepRefused
from tests.db.workflow.conftest import NOW
from tests.db.workflow.helpers import WHY, case_in, last_payload, stages_refusing

IN_A_WEEK = NOW.date() + timedelta(days=7)
IN_A_FORTNIGHT = NOW.date() + timedelta(days=14)


def ask(case, by, due_on=IN_A_WEEK, **kwargs):
    question = "What contact has your service had with the family?"
    return consultation_request(
        case_id=case.pk, by=by, question=question, due_on=due_on, now=NOW, **kwargs
    )


def answer(case, by, key="C1", **kwargs):
    return consultation_answer(
        case_id=case.pk, by=by, key=key, answer="Two home visits this term.", now=NOW, **kwargs
    )


class TestConsultationRequest:
    def test_asking_the_referrer_names_them(self, case_at, cast):
        case = case_at("screen")
        ask(case, cast.caseworker, of_referrer=True)
        assert last_payload(case) == {
            "key": "C1",
            "to": "Teacher (referrer)",
            "of_referrer": True,
            "question": "What contact has your service had with the family?",
            "due_on": IN_A_WEEK.isoformat(),
        }

    def test_asking_an_agency_names_the_person_and_agency(self, case_at, cast):
        case = case_at("screen")
        ask(case, cast.caseworker, agency=cast.chair.agency, to=" Duty social worker ")
        payload = last_payload(case)
        assert payload["to"] == "Duty social worker, Northshire Council"
        assert (payload["agency_id"], payload["of_referrer"]) == (cast.chair.agency.pk, False)

    def test_asking_no_one_is_refused(self, case_at, cast):
        case = case_at("screen")
        with pytest.raises(RecordError) as refused:
            ask(case, cast.caseworker, to="  ")
        assert refused.value.field == "to"

    def test_an_answer_due_in_the_past_is_refused(self, case_at, cast):
        case = case_at("screen")
        with pytest.raises(RecordError) as refused:
            ask(case, cast.caseworker, due_on=NOW.date() - timedelta(days=1), of_referrer=True)
        assert refused.value.field == "due_on"

    def test_the_case_counts_outstanding_requests_and_the_earliest_due(self, case_at, cast):
        case = case_at("screen")
        ask(case, cast.caseworker, due_on=IN_A_FORTNIGHT, of_referrer=True)
        ask(case, cast.chair, due_on=IN_A_WEEK, to="School nurse")
        case.refresh_from_db()
        assert (case.consultations_outstanding, case.consultation_due_on) == (2, IN_A_WEEK)
        answer(case, cast.caseworker, key="C2")
        case.refresh_from_db()
        assert (case.consultations_outstanding, case.consultation_due_on) == (1, IN_A_FORTNIGHT)

    @pytest.mark.parametrize(
        "role",
        [Role.REFERRER, Role.PANEL_MEMBER, Role.INTERVENTION_PROVIDER, Role.AUDITOR],
    )
    def test_only_case_managers_and_the_chair_ask(self, case_at, make_user, role):
        case = case_at("screen")
        with pytest.raises(PermissionDenied):
            ask(case, make_user(role), of_referrer=True)

    @pytest.mark.parametrize("stage", stages_refusing(Step.REQUEST_CONSULTATION))
    def test_it_is_refused_once_the_case_has_ended(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            ask(case, cast.caseworker, of_referrer=True)


class TestConsultationAnswer:
    def test_the_referrer_answers_what_was_asked_of_them(self, case_at, cast):
        case = case_at("adopt")
        answer(case, cast.referrer)
        case.refresh_from_db()
        assert case.detail["consultations"]["C1"]["answered_on"] == NOW.date().isoformat()
        assert (case.consultations_outstanding, case.consultation_due_on) == (0, None)

    def test_a_referrer_may_not_answer_a_request_made_of_an_agency(self, case_at, cast):
        case = case_at("adopt")
        ask(case, cast.caseworker, to="School nurse")
        with pytest.raises(RecordError) as refused:
            answer(case, cast.referrer, key="C2")
        assert refused.value.field == "key"

    def test_a_referrer_may_not_answer_on_someone_elses_referral(self, case_at, make_user):
        case = case_at("adopt")
        with pytest.raises(PermissionDenied):
            answer(case, make_user(Role.REFERRER))

    def test_a_panel_member_may_answer_for_their_agency(self, case_at, cast, make_user):
        case = case_at("adopt")
        ask(case, cast.caseworker, to="Youth service")
        answer(case, make_user(Role.PANEL_MEMBER), key="C2")
        case.refresh_from_db()
        assert case.detail["consultations"]["C2"]["answered_on"] == NOW.date().isoformat()

    @pytest.mark.parametrize("role", [Role.INTERVENTION_PROVIDER, Role.AUDITOR])
    def test_those_without_a_part_in_consultation_may_not_answer(self, case_at, make_user, role):
        case = case_at("adopt")
        with pytest.raises(PermissionDenied):
            answer(case, make_user(role))

    def test_a_request_cannot_be_answered_twice(self, case_at, cast):
        case = case_at("answer")
        with pytest.raises(RecordError) as refused:
            answer(case, cast.referrer)
        assert refused.value.field == "key"

    def test_an_unknown_request_is_refused(self, case_at, cast):
        case = case_at("adopt")
        with pytest.raises(RecordError) as refused:
            answer(case, cast.caseworker, key="C9")
        assert refused.value.field == "key"

    def test_significant_news_marks_when_it_was_said(self, case_at, cast):
        case = case_at("adopt")
        said = NOW - timedelta(days=2)
        answer(case, cast.referrer, significant=True, occurred_at=said)
        case.refresh_from_db()
        assert case.significant_at == said
        assert case.detail["consultations"]["C1"]["answered_on"] == said.date().isoformat()

    def test_an_ordinary_answer_is_not_significant(self, case_at, cast):
        case = case_at("adopt")
        answer(case, cast.referrer)
        case.refresh_from_db()
        assert case.significant_at is None

    @pytest.mark.parametrize("stage", stages_refusing(Step.ANSWER_CONSULTATION))
    def test_it_is_refused_once_the_case_has_ended(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            answer(case, cast.caseworker)


class TestReferrerConsultationWaive:
    def test_the_chair_may_decide_not_to_consult_the_referrer(self, case_at, cast):
        case = case_at("panel")
        referrer_consultation_waive(case_id=case.pk, by=cast.chair, rationale=WHY, now=NOW)
        case.refresh_from_db()
        assert case.detail["referrer_waived"] is True
        assert (case.stage, last_payload(case)) == (Stage.PANEL, {"rationale": WHY})

    def test_a_token_rationale_is_refused(self, case_at, cast):
        case = case_at("panel")
        with pytest.raises(RecordError) as refused:
            referrer_consultation_waive(
                case_id=case.pk, by=cast.caseworker, rationale="n/a", now=NOW
            )
        assert refused.value.field == "rationale"

    @pytest.mark.parametrize("role", [Role.REFERRER, Role.PANEL_MEMBER, Role.AUDITOR])
    def test_only_case_managers_and_the_chair_waive(self, case_at, make_user, role):
        case = case_at("panel")
        with pytest.raises(PermissionDenied):
            referrer_consultation_waive(case_id=case.pk, by=make_user(role), rationale=WHY, now=NOW)

    @pytest.mark.parametrize("stage", stages_refusing(Step.WAIVE_REFERRER_CONSULTATION))
    def test_it_is_refused_outside_panel_and_support(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            referrer_consultation_waive(case_id=case.pk, by=cast.caseworker, rationale=WHY, now=NOW)
