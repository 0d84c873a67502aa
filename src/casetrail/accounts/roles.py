"""The agency kinds and roles casetrail knows, with what each role is for.

Plain data with no database access, so pages, commands and the permission
rules all name roles the same way.
"""

from django.db import models


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    PROBATION = "probation", "Probation"
    INTERVENTION_PROVIDER = "intervention_provider", "Intervention provider"
    OTHER = "other", "Other"


class Role(models.TextChoices):
    REFERRER = "referrer", "Referrer"
    CASEWORKER = "caseworker", "Caseworker"
    PANEL_CHAIR = "panel_chair", "Panel chair"
    PANEL_MEMBER = "panel_member", "Panel member"
    INTERVENTION_PROVIDER = "intervention_provider", "Intervention provider"
    SUPERVISOR = "supervisor", "Supervisor"
    AUDITOR = "auditor", "Auditor"
    ADMINISTRATOR = "administrator", "Administrator"


ROLE_PURPOSE: dict[str, str] = {
    Role.REFERRER: "Makes referrals, adds information and is kept informed of their progress.",
    Role.CASEWORKER: "Screens referrals and manages cases through panel, support, exit and review.",
    Role.PANEL_CHAIR: "Chairs the multi-agency panel and records its decisions.",
    Role.PANEL_MEMBER: "Contributes an agency's information and views to panel cases.",
    Role.INTERVENTION_PROVIDER: "Delivers support sessions and records them.",
    Role.SUPERVISOR: "Oversees caseworkers' cases, deadlines and escalations.",
    Role.AUDITOR: "Reads everything, changes nothing; for learning reviews.",
    Role.ADMINISTRATOR: "Manages agencies, users and policy settings.",
}
