"""Fixtures for the journey's tests: the people a case passes through, and cases at each step."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casetrail.accounts.models import Agency
from casetrail.accounts.roles import AgencyKind, Role
from casetrail.assessments.loading import definitions_load
from casetrail.workflow.scenarios import Cast, case_through

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
# Long enough ago for a case to have passed every step, reviews included.
LONG_AGO = NOW - timedelta(days=500)


@pytest.fixture
def cast(make_user, agency) -> Cast:
    definitions_load(now=NOW - timedelta(days=900))
    school = Agency.objects.create(name="Riverside Academy", kind=AgencyKind.EDUCATION)
    mentors = Agency.objects.create(
        name="Pathways Mentoring", kind=AgencyKind.INTERVENTION_PROVIDER
    )
    council = Agency.objects.create(name="Northshire Council", kind=AgencyKind.LOCAL_AUTHORITY)
    return Cast(
        referrer=make_user(Role.REFERRER, agency=school, username="teacher"),
        caseworker=make_user(Role.CASEWORKER, username="officer"),
        chair=make_user(Role.PANEL_CHAIR, agency=council, username="chair"),
        provider=make_user(Role.INTERVENTION_PROVIDER, agency=mentors, username="mentor"),
    )


@pytest.fixture
def supervisor(make_user):
    return make_user(Role.SUPERVISOR, username="supervisor")


@pytest.fixture
def case_at(cast):
    """A case taken through the journey up to the step named, starting long enough ago."""

    def make(upto: str, start: datetime = LONG_AGO, **kwargs):
        return case_through(cast=cast, start=start, upto=upto, **kwargs)

    return make
