"""Read-only queries about agencies and users."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from casetrail.accounts.models import Agency, User


def directory_agencies() -> QuerySet[Agency]:
    """Active agencies, each with its active users, in two queries whatever the size."""
    users = User.objects.filter(is_active=True).order_by("role", "last_name", "first_name")
    return Agency.objects.filter(is_active=True).prefetch_related(
        Prefetch("users", queryset=users, to_attr="active_users")
    )
