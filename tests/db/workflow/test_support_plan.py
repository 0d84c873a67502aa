"""The support plan: planning interventions, explaining gaps, and starting support (F6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from casetrail.accounts.models import Agency
from casetrail.accounts.roles import AgencyKind, Role
from casetrail.assessments.loading import definition_put_in_force
from casetrail.assessments.models import AssessmentDefinition
from casetrail.workflow.operations.common import GuardRefused
from casetrail.workflow.operations.notes import note_record
from casetrail.workflow.operations.support import support_start
from casetrail.workflow.record import RecordError
from casetrail.workflow.stages import Stage, Step, StepRefused
from tests.db.workflow.conftest import NOW
from tests.db.workflow.helpers import (
    NEXT_WEEK,
    RECENT,
    WHY,
    case_in,
    codes,
    event_types,
    explain,
    last_payload,
    plan,
    stages_refusing,
)

IN_A_FORTNIGHT = NOW.date() + timedelta(days=14)
NOT_CASE_MANAGERS = [Role.PANEL_CHAIR, Role.PANEL_MEMBER, Role.INTERVENTION_PROVIDER, Role.AUDITOR]


def start(case, by):
    return support_start(case_id=case.pk, by=by, now=NOW)


class TestInterventionPlan:
    def test_it_plans_sessions_in_date_order_against_named_needs(self, case_at, cast):
        case = case_at("consent")
        plan(case, cast, needs=["N2", "N1", "N2"], session_dates=[IN_A_FORTNIGHT, NEXT_WEEK])
        case.refresh_from_db()
        assert last_payload(case)["needs"] == ["N1", "N2"]
        assert last_payload(case)["sessions"] == [
            {"key": "I1-1", "planned_on": NEXT_WEEK.isoformat()},
            {"key": "I1-2", "planned_on": IN_A_FORTNIGHT.isoformat()},
        ]
        assert (case.sessions_planned, case.session_next_on, case.needs_unplanned) == (
            2,
            NEXT_WEEK,
            0,
        )

    def test_the_provider_and_owner_become_involved(self, case_at, cast):
        case = case_at("consent")
        plan(case, cast)
        case.refresh_from_db()
        assert f"|a{cast.provider.agency_id}|" in case.involved
        assert f"|u{cast.provider.pk}|" in case.involved

    def test_a_need_left_out_is_counted_as_unplanned(self, case_at, cast):
        case = case_at("consent")
        plan(case, cast, needs=["N1"])
        case.refresh_from_db()
        assert case.needs_unplanned == 1

    def test_each_intervention_takes_the_next_key(self, case_at, cast):
        case = case_at("plan")
        plan(case, cast, needs=["N2"])
        case.refresh_from_db()
        assert sorted(case.detail["interventions"]) == ["I1", "I2"]
        assert "I2-1" in case.detail["sessions"]

    def test_a_need_the_assessment_did_not_record_is_refused(self, case_at, cast):
        case = case_at("consent")
        with pytest.raises(RecordError) as refused:
            plan(case, cast, needs=["N1", "N7"])
        assert (refused.value.field, refused.value.plain) == (
            "needs",
            "not needs of the latest assessment: N7",
        )

    def test_a_deactivated_provider_is_refused(self, case_at, cast):
        case = case_at("consent")
        closed = Agency.objects.create(
            name="Closed Mentors", kind=AgencyKind.INTERVENTION_PROVIDER, is_active=False
        )
        with pytest.raises(RecordError) as refused:
            plan(case, cast, provider=closed)
        assert refused.value.field == "provider"

    def test_an_inactive_owner_is_refused(self, case_at, cast):
        case = case_at("consent")
        cast.provider.is_active = False
        cast.provider.save()
        with pytest.raises(RecordError) as refused:
            plan(case, cast)
        assert refused.value.field == "owner"

    def test_a_plan_without_sessions_is_refused(self, case_at, cast):
        case = case_at("consent")
        with pytest.raises(RecordError) as refused:
            plan(case, cast, session_dates=[])
        assert refused.value.field == "session_dates"

    @pytest.mark.parametrize("role", NOT_CASE_MANAGERS)
    def test_only_case_managers_plan(self, case_at, cast, make_user, role):
        case = case_at("consent")
        with pytest.raises(PermissionDenied):
            plan(case, cast, by=make_user(role))

    @pytest.mark.parametrize("stage", stages_refusing(Step.PLAN_INTERVENTION))
    def test_it_is_refused_outside_panel_and_support(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            plan(case, cast)


class TestGapExplain:
    def test_an_explained_need_is_no_longer_unplanned(self, case_at, cast):
        case = case_at("consent")
        plan(case, cast, needs=["N1"])
        explain(case, cast.caseworker, "need", "N2")
        case.refresh_from_db()
        assert case.needs_unplanned == 0
        assert case.detail["explained"] == {"need:N2": WHY}

    def test_an_explained_session_is_no_longer_next(self, case_at, cast):
        case = case_at("consent")
        plan(case, cast, session_dates=[NEXT_WEEK, IN_A_FORTNIGHT])
        explain(case, cast.caseworker, "session", "I1-1")
        case.refresh_from_db()
        assert case.session_next_on == IN_A_FORTNIGHT

    @pytest.mark.parametrize(("subject", "key"), [("need", "N5"), ("session", "I1-9")])
    def test_an_unknown_need_or_session_is_refused(self, case_at, cast, subject, key):
        case = case_at("plan")
        with pytest.raises(RecordError) as refused:
            explain(case, cast.caseworker, subject, key)
        assert refused.value.field == "key"

    def test_an_unknown_subject_is_refused(self, case_at, cast):
        case = case_at("plan")
        with pytest.raises(RecordError) as refused:
            explain(case, cast.caseworker, "intervention", "I1")
        assert refused.value.field == "subject"

    def test_a_token_rationale_is_refused(self, case_at, cast):
        case = case_at("plan")
        with pytest.raises(RecordError) as refused:
            explain(case, cast.caseworker, "need", "N1", rationale="see notes")
        assert refused.value.field == "rationale"

    @pytest.mark.parametrize("role", NOT_CASE_MANAGERS)
    def test_only_case_managers_explain(self, case_at, make_user, role):
        case = case_at("plan")
        with pytest.raises(PermissionDenied):
            explain(case, make_user(role), "need", "N1")

    @pytest.mark.parametrize("stage", stages_refusing(Step.EXPLAIN_GAP))
    def test_it_is_refused_outside_panel_and_support(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            explain(case, cast.caseworker, "need", "N1")


class TestSupportStart:
    def test_a_complete_plan_starts_support(self, case_at, cast):
        case = case_at("plan", start=RECENT)
        start(case, cast.caseworker)
        case.refresh_from_db()
        assert (case.stage, case.detail["support_started_on"]) == (
            Stage.SUPPORT,
            NOW.date().isoformat(),
        )
        assert event_types(case)[-1] == "SupportStarted"
        assert "GuardOverridden" not in event_types(case)

    def test_it_needs_consent(self, case_at, cast):
        case = case_at("panel", start=RECENT)
        plan(case, cast)
        with pytest.raises(GuardRefused) as refused:
            start(case, cast.caseworker)
        assert codes(refused.value) == ["consent_missing"]
        assert refused.value.overridable

    def test_it_needs_an_intervention_for_every_need(self, case_at, cast):
        case = case_at("consent", start=RECENT)
        with pytest.raises(GuardRefused) as refused:
            start(case, cast.caseworker)
        assert codes(refused.value) == ["no_intervention", "need_unplanned:N1", "need_unplanned:N2"]

    def test_a_need_the_plan_leaves_out_is_named(self, case_at, cast):
        case = case_at("consent", start=RECENT)
        plan(case, cast, needs=["N1"])
        with pytest.raises(GuardRefused) as refused:
            start(case, cast.caseworker)
        assert codes(refused.value) == ["need_unplanned:N2"]
        assert "Sense of grievance about treatment by others" in str(refused.value)

    def test_an_explanation_covers_a_need_left_out(self, case_at, cast):
        case = case_at("consent", start=RECENT)
        plan(case, cast, needs=["N1"])
        explain(case, cast.caseworker, "need", "N2")
        start(case, cast.caseworker)
        case.refresh_from_db()
        assert case.stage == Stage.SUPPORT

    def test_a_stale_assessment_is_refused(self, case_at, cast):
        case = case_at("plan")
        with pytest.raises(GuardRefused) as refused:
            start(case, cast.caseworker)
        assert codes(refused.value) == ["assessment_stale"]

    def test_an_assessment_on_a_form_no_longer_in_force_is_refused(self, case_at, cast):
        case = case_at("plan", start=RECENT)
        definition_put_in_force(definition=AssessmentDefinition.objects.get(code="vaf", version=1))
        with pytest.raises(GuardRefused) as refused:
            start(case, cast.caseworker)
        assert codes(refused.value) == ["assessment_outdated_form"]

    def test_significant_news_since_the_assessment_is_refused(self, case_at, cast):
        case = case_at("plan", start=RECENT)
        note_record(
            case_id=case.pk, by=cast.caseworker, summary="Arrest", significant=True, now=NOW
        )
        with pytest.raises(GuardRefused) as refused:
            start(case, cast.caseworker)
        assert codes(refused.value) == ["assessment_predates_information"]

    @pytest.mark.parametrize("role", NOT_CASE_MANAGERS)
    def test_only_case_managers_start_support(self, case_at, make_user, role):
        case = case_at("plan", start=RECENT)
        with pytest.raises(PermissionDenied):
            start(case, make_user(role))

    @pytest.mark.parametrize("stage", stages_refusing(Step.START_SUPPORT))
    def test_it_is_refused_at_every_other_stage(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            start(case, cast.caseworker)
