"""Schemathesis over the whole API schema, signed in by token as a supervisor and as a caseworker.

Every operation is called with data generated from the schema, valid and not:
no answer may be a server error, use a status the schema does not document,
or differ from the schema it documents.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from casetrail.accounts.roles import Role
from casetrail.accounts.tokens import token_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# What the API promises. Not "valid data is accepted": data can fit the schema and still
# be refused by a rule of the workflow (a rationale of one word, an owner who is not a user).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    ignored_auth,
]


@pytest.fixture(autouse=True)
def connection_kept():
    """Keep the test's database connection across requests, as Django's test client does.

    Django closes the connection when a request ends; the test's transaction lives on it.
    """
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def bearer(cast, case_at):
    """A supervisor's token, with cases at a few stages for the generated calls to find."""
    for upto in ("receive", "screen", "support", "exit"):
        case_at(upto)
    supervisor = cast.caseworker.__class__.objects.create(
        username="fuzz-supervisor", role=Role.SUPERVISOR, agency=cast.caseworker.agency
    )
    _, token = token_create(user=supervisor, name="schemathesis", now=datetime.now(UTC))
    return {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_its_schema_says(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
