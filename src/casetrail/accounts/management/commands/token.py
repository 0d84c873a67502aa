"""`casetrail token create|revoke|list`: personal API tokens, for an operator to manage."""

from __future__ import annotations

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casetrail.accounts.models import ApiToken, User
from casetrail.accounts.tokens import TokenError, token_create, token_revoke, token_status

HEADINGS = ("KEY ID", "USER", "NAME", "CREATED", "LAST USED", "STATUS")


class Command(BaseCommand):
    help = "Create, revoke or list personal API tokens (sent as `Authorization: Bearer …`)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="make a token for a user; shown once")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what it is for, e.g. 'Police system'")
        create.add_argument(
            "--expires-days", type=int, metavar="N", help="days until it expires (optional)"
        )
        revoke = actions.add_parser("revoke", help="revoke a token by its key id")
        revoke.add_argument("key_id")
        listing = actions.add_parser("list", help="list tokens, the newest first")
        listing.add_argument("--user", dest="username", help="only this user's tokens")

    def handle(self, *args, **options):
        handlers = {"create": self._create, "revoke": self._revoke, "list": self._list}
        try:
            handlers[options["action"]](options)
        except TokenError as error:
            raise CommandError(str(error)) from None

    def _create(self, options) -> None:
        user = _user(options["username"])
        token, plaintext = token_create(
            user=user,
            name=options["name"],
            expires_in_days=options["expires_days"],
            now=timezone.now(),
        )
        self.stdout.write(f"Created token {token.key_id} for {user.username}: {token.name}")
        self.stdout.write(plaintext)
        self.stdout.write("Copy it now: it will not be shown again (only its hash is kept).")

    def _revoke(self, options) -> None:
        token = ApiToken.objects.select_related("user").filter(key_id=options["key_id"]).first()
        if token is None:
            raise CommandError(f"There is no token with key id {options['key_id']!r}")
        token_revoke(token=token, by=None, now=timezone.now())
        self.stdout.write(f"Revoked token {token.key_id} of {token.user.username}: {token.name}")

    def _list(self, options) -> None:
        tokens = ApiToken.objects.select_related("user")
        if options["username"]:
            tokens = tokens.filter(user=_user(options["username"]))
        now = timezone.now()
        rows = [_row(token, now=now) for token in tokens]
        if not rows:
            self.stdout.write("No tokens")
            return
        for line in _table([HEADINGS, *rows]):
            self.stdout.write(line)


def _user(username: str) -> User:
    user = User.objects.filter(username=username).select_related("agency").first()
    if user is None:
        raise CommandError(f"There is no user called {username!r}")
    return user


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(*rows, strict=True)]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _row(token: ApiToken, *, now: datetime) -> tuple[str, ...]:
    return (
        token.key_id,
        token.user.username,
        token.name,
        _moment(token.created_at),
        _moment(token.last_used_at) if token.last_used_at else "never",
        token_status(token, now=now),
    )


def _moment(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
