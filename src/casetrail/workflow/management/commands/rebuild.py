"""`casetrail rebuild`: replay every case's chronology and compare with, or replace, its state."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from casetrail.workflow.models import Case
from casetrail.workflow.rebuild import cases_rebuild_apply, cases_rebuilt, state_differences


class Command(BaseCommand):
    help = "Replay the chronology into case state: --check reports differences, --apply fixes."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--check", action="store_true", help="report differences; exit 1 if any")
        mode.add_argument("--apply", action="store_true", help="replace differing state")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        with tqdm(
            total=Case.objects.count(),
            unit=" cases",
            disable=options["quiet"],
            file=sys.stderr,
            desc="rebuilding",
        ) as bar:
            if options["apply"]:
                changed = cases_rebuild_apply(progress=bar.update)
                self.stdout.write(f"rebuilt: {changed} case(s) changed")
                return
            differences = [
                difference
                for case, rebuilt in cases_rebuilt(progress=bar.update)
                for difference in state_differences(case, rebuilt)
            ]
        for difference in differences:
            self.stdout.write(str(difference))
        if differences:
            raise CommandError(f"{len(differences)} difference(s) between state and chronology")
        self.stdout.write("rebuild check: state matches the chronology")
