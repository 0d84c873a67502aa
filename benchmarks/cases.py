"""Benchmark the pages read most: the caseload, a case and the dashboard, over 100,000 cases.

    .venv/bin/python benchmarks/cases.py                     # 100,000 cases, both databases
    .venv/bin/python benchmarks/cases.py --cases 2000 --database sqlite

Each database runs in its own child process against a database made for the
run (a temporary SQLite file; a new PostgreSQL database, dropped afterwards).
A few hundred template cases are taken through the journey by the operations
themselves, at a spread of steps and ages; the rest are clones of them, each
with its own reference, person and times, its events re-chained with the write
path's hashing and its state replayed from those events with the write path's
own functions, bulk-inserted. The log is verified and the cases' state checked
against a rebuild before any page is timed through Django's test client,
signed in as a supervisor, who sees every case.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from pathlib import Path

from harness import in_fresh_database, kinds

# How a template case's journey ends, how often, and how much older than the
# step's own day it may be: most cases are long finished, a few are in hand.
# (journey end, weight, extra days of age at most)
MIX = [
    ("not_adopt", 30, 1800),
    ("refer_elsewhere", 15, 1800),
    ("close", 25, 1400),
    ("review_12", 2, 60),
    ("review_6", 4, 200),
    ("exit", 4, 250),
    ("decide_exit", 1, 20),
    ("session_2", 1, 15),
    ("risk_2", 1, 2),
    ("session_1", 2, 10),
    ("risk_1", 1, 2),
    ("support", 1, 4),
    ("plan", 1, 1),
    ("consent", 1, 1),
    ("panel", 1, 1),
    ("assess", 1, 2),
    ("answer", 1, 2),
    ("adopt", 2, 30),
    ("consult", 2, 25),
    ("screen", 2, 10),
    ("receive", 2, 5),
]
# The day of the journey (from the referral) on which each step is taken; see scenarios.py.
STEP_DAY = {
    "receive": 0, "screen": 1, "consult": 2, "adopt": 5, "not_adopt": 5, "refer_elsewhere": 5,
    "answer": 8, "assess": 10, "panel": 12, "consent": 12, "plan": 13, "support": 14,
    "risk_1": 18, "session_1": 20, "risk_2": 32, "session_2": 34, "decide_exit": 54,
    "exit": 55, "review_6": 55 + 185, "review_12": 55 + 367, "close": 55 + 368,
}  # fmt: skip
FIRST_NAMES = [
    "Alex", "Sam", "Jordan", "Casey", "Riley", "Morgan", "Taylor", "Jamie", "Avery", "Quinn",
    "Rowan", "Sky", "Drew", "Sasha", "Robin", "Charlie", "Frankie", "Kai", "Ellis", "Harper",
    "Logan", "Reese", "Peyton", "Emerson", "Finley", "Hayden", "Jesse", "Lee",
]  # fmt: skip
LAST_NAMES = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Wood", "Jackson", "Clarke", "Khan", "Hughes", "Edwards", "Lewis",
]  # fmt: skip
CONCERNS = [
    "Pupil has been sharing extremist videos and talking about a grievance.",
    "GP reports a patient expressing violent views about a group.",
    "Youth worker heard repeated praise for an attacker in an online video.",
    "College tutor found extremist material in a shared folder.",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--templates", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--explain", action="store_true", help="print each page's slowest plan")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args)))
        return
    results = [child(kind, args) for kind in kinds(args.database)]
    report(args, results)


def child(kind: str, args: argparse.Namespace) -> dict:
    options = []
    for option in ("cases", "templates", "requests"):
        options += [f"--{option}", str(getattr(args, option))]
    if args.explain:
        options.append("--explain")
    return in_fresh_database(kind, __file__, options)


def run(args: argparse.Namespace) -> dict:
    import logging

    import django

    django.setup()
    # django-axes logs every sign-in at INFO; the client signs in once per page.
    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.db import connection
    from django.utils import timezone

    database_prepare()
    now = timezone.now()
    rng = random.Random(7)
    built = cases_build(args.cases, args.templates, now, rng)
    analyze()
    checks = _checks()
    return {
        "database": args.child,
        "server": connection.vendor,
        "cases": args.cases,
        "templates": built.templates,
        "events": _events_count(),
        "templates_s": built.templates_s,
        "build_s": built.build_s,
        **checks,
        "pages": _pages(args, rng),
        # Other work on the machine shows in the figures; this says whether there was any.
        "load": os.getloadavg()[0],
    }


def database_prepare() -> None:
    """What every run needs before cases: the tables, static files, assessment forms, users."""
    from django.core.management import call_command
    from django.utils import timezone

    from casetrail.accounts.demo import demo_users_load
    from casetrail.assessments.loading import definitions_load

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    definitions_load(now=timezone.now() - timedelta(days=3000))
    demo_users_load()


@dataclass(frozen=True)
class Built:
    templates: int  # cases taken through the operations; the rest are their clones
    templates_s: float
    build_s: float  # templates and clones together


def cases_build(count: int, templates: int, now: datetime, rng: random.Random) -> Built:
    """`count` cases: up to `templates` through the operations, the rest cloned from them."""
    started = time.perf_counter()
    made = _templates(min(templates, count), now, rng)
    templated = time.perf_counter() - started
    _clones(made, count - len(made), rng)
    return Built(len(made), templated, time.perf_counter() - started)


# Template cases, through the operations -------------------------------------------------


def _templates(count: int, now: datetime, rng: random.Random) -> list[int]:
    from tqdm import tqdm

    from casetrail.accounts.models import User
    from casetrail.workflow.scenarios import Cast

    users = {user.username: user for user in User.objects.all()}
    cast = Cast(users["teacher"], users["officer"], users["chair"], users["mentor"])
    ends = rng.choices([end for end, _, _ in MIX], [weight for _, weight, _ in MIX], k=count)
    extra = {end: days for end, _, days in MIX}
    made = []
    for end in tqdm(ends, desc="templates", unit=" cases", file=sys.stderr):
        age = STEP_DAY[end] + 2 + rng.randint(0, extra[end])
        start = now - timedelta(days=age, minutes=rng.randint(0, 600))
        made.append(_template(cast, end, start, rng).pk)
    return made


def _template(cast, end: str, start: datetime, rng: random.Random):
    from casetrail.workflow import decisions
    from casetrail.workflow.operations import referral
    from casetrail.workflow.scenarios import case_through

    person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    birth = date(rng.randint(1990, 2012), rng.randint(1, 12), rng.randint(1, 28))
    concerns = rng.choice(CONCERNS)
    if end not in ("not_adopt", "refer_elsewhere"):
        return case_through(
            cast=cast, start=start, upto=end, person=person, birth=birth, concerns=concerns
        )
    # Up to the earlier records settled: screening is not decided while a match is open.
    case = case_through(
        cast=cast, start=start, upto="settle_person", person=person, birth=birth,
        concerns=concerns,
    )  # fmt: skip
    referral.screening_decide(
        case_id=case.pk,
        by=cast.caseworker,
        outcome=end,
        options=[decisions.SCREENING["adopt"]],
        rationale="Needs are about family conflict, not radicalisation; early help fits better.",
        services="Early help: family support service" if end == "refer_elsewhere" else "",
        now=start + timedelta(days=STEP_DAY[end]),
    )
    return case


# Clones, written in bulk ------------------------------------------------------------------


@dataclass(frozen=True)
class _Template:
    """One template's events as stored, ready to be re-chained for another case."""

    events: list[tuple]  # (type, occurred_at, recorded_at, actor_id, agency_id, late, payload)
    payloads: list[dict]  # the same payloads, parsed once


