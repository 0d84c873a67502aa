"""`flush` refuses to erase history, except to clear the test suite's own database."""

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as DjangoFlush

from casetrail.chronology.database import history_maintenance


class Command(DjangoFlush):
    help = "Refused: casetrail's chronology cannot be erased (the test suite may clear its own)."

    def handle(self, **options):
        if settings.MODE != "test":
            raise CommandError("casetrail does not flush: the chronology is insert-only.")
        with history_maintenance():
            return super().handle(**options)
