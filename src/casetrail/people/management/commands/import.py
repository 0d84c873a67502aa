"""`casetrail import FILE --report DIR`: people from an older system, duplicates joined."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from casetrail.people.import_files import RowProblem
from casetrail.people.importing import CHUNK_SIZE, ImportFileError, people_import


class Command(BaseCommand):
    help = (
        "Import people from a CSV or JSON-lines file, joining records of one person to each "
        "other and to people already held; write people.csv, uncertain.csv and errors.csv."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a .csv, or a .jsonl/.ndjson file")
        parser.add_argument(
            "--report", type=Path, required=True, metavar="DIR", help="where the reports go"
        )
        parser.add_argument(
            "--source",
            help="the older system's name, for rows with no source (default: FILE's name)",
        )
        parser.add_argument(
            "--chunk-size", type=int, default=CHUNK_SIZE, help="records a transaction"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args, **options):
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size: must be at least 1")
        try:
            result = people_import(
                path=options["file"],
                report=options["report"],
                now=timezone.now(),
                source=options["source"],
                chunk_size=options["chunk_size"],
                progress=_Bars(quiet=options["quiet"]),
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(result.summary(options["report"]))


class _Bars:
    """Progress on stderr, so stdout holds only the summary a script may read."""

    def __init__(self, *, quiet: bool):
        self.quiet = quiet

    def stage(self, name: str, *, total: int | None, unit: str) -> AbstractContextManager[tqdm]:
        in_bytes = unit == "B"
        return tqdm(
            desc=name,
            total=total,
            unit=unit,
            unit_scale=in_bytes,
            unit_divisor=1024 if in_bytes else 1000,
            disable=self.quiet,
            file=sys.stderr,
        )

    def refused(self, problem: RowProblem) -> None:
        # Through tqdm, so the line does not tear the bar it is printed under.
        tqdm.write(f"refused: {problem}", file=sys.stderr)
