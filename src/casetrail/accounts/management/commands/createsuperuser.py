"""`createsuperuser` explains that casetrail has administrators, not superusers."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Refused: create an administrator with `casetrail createuser NAME --role administrator`."

    def add_arguments(self, parser):
        # Django's own options, so a habit or a script gets the explanation, not a usage error.
        parser.add_argument("--noinput", "--no-input", action="store_true")
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--database")

    def handle(self, *args, **options):
        raise CommandError(
            "casetrail has no superusers; create an administrator with "
            "`casetrail createuser NAME --role administrator --agency AGENCY`"
        )
