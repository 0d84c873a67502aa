"""Reading cases through the API: the caseload's filters and pages, a case, its chronology,
its guards, the dashboard and a referrer's own referrals; every read of a case is logged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from casetrail.chronology.models import CaseAccess
from casetrail.workflow.operations.notes import event_redact, note_record
from tests.db.api.conftest import problem


def ok(response) -> dict:
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def cases(case_at):
    return {
        "referred": case_at("receive", person="Ada Referred"),
        "screening": case_at("screen", person="Ben Screening"),
        "support": case_at("support", person="Cal Support"),
        "closed": case_at("close", person="Dee Closed"),
    }


def test_the_caseload_lists_what_the_caller_may_see_newest_first(calls, cases):
    listed = ok(calls["supervisor"].get("/cases"))
    assert listed["count"] == 4
    opened = [row["opened_at"] for row in listed["cases"]]
    assert opened == sorted(opened, reverse=True)
    assert {row["reference"] for row in listed["cases"]} == {c.reference for c in cases.values()}


def test_the_caseload_filters_by_stage_and_name(calls, cases):
    supervisor = calls["supervisor"]
    assert [r["person_name"] for r in ok(supervisor.get("/cases", stage="support"))["cases"]] == [
        "Cal Support"
    ]
    found = ok(supervisor.get("/cases", q="dee"))["cases"]
    assert [row["reference"] for row in found] == [cases["closed"].reference]


def test_the_caseload_pages(calls, cases):
    first = ok(calls["supervisor"].get("/cases", per_page=3, sort="person"))
    second = ok(calls["supervisor"].get("/cases", per_page=3, page=2, sort="person"))
    assert (first["count"], first["pages"], len(first["cases"]), len(second["cases"])) == (
        4,
        2,
        3,
        1,
    )
    assert second["cases"][0]["person_name"] == "Dee Closed"


def test_a_provider_lists_only_the_cases_it_provides_for(calls, cases):
    listed = ok(calls["mentor"].get("/cases"))
    assert {row["reference"] for row in listed["cases"]} == {
        cases["support"].reference, cases["closed"].reference,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "value"),
    [("per_page", 0), ("per_page", 201), ("stage", "nowhere"), ("sort", "colour")],
)
def test_a_bad_filter_is_422_naming_it(calls, db, name, value):
    errors = problem(calls["supervisor"].get("/cases", **{name: value}), 422)["errors"]
    assert errors[0]["field"] == name


def test_a_case_shows_its_guards_and_the_steps_the_caller_may_take(calls, cases):
    case = cases["support"]
    detail = ok(calls["officer"].get(f"/cases/{case.reference}"))
    assert detail["stage"] == "support"
    assert [need["code"] for need in detail["needs"]] == ["N1", "N2"]
    assert [s["key"] for s in detail["sessions"]] == ["I1-1", "I1-2"]
    [exit_guard] = detail["guards"]
    assert exit_guard["guard"] == "exit"
    assert exit_guard["met"] is False
    assert exit_guard["unmet"]
    steps = {step["step"]: step["path"] for step in detail["steps"]}
    assert (
        steps["assess-session-risk"] == f"/api/v1/cases/{case.reference}/steps/assess-session-risk"
    )
    assert "start-screening" not in steps


def test_the_steps_listed_are_only_those_the_role_may_take(calls, cases):
    case = cases["support"]
    mentor = {s["step"] for s in ok(calls["mentor"].get(f"/cases/{case.reference}"))["steps"]}
    auditor = {s["step"] for s in ok(calls["auditor"].get(f"/cases/{case.reference}"))["steps"]}
    assert mentor == {"assess-session-risk", "record-session"}
    assert auditor == set()


def test_the_guards_endpoint_says_what_each_guard_needs(calls, case_at):
    case = case_at("review_6")
    guards = ok(calls["officer"].get(f"/cases/{case.reference}/guards"))
    assert guards["stage"] == "reviewed_6"
    [close] = guards["guards"]
    assert (close["guard"], close["met"]) == ("close", False)
    assert "12" in close["unmet"][0]["message"]


def test_the_chronology_reads_in_order_with_redactions_empty(calls, cases, cast):
    case = cases["referred"]
    now = datetime.now(UTC)
    note = note_record(case_id=case.pk, by=cast.caseworker, summary="Name of a neighbour", now=now)
    event_redact(
        case_id=case.pk, position=note.position, by=cast.caseworker, now=now,
        rationale="The note named a neighbour who has nothing to do with the case.",
    )  # fmt: skip
    events = ok(calls["officer"].get(f"/cases/{case.reference}/chronology"))["events"]
    assert [event["position"] for event in events] == sorted(e["position"] for e in events)
    redacted = next(event for event in events if event["position"] == note.position)
    assert (redacted["redacted"], redacted["payload"]) == (True, {})
    assert events[0]["actor"]["username"] == "teacher"


def test_every_read_of_a_case_is_logged_with_the_api_as_its_channel(calls, cases):
    case = cases["screening"]
    officer = calls["officer"]
    for path in ("", "/chronology", "/guards"):
        ok(officer.get(f"/cases/{case.reference}{path}"))
    logged = CaseAccess.objects.filter(case=case, channel=CaseAccess.Channel.API)
    assert sorted(logged.values_list("what", flat=True)) == ["case summary", "chronology", "guards"]
    assert {access.user_id for access in logged} == {officer.user.pk}


def test_a_refused_read_is_not_logged_as_a_read(calls, cases):
    problem(calls["teacher"].get(f"/cases/{cases['screening'].reference}"), 404)
    assert not CaseAccess.objects.filter(channel=CaseAccess.Channel.API).exists()


def test_the_dashboard_gives_the_pages_figures(calls, cases):
    figures = ok(calls["supervisor"].get("/dashboard"))
    stages = {row["stage"]: row["count"] for row in figures["stages"]}
    assert (stages["referred"], stages["support"], stages["closed"]) == (1, 1, 1)
    assert {signal["code"] for signal in figures["signals"]} >= {"reviews_overdue"}


def test_a_referrer_follows_their_own_referrals_and_what_they_are_asked(calls, case_at):
    asked = case_at("consult", person="Eve Asked")
    listed = ok(calls["teacher"].get("/referrals"))
    [row] = [row for row in listed if row["reference"] == asked.reference]
    assert [item["key"] for item in row["asked"]] == ["C1"]


def test_a_supervisor_reads_who_has_read_a_case_and_that_read_is_logged_too(calls, cases):
    case = cases["screening"]
    ok(calls["officer"].get(f"/cases/{case.reference}"))
    accesses = ok(calls["supervisor"].get(f"/cases/{case.reference}/access-log"))["accesses"]
    assert [(a["username"], a["what"], a["channel"]) for a in accesses] == [
        ("supervisor", "access log", "api"),
        ("officer", "case summary", "api"),
    ]


def test_a_caseworker_may_not_read_the_access_log(calls, cases):
    problem(calls["officer"].get(f"/cases/{cases['screening'].reference}/access-log"), 403)
