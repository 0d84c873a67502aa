"""Going ahead although a guard is unmet: a supervisor's decision, recorded with its reasons."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied

from casetrail.chronology.models import Event
from casetrail.workflow.operations.common import GuardRefused
from casetrail.workflow.operations.support import support_start
from casetrail.workflow.record import RecordError
from casetrail.workflow.stages import Stage
from tests.db.workflow.conftest import NOW
from tests.db.workflow.helpers import RECENT, WHY, event_types, exit_case, plan

UNMET_EXIT = "The panel has not recorded a decision to exit with its rationale"


def override_payload(case) -> dict:
    return json.loads(Event.objects.get(case=case, type="GuardOverridden").payload)


class TestExitOverride:
    def test_a_supervisor_exits_despite_the_unmet_conditions(self, case_at, cast, supervisor):
        case = case_at("session_2", start=RECENT)
        owners = {6: cast.caseworker, 12: cast.caseworker}
        exit_case(case, supervisor, owners=owners, override_rationale=WHY)
        case.refresh_from_db()
        assert event_types(case)[-2:] == ["GuardOverridden", "CaseExited"]
        assert override_payload(case) == {
            "guard": "exit",
            "unmet": [{"code": "exit_not_decided", "message": UNMET_EXIT}],
            "rationale": WHY,
        }
        assert (case.stage, case.overrides) == (Stage.EXITED, 1)
        assert case.detail["overrides"] == [
            {
                "guard": "exit",
                "unmet": ["The panel has not recorded a decision to exit with its rationale"],
            }
        ]

    def test_every_unmet_condition_is_listed(self, case_at, supervisor):
        case = case_at("session_1", start=RECENT)
        exit_case(case, supervisor, override_rationale=WHY)
        codes = [unmet["code"] for unmet in override_payload(case)["unmet"]]
        assert codes == ["exit_not_decided", "session_not_delivered:I1-2"]

    def test_nothing_is_overridden_when_the_guard_is_met(self, case_at, supervisor):
        case = case_at("decide_exit", start=RECENT)
        exit_case(case, supervisor, override_rationale=WHY)
        case.refresh_from_db()
        assert (event_types(case)[-1], case.overrides) == ("CaseExited", 0)
        assert "GuardOverridden" not in event_types(case)

    def test_a_supervisor_without_a_rationale_is_refused(self, case_at, supervisor):
        case = case_at("session_2", start=RECENT)
        with pytest.raises(GuardRefused):
            exit_case(case, supervisor)

    def test_a_caseworker_cannot_override(self, case_at, cast):
        case = case_at("session_2", start=RECENT)
        with pytest.raises(GuardRefused) as refused:
            exit_case(case, cast.caseworker, override_rationale=WHY)
        assert [unmet.code for unmet in refused.value.unmet] == ["exit_not_decided"]

    def test_the_chair_may_not_exit_a_case_at_all(self, case_at, cast):
        # The chair holds override_guard, but exiting is case management.
        case = case_at("session_2", start=RECENT)
        owners = {6: cast.caseworker, 12: cast.caseworker}
        with pytest.raises(PermissionDenied):
            exit_case(case, cast.chair, owners=owners, override_rationale=WHY)

    @pytest.mark.parametrize("rationale", ["agreed", "", "Supervisor decision."])
    def test_a_token_override_rationale_is_refused(self, case_at, supervisor, rationale):
        case = case_at("session_2", start=RECENT)
        with pytest.raises(RecordError) as refused:
            exit_case(case, supervisor, override_rationale=rationale)
        assert refused.value.field == "override_rationale"


class TestSupportStartOverride:
    def test_a_supervisor_starts_support_without_consent(self, case_at, cast, supervisor):
        case = case_at("panel", start=RECENT)
        plan(case, cast)
        support_start(case_id=case.pk, by=supervisor, override_rationale=WHY, now=NOW)
        case.refresh_from_db()
        assert event_types(case)[-2:] == ["GuardOverridden", "SupportStarted"]
        assert case.detail["overrides"] == [
            {"guard": "support_start", "unmet": ["Consent to support has not been recorded"]}
        ]
        assert (case.stage, case.overrides) == (Stage.SUPPORT, 1)

    def test_a_caseworker_cannot_override(self, case_at, cast):
        case = case_at("panel", start=RECENT)
        plan(case, cast)
        with pytest.raises(GuardRefused):
            support_start(case_id=case.pk, by=cast.caseworker, override_rationale=WHY, now=NOW)

    def test_overrides_add_up_on_the_case(self, case_at, cast, supervisor):
        case = case_at("panel", start=RECENT)
        plan(case, cast)
        support_start(case_id=case.pk, by=supervisor, override_rationale=WHY, now=NOW)
        exit_case(case, supervisor, override_rationale=WHY)
        case.refresh_from_db()
        assert [item["guard"] for item in case.detail["overrides"]] == ["support_start", "exit"]
        assert case.overrides == 2
