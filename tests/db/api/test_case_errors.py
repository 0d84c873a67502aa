"""Each error class the case API gives, with the right status and what the caller needs to act."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from casetrail.chronology.models import Event
from casetrail.workflow.models import Case
from tests.db.api.conftest import problem

RATIONALE = "The panel weighed the evidence and agreed this is the right course."


def test_a_caller_with_neither_token_nor_session_hears_401(db):
    body = problem(Client().get("/api/v1/cases"), 401)
    assert "Bearer" in body["detail"]


def test_an_unknown_case_is_404_for_reads_and_steps(calls):
    problem(calls["officer"].get("/cases/CT-999999"), 404)
    problem(calls["officer"].step("CT-999999", "start-screening"), 404)


def test_a_case_the_caller_may_not_see_is_404_as_if_it_did_not_exist(calls, case_at):
    case = case_at("receive")  # no provider involved yet
    mentor = calls["mentor"]
    unknown = problem(mentor.get("/cases/CT-999999"), 404)
    hidden = problem(mentor.get(f"/cases/{case.reference}"), 404)
    assert hidden == unknown
    problem(mentor.get(f"/cases/{case.reference}/chronology"), 404)
    problem(mentor.step(case.reference, "record-note", {"summary": "Seen"}), 404)


def test_a_case_the_caller_sees_but_may_not_change_is_403(calls, case_at):
    case = case_at("receive")
    problem(calls["auditor"].step(case.reference, "start-screening"), 403)
    assert Case.objects.get(pk=case.pk).stage == "referred"


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("teacher", "/cases"),
        ("teacher", "/dashboard"),
        ("officer", "/dashboard"),
        ("officer", "/referrals"),
    ],
)
def test_reads_a_role_does_not_have_are_403(calls, who, path):
    problem(calls[who].get(path), 403)


def test_a_step_the_stage_does_not_allow_is_409_naming_step_and_stage(calls, case_at):
    case = case_at("screen")
    body = problem(calls["officer"].step(case.reference, "close", {"rationale": RATIONALE}), 409)
    assert (body["step"], body["stage"], body["unmet"], body["guard"]) == (
        "close", "screening", [], None,
    )  # fmt: skip


def test_an_unmet_guard_is_409_with_each_condition_as_data(calls, case_at):
    case = case_at("plan", skip=("consent",))
    body = problem(calls["officer"].step(case.reference, "start-support"), 409)
    assert body["guard"] == "support_start"
    assert body["overridable"] is True
    assert "consent_missing" in {item["code"] for item in body["unmet"]}
    assert all(item["message"] for item in body["unmet"])
    assert Case.objects.get(pk=case.pk).stage == "panel"


def test_a_supervisor_may_go_ahead_with_a_rationale_and_the_override_is_recorded(calls, case_at):
    case = case_at("plan", skip=("consent",))
    body = {"override_rationale": "Consent was given by phone; the form follows by post today."}
    response = calls["supervisor"].step(case.reference, "start-support", body)
    assert response.status_code == 200, response.content
    types = [item["type"] for item in response.json()["recorded"]]
    assert types == ["GuardOverridden", "SupportStarted"]


def test_a_guard_no_one_may_override_says_so(calls, case_at):
    case = case_at("session_2")  # support, reviews not recorded: closing is refused
    body = problem(calls["supervisor"].step(case.reference, "close", {"rationale": RATIONALE}), 409)
    assert body["stage"] == "support"


def test_invalid_fields_are_422_naming_each(calls, case_at):
    case = case_at("screen")
    response = calls["officer"].step(
        case.reference, "decide-adoption", {"outcome": "maybe", "options": "x", "colour": 1}
    )
    fields = {item["field"] for item in problem(response, 422)["errors"]}
    assert {"outcome", "options", "rationale", "colour"} <= fields


def test_a_token_rationale_is_422_and_writes_nothing(calls, case_at):
    case = case_at("screen")
    before = Event.objects.filter(case=case).count()
    body = {"outcome": "adopt", "options": ["Do not adopt"], "rationale": "ok"}
    errors = problem(calls["officer"].step(case.reference, "decide-adoption", body), 422)["errors"]
    assert errors[0]["field"] == "rationale"
    assert Event.objects.filter(case=case).count() == before


def test_a_time_in_the_future_is_422_naming_occurred_at(calls, case_at):
    case = case_at("receive")
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    response = calls["officer"].step(case.reference, "start-screening", {"occurred_at": later})
    assert problem(response, 422)["errors"][0]["field"] == "occurred_at"


def test_a_time_without_its_offset_is_422(calls, case_at):
    case = case_at("receive")
    response = calls["officer"].step(
        case.reference, "start-screening", {"occurred_at": "2026-01-02T10:00:00"}
    )
    assert problem(response, 422)["errors"][0]["field"] == "occurred_at"


def test_an_owner_who_is_not_a_user_is_422_naming_the_field(calls, case_at):
    case = case_at("consent")
    body = {
        "title": "Mentoring", "provider": "Pathways Mentoring", "owner": "nobody",
        "needs": ["N1"], "session_dates": ["2030-01-01"],
    }  # fmt: skip
    errors = problem(calls["officer"].step(case.reference, "plan-intervention", body), 422)
    assert errors["errors"] == [
        {"field": "owner", "message": "There is no active user called 'nobody'"}
    ]


def test_an_assessment_that_does_not_fit_its_form_names_each_problem(calls, case_at):
    case = case_at("adopt")
    body = {
        "assessed_on": "2026-01-02",
        "factors": {"no_such_factor": {"rating": "present"}},
        "presenting_behaviour": ["Seen"],
    }
    errors = problem(calls["officer"].step(case.reference, "assess", body), 422)["errors"]
    assert len(errors) > 1
    assert all(item["field"].startswith(("factors", "needs")) for item in errors)


@pytest.mark.parametrize("data", [b"{not json", b"\xff\xfe", b"[1,"])
def test_a_body_that_is_not_json_is_400(calls, case_at, data):
    case = case_at("receive")
    problem(calls["officer"].step(case.reference, "start-screening", data), 400)


def test_no_body_is_enough_for_a_step_that_needs_nothing(calls, case_at):
    case = case_at("receive")
    path = f"/api/v1/cases/{case.reference}/steps/start-screening"
    response = calls["officer"].client.generic("POST", path, b"", content_type="")
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "screening"


def test_no_body_for_a_step_that_needs_one_is_422_naming_what_it_needs(calls, case_at):
    case = case_at("screen")
    response = calls["officer"].client.post(
        f"/api/v1/cases/{case.reference}/steps/decide-adoption", content_type="application/json"
    )
    fields = {item["field"] for item in problem(response, 422)["errors"]}
    assert fields == {"outcome", "rationale"}


def test_a_referral_with_an_nhs_number_not_of_ten_digits_is_422_naming_it(calls):
    body = {
        "person": {"name": "Kit Moss", "identifiers": [{"scheme": "nhs", "value": "943 476"}]},
        "concerns": "Talking about a grievance in class.", "relationship": "Teacher",
        "person_aware": "no", "referrer": {"email": "teacher@example.org"},
    }  # fmt: skip
    errors = problem(calls["teacher"].post("/referrals", body), 422)["errors"]
    assert errors == [
        {"field": "person.identifiers.0.value", "message": "An NHS number has 10 digits"}
    ]
    assert not Case.objects.exists()
