"""`casetrail demo`: set up a local demo (database, demo users) and serve it on this machine."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casetrail.accounts.demo import DEMO_PASSWORD, demo_users_load
from casetrail.web.management.commands.serve import gunicorn_run
from casetrail.web.readiness import readiness_problems
from casetrail.workflow.demo import demo_cases_load


class Command(BaseCommand):
    help = "Create and migrate the demo database, load demo users, and serve on 127.0.0.1."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="set up the demo and stop without serving"
        )

    def handle(self, *args, **options):
        if settings.MODE == "production":
            raise CommandError(
                "The demo loads users with a published password, so it does not run in "
                "production mode. Unset CASETRAIL_MODE or set it to demo."
            )
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self._print_users(demo_users_load())
        cases = demo_cases_load(now=timezone.now())
        self.stdout.write(f"Demo cases: {cases} (sign in as officer, chair, supervisor or auditor)")
        problems = readiness_problems()
        if problems:
            raise CommandError("The demo is not ready:\n  " + "\n  ".join(problems))
        if options["no_serve"]:
            return
        bind = f"127.0.0.1:{options['port']}"
        self.stdout.write(f"\ncasetrail demo on http://{bind}/ (Ctrl-C stops it)\n")
        gunicorn_run(bind=bind, workers=2, timeout=30)

    def _print_users(self, users) -> None:
        self.stdout.write(f"\nDemo users (password for each: {DEMO_PASSWORD})")
        for demo in users:
            self.stdout.write(f"  {demo.username:<11} {demo.role.label:<22} {demo.agency}")
