"""`casetrail verify`: check every case's chain and every checkpoint, then add a checkpoint."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from casetrail.chronology.verification import checkpoint_record, events_count, log_verify


class Command(BaseCommand):
    help = "Verify the chronology's hash chains and checkpoints; exit non-zero on tampering."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-checkpoint",
            action="store_true",
            help="do not record a checkpoint after a successful verification",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        with tqdm(
            total=events_count(),
            unit=" events",
            disable=options["quiet"],
            file=sys.stderr,
            desc="verifying",
        ) as bar:
            result = log_verify(progress=bar.update)
        summary = (
            f"{result.events} events, {result.cases} cases, "
            f"{result.checkpoints} checkpoints, {result.redactions} redactions"
        )
        if not result.ok:
            raise CommandError(f"chain broken at {result.problem}\n({summary} read before it)")
        line = f"{summary}: chain ok"
        if not options["no_checkpoint"]:
            # At the boundary just verified, so the checkpoint vouches only for what was checked.
            checkpoint = checkpoint_record(now=timezone.now(), up_to=result.last_event_id)
            line += f"; checkpoint {checkpoint.id} {checkpoint.hash}"
        self.stdout.write(line)
