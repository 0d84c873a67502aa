"""POST /api/v1/people/match: who may ask, what a bad request hears, and who is found first."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casetrail.accounts.roles import Role
from casetrail.chronology.models import CaseAccess, Event
from casetrail.people import selectors
from casetrail.people.features import Address, PersonDetails
from casetrail.people.models import BlockingKey, NameFrequency, Person
from casetrail.people.services import person_create
from casetrail.workflow.scenarios import case_through

URL = "/api/v1/people/match"
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
QUERY = {
    "given_name": "Bill",
    "surname": "Hartly",
    "birth_date": "2007-04-03",
    "addresses": [{"line": "14 Mill Lane", "town": "Northshire", "postcode": "NS1 4AB"}],
}


def post(client: Client, body: object) -> object:
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json")


@pytest.fixture
def caseworker(make_user):
    return make_user(Role.CASEWORKER)


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


@pytest.fixture
def people(db) -> dict[str, Person]:
    """William Hartley, and people who share a part of him each."""

    def person(given, surname, birth, postcode="", town="Northshire") -> Person:
        details = PersonDetails(
            given_name=given,
            surname=surname,
            birth_date=birth,
            addresses=(Address("14 Mill Lane" if postcode else "", town, postcode),),
        )
        return person_create(details=details, source="test", now=NOW)

    return {
        "william": person("William", "Hartley", "2007-03-04", "NS1 4AB"),
        "wilma": person("Wilma", "Hartley", "2007-03-04"),
        "walter": person("Walter", "Hart", "1990-03-04"),
        "bill": person("Bill", "Hartman", "2001-11-12", town="Southport"),
    }


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"]
    assert body["detail"]
    return body


def test_a_signed_out_caller_hears_401_not_a_sign_in_redirect(client, people):
    body = assert_problem(post(client, QUERY), 401)
    assert "sign in" in body["detail"]


@pytest.mark.parametrize(
    "role", [Role.REFERRER, Role.INTERVENTION_PROVIDER, Role.PANEL_CHAIR, Role.AUDITOR]
)
def test_roles_that_do_not_screen_may_not_match(client, make_user, people, role):
    client.force_login(make_user(role))
    body = assert_problem(post(client, QUERY), 403)
    assert "may not match people" in body["detail"]


def test_a_supervisor_may_match(client, make_user, people):
    client.force_login(make_user(Role.SUPERVISOR))
    assert post(client, QUERY).status_code == 200


def test_a_session_request_without_its_csrf_token_is_refused(caseworker, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    body = assert_problem(post(client, QUERY), 403)
    assert "CSRF" in body["detail"]


def test_a_session_request_with_its_csrf_token_is_answered(caseworker, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)
    token = "a" * 32  # Django accepts the unmasked secret as the token
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    response = client.post(
        URL, data=json.dumps(QUERY), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200


def test_an_empty_object_is_refused_naming_the_fields_that_would_do(signed_in):
    body = assert_problem(post(signed_in, {}), 422)
    assert {error["field"] for error in body["errors"]} == {"given_name", "birth_date"}
    assert "name or a date of birth" in body["errors"][0]["message"]


def test_an_empty_body_is_refused_naming_the_body(signed_in):
    body = assert_problem(post(signed_in, b""), 422)
    assert [error["field"] for error in body["errors"]] == ["body"]


def test_a_date_alone_that_cannot_be_read_is_refused_naming_it(signed_in):
    body = assert_problem(post(signed_in, {"birth_date": "spring 2007"}), 422)
    assert [error["field"] for error in body["errors"]] == ["birth_date"]
    assert "2007-03-27" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    "query",
    [{"birth_date": "1995-03-14"}, {"given_name": "Jordan"}, {"surname": "Miles"},
     {"given_name": "\U0001f600", "birth_date": "1995-03-14"}],
)  # fmt: skip
def test_too_little_to_look_anyone_up_by_is_refused_rather_than_answered_empty(signed_in, query):
    body = assert_problem(post(signed_in, query), 422)
    assert {error["field"] for error in body["errors"]} == {"given_name", "surname", "birth_date"}
    assert "Too little to match on" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    "query",
    [{"given_name": "W", "birth_date": "2007-03-04"},
     {"birth_date": "2007-03-04", "addresses": [{"postcode": "NS1 4AB"}]}],
)  # fmt: skip
def test_a_date_of_birth_with_an_initial_or_a_postcode_is_enough(signed_in, people, query):
    response = post(signed_in, {**query, "at_least": 0})
    assert response.status_code == 200
    found = [item["person_id"] for item in response.json()["candidates"]]
    assert people["william"].pk in found


def test_wrong_types_are_refused_naming_each_field(signed_in):
    bad = {
        "given_name": 5,
        "limit": "3",
        "addresses": [{"postcode": 1}],
        "identifiers": [{"scheme": "nhs"}],
    }
    body = assert_problem(post(signed_in, bad), 422)
    fields = {error["field"] for error in body["errors"]}
    assert fields == {"given_name", "limit", "addresses.0.postcode", "identifiers.0.value"}
    assert "4 problems" in body["detail"]


@pytest.mark.parametrize(
    ("field", "value"), [("limit", 0), ("limit", 21), ("at_least", -0.1), ("at_least", 1.5)]
)
def test_limits_out_of_range_are_refused_naming_them(signed_in, field, value):
    body = assert_problem(post(signed_in, {**QUERY, field: value}), 422)
    assert [error["field"] for error in body["errors"]] == [field]


def test_a_field_the_api_does_not_know_is_refused_rather_than_ignored(signed_in):
    body = assert_problem(post(signed_in, {**QUERY, "givenname": "Bill"}), 422)
    assert body["errors"] == [{"field": "givenname", "message": "Extra inputs are not permitted"}]


@pytest.mark.parametrize("data", [b"{bad", b'{"given_name": "Bill",}', b"\xff"])
def test_a_body_that_is_not_json_is_a_400(signed_in, data):
    body = assert_problem(post(signed_in, data), 400)
    assert body["detail"] == "The request body is not valid JSON"


def test_a_method_the_url_does_not_answer_is_a_405_in_problem_details(signed_in):
    body = assert_problem(signed_in.get(URL), 405)
    assert "GET is not answered here" in body["detail"]
    assert signed_in.get(URL)["Allow"] == "POST"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_says_it_is_not_json_is_a_415(signed_in, content_type):
    response = signed_in.post(URL, data=json.dumps(QUERY), content_type=content_type)
    body = assert_problem(response, 415)
    assert content_type in body["detail"]


def test_a_misspelt_nicknamed_person_with_day_and_month_swapped_is_found_first(signed_in, people):
    response = post(signed_in, {**QUERY, "at_least": 0})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    candidates = response.json()["candidates"]
    assert len(candidates) > 1
    first = candidates[0]
    assert first["person_id"] == people["william"].pk
    assert (first["name"], first["birth_date"]) == ("William Hartley", "2007-03-04")
    assert first["probability"] > 0.9
    weights = [item["weight"] for item in candidates]
    assert weights == sorted(weights, reverse=True)
    why = {item["field"]: item for item in first["evidence"]}
    assert "nickname" in why["given name"]["level"]
    assert why["surname"]["level"] == "nearly the same or sounds alike"
    assert why["date of birth"]["level"] == "day and month swapped"
    assert why["date of birth"]["verdict"] == "agrees strongly"
    verdicts = {"agrees strongly", "agrees", "says little", "weighs against", "not known on both"}
    assert {item["verdict"] for item in first["evidence"]} <= verdicts
    assert why["identifier"] == {
        "field": "identifier",
        "level": None,
        "weight": 0.0,
        "verdict": "not known on both",
    }


def test_limit_and_at_least_narrow_the_candidates(signed_in, people):
    everyone = post(signed_in, {**QUERY, "at_least": 0, "limit": 20}).json()["candidates"]
    assert len(everyone) > 1
    one = post(signed_in, {**QUERY, "at_least": 0, "limit": 1}).json()["candidates"]
    assert [item["person_id"] for item in one] == [people["william"].pk]
    certain = post(signed_in, {**QUERY, "at_least": 1}).json()["candidates"]
    assert certain == []


def test_someone_no_one_resembles_finds_no_candidates(signed_in, people):
    response = post(signed_in, {"given_name": "Zeynep", "surname": "Okonkwo"})
    assert response.json() == {"candidates": []}


ALIASES = [
    "Aaron Zimmer Young", "Barry Yates", "Callum Xavier", "Dean Walsh", "Ethan Vance",
    "Frank Underwood", "George Turner", "Harry Stone", "Isaac Reid", "Jack Quinn",
    "Karl Price", "Liam Owen", "Mark Noble", "Neil Moss", "Oscar Lane", "Paul Knight",
    "Rory Jones", "Sean Irwin", "Tom Hughes", "Victor Gray",
]  # fmt: skip


def test_a_person_with_many_aliases_is_matched_and_found(signed_in, people):
    body = {**QUERY, "other_names": ALIASES, "at_least": 0}
    response = post(signed_in, body)
    assert response.status_code == 200
    assert response.json()["candidates"][0]["person_id"] == people["william"].pk


def test_candidates_are_the_same_when_keys_are_looked_up_a_few_at_a_time(
    signed_in, people, monkeypatch
):
    body = {**QUERY, "other_names": ALIASES[:4], "at_least": 0, "limit": 20}
    at_once = post(signed_in, body).json()
    monkeypatch.setattr(selectors, "KEYS_AT_ONCE", 3)
    in_groups = post(signed_in, body).json()
    assert len(at_once["candidates"]) > 1
    assert in_groups == at_once


def test_an_alias_longer_than_a_name_may_be_is_refused(signed_in):
    body = assert_problem(post(signed_in, {**QUERY, "other_names": ["Bill " * 60]}), 422)
    assert [error["field"] for error in body["errors"]] == ["other_names.0"]


def test_a_candidate_lists_their_cases(signed_in, cast, people):
    case = case_through(cast=cast, start=NOW, upto="receive", person="Sky Morgan")
    response = post(signed_in, {"given_name": "Sky", "surname": "Morgan"})
    [candidate] = response.json()["candidates"]
    assert candidate["cases"] == [
        {
            "reference": case.reference,
            "stage": case.stage,
            "opened_on": "2026-11-26",
            "story": "referred 2026 (Referred)",
        }
    ]


def test_matching_writes_nothing(signed_in, cast, people):
    case_through(cast=cast, start=NOW, upto="receive", person="William Hartley")
    tables = (Person, BlockingKey, NameFrequency, Event)
    counts = [model.objects.count() for model in tables]
    with CaptureQueriesContext(connection) as queries:
        assert post(signed_in, QUERY).status_code == 200
    writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)]
    assert writes == []
    assert [model.objects.count() for model in tables] == counts
    assert not CaseAccess.objects.exists()


def test_the_openapi_document_lists_every_status_with_problem_details(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "casetrail"
    responses = schema["paths"][URL]["post"]["responses"]
    assert set(responses) == {"200", "400", "401", "403", "422"}
    assert "application/json" in responses["200"]["content"]
    for status in ("400", "401", "403", "422"):
        assert list(responses[status]["content"]) == ["application/problem+json"]
    components = schema["components"]["schemas"]
    assert "errors" in components["ValidationProblem"]["properties"]
    assert set(components["MatchQuery"]["properties"]) >= {"given_name", "limit", "at_least"}


def test_the_docs_page_is_our_own_and_loads_nothing_from_elsewhere(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"POST {URL}" in page
    for status in ("400", "401", "403", "422"):
        assert f'<td class="govuk-table__cell">{status}</td>' in page
    assert 'id="shape-MatchQuery"' in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    assert all(source.startswith(("/", "#")) for source in sources)
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", page))