def _template_read(case_id: int) -> _Template:
    from casetrail.chronology.models import Event

    rows = list(
        Event.objects.filter(case_id=case_id)
        .order_by("position")
        .values_list(
            "type", "occurred_at", "recorded_at", "actor_id", "agency_id", "late", "payload"
        )
    )
    return _Template(rows, [json.loads(row[6]) for row in rows])


def _clones(template_ids: list[int], count: int, rng: random.Random) -> None:
    from django.db import connection, transaction
    from django.db.models import Max
    from tqdm import tqdm

    from casetrail.chronology.models import Event
    from casetrail.workflow.models import Case

    templates = [_template_read(case_id) for case_id in template_ids]
    next_id = (Case.objects.aggregate(Max("id"))["id__max"] or 0) + 1
    with tqdm(total=count, desc="clones", unit=" cases", file=sys.stderr) as progress:
        for first in range(0, count, 1000):
            cases, events = [], []
            for number in range(first, min(first + 1000, count)):
                case, own = _clone(rng.choice(templates), next_id + number, number, rng)
                cases.append(case)
                events += own
            with transaction.atomic():
                Case.objects.bulk_create(cases)
                Event.objects.bulk_create(events, batch_size=5000)
            progress.update(len(cases))
    if connection.vendor == "postgresql":
        _sequence_reset(Case)  # the clones' ids were chosen here, not by the sequence


