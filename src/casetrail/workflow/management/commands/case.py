"""`casetrail case REF --as USER`: where a case stands and what each guard still needs."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casetrail.chronology.access import case_access_record
from casetrail.chronology.models import CaseAccess
from casetrail.workflow.case_summary import case_summary
from casetrail.workflow.management.commands._reader import reader
from casetrail.workflow.models import Case


class Command(BaseCommand):
    help = "Show a case's stage, what is due and the unmet conditions of its guards."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="the case's reference, e.g. CT-000042")
        parser.add_argument(
            "--as", dest="username", required=True, help="who is reading (the read is logged)"
        )

    def handle(self, *args, **options):
        user = reader(options["username"], "workflow.view_case")
        case = Case.objects.filter(reference=options["reference"]).first()
        if case is None or not user.has_perm("workflow.view_case", case):
            raise CommandError(f"There is no case {options['reference']} that you may see")
        now = timezone.now()
        case_access_record(
            case=case, user=user, what="case summary", channel=CaseAccess.Channel.COMMAND_LINE,
            now=now,
        )  # fmt: skip
        for line in _lines(case, case_summary(case, now=now)):
            self.stdout.write(line)


def _lines(case: Case, summary: dict) -> list[str]:
    born = f", born {case.person_birth_date:%-d %B %Y}" if case.person_birth_date else ""
    owner = case.owner.get_full_name() if case.owner else "nobody yet"
    lines = [
        f"{case.reference}  {case.person_name}{born}",
        f"Stage: {case.stage_label}; owner: {owner}; {case.head_position} records, "
        f"{case.late_events} made late",
    ]
    for heading, unmet in summary["guards"]:
        if not unmet:
            lines.append(f"{heading}: every condition is met")
            continue
        lines.append(f"{heading}: {len(unmet)} condition(s) not met")
        lines += [f"  - {condition.message} [{condition.code}]" for condition in unmet]
    for review in summary["reviews"]:
        lines.append(
            f"{review['months']}-month review due {review['due_on']:%-d %B %Y}, "
            f"owner {review['owner']}: {review['status']}"
        )
    for item in summary["consultations"]:
        if not item["answered_on"]:
            late = " (overdue)" if item["overdue"] else ""
            lines.append(f"Consultation {item['key']} with {item['to']} due {item['due_on']}{late}")
    return lines
