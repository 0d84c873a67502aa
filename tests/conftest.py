"""Fixtures shared by the database, command-line and browser tests."""

from __future__ import annotations

import itertools

import pytest

from casetrail.accounts.models import Agency, User
from casetrail.accounts.roles import AgencyKind, Role

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