def _clone(template: _Template, case_id: int, number: int, rng: random.Random):
    """A case like the template: its own reference, person and times, its own chain."""
    from casetrail.chronology.chain import GENESIS, canonical_json, digest, event_hash
    from casetrail.chronology.chain import microseconds as us
    from casetrail.chronology.models import Event
    from casetrail.workflow.models import Case
    from casetrail.workflow.state import CaseState, Happened, case_state_replay

    # Earlier by up to 20 hours, so no two clones share a moment and none is in the future.
    shift = timedelta(seconds=rng.randrange(72_000))
    reference = f"CT-{1_000_000 + number + 1}"
    received = {**template.payloads[0], "reference": reference}
    received["person"] = {**received["person"], "name": _person_name(rng)}
    previous, events, happened = GENESIS, [], []
    for position, (row, parsed) in enumerate(
        zip(template.events, template.payloads, strict=True), start=1
    ):
        type_, occurred, recorded, actor_id, agency_id, late, payload = row
        if position == 1:
            parsed, payload = received, canonical_json(received)
        occurred, recorded = occurred - shift, recorded - shift
        payload_digest = digest(payload)
        hashed = event_hash(
            case_id, position, type_, us(occurred), us(recorded), actor_id, agency_id, late,
            payload_digest, previous,
        )  # fmt: skip
        events.append(
            Event(
                case_id=case_id, position=position, type=type_, occurred_at=occurred,
                recorded_at=recorded, actor_id=actor_id, agency_id=agency_id, late=late,
                payload=payload, payload_digest=payload_digest, previous_hash=previous,
                hash=hashed,
            )
        )  # fmt: skip
        happened.append(
            Happened(type_, parsed, occurred, recorded, position, hashed, late, actor_id)
        )
        previous = hashed
    state = case_state_replay(happened)
    values = {field.name: getattr(state, field.name) for field in fields(CaseState)}
    return Case(id=case_id, **values), events


def _person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _sequence_reset(model) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def analyze() -> None:
    """On PostgreSQL, what autovacuum would soon do after a load: visibility map and statistics.

    SQLite is left as Django leaves it, without ANALYZE's statistics.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _events_count() -> int:
    from casetrail.chronology.models import Event

    return Event.objects.count()


# Sanity checks -----------------------------------------------------------------------------


def _checks() -> dict:
    """The whole log verified, and every case's stored state against a rebuild from its events."""
    from tqdm import tqdm

    from casetrail.chronology.verification import log_verify
    from casetrail.workflow.models import Case
    from casetrail.workflow.rebuild import cases_rebuild_check

    started = time.perf_counter()
    result = log_verify()
    verified = time.perf_counter() - started
    if not result.ok:
        raise SystemExit(f"verification failed: {result.problem}")
    started = time.perf_counter()
    with tqdm(total=Case.objects.count(), desc="rebuild check", unit=" cases",
              file=sys.stderr) as progress:  # fmt: skip
        differences = cases_rebuild_check(progress.update)
    rebuilt = time.perf_counter() - started
    if differences:
        raise SystemExit(f"rebuild check: {len(differences)} differences, first {differences[0]}")
    return {"verify_s": verified, "verified_events": result.events, "rebuild_s": rebuilt}


# Pages -----------------------------------------------------------------------------------------


def _pages(args: argparse.Namespace, rng: random.Random) -> list[dict]:
    """Each page's latency, warm, and what its queries cost; pages not built yet are skipped."""
    from django.test import Client
    from django.urls import NoReverseMatch

    from casetrail.accounts.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username="supervisor"))
    references = _references()
    measured = []
    for name, address in _addresses():
        try:
            make = address(rng, references)
            make()
        except NoReverseMatch:
            print(f"{name}: no such page yet, skipped", file=sys.stderr)
            continue
        measured.append(_page(client, name, make, args))
    return measured


def _references() -> list[str]:
    from casetrail.workflow.models import Case

    return list(Case.objects.values_list("reference", flat=True))


