"""Benchmark the chronology: verification throughput and the latency of one append.

    .venv/bin/python benchmarks/chronology.py                 # 1,000,000 events, both databases
    .venv/bin/python benchmarks/chronology.py --events 100000 --database sqlite

Each database runs in its own child process against a database made for the
run (a temporary SQLite file; a new PostgreSQL database, dropped afterwards).
The log is generated with the write path's own hashing and bulk-inserted;
verification is timed through `log_verify`, which `casetrail verify` runs, and
appends through the `note_record` operation, one transaction each.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from harness import in_fresh_database, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--appends", type=int, default=2_000)
    parser.add_argument("--verify-runs", type=int, default=3)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args)))
        return
    results = [child(kind, args) for kind in kinds(args.database)]
    report(args, results)


def child(kind: str, args: argparse.Namespace) -> dict:
    options = []
    for option in ("events", "cases", "appends", "verify_runs"):
        options += [f"--{option.replace('_', '-')}", str(getattr(args, option))]
    return in_fresh_database(kind, __file__, options)


def run(args: argparse.Namespace) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    actor = _actor()
    started = time.perf_counter()
    _generate(actor, args.events, args.cases)
    generated = time.perf_counter() - started
    verify_seconds = [_verify_once(args.events) for _ in range(args.verify_runs)]
    latencies = _appends(actor, args.appends, args.cases)
    from django.db import connection

    return {
        "database": args.child,
        "server": connection.vendor,
        "events": args.events,
        "cases": args.cases,
        "generate_s": generated,
        "verify_s": verify_seconds,
        "append_ms": latencies,
    }


def _actor():
    from casetrail.accounts.models import Agency, User

    agency = Agency.objects.create(name="Bench Police", kind="police")
    return User.objects.create(username="bench", agency=agency, role="caseworker")


def _generate(actor, events: int, cases: int) -> None:
    """Cases and a chained log, written in bulk with the write path's hashing."""
    from django.db import connection, transaction
    from tqdm import tqdm

    from casetrail.chronology.chain import GENESIS, EventFacts, canonical_json, digest
    from casetrail.chronology.chain import microseconds as us
    from casetrail.workflow.models import Case

    start = datetime(2024, 1, 1, tzinfo=UTC)
    Case.objects.bulk_create(
        [
            Case(
                reference=f"CT-{n:06d}",
                summary="Benchmark case",
                opened_at=start,
                # A stage at which notes may be recorded; these cases have no referral.
                stage="screening",
                head_hash=GENESIS,
            )
            for n in range(1, cases + 1)
        ],
        batch_size=5000,
    )
    ids = list(Case.objects.order_by("id").values_list("id", flat=True))
    heads = dict.fromkeys(ids, (0, GENESIS))
    columns = (
        "case_id, position, type, occurred_at, recorded_at, actor_id, agency_id, late, "
        "payload, payload_digest, previous_hash, hash"
    )
    rows = []
    for number in tqdm(range(events), desc="generating", unit=" events", file=sys.stderr):
        case_id = ids[number % len(ids)]
        position, previous = heads[case_id]
        # Spread over every fraction of a second, as real records are.
        occurred = start + timedelta(seconds=number, microseconds=number * 7919 % 1_000_000)
        payload = canonical_json(
            {
                "summary": f"Contact {number} recorded",
                "detail": "Visited the family; school attendance discussed.",
            }
        )
        facts = EventFacts(
            case_id,
            position + 1,
            "NoteRecorded",
            us(occurred),
            us(occurred),
            actor.pk,
            actor.agency_id,
            False,
            digest(payload),
            previous,
        )
        hashed = facts.hash()
        heads[case_id] = (position + 1, hashed)
        rows.append(
            (
                case_id,
                position + 1,
                "NoteRecorded",
                occurred,
                occurred,
                actor.pk,
                actor.agency_id,
                False,
                payload,
                facts.payload_digest,
                previous,
                hashed,
            )
        )
        if len(rows) == 50_000 or number == events - 1:
            with transaction.atomic(), connection.cursor() as cursor:
                _insert(cursor, connection.vendor, columns, rows)
            rows = []
    with transaction.atomic():
        for case in Case.objects.select_for_update().iterator(chunk_size=5000):
            case.head_position, case.head_hash = heads[case.pk]
            case.save(update_fields=["head_position", "head_hash"])


def _insert(cursor, vendor: str, columns: str, rows: list[tuple]) -> None:
    from django.db import connection

    adapt = connection.ops.adapt_datetimefield_value  # store dates as the ORM does
    rows = [(*row[:3], adapt(row[3]), adapt(row[4]), *row[5:]) for row in rows]
    if vendor == "postgresql":
        with cursor.cursor.copy(f"COPY chronology_event ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * 12)
    cursor.executemany(f"INSERT INTO chronology_event ({columns}) VALUES ({marks})", rows)


def _verify_once(expected: int) -> float:
    from django.db import connection

    from casetrail.chronology.verification import log_verify

    connection.close()  # a cold connection each time, as the command has
    started = time.perf_counter()
    result = log_verify()
    seconds = time.perf_counter() - started
    if not result.ok or result.events != expected:
        raise SystemExit(f"verification failed: {result.problem} ({result.events} events)")
    return seconds


def _appends(actor, count: int, cases: int) -> list[float]:
    from django.utils import timezone

    from casetrail.workflow.models import Case
    from casetrail.workflow.operations.notes import note_record

    ids = list(Case.objects.values_list("id", flat=True))
    chooser = random.Random(7)
    latencies = []
    for number in range(count):
        case_id = chooser.choice(ids)
        started = time.perf_counter()
        note_record(case_id=case_id, by=actor, summary=f"Append {number}", now=timezone.now())
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def report(args: argparse.Namespace, results: list[dict]) -> None:
    print(
        f"\nchronology benchmark: {args.events:,} events over {args.cases:,} cases, "
        f"{args.appends:,} appends; {os.cpu_count()} cores, Python {sys.version.split()[0]}"
    )
    print(
        f"{'database':<10} {'generate':>9} {'verify best':>12} {'events/s':>10} "
        f"{'append p50':>11} {'p95':>8} {'p99':>8}"
    )
    for result in results:
        best = min(result["verify_s"])
        latencies = sorted(result["append_ms"])
        p = statistics.quantiles(latencies, n=100)
        print(
            f"{result['database']:<10} {result['generate_s']:>8.1f}s {best:>11.2f}s "
            f"{result['events'] / best:>10,.0f} {p[49]:>9.2f}ms {p[94]:>6.2f}ms "
            f"{p[98]:>6.2f}ms"
        )
        runs = ", ".join(f"{s:.2f}s" for s in result["verify_s"])
        print(f"{'':<10} verify runs: {runs}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
