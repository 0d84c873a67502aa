"""The access log: every read of a case is recorded, and who may read the log."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from casetrail.accounts.models import User
from casetrail.chronology.models import CaseAccess


def case_access_record(
    *, case, user: User, what: str, channel: str, now: datetime, purpose: str = ""
) -> CaseAccess:
    return CaseAccess.objects.create(
        case=case,
        user=user,
        agency_id=user.agency_id,
        accessed_at=now,
        what=what[:200],
        channel=channel,
        purpose=purpose.strip()[:500],
    )


def case_accesses(case) -> QuerySet[CaseAccess]:
    return CaseAccess.objects.filter(case=case).select_related("user", "agency")
