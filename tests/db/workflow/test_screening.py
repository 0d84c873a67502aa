"""Taking a referral into screening, and the gateway decision on it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from casetrail.accounts.roles import Role
from casetrail.workflow import decisions
from casetrail.workflow.operations.referral import screening_decide, screening_start
from casetrail.workflow.record import RecordError
from casetrail.workflow.stages import Stage, Step, StepRefused
from tests.db.workflow.conftest import NOW
from tests.db.workflow.helpers import WHY, case_in, event_types, last_payload, stages_refusing

NOT_SCREENING_ROLES = [
    Role.REFERRER,
    Role.PANEL_CHAIR,
    Role.PANEL_MEMBER,
    Role.INTERVENTION_PROVIDER,
    Role.AUDITOR,
    Role.ADMINISTRATOR,
]


def decide(case, by, outcome="adopt", **kwargs):
    arguments = {"options": [decisions.SCREENING["not_adopt"]], "rationale": WHY, **kwargs}
    return screening_decide(case_id=case.pk, by=by, outcome=outcome, now=NOW, **arguments)


class TestScreeningStart:
    def test_it_takes_a_referral_into_screening(self, case_at, cast):
        case = case_at("receive")
        screening_start(case_id=case.pk, by=cast.caseworker, now=NOW)
        case.refresh_from_db()
        assert (case.stage, case.stage_changed_at) == (Stage.SCREENING, NOW)

    def test_whoever_screens_owns_the_case(self, case_at, supervisor):
        case = case_at("receive")
        screening_start(case_id=case.pk, by=supervisor, now=NOW)
        case.refresh_from_db()
        assert case.owner_id == supervisor.pk
        assert f"|u{supervisor.pk}|" in case.involved

    @pytest.mark.parametrize("role", NOT_SCREENING_ROLES)
    def test_only_caseworkers_and_supervisors_screen(self, case_at, make_user, role):
        case = case_at("receive")
        with pytest.raises(PermissionDenied):
            screening_start(case_id=case.pk, by=make_user(role), now=NOW)

    @pytest.mark.parametrize("stage", stages_refusing(Step.START_SCREENING))
    def test_it_is_refused_at_every_other_stage(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused) as refused:
            screening_start(case_id=case.pk, by=cast.caseworker, now=NOW)
        assert (refused.value.step, refused.value.stage) == (Step.START_SCREENING, stage)


class TestScreeningDecide:
    def test_adopting_records_the_options_weighed_and_why(self, case_at, cast):
        case = case_at("screen")
        decide(case, cast.caseworker)
        case.refresh_from_db()
        assert case.stage == Stage.ADOPTED
        assert event_types(case)[-1] == "CaseAdopted"
        assert last_payload(case) == {
            "options": [decisions.SCREENING["adopt"], decisions.SCREENING["not_adopt"]],
            "chosen": decisions.SCREENING["adopt"],
            "rationale": WHY,
        }

    def test_not_adopting_ends_the_case(self, case_at, cast):
        case = case_at("screen")
        decide(case, cast.caseworker, "not_adopt", options=[decisions.SCREENING["adopt"]])
        case.refresh_from_db()
        assert (case.stage, event_types(case)[-1]) == (Stage.NOT_ADOPTED, "CaseNotAdopted")

    def test_referring_elsewhere_names_the_services(self, case_at, cast):
        case = case_at("screen")
        decide(case, cast.caseworker, "refer_elsewhere", services="  Early help team  ")
        case.refresh_from_db()
        assert case.stage == Stage.REFERRED_ELSEWHERE
        assert last_payload(case)["services"] == "Early help team"

    def test_referring_elsewhere_without_services_is_refused(self, case_at, cast):
        case = case_at("screen")
        with pytest.raises(RecordError) as refused:
            decide(case, cast.caseworker, "refer_elsewhere", services=" ")
        assert refused.value.field == "services"

    @pytest.mark.parametrize("upto", ["adopt", "plan", "support"])
    def test_a_case_may_be_referred_elsewhere_until_exit(self, case_at, cast, upto):
        case = case_at(upto)
        decide(case, cast.caseworker, "refer_elsewhere", services="Youth offending team")
        case.refresh_from_db()
        assert case.stage == Stage.REFERRED_ELSEWHERE

    def test_an_unknown_outcome_is_refused(self, case_at, cast):
        case = case_at("screen")
        with pytest.raises(RecordError) as refused:
            decide(case, cast.caseworker, "defer")
        assert refused.value.field == "outcome"

    def test_a_case_cannot_be_adopted_twice(self, case_at, cast):
        case = case_at("adopt")
        with pytest.raises(StepRefused):
            decide(case, cast.caseworker)

    @pytest.mark.parametrize("stage", stages_refusing(Step.ADOPT))
    def test_adoption_is_refused_at_every_other_stage(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            decide(case, cast.caseworker)

    @pytest.mark.parametrize("stage", stages_refusing(Step.REFER_ELSEWHERE))
    def test_referral_elsewhere_is_refused_at_every_other_stage(self, case_at, cast, stage):
        case = case_in(stage, case_at, cast)
        with pytest.raises(StepRefused):
            decide(case, cast.caseworker, "refer_elsewhere", services="Early help team")

    @pytest.mark.parametrize("role", NOT_SCREENING_ROLES)
    def test_only_caseworkers_and_supervisors_decide(self, case_at, make_user, role):
        case = case_at("screen")
        with pytest.raises(PermissionDenied):
            decide(case, make_user(role))

    def test_a_single_option_is_refused(self, case_at, cast):
        case = case_at("screen")
        with pytest.raises(RecordError) as refused:
            decide(case, cast.caseworker, options=[decisions.SCREENING["adopt"], " "])
        assert refused.value.field == "options"

    def test_a_token_rationale_is_refused(self, case_at, cast):
        case = case_at("screen")
        with pytest.raises(RecordError) as refused:
            decide(case, cast.caseworker, rationale="agreed")
        assert refused.value.field == "rationale"
