"""The panel's meetings, consent to support, and the panel's decision to exit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied

from casetrail.accounts.roles import Role
from casetrail.workflow import decisions
from casetrail.workflow.operations.panel import consent_record, panel_hold
from casetrail.workflow.record import RecordError
from casetrail.workflow.stages import Stage, Step, StepRefused
from tests.db.workflow.conftest import NOW
from tests.db.workflow.helpers import (
    TODAY,
    WHY,
    case_in,
    decide_exit,
    event_types,
    last_payload,
    stages_refusing,
)

NOT_CHAIRS = [Role.CASEWORKER, Role.SUPERVISOR, Role.PANEL_MEMBER, Role.REFERRER, Role.AUDITOR]
NOT_CASE_MANAGERS = [Role.PANEL_CHAIR, Role.PANEL_MEMBER, Role.INTERVENTION_PROVIDER, Role.AUDITOR]


def hold(case, by, met_on=TODAY, agencies=("Northshire Police", "Riverside Academy")):
    return panel_hold(
        case_id=case.pk,
        by=by,
        met_on=met_on,
        agencies=list(agencies),
        decisions_taken="Offer mentoring; seek consent from a parent.",
        now=NOW,
    )


def consent(case, by, outcome="given", given_by="parent_or_guardian", **kwargs):
    return consent_record(
        case_id=case.pk, by=by, outcome=outcome, given_by=given_by, name="Sam", now=NOW, **kwargs
    )


class TestPanelHold:
    def test_the_first_meeting_takes_an_adopted_case_to_panel(self, case_at, cast):
        case = case_at("assess")
        hold(case, cast.chair, agencies=[" Northshire Police ", "", "Riverside Academy"])
        case.refresh_from_db()
        assert case.stage == Stage.PANEL
        assert last_payload(case)["agencies"] == ["Northshire Police", "Riverside Academy"]
        assert (case.detail["panels"], case.detail["last_panel_on"]) == (1, NOW.date().isoformat())

    @pytest.mark.parametrize("upto", ["panel", "support", "exit", "review_6", "review_12"])
    def test_later_meetings_leave_the_stage_alone(self, case_at, cast, upto):
        case = case_at(upto)
        stage = case.stage
        hold(case, cast.chair)
        case.refresh_from_db()
        assert (case.stage, case.detail["panels"]) == (stage, 2)

    def test_a_meeting_in_the_future_is_refused(self, case_at, cast):
        case = case_at("adopt")
        with pytest.raises(RecordError) as refused:
            hold(case, cast.chair, met_on=NOW.date() + timedelta(days=1))
        assert refused.value.field == "met_on"

    def test_a_meeting_without_agencies_is_refused(self, case_at, cast):
        case = case_at("adopt")
        with pytest.raises(RecordError) as refused:
            hold(case, cast.chair, agencies=[" "])
        assert refused.value.field == "agencies"

    @pytest.mark.parametrize("role", NOT_CHAIRS)
    def test_only_the_chair_records_a_meeting(self, case_at, make_user, role):
        case = case_at("adopt")
        with pytest.raises(PermissionDenied):
            hold(case, make_user(role))

    @pytest.mark.parametrize("stage", stages_refusing(Step.HOLD_PANEL))
    def test_it_is_refused_before_adoption_and_after_the_case_ends(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            hold(case, cast.chair)


class TestConsentRecord:
    def test_a_parent_gives_consent_for_a_child(self, case_at, cast):
        case = case_at("panel")
        consent(case, cast.caseworker)
        case.refresh_from_db()
        assert (case.stage, case.detail["consent"]) == (Stage.PANEL, "given")
        assert last_payload(case) == {"given_by": "parent_or_guardian", "name": "Sam"}

    def test_a_child_may_not_consent_for_themselves(self, case_at, cast):
        case = case_at("panel")
        with pytest.raises(RecordError) as refused:
            consent(case, cast.caseworker, given_by="person")
        assert refused.value.field == "given_by"

    def test_a_person_who_turns_18_today_consents_for_themselves(self, case_at, cast):
        case = case_at("panel", birth=NOW.date() - relativedelta(years=18))
        consent(case, cast.caseworker, given_by="person")
        case.refresh_from_db()
        assert case.detail["consent"] == "given"

    def test_a_person_who_turns_18_tomorrow_may_not(self, case_at, cast):
        birth = NOW.date() - relativedelta(years=18) + timedelta(days=1)
        case = case_at("panel", birth=birth)
        with pytest.raises(RecordError) as refused:
            consent(case, cast.caseworker, given_by="person")
        assert refused.value.field == "given_by"

    def test_a_person_whose_age_is_not_known_consents_for_themselves(self, case_at, cast):
        case = case_at("panel", birth=None)
        consent(case, cast.caseworker, given_by="person")
        assert event_types(case)[-1] == "ConsentGiven"

    def test_declining_ends_the_case(self, case_at, cast):
        case = case_at("panel")
        consent(case, cast.caseworker, outcome="declined", note=" Family prefer the GP ")
        case.refresh_from_db()
        assert (case.stage, case.detail["consent"]) == (Stage.CONSENT_DECLINED, "declined")
        assert last_payload(case)["note"] == "Family prefer the GP"

    def test_withdrawing_during_support_ends_the_case(self, case_at, cast):
        case = case_at("session_1")
        consent(case, cast.caseworker, outcome="withdrawn")
        case.refresh_from_db()
        assert (case.stage, case.detail["consent"]) == (Stage.CONSENT_DECLINED, "withdrawn")

    def test_an_unknown_outcome_is_refused(self, case_at, cast):
        case = case_at("panel")
        with pytest.raises(RecordError) as refused:
            consent(case, cast.caseworker, outcome="maybe")
        assert refused.value.field == "outcome"

    @pytest.mark.parametrize("role", NOT_CASE_MANAGERS)
    def test_only_case_managers_record_consent(self, case_at, make_user, role):
        case = case_at("panel")
        with pytest.raises(PermissionDenied):
            consent(case, make_user(role))

    @pytest.mark.parametrize("outcome", ["given", "declined", "withdrawn"])
    @pytest.mark.parametrize("stage", stages_refusing(Step.RECORD_CONSENT))
    def test_it_is_refused_outside_panel_and_support(self, case_at, cast, stage, outcome):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            consent(case, cast.caseworker, outcome=outcome)


class TestExitDecide:
    def test_the_chair_records_the_decision_with_the_options_weighed(self, case_at, cast):
        case = case_at("session_2")
        decide_exit(case, cast.chair)
        case.refresh_from_db()
        assert (case.stage, case.detail["exit_decided"]) == (Stage.SUPPORT, True)
        assert last_payload(case) == {
            "options": [decisions.EXIT["exit"], decisions.EXIT["continue"]],
            "chosen": decisions.EXIT["exit"],
            "rationale": WHY,
        }

    @pytest.mark.parametrize("options", [(), (decisions.EXIT["exit"],), (" ",)])
    def test_fewer_than_two_options_are_refused(self, case_at, cast, options):
        case = case_at("session_2")
        with pytest.raises(RecordError) as refused:
            decide_exit(case, cast.chair, options=options)
        assert refused.value.field == "options"

    def test_a_token_rationale_is_refused(self, case_at, cast):
        case = case_at("session_2")
        with pytest.raises(RecordError) as refused:
            decide_exit(case, cast.chair, rationale="As per panel.")
        assert refused.value.field == "rationale"

    @pytest.mark.parametrize("role", NOT_CHAIRS)
    def test_only_the_chair_decides(self, case_at, make_user, role):
        case = case_at("session_2")
        with pytest.raises(PermissionDenied):
            decide_exit(case, make_user(role))

    @pytest.mark.parametrize("stage", stages_refusing(Step.DECIDE_EXIT))
    def test_it_is_refused_outside_panel_and_support(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            decide_exit(case, cast.chair)