def _addresses():
    """(page, how to make each request's address from the references): random cases for a case."""
    from django.urls import reverse

    def fixed(name: str, query: str = ""):
        return lambda rng, references: lambda: reverse(name) + query

    def any_case(name: str):
        return lambda rng, references: lambda: reverse(name, args=[rng.choice(references)])

    return [
        ("caseload", fixed("cases")),
        ("caseload, page 2", fixed("cases", "?page=2")),
        ("caseload, one stage", fixed("cases", "?scope=all&stage=support")),
        ("caseload, one signal", fixed("cases", "?scope=all&signal=reviews_overdue")),
        ("caseload, name search", fixed("cases", "?scope=all&q=Smith")),
        ("case", any_case("case")),
        ("case chronology", any_case("chronology")),
        ("dashboard", fixed("dashboard")),
    ]


def _page(client, name: str, address, args: argparse.Namespace) -> dict:
    from tqdm import tqdm

    for _ in range(20):
        _get(client, address())
    latencies = []
    for _ in tqdm(range(args.requests), desc=name, unit=" requests", file=sys.stderr):
        url = address()
        started = time.perf_counter()
        _get(client, url)
        latencies.append((time.perf_counter() - started) * 1000)
    profile = queries_profile(lambda: _get(client, address()), args.explain)
    return {"page": name, "ms": latencies, **profile}


def _get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    return response


class _QueryTimer:
    """Times each query the page makes, grouped by its SQL (parameters left out)."""

    def __init__(self):
        self.calls: list[tuple[float, str, tuple]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.calls.append(((time.perf_counter() - started) * 1000, sql, params))


def queries_profile(send, explain: bool, requests: int = 20, shape=None) -> dict:
    """Queries per request `send()` makes, their time, and the three slowest by mean
    (with a plan if asked); `shape(sql)`, if given, says which statements count as one."""
    from django.db import connection

    timer = _QueryTimer()
    with connection.execute_wrapper(timer):
        for _ in range(requests):
            send()
    by_sql: dict[str, list[float]] = {}
    params_of = {}
    for ms, sql, params in timer.calls:
        key = shape(sql) if shape else sql
        by_sql.setdefault(key, []).append(ms)
        params_of[key] = (sql, params)
    slowest = sorted(by_sql.items(), key=lambda item: -statistics.mean(item[1]))[:3]
    result = {
        "queries": len(timer.calls) / requests,
        "query_ms": sum(ms for ms, _, _ in timer.calls) / requests,
        "slowest": [[statistics.mean(times), len(times) / requests, sql] for sql, times in slowest],
    }
    # Only a read is explained: EXPLAIN ANALYZE runs the statement, and would write again.
    reads = [sql for sql, _ in slowest if sql.lstrip().upper().startswith("SELECT")]
    if explain and reads:
        result["plan"] = _plan(*params_of[reads[0]])
    return result


def _plan(sql: str, params) -> str:
    from django.db import connection

    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())


# Report --------------------------------------------------------------------------------------


def report(args: argparse.Namespace, results: list[dict]) -> None:
    print(
        f"\ncases benchmark: {args.cases:,} cases; {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}; load average now {os.getloadavg()[0]:.1f}"
    )
    for result in results:
        print(
            f"\n{result['database']}: {result['events']:,} events; built in "
            f"{result['build_s']:.1f}s ({result['templates']} templates through the operations "
            f"in {result['templates_s']:.1f}s); verified {result['verified_events']:,} events "
            f"in {result['verify_s']:.1f}s; rebuild check {result['rebuild_s']:.1f}s, "
            f"no differences; load average {result['load']:.1f}"
        )
        print(f"{'page':<22} {'p50':>8} {'p95':>8} {'max':>8} {'queries':>8} {'in SQL':>8}")
        for page in result["pages"]:
            latencies = sorted(page["ms"])
            p = statistics.quantiles(latencies, n=100)
            print(
                f"{page['page']:<22} {p[49]:>6.1f}ms {p[94]:>6.1f}ms {latencies[-1]:>6.1f}ms "
                f"{page['queries']:>8.1f} {page['query_ms']:>6.1f}ms"
            )
        for page in result["pages"]:
            print(f"\n  slowest queries on {page['page']} (mean ms, per request, SQL):")
            for mean, per_request, sql in page["slowest"]:
                print(f"    {mean:7.2f} {per_request:4.1f}x  {' '.join(sql.split())[:160]}")
            if "plan" in page:
                print("    plan of the slowest:")
                for line in page["plan"].splitlines():
                    print(f"      {line}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
