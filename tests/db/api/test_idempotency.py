"""Safe retries: the same request under the same Idempotency-Key is carried out once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from casetrail.api.models import IdempotentRequest
from casetrail.chronology.models import Event
from casetrail.workflow.models import Case
from tests.db.api.conftest import Caller, problem

REFERRAL = {
    "person": {"name": "Riley Stone", "birth_date": "2009-06-01"},
    "concerns": "Repeating extremist slogans in class and online.",
    "relationship": "Head of year",
    "person_aware": "no",
    "referrer": {"email": "head.of.year@riverside.example"},
}
NOTE = {"summary": "Phoned the school", "detail": "Attendance is good this week."}


def test_a_repeat_with_the_same_key_returns_the_first_answer_and_writes_nothing(calls):
    teacher = calls["teacher"]
    first = teacher.post("/referrals", REFERRAL, **{"Idempotency-Key": "referral-1"})
    again = teacher.post("/referrals", REFERRAL, **{"Idempotency-Key": "referral-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1


def test_the_same_body_spaced_differently_is_the_same_request(calls):
    teacher = calls["teacher"]
    teacher.post("/referrals", REFERRAL, **{"Idempotency-Key": "k"})
    spaced = teacher.client.post(
        "/api/v1/referrals", data=json_spaced(REFERRAL), content_type="application/json",
        headers={"Idempotency-Key": "k"},
    )  # fmt: skip
    assert spaced.status_code == 201
    assert Case.objects.count() == 1


def json_spaced(body: dict) -> str:
    import json

    return json.dumps(dict(reversed(list(body.items()))), indent=4)


def test_the_same_key_with_a_different_body_is_422_and_writes_nothing(calls):
    teacher = calls["teacher"]
    teacher.post("/referrals", REFERRAL, **{"Idempotency-Key": "referral-1"})
    other = {**REFERRAL, "concerns": "Something else entirely was seen and heard."}
    body = problem(teacher.post("/referrals", other, **{"Idempotency-Key": "referral-1"}), 422)
    assert body["errors"][0]["field"] == "Idempotency-Key"
    assert Case.objects.count() == 1


def test_the_same_key_on_another_path_is_422(calls, case_at):
    case = case_at("receive")
    officer = calls["officer"]
    officer.step(case.reference, "record-note", NOTE, **{"Idempotency-Key": "x"})
    problem(officer.step(case.reference, "start-screening", {}, **{"Idempotency-Key": "x"}), 422)


def test_keys_are_each_callers_own(calls, case_at):
    case = case_at("receive")
    for name in ("officer", "supervisor"):
        response = calls[name].step(
            case.reference, "record-note", NOTE, **{"Idempotency-Key": "same"}
        )
        assert response.status_code == 200
        assert "Idempotent-Replayed" not in response
    assert Event.objects.filter(case=case, type="NoteRecorded").count() == 2


def test_a_refusal_is_replayed_too_since_it_may_have_recorded_the_refusal(calls, case_at):
    case = case_at("support", skip=("risk_1",))
    body = {"session": "I1-1", "outcome": "delivered", "held_on": "2025-01-01"}
    mentor = calls["mentor"]
    first = mentor.step(case.reference, "record-session", body, **{"Idempotency-Key": "s1"})
    again = mentor.step(case.reference, "record-session", body, **{"Idempotency-Key": "s1"})
    assert first.status_code == again.status_code == 409
    assert Event.objects.filter(case=case, type="SessionDeliveryRefused").count() == 1


def test_a_refused_caller_may_try_again_under_the_same_key(calls, case_at, make_user):
    case = case_at("receive")
    problem(
        calls["auditor"].step(case.reference, "start-screening", {}, **{"Idempotency-Key": "a"}),
        403,
    )
    assert not IdempotentRequest.objects.exists()


@pytest.mark.parametrize("key", ["", "x" * 256, "naïve", "tab\there"])
def test_a_malformed_key_is_400_and_nothing_is_done(calls, case_at, key):
    case = case_at("receive")
    response = calls["officer"].step(
        case.reference, "start-screening", {}, **{"Idempotency-Key": key}
    )
    problem(response, 400)
    assert Case.objects.get(pk=case.pk).stage == "referred"


def test_a_key_sent_without_credentials_is_401(db):
    response = Client().post(
        "/api/v1/referrals", data=REFERRAL, content_type="application/json",
        headers={"Idempotency-Key": "k"},
    )  # fmt: skip
    problem(response, 401)


def test_every_post_documents_the_header(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    posts = [ops["post"] for ops in schema["paths"].values() if "post" in ops]
    assert posts
    for operation in posts:
        assert "Idempotency-Key" in {
            p["name"] for p in operation["parameters"] if p["in"] == "header"
        }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writers")
@pytest.mark.django_db(transaction=True)
def test_copies_sent_at_once_create_exactly_one_case(cast):
    callers = [Caller(cast.referrer) for _ in range(8)]
    answers: list = [None] * len(callers)
    start = threading.Barrier(len(callers))

    def send(number: int) -> None:
        start.wait()
        try:
            answers[number] = callers[number].post(
                "/referrals", REFERRAL, **{"Idempotency-Key": "race"}
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(callers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {answer.status_code for answer in answers} == {201}
    assert len({answer.json()["reference"] for answer in answers}) == 1
    assert sum(answer.has_header("Idempotent-Replayed") for answer in answers) == len(callers) - 1
    assert Case.objects.count() == 1
