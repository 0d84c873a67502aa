"""Personal API tokens sent as `Authorization: Bearer …`: who a token-bearing caller is."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from casetrail.accounts.models import User
from casetrail.accounts.tokens import token_user


class BearerToken(HttpBearer):
    """The holder of a token in force, or None, so ninja tries the session and then answers 401.

    No CSRF check: a browser never adds this header by itself, so a forged request
    from another site cannot carry it.
    """

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        # Asked twice in a keyed POST (idempotency.py needs the caller first): look up once.
        if getattr(request, "_bearer_token", None) == token:
            return request._bearer_user  # type: ignore[attr-defined]
        user = token_user(token, now=timezone.now())
        request._bearer_token, request._bearer_user = token, user  # type: ignore[attr-defined]
        if user is not None:
            # Handlers ask request.user.has_perm(...), as pages do, whichever way the caller came.
            request.user = user
        return user
