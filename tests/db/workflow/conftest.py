"""Fixtures for the journey's tests: the people a case passes through, and cases at each step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casetrail.accounts.roles import Role
from casetrail.workflow.scenarios import case_through

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
# Long enough ago for a case to have passed every step, reviews included.
LONG_AGO = NOW - timedelta(days=500)


@pytest.fixture
def supervisor(make_user):
    return make_user(Role.SUPERVISOR, username="supervisor")


@pytest.fixture
def case_at(cast):
    """A case taken through the journey up to the step named, starting long enough ago."""

    def make(upto: str, start: datetime = LONG_AGO, **kwargs):
        return case_through(cast=cast, start=start, upto=upto, **kwargs)

    return make
