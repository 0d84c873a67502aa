"""One new person matched against everyone known, through the intake code path.

    .venv/bin/python benchmarks/intake.py --people 100000 --database both
    .venv/bin/python benchmarks/intake.py --existing URL   # people already imported there

Loads synthetic people (benchmarks/synthetic_people.py) into a fresh database
through `casetrail import`, then times `person_candidates`, the selector every
referral calls, for new records of known people and of strangers: p50 and p95
in milliseconds, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import in_fresh_database, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--existing", help="time against this database's people; load none")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.existing:
        result = existing(args.existing, args.queries)
        print(
            f"{result['people']:,} people held; match p50 {result['p50_ms']:.1f} ms, "
            f"p95 {result['p95_ms']:.1f} ms, max {result['max_ms']:.1f} ms "
            f"over {result['queries']} queries"
        )
        return
    if args.child:
        print(json.dumps(run(args)))
        return
    for kind in kinds(args.database):
        options = ["--people", str(args.people), "--queries", str(args.queries)]
        result = in_fresh_database(kind, __file__, options)
        print(
            f"{kind}: {result['people']:,} people loaded in {result['load_s']:.0f} s; "
            f"match p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, "
            f"max {result['max_ms']:.1f} ms over {result['queries']} queries; "
            f"{result['found']} of {result['known']} known people found first",
            flush=True,
        )


def _load(records, now) -> dict[str, int]:
    """Load the people through `casetrail import`'s own code; each entity's person id."""
    import csv
    import os

    from linkage_data import write_import_csv

    from casetrail.people.importing import people_import

    scratch = Path(os.environ["CASETRAIL_DATA_DIR"])
    write_import_csv(records, scratch / "people.csv", "bench")
    people_import(path=scratch / "people.csv", report=scratch / "report", now=now)
    entity_of = {record.record_id: record.entity for record in records}
    with open(scratch / "report" / "people.csv", newline="") as rows:
        return {entity_of[row["record_id"]]: int(row["person_id"]) for row in csv.DictReader(rows)}


def _timed(probes) -> tuple[list[float], list]:
    from linkage_data import record_details

    from casetrail.people.features import features_of
    from casetrail.people.selectors import person_candidates

    timings, answers = [], []
    for record in probes:
        features = features_of(record_details(record))
        began = time.perf_counter()
        answers.append(person_candidates(features))
        timings.append((time.perf_counter() - began) * 1000)
    return sorted(timings), answers


def _figures(timings: list[float]) -> dict:
    return {
        "queries": len(timings), "p50_ms": statistics.median(timings),
        "p95_ms": timings[int(len(timings) * 0.95) - 1], "max_ms": timings[-1],
    }  # fmt: skip


def existing(url: str, queries: int) -> dict:
    """Intake against a database already holding people (after `casetrail import`)."""
    import os

    os.environ.update(CASETRAIL_DATABASE_URL=url, CASETRAIL_MODE="demo", CASETRAIL_DEBUG="false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetrail.settings")
    import django

    django.setup()
    from synthetic_people import generate

    from casetrail.people.models import Person

    # New referrals: people drawn afresh, and new records of some of the same names and places.
    probes = generate(queries, duplicates_rate=1.0, seed=5)[:queries]
    timings, _ = _timed(probes[:10])  # warm the caches, as a serving process would be
    timings, _ = _timed(probes)
    return {"people": Person.objects.filter(merged_into=None).count(), **_figures(timings)}


def run(args: argparse.Namespace) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from synthetic_people import generate

    call_command("migrate", verbosity=0)
    # Each person's first record is known; later records of known people, and people
    # never loaded, are the new referrals.
    drawn = generate(args.people + args.queries, duplicates_rate=0.3)
    firsts: dict[str, object] = {}
    later = []
    for record in drawn:
        (
            later.append(record)
            if record.entity in firsts
            else firsts.setdefault(record.entity, record)
        )
    records = list(firsts.values())[: args.people]
    strangers = list(firsts.values())[args.people :]
    probes = later[: args.queries // 2] + strangers[: args.queries - args.queries // 2]
    started = time.perf_counter()
    known = _load(records, datetime.now(UTC))
    load_s = time.perf_counter() - started
    timings, answers = _timed(probes)
    found = known_asked = 0
    for record, candidates in zip(probes, answers, strict=True):
        if record.entity in known:
            known_asked += 1
            found += bool(candidates and candidates[0].person.pk == known[record.entity])
    return {
        "people": len(records), "load_s": load_s, "found": found, "known": known_asked,
        **_figures(timings),
    }  # fmt: skip


if __name__ == "__main__":
    main()
