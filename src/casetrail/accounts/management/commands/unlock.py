"""`casetrail unlock`: lift a sign-in lockout before it expires by itself."""

from axes.utils import reset
from django.core.management.base import BaseCommand, CommandError

from casetrail.accounts.models import User


class Command(BaseCommand):
    help = "Lift the sign-in lockout of a username after too many wrong passwords."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        if not User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"There is no user called {options['username']!r}")
        cleared = reset(username=options["username"])
        self.stdout.write(f"Cleared {cleared} lockout record(s) for {options['username']}")
