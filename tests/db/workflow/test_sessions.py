"""Assessing a session's risk, and recording it as delivered, cancelled or missed (F10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from casetrail.accounts.models import Agency
from casetrail.accounts.roles import AgencyKind, Role
from casetrail.workflow.operations.common import GuardRefused, day_start
from casetrail.workflow.operations.support import session_risk_assess
from casetrail.workflow.record import RecordError
from casetrail.workflow.stages import Step, StepRefused
from tests.db.workflow.conftest import NOW
from tests.db.workflow.helpers import (
    TODAY,
    case_in,
    codes,
    event_types,
    last_payload,
    record,
    stages_refusing,
)

NOT_SESSION_ROLES = [Role.PANEL_CHAIR, Role.PANEL_MEMBER, Role.REFERRER, Role.AUDITOR]


def assess_risk(case, by, session="I1-1"):
    summary = "No known risks to the mentor; meet at the school."
    return session_risk_assess(case_id=case.pk, by=by, session=session, summary=summary, now=NOW)


@pytest.fixture
def other_provider(make_user):
    """A provider whose agency delivers nothing on the case."""
    elsewhere = Agency.objects.create(name="Other Mentors", kind=AgencyKind.INTERVENTION_PROVIDER)
    return make_user(Role.INTERVENTION_PROVIDER, agency=elsewhere)


class TestSessionRiskAssess:
    @pytest.mark.parametrize("upto", ["plan", "support"])
    def test_the_provider_records_the_risk_assessment(self, case_at, cast, upto):
        case = case_at(upto)
        assess_risk(case, cast.provider)
        case.refresh_from_db()
        assert case.detail["sessions"]["I1-1"]["risk_assessed"] is True
        assert case.detail["sessions"]["I1-2"]["risk_assessed"] is False

    def test_an_unknown_session_is_refused(self, case_at, cast):
        case = case_at("support")
        with pytest.raises(RecordError) as refused:
            assess_risk(case, cast.provider, session="I1-7")
        assert refused.value.field == "session"

    def test_a_session_already_recorded_is_refused(self, case_at, cast):
        case = case_at("session_1")
        with pytest.raises(RecordError) as refused:
            assess_risk(case, cast.provider)
        assert refused.value.field == "session"

    def test_a_provider_not_involved_may_not(self, case_at, other_provider):
        case = case_at("support")
        with pytest.raises(PermissionDenied):
            assess_risk(case, other_provider)

    @pytest.mark.parametrize("role", NOT_SESSION_ROLES)
    def test_those_who_do_not_deliver_or_manage_may_not(self, case_at, make_user, role):
        case = case_at("support")
        with pytest.raises(PermissionDenied):
            assess_risk(case, make_user(role))

    @pytest.mark.parametrize("stage", stages_refusing(Step.ASSESS_SESSION_RISK))
    def test_it_is_refused_outside_panel_and_support(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            assess_risk(case, cast.caseworker)


class TestSessionRecord:
    def test_a_risk_assessed_session_is_recorded_as_delivered(self, case_at, cast):
        case = case_at("risk_1")
        event = record(case, cast.provider, note=" Talked about football ")
        case.refresh_from_db()
        assert case.detail["sessions"]["I1-1"]["status"] == "delivered"
        assert case.sessions_delivered == 1
        assert case.session_next_on.isoformat() == case.detail["sessions"]["I1-2"]["planned_on"]
        assert last_payload(case) == {
            "session": "I1-1",
            "outcome": "delivered",
            "note": "Talked about football",
        }
        assert (event.occurred_at, event.recorded_at) == (day_start(TODAY), NOW)

    def test_delivery_without_a_risk_assessment_is_refused_and_the_attempt_recorded(
        self, case_at, cast
    ):
        case = case_at("support")
        with pytest.raises(GuardRefused) as refused:
            record(case, cast.provider)
        assert codes(refused.value) == ["risk_assessment_missing"]
        assert not refused.value.overridable
        case.refresh_from_db()
        assert case.delivery_refusals == 1
        assert event_types(case)[-1] == "SessionDeliveryRefused"
        assert last_payload(case) == {"session": "I1-1", "missing": ["risk_assessment_missing"]}
        assert case.detail["sessions"]["I1-1"]["status"] == "planned"
        assert case.sessions_delivered == 0

    @pytest.mark.parametrize("outcome", ["cancelled", "missed"])
    def test_a_session_not_held_needs_no_risk_assessment(self, case_at, cast, outcome):
        case = case_at("support")
        record(case, cast.provider, outcome=outcome)
        case.refresh_from_db()
        assert case.detail["sessions"]["I1-1"]["status"] == outcome
        assert (case.sessions_unexplained, case.delivery_refusals) == (1, 0)

    def test_a_caseworker_may_record_a_session(self, case_at, cast):
        case = case_at("risk_1")
        record(case, cast.caseworker)
        case.refresh_from_db()
        assert case.sessions_delivered == 1

    def test_a_session_cannot_be_recorded_twice(self, case_at, cast):
        case = case_at("session_1")
        with pytest.raises(RecordError) as refused:
            record(case, cast.provider, outcome="cancelled")
        assert refused.value.field == "session"

    def test_an_unknown_session_is_refused(self, case_at, cast):
        case = case_at("support")
        with pytest.raises(RecordError) as refused:
            record(case, cast.provider, session="I2-1")
        assert refused.value.field == "session"

    def test_an_unknown_outcome_is_refused(self, case_at, cast):
        case = case_at("risk_1")
        with pytest.raises(RecordError) as refused:
            record(case, cast.provider, outcome="postponed")
        assert refused.value.field == "outcome"

    def test_a_session_held_in_the_future_is_refused(self, case_at, cast):
        case = case_at("risk_1")
        with pytest.raises(RecordError) as refused:
            record(case, cast.provider, held_on=TODAY + timedelta(days=1))
        assert refused.value.field == "held_on"

    def test_a_session_cannot_be_recorded_before_support_starts(self, case_at, cast):
        case = case_at("plan")
        assess_risk(case, cast.provider)
        with pytest.raises(StepRefused):
            record(case, cast.provider)

    def test_a_provider_not_involved_may_not(self, case_at, other_provider):
        case = case_at("risk_1")
        with pytest.raises(PermissionDenied):
            record(case, other_provider)

    @pytest.mark.parametrize("role", NOT_SESSION_ROLES)
    def test_those_who_do_not_deliver_or_manage_may_not(self, case_at, make_user, role):
        case = case_at("risk_1")
        with pytest.raises(PermissionDenied):
            record(case, make_user(role))

    @pytest.mark.parametrize("stage", stages_refusing(Step.RECORD_SESSION))
    def test_it_is_refused_at_every_stage_but_support(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            record(case, cast.caseworker, outcome="cancelled")
