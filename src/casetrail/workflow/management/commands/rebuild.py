"""`casetrail rebuild`: replay every case's chronology and compare with, or replace, its state."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from casetrail.workflow.models import Case
from casetrail.workflow.rebuild import cases_rebuild_apply, cases_rebuild_check, orphaned_cases


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
                differences = []
            else:
                differences = cases_rebuild_check(progress=bar.update)
        problems = [str(difference) for difference in differences] + [
            f"case id {case_id} has events but no case row: the case was removed"
            for case_id in orphaned_cases()
        ]
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} difference(s) between state and chronology")
        if options["apply"]:
            self.stdout.write(f"rebuilt: {changed} case(s) changed")
        else:
            self.stdout.write("rebuild check: state matches the chronology")
