"""`casetrail unlock`: lift a sign-in lockout before it expires by itself."""

from axes.utils import reset
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Lift the sign-in lockout of a username after too many wrong passwords."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        cleared = reset(username=options["username"])
        self.stdout.write(f"Cleared {cleared} lockout record(s) for {options['username']}")
