"""`casetrail dashboard --as USER`: the compliance signals and cases by stage, as counts."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from casetrail.workflow.management.commands._reader import reader
from casetrail.workflow.selectors import cases_visible
from casetrail.workflow.signals import SIGNALS, moment_at, reviews_due, signal_counts, stage_counts


class Command(BaseCommand):
    help = "Print the compliance dashboard's counts and the reviews overdue or due soon."

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="username", required=True, help="who is reading")

    def handle(self, *args, **options):
        user = reader(options["username"], "workflow.view_dashboard")
        moment = moment_at(timezone.now())
        cases = cases_visible(user)
        counts = signal_counts(cases, moment)
        width = max(len(signal.label) for signal in SIGNALS)
        self.stdout.write(f"As of {moment.today:%-d %B %Y}")
        for signal in SIGNALS:
            self.stdout.write(
                f"{signal.label:<{width}}  {counts[signal.code]:>7}  {signal.finding}"
            )
        self.stdout.write("")
        for stage, count in stage_counts(cases):
            self.stdout.write(f"{stage.label:<{width}}  {count:>7}")
        for row in reviews_due(cases, moment):
            state = "overdue" if row["overdue"] else "due soon"
            owner = row["owner"].get_full_name() if row["owner"] else "no owner"
            self.stdout.write(
                f"{row['case'].reference}: {row['months']}-month review {state}, "
                f"{row['due_on']:%-d %B %Y}, {owner}"
            )
