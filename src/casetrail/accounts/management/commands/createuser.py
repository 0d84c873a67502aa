"""`casetrail createuser`: add someone who can sign in, with their agency and role."""

from __future__ import annotations

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from casetrail.accounts.roles import AgencyKind, Role
from casetrail.accounts.services import AccountError, agency_ensure, user_create


class Command(BaseCommand):
    help = "Create a user in an agency with one role (the agency is created if new)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--agency", required=True, help="the agency's name")
        parser.add_argument(
            "--agency-kind",
            choices=AgencyKind.values,
            help="the agency's kind: required when the agency is new",
        )
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--job-title", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from standard input instead of asking for it",
        )

    def handle(self, *args, **options):
        password = self._password(options["password_stdin"])
        kind = AgencyKind(options["agency_kind"]) if options["agency_kind"] else None
        try:
            with transaction.atomic():  # a refused user leaves no new agency behind
                agency, new = agency_ensure(name=options["agency"], kind=kind)
                user = user_create(
                    username=options["username"],
                    password=password,
                    agency=agency,
                    role=Role(options["role"]),
                    email=options["email"],
                    first_name=options["first_name"],
                    last_name=options["last_name"],
                    job_title=options["job_title"],
                )
        except AccountError as error:
            raise CommandError(str(error)) from None
        if new:
            self.stdout.write(f"Created agency {agency} ({agency.get_kind_display()})")
        self.stdout.write(f"Created {user.username}: {user.role_label} at {agency}")

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        if not sys.stdin.isatty():
            raise CommandError("No terminal to ask for the password: use --password-stdin")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ")
        return first
