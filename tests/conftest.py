"""Fixtures shared by the database, command-line and browser tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from casetrail.accounts.models import Agency, User
from casetrail.accounts.roles import AgencyKind, Role
from casetrail.assessments.loading import definitions_load
from casetrail.workflow.scenarios import Cast

PASSWORD = "correct-horse-battery-staple"
_numbers = itertools.count(1)


@pytest.fixture
def agency(db) -> Agency:
    return Agency.objects.create(name="Northshire Police", kind=AgencyKind.POLICE)


@pytest.fixture
def make_user(db, agency):
    """Make an active user with the role given, in the default agency unless told otherwise."""

    def make(role: Role, *, agency: Agency = agency, username: str | None = None) -> User:
        name = username or f"{role.value}{next(_numbers)}"
        user = User(username=name, role=role, agency=agency, first_name=name.title())
        user.set_password(PASSWORD)
        user.save()
        return user

    return make


@pytest.fixture
def administrator(make_user) -> User:
    return make_user(Role.ADMINISTRATOR, username="admin")


@pytest.fixture
def cast(make_user, agency) -> Cast:
    """The people a case passes through, each in an agency of their own kind."""
    # Loaded long ago, so an assessment made on any date a test picks used the form in force.
    definitions_load(now=datetime(2020, 1, 1, tzinfo=UTC))
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
