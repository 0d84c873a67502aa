"""Recording a vulnerability assessment on the form version in force, and coding its needs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from casetrail.accounts.roles import Role
from casetrail.assessments.loading import definition_put_in_force
from casetrail.assessments.models import AssessmentDefinition
from casetrail.workflow.operations.assessment import AnswersInvalid, assessment_record
from casetrail.workflow.operations.common import day_start
from casetrail.workflow.record import RecordError
from casetrail.workflow.scenarios import sample_answers
from casetrail.workflow.stages import Step, StepRefused
from tests.db.workflow.conftest import NOW
from tests.db.workflow.helpers import TODAY, case_in, last_payload, stages_refusing


def assess(case, by, answers=None, assessed_on=TODAY):
    answers = sample_answers() if answers is None else answers
    return assessment_record(
        case_id=case.pk, by=by, answers=answers, assessed_on=assessed_on, now=NOW
    )


def test_it_records_the_answers_on_the_version_in_force(case_at, cast):
    case = case_at("adopt")
    assess(case, cast.caseworker)
    case.refresh_from_db()
    payload = last_payload(case)
    assert (payload["key"], payload["definition"], payload["version"]) == ("A1", "vaf", 2)
    assert (case.assessment_version, case.assessment_at) == (2, day_start(NOW.date()))


def test_an_earlier_version_put_back_in_force_is_the_one_used(case_at, cast):
    case = case_at("adopt")
    definition_put_in_force(definition=AssessmentDefinition.objects.get(code="vaf", version=1))
    assess(case, cast.caseworker)
    case.refresh_from_db()
    assert (last_payload(case)["version"], case.assessment_version) == (1, 1)


def test_answers_to_another_version_are_refused(case_at, cast):
    case = case_at("adopt")
    answers = sample_answers()
    definition_put_in_force(definition=AssessmentDefinition.objects.get(code="vaf", version=1))
    with pytest.raises(AnswersInvalid) as refused:
        assess(case, cast.caseworker, answers)
    assert ("factors.E-GRIEVANCE", "is not a factor of version 1") in refused.value.problems


def test_invalid_answers_list_every_problem(case_at, cast):
    case = case_at("adopt")
    answers = sample_answers()
    del answers["factors"]["C-HISTORY"]
    answers["factors"]["E-GRIEVANCE"] = {"rating": "present", "evidence": " "}
    with pytest.raises(AnswersInvalid) as refused:
        assess(case, cast.caseworker, answers)
    evidence = "Give the evidence for rating “Grievance, threat or injustice felt” as present"
    assert refused.value.problems == [
        ("factors.E-GRIEVANCE", evidence),
        ("factors.C-HISTORY", "Rate “Criminal history”"),
    ]
    assert isinstance(refused.value, RecordError)
    assert refused.value.field == "factors.E-GRIEVANCE"


def test_new_needs_are_numbered_in_order(case_at, cast):
    case = case_at("adopt")
    assess(case, cast.caseworker)
    case.refresh_from_db()
    assert [need["code"] for need in case.detail["needs"]] == ["N1", "N2"]


def test_a_need_carried_forward_keeps_its_code_and_a_new_one_takes_the_next(case_at, cast):
    case = case_at("assess")
    answers = sample_answers(["Grievance persists", "Wants a place in a sports club"])
    answers["needs"][0]["code"] = "N2"
    assess(case, cast.caseworker, answers)
    case.refresh_from_db()
    assert case.detail["needs"] == [
        {"code": "N2", "label": "Grievance persists"},
        {"code": "N3", "label": "Wants a place in a sports club"},
    ]
    assert sorted(case.detail["needs_known"]) == ["N1", "N2", "N3"]
    assert (last_payload(case)["key"], case.detail["assessments"]) == ("A2", 2)


def test_a_need_code_the_case_never_recorded_is_refused(case_at, cast):
    case = case_at("assess")
    answers = sample_answers()
    answers["needs"][0]["code"] = "N9"
    with pytest.raises(RecordError) as refused:
        assess(case, cast.caseworker, answers)
    assert refused.value.field == "needs"


def test_one_need_carried_forward_twice_is_refused(case_at, cast):
    case = case_at("assess")
    answers = sample_answers()
    for need in answers["needs"]:
        need["code"] = "N1"
    with pytest.raises(AnswersInvalid) as refused:
        assess(case, cast.caseworker, answers)
    assert refused.value.problems == [("needs.1", "Each need needs its own code")]


def test_an_assessment_dated_in_the_future_is_refused(case_at, cast):
    case = case_at("adopt")
    with pytest.raises(RecordError) as refused:
        assess(case, cast.caseworker, assessed_on=NOW.date() + timedelta(days=1))
    assert refused.value.field == "assessed_on"


@pytest.mark.parametrize(
    "role",
    [Role.PANEL_CHAIR, Role.PANEL_MEMBER, Role.INTERVENTION_PROVIDER, Role.REFERRER, Role.AUDITOR],
)
def test_only_case_managers_assess(case_at, make_user, role):
    case = case_at("adopt")
    with pytest.raises(PermissionDenied):
        assess(case, make_user(role))


@pytest.mark.parametrize("stage", stages_refusing(Step.RECORD_ASSESSMENT))
def test_it_is_refused_before_adoption_and_after_the_case_ends(case_at, cast, stage):
    case = case_in(stage, case_at, cast)
    with pytest.raises(StepRefused):
        assess(case, cast.caseworker)
