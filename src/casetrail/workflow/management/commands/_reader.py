"""Who is reading, for commands that show case data: a named user, whose permissions apply."""

from __future__ import annotations

from django.core.management.base import CommandError

from casetrail.accounts.models import User


def reader(username: str, permission: str) -> User:
    user = User.objects.filter(username=username).select_related("agency").first()
    if user is None:
        raise CommandError(f"There is no user called {username!r}")
    if not user.has_perm(permission):
        raise CommandError(f"{username} ({user.role_label}) may not see this")
    return user
