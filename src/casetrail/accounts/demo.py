"""Demo agencies and users: one person in each role, across the agencies of a Channel panel."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from casetrail.accounts.models import User
from casetrail.accounts.roles import AgencyKind, Role
from casetrail.accounts.services import agency_ensure, user_create

# Printed by `casetrail demo`; the demo refuses to run in production mode.
DEMO_PASSWORD = "casetrail-demo-2026"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    agency: str
    agency_kind: AgencyKind
    job_title: str


DEMO_USERS = [
    DemoUser(
        "teacher",
        "Priya",
        "Shah",
        Role.REFERRER,
        "Riverside Academy",
        AgencyKind.EDUCATION,
        "Designated safeguarding lead",
    ),
    DemoUser(
        "officer",
        "Dan",
        "Okafor",
        Role.CASEWORKER,
        "Northshire Police",
        AgencyKind.POLICE,
        "Prevent officer",
    ),
    DemoUser(
        "chair",
        "Helen",
        "Marsh",
        Role.PANEL_CHAIR,
        "Northshire County Council",
        AgencyKind.LOCAL_AUTHORITY,
        "Channel panel chair",
    ),
    DemoUser(
        "nurse",
        "Tom",
        "Reyes",
        Role.PANEL_MEMBER,
        "Northshire NHS Trust",
        AgencyKind.HEALTH,
        "Safeguarding nurse",
    ),
    DemoUser(
        "probation",
        "Aisha",
        "Bello",
        Role.PANEL_MEMBER,
        "Northshire Probation",
        AgencyKind.PROBATION,
        "Probation officer",
    ),
    DemoUser(
        "mentor",
        "Sam",
        "Hughes",
        Role.INTERVENTION_PROVIDER,
        "Pathways Mentoring",
        AgencyKind.INTERVENTION_PROVIDER,
        "Intervention provider",
    ),
    DemoUser(
        "supervisor",
        "Grace",
        "Lin",
        Role.SUPERVISOR,
        "Northshire Police",
        AgencyKind.POLICE,
        "Prevent supervisor",
    ),
    DemoUser(
        "auditor",
        "Omar",
        "Farooq",
        Role.AUDITOR,
        "Northshire County Council",
        AgencyKind.LOCAL_AUTHORITY,
        "Learning review author",
    ),
    DemoUser(
        "admin",
        "Ruth",
        "Evans",
        Role.ADMINISTRATOR,
        "Northshire County Council",
        AgencyKind.LOCAL_AUTHORITY,
        "Systems administrator",
    ),
]


@transaction.atomic
def demo_users_load() -> list[DemoUser]:
    """Create the demo users that are not there yet; safe to run again."""
    existing = set(User.objects.values_list("username", flat=True))
    for demo in DEMO_USERS:
        agency, _ = agency_ensure(name=demo.agency, kind=demo.agency_kind)
        if demo.username in existing:
            continue
        user_create(
            username=demo.username,
            password=DEMO_PASSWORD,
            agency=agency,
            role=demo.role,
            first_name=demo.first_name,
            last_name=demo.last_name,
            job_title=demo.job_title,
            email=f"{demo.username}@demo.casetrail.invalid",
        )
    return DEMO_USERS
