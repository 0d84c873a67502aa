"""Fixtures for chronology tests: a caseworker, an open case, and a way to tamper."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection

from casetrail.accounts.roles import Role
from casetrail.chronology import database
from casetrail.workflow.operations.referral import referral_receive
from casetrail.workflow.scenarios import sample_referral

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.fixture
def caseworker(make_user):
    return make_user(Role.CASEWORKER, username="officer")


@pytest.fixture
def case(caseworker):
    return referral_receive(
        by=caseworker,
        referral=sample_referral(caseworker, concerns="Concerns raised by school"),
        now=NOW,
    )


def tamper(sql: str, params: list | None = None) -> None:
    """Change the database as someone with direct access could, past the triggers.

    Inside the test's transaction, so everything is undone when the test ends.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params or [])
            cursor.execute("SET LOCAL session_replication_role = origin")
            return
        for trigger, _ in database.trigger_names("sqlite"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        cursor.execute(sql, params or [])
        for statement in database.sqlite_triggers():
            cursor.execute(statement)
