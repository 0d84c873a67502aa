"""Personal API tokens: making one, revoking it, and knowing whose token a caller sent.

A token reads `ct_<key_id>_<secret>`. The key id is public and finds the row; only
a hash of the secret is stored, so the whole token is shown once, when it is made.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet

from casetrail.accounts.models import TOKEN_NAME_MAX, ApiToken, User
from casetrail.local_time import local_day

PREFIX = "ct"
ACTIVE, EXPIRED, REVOKED = "Active", "Expired", "Revoked"
EXPIRY_DAYS_MAX = 3650
# last_used_at is for people deciding which tokens are still needed: to the minute is
# plenty, and writing it once a minute spares the database a write on every request.
LAST_USED_EVERY = timedelta(minutes=1)
_KEY_ID = re.compile(r"[0-9a-f]{8}")


class TokenError(ValueError):
    """A token could not be made or revoked as asked; the message says why."""


def token_hash(secret: str) -> str:
    # The secret is 32 random bytes, so no guessing can search it, however fast the hash:
    # a slow password hash would guard nothing more and cost every API request its time.
    return hashlib.sha256(secret.encode()).hexdigest()


def token_status(token: ApiToken, *, now: datetime) -> str:
    if token.revoked_at is not None:
        return REVOKED
    if token.expires_at is not None and token.expires_at <= now:
        return EXPIRED
    return ACTIVE


@transaction.atomic
def token_create(
    *, user: User, name: str, now: datetime, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """The new token and its plaintext, which is never stored and cannot be shown again."""
    name = name.strip()
    _check_may_hold(user)
    _check_name(name)
    expires_at = None if expires_in_days is None else now + _expiry(expires_in_days)
    key_id, secret = _key_id_unused(), secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_id=key_id,
        secret_hash=token_hash(secret),
        created_at=now,
        expires_at=expires_at,
    )
    return token, f"{PREFIX}_{key_id}_{secret}"


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User | None, now: datetime) -> ApiToken:
    """Revoke a token from now on. `by` is its holder on the page, None for an operator."""
    if by is not None and by.pk != token.user_id:
        raise TokenError("You may revoke only your own tokens")
    # Locked, so two revocations at once cannot both pass the check below.
    current = ApiToken.objects.select_for_update().get(pk=token.pk)
    if current.revoked_at is not None:
        raise TokenError(
            f"Token {token.key_id} was already revoked on {local_day(current.revoked_at):%-d %B %Y}"
        )
    current.revoked_at, current.revoked_by = now, by
    current.save(update_fields=["revoked_at", "revoked_by"])
    token.revoked_at, token.revoked_by = current.revoked_at, current.revoked_by
    return token


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """A user's tokens, revoked and expired ones too, the newest first."""
    return ApiToken.objects.filter(user=user)


def token_user(plaintext: str, *, now: datetime) -> User | None:
    """Whose token this is, or None unless it is known, in force and its holder active."""
    parts = _parsed(plaintext)
    if parts is None:
        return None
    key_id, secret = parts
    token = ApiToken.objects.select_related("user__agency").filter(key_id=key_id).first()
    if token is None or not hmac.compare_digest(token.secret_hash, token_hash(secret)):
        return None
    user = token.user
    if token_status(token, now=now) != ACTIVE or not _may_hold(user):
        return None
    _note_used(token, now=now)
    return user


def _parsed(plaintext: str) -> tuple[str, str] | None:
    prefix, _, rest = plaintext.partition("_")
    key_id, _, secret = rest.partition("_")
    if prefix != PREFIX or not _KEY_ID.fullmatch(key_id) or not secret:
        return None
    return key_id, secret


def _note_used(token: ApiToken, *, now: datetime) -> None:
    if token.last_used_at is not None and token.last_used_at > now - LAST_USED_EVERY:
        return  # recent enough, as read: no statement at all
    # Conditional, so concurrent requests on one token write at most once a minute between them.
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_EVERY)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)


def _may_hold(user: User) -> bool:
    return user.is_active and user.agency.is_active


def _check_may_hold(user: User) -> None:
    if not user.is_active:
        raise TokenError(f"{user.username} has been deactivated, so cannot hold a token")
    if not user.agency.is_active:
        raise TokenError(
            f"{user.username}'s agency, {user.agency}, has been deactivated, "
            "so they cannot hold a token"
        )


def _check_name(name: str) -> None:
    if not name:
        raise TokenError("Enter what the token is for, for example “Police case system”")
    if len(name) > TOKEN_NAME_MAX:
        raise TokenError(f"The token's name must be {TOKEN_NAME_MAX} characters or fewer")


def _expiry(days: int) -> timedelta:
    if not 1 <= days <= EXPIRY_DAYS_MAX:
        raise TokenError(f"A token expires after 1 to {EXPIRY_DAYS_MAX} days, not {days}")
    return timedelta(days=days)


def _key_id_unused() -> str:
    # 32 bits: a clash is rare but possible, and the unique key id would then refuse the row.
    while True:
        key_id = secrets.token_hex(4)
        if not ApiToken.objects.filter(key_id=key_id).exists():
            return key_id
