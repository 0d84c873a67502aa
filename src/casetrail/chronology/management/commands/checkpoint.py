"""`casetrail checkpoint`: commit to the log as it stands (run it periodically)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from casetrail.chronology.verification import checkpoint_record


class Command(BaseCommand):
    help = "Record a checkpoint of the chronology: its extent and every case head that moved."

    def handle(self, *args, **options):
        checkpoint = checkpoint_record(now=timezone.now())
        self.stdout.write(
            f"checkpoint {checkpoint.id}: {checkpoint.event_count} events, {checkpoint.hash}"
        )
