"""The steps the journey test does not take, and who may take a step: each role tried."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from casetrail.accounts.roles import Role
from casetrail.chronology.models import Event
from casetrail.workflow.models import Case
from tests.db.api.conftest import Caller, problem

RATIONALE = "Same name, date of birth and address as the earlier referral."


def ok(response) -> dict:
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def second_referral(calls, case_at):
    """A case whose person casetrail already knew from an earlier case."""
    case_at("close", person="Jordan Miles")
    made = calls["teacher"].post("/referrals", {
        "person": {
            "name": "Jordon Myles", "birth_date": "2010-05-01",
            "address": "1 High Street, Northshire",
        },
        "concerns": "Sharing extremist videos again.", "relationship": "Teacher",
        "person_aware": "yes", "referrer": {"email": "teacher@example.org"},
    })  # fmt: skip
    assert made.status_code == 201, made.content
    return Case.objects.get(reference=made.json()["reference"])


def test_a_screener_links_an_earlier_record_and_its_cases_follow(calls, second_referral):
    officer = calls["officer"]
    ref = second_referral.reference
    [candidate] = list(second_referral.detail["matches"])
    problem(officer.step(ref, "decide-adoption", {
        "outcome": "adopt", "options": ["Do not adopt"], "rationale": RATIONALE,
    }), 409)  # fmt: skip
    ok(officer.step(ref, "start-screening"))
    body = {"person_id": int(candidate), "decision": "same", "rationale": RATIONALE}
    ok(officer.step(ref, "decide-person-match", body))
    assert Case.objects.get(pk=second_referral.pk).matches_undecided == 0
    ok(officer.step(ref, "find-person-matches"))
    assert Event.objects.filter(case=second_referral, type="PersonLinked").exists()


def test_an_unknown_candidate_is_422_naming_person_id(calls, second_referral):
    body = {"person_id": 999_999, "decision": "different", "rationale": RATIONALE}
    errors = problem(
        calls["officer"].step(second_referral.reference, "decide-person-match", body), 422
    )
    assert errors["errors"][0]["field"] == "person_id"


def test_not_adopting_and_referring_elsewhere(calls, case_at):
    officer = calls["officer"]
    first = case_at("screen", person="Ann One")
    second = case_at("screen", person="Bob Two", birth=date(2012, 9, 30))
    body = {
        "outcome": "not_adopt",
        "options": ["Adopt"],
        "rationale": "No vulnerability to extremism was found.",
    }
    assert ok(officer.step(first.reference, "decide-adoption", body))["stage"] == "not_adopted"
    body = {
        "services": "Early help",
        "options": ["Adopt"],
        "rationale": "Needs are about family support, not ideology.",
    }
    assert (
        ok(
            officer.step(
                second.reference, "decide-adoption", {**body, "outcome": "refer_elsewhere"}
            )
        )["stage"]
        == "referred_elsewhere"
    )


def test_a_gap_is_explained_and_a_closed_case_is_reopened(calls, case_at):
    officer = calls["officer"]
    supporting = case_at("support")
    body = {
        "subject": "session",
        "key": "I1-2",
        "rationale": "The mentor left; a new one starts next month.",
    }
    recorded = ok(officer.step(supporting.reference, "explain-gap", body))["recorded"]
    assert recorded[0]["type"] == "GapExplained"
    closed = case_at("close")
    body = {"rationale": "A new referral from the school raises the same concern again."}
    assert ok(officer.step(closed.reference, "reopen", body))["stage"] == "screening"


# Who may start screening a referred case: a case manager; those who read cases but do
# not screen hear 403; those who may not see it at all hear 404, as if it did not exist.
SCREENING = [
    (Role.CASEWORKER, 200),
    (Role.SUPERVISOR, 200),
    (Role.PANEL_CHAIR, 403),
    (Role.PANEL_MEMBER, 403),
    (Role.AUDITOR, 403),
    (Role.INTERVENTION_PROVIDER, 404),
    (Role.REFERRER, 404),
    (Role.ADMINISTRATOR, 404),
]


@pytest.mark.parametrize(("role", "status"), SCREENING)
def test_each_role_may_start_screening_or_hears_why_not(make_user, case_at, role, status):
    case = case_at("receive")
    response = Caller(make_user(role)).step(case.reference, "start-screening")
    assert response.status_code == status, response.content
    assert Case.objects.get(pk=case.pk).stage == ("screening" if status == 200 else "referred")


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.PANEL_CHAIR, 200), (Role.CASEWORKER, 403), (Role.SUPERVISOR, 403), (Role.AUDITOR, 403)],
)
def test_only_a_panel_chair_records_the_exit_decision(make_user, case_at, role, status):
    case = case_at("session_2")
    body = {
        "options": ["Continue support"],
        "rationale": "Both sessions were delivered and needs met.",
    }
    assert Caller(make_user(role)).step(case.reference, "decide-exit", body).status_code == status


def test_a_provider_records_sessions_only_for_cases_it_provides_for(
    calls, make_user, case_at, agency
):
    case = case_at("risk_1")
    body = {"session": "I1-1", "outcome": "delivered", "held_on": f"{case.opened_at:%Y-%m-%d}"}
    other = make_user(Role.INTERVENTION_PROVIDER, agency=agency)
    problem(Caller(other).step(case.reference, "record-session", body), 404)
    assert calls["mentor"].step(case.reference, "record-session", body).status_code == 200


def test_a_referrer_answers_only_what_was_asked_of_them(calls, case_at):
    case = case_at("consult")
    teacher = calls["teacher"]
    problem(teacher.get(f"/cases/{case.reference}"), 404)
    answer = {"key": "C1", "answer": "He has been quieter in class this week."}
    assert ok(teacher.step(case.reference, "answer-consultation", answer))["stage"] == "screening"
    problem(teacher.step(case.reference, "start-screening"), 404)  # nor sees the case


def test_a_step_dated_before_the_referral_day_is_refused_and_changes_nothing(make_user, case_at):
    case = case_at("receive")
    before = (case.opened_at - timedelta(days=1)).isoformat()
    caller = Caller(make_user(Role.CASEWORKER))
    body = problem(caller.step(case.reference, "start-screening", {"occurred_at": before}), 422)
    assert body["errors"][0]["field"] == "occurred_at"
    assert "before the day the referral was received" in body["errors"][0]["message"]
    assert Case.objects.get(pk=case.pk).head_position == case.head_position
    later = (case.opened_at + timedelta(hours=1)).isoformat()
    assert caller.step(case.reference, "start-screening", {"occurred_at": later}).status_code == 200


def test_a_note_may_tell_of_what_happened_before_the_referral(make_user, case_at):
    case = case_at("receive")
    body = {
        "summary": "The school's call the week before the referral",
        "occurred_at": (case.opened_at - timedelta(days=7)).isoformat(),
    }
    response = Caller(make_user(Role.CASEWORKER)).step(case.reference, "record-note", body)
    assert response.status_code == 200, response.content
