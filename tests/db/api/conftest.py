"""Fixtures for the API's tests: a client per person of the cast, and calls that read as steps."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from casetrail.accounts.roles import Role
from casetrail.workflow.scenarios import case_through

LONG_AGO = datetime.now(UTC) - timedelta(days=500)


class Caller:
    """One person calling the API with their own signed-in session."""

    def __init__(self, user):
        self.user = user
        self.client = Client()
        self.client.force_login(user)

    def get(self, path: str, **params):
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path: str, body: object = None, **headers):
        data = body if isinstance(body, bytes) else json.dumps({} if body is None else body)
        return self.client.post(
            f"/api/v1{path}", data=data, content_type="application/json", headers=headers
        )

    def step(self, reference: str, step: str, body: object = None, **headers):
        return self.post(f"/cases/{reference}/steps/{step}", body, **headers)


@pytest.fixture
def calls(cast, make_user):
    """A Caller for each of the cast, a supervisor and an auditor, by username."""
    people = {
        "teacher": cast.referrer,
        "officer": cast.caseworker,
        "chair": cast.chair,
        "mentor": cast.provider,
        "supervisor": make_user(Role.SUPERVISOR, username="supervisor"),
        "auditor": make_user(Role.AUDITOR, username="auditor"),
    }
    return {name: Caller(user) for name, user in people.items()}


@pytest.fixture
def case_at(cast):
    def make(upto: str, **kwargs):
        return case_through(cast=cast, start=LONG_AGO, upto=upto, **kwargs)

    return make


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["detail"]
    return body
