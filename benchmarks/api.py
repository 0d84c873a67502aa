"""Benchmark the JSON API: its read endpoints over 100,000 cases, and a referral matched
against 1,000,000 people.

    .venv/bin/python benchmarks/api.py                       # full sizes, both databases
    .venv/bin/python benchmarks/api.py --cases 2000 --people 20000 --database sqlite
    .venv/bin/python benchmarks/api.py --existing postgres://postgres@127.0.0.1/casetrail_api

Each database runs in its own child process against a database made for the run. The
cases are built as benchmarks/cases.py builds them (templates through the operations,
their clones bulk-inserted). The people are synthetic (benchmarks/synthetic_people.py):
each one's first record becomes one person, written as `casetrail import` writes people
(import_writing.py's rows, features and blocking keys) but without linking them, since
linking is most of an import's time: by COPY on PostgreSQL, by executemany on SQLite.

Every request goes through Django's test client, signed in: a supervisor, who reads
every case, for the reads; a caseworker for the referrals, half of them new records of
people held and half of strangers. `--existing URL` times against that database as it
is, first loading what it lacks (the cases if it holds none, the people if none were
loaded; make it with CREATE DATABASE), so a loaded PostgreSQL database serves many runs;
each run's referrals stay in it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import cycle, zip_longest
from pathlib import Path

from bulk_people import SOURCE, entity, people_load, people_loaded, records
from cases import CONCERNS, analyze, cases_build, database_prepare, queries_profile
from harness import in_fresh_database, kinds

API = "/api/v1"
# The p95 each endpoint is meant to stay under, in milliseconds.
READ_TARGET_MS, REFERRAL_TARGET_MS = 50, 100
# Requests before timing (caches, connections) and after it, with each query timed.
WARM, PROFILED = 20, 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--templates", type=int, default=1000)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests an endpoint")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--existing", help="time against this database; load it if empty")
    parser.add_argument("--explain", action="store_true", help="each endpoint's slowest plan")
    parser.add_argument("--profile", action="store_true", help="each endpoint's Python profile")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args)))
        return
    if args.existing:
        report([existing(args.existing, args)])
        return
    report([child(kind, args) for kind in kinds(args.database)])


def child(kind: str, args: argparse.Namespace) -> dict:
    options = []
    for option in ("cases", "templates", "people", "requests"):
        options += [f"--{option}", str(getattr(args, option))]
    options += [f"--{flag}" for flag in ("explain", "profile") if getattr(args, flag)]
    return in_fresh_database(kind, __file__, options)


def existing(url: str, args: argparse.Namespace) -> dict:
    """The run, in this process, on a database that outlives it."""
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.update(
            CASETRAIL_MODE="demo", CASETRAIL_DEBUG="false", CASETRAIL_DATA_DIR=scratch,
            CASETRAIL_DATABASE_URL=url,
        )  # fmt: skip
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetrail.settings")
        args.child = "sqlite" if url.startswith("sqlite") else "postgres"
        return run(args)


def run(args: argparse.Namespace) -> dict:
    import logging

    import django

    django.setup()
    # django-axes logs every sign-in at INFO.
    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.utils import timezone

    from casetrail.workflow.models import Case

    database_prepare()
    now = timezone.now()
    rng = random.Random(7)
    built: dict[str, float] = {}
    if not Case.objects.exists():
        built["cases_s"] = cases_build(args.cases, args.templates, now, rng).build_s
    if args.people and not people_loaded():
        started = time.perf_counter()
        people_load(args.people, now)
        built["people_s"] = time.perf_counter() - started
    if built:
        analyze()
    reads = _reads_timed(args, rng)
    return {
        "database": args.child,
        **_sizes(),
        **built,
        "endpoints": [*reads, _referrals_timed(args)],
        # Other work on the machine shows in the figures; this says whether there was any.
        "load": os.getloadavg()[0],
    }


def _sizes() -> dict:
    from casetrail.chronology.models import Event
    from casetrail.people.models import BlockingKey, Person
    from casetrail.workflow.models import Case

    return {
        "cases": Case.objects.count(), "events": Event.objects.count(),
        "people": Person.objects.filter(merged_into=None).count(),
        "keys": BlockingKey.objects.count(),
    }  # fmt: skip


# Timing -------------------------------------------------------------------------------------


def _reads(references: list[str], rng: random.Random) -> list[tuple[str, Callable[[], str]]]:
    """(endpoint, what makes each request's address): a random case for a case's endpoints."""

    def fixed(path: str) -> Callable[[], str]:
        return lambda: API + path

    def any_case(suffix: str = "") -> Callable[[], str]:
        return lambda: f"{API}/cases/{rng.choice(references)}{suffix}"

    return [
        ("GET /cases", fixed("/cases")),
        ("GET /cases?stage=support", fixed("/cases?stage=support")),
        ("GET /cases/{reference}", any_case()),
        ("GET /cases/{reference}/chronology", any_case("/chronology")),
        ("GET /cases/{reference}/guards", any_case("/guards")),
        ("GET /dashboard", fixed("/dashboard")),
    ]


def _reads_timed(args: argparse.Namespace, rng: random.Random) -> list[dict]:
    """Each read endpoint's latency, warm, and its queries; endpoints not built are skipped."""
    from django.urls import Resolver404, resolve

    from casetrail.workflow.models import Case

    client = _signed_in("supervisor")
    references = list(Case.objects.exclude(reference=None).values_list("reference", flat=True))
    measured = []
    for name, address in _reads(references, rng):
        try:
            resolve(address().split("?")[0])
        except Resolver404:
            print(f"{name}: not in the API yet, skipped", file=sys.stderr)
            continue
        measured.append(_timed(name, partial(_get, client, address), args, READ_TARGET_MS))
    return measured


def _signed_in(username: str):
    from django.test import Client

    from casetrail.accounts.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=username))
    return client


def _get(client, address: Callable[[], str]) -> None:
    url = address()
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}: {response.content[:300]}")


def _timed(name: str, send: Callable[[], object], args: argparse.Namespace, target: int) -> dict:
    from tqdm import tqdm

    for _ in range(WARM):
        send()
    latencies = []
    for _ in tqdm(range(args.requests), desc=name, unit=" requests", file=sys.stderr):
        started = time.perf_counter()
        send()
        latencies.append((time.perf_counter() - started) * 1000)
    measured = {"endpoint": name, "target": target, "ms": latencies}
    measured |= queries_profile(send, args.explain, PROFILED, shape=_shape)
    if args.profile:
        measured["python"] = _python_profile(send)
    return measured


def _shape(sql: str) -> str:
    """A statement with its lists cut short: matching's query for 9 keys and for 14 is one."""
    sql = re.sub(r"\bk\d+\b", "k", sql)  # each key's sub-query alias
    sql = re.sub(r"(%s, )+%s", "%s, ...", sql)
    sql = re.sub(r"(, \(%s, \.\.\.\))+", ", ...", sql)  # the rows of a bulk insert
    return re.sub(r"( UNION ALL .+?)\1+", r"\1 ...", sql)


def _python_profile(send: Callable[[], object], requests: int = PROFILED) -> str:
    """Where the time goes in casetrail's own code: the top functions by cumulative time."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        send()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"/casetrail/", 15)
    listed = out.getvalue().split("filename:lineno(function)", 1)[-1]
    return "cumulative ms a request, function:\n" + "\n".join(
        _profile_line(line, requests) for line in listed.splitlines() if line.strip()
    )


def _profile_line(line: str, requests: int) -> str:
    """pstats' line as "ms a request  path:line(function)", the path from the package on."""
    parts = line.split(None, 5)
    where = parts[-1].split("/casetrail/", 1)[-1]
    return f"{float(parts[3]) * 1000 / requests:8.2f}  casetrail/{where}"


# Referrals ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Probe:
    record: object  # a synthetic Record
    person_id: int | None  # the person loaded from another record of theirs; None: a stranger


class _Referrer:
    """Posts the next probe's referral each call, and remembers what each one opened."""

    def __init__(self, client, probes: list[_Probe]):
        self.client, self.probes, self.opened = client, cycle(probes), []

    def __call__(self) -> None:
        probe = next(self.probes)
        body = json.dumps(_body(probe.record))
        response = self.client.post(f"{API}/referrals", body, content_type="application/json")
        if response.status_code != 201:
            raise SystemExit(f"POST /referrals answered {response.status_code}: "
                             f"{response.content[:300]}")  # fmt: skip
        self.opened.append((probe, response.json()["reference"]))


def _referrals_timed(args: argparse.Namespace) -> dict:
    from django.urls import Resolver404, resolve

    try:
        resolve(f"{API}/referrals")
    except Resolver404:
        print("POST /referrals: not in the API yet, skipped", file=sys.stderr)
        return {"endpoint": "POST /referrals", "skipped": True}
    count = WARM + args.requests + 2 * PROFILED
    probes = _probes(people_loaded(), count, _referred_before() // count)
    referrer = _Referrer(_signed_in("officer"), probes)
    measured = _timed("POST /referrals", referrer, args, REFERRAL_TARGET_MS)
    return measured | _found(referrer.opened)


def _referred_before() -> int:
    """How many referrals earlier runs left in this database. Each run refers others: a copy
    an earlier run left would be suggested before the person held, and crowd them out."""
    from casetrail.workflow.models import Case

    return Case.objects.filter(referrer__username="officer").count()


def _probes(people: int, count: int, run: int = 0) -> list[_Probe]:
    """`count` referrals: new records of people spread over all those loaded, and strangers,
    in turn; each `run` its own."""
    from casetrail.people.models import SourceRecord

    first = array("q", bytes(8 * people))  # each person's loaded record, by its number
    known, strangers, met = [], [], set()
    for record in records(people):
        person, number = entity(record), int(record.record_id[1:])
        if person >= people:
            if person not in met:  # a stranger's second record would find their first
                met.add(person)
                strangers.append(record)
        elif first[person]:
            known.append((record, f"r{first[person]:08d}"))
        else:
            first[person] = number
    stride = max(1, len(known) // (count // 2 or 1))
    known = known[run % stride :: stride][: count // 2]
    held = dict(
        SourceRecord.objects.filter(source=SOURCE, record_id__in=[r for _, r in known])
        .values_list("record_id", "person_id")
    )  # fmt: skip
    pairs = zip_longest(
        [_Probe(record, held[loaded]) for record, loaded in known],
        [_Probe(record, None) for record in _turn(strangers, run, count - len(known))],
    )
    return [probe for pair in pairs for probe in pair if probe]


def _turn(items: list, run: int, size: int) -> list:
    """The run's own `size` items, going round the list."""
    start = (run * size) % max(len(items), 1)
    return (items[start:] + items[:start])[:size]


def _body(record) -> dict:
    from casetrail.people.normalise import birth_date

    person = {
        "name": " ".join(part for part in (record.given_name, record.surname) if part),
        "aliases": list(record.other_names),
        "address": record.address, "town": record.town, "postcode": record.postcode,
        "identifiers": [{"scheme": scheme, "value": value} for scheme, value in record.identifiers],
    }  # fmt: skip
    born = birth_date(record.birth_date)
    if born and born < date.today():  # a slip of a digit can make a year to come
        person["birth_date"] = born.isoformat()
    return {
        "person": person,
        "concerns": CONCERNS[int(record.record_id[1:]) % len(CONCERNS)],
        "relationship": "Teacher",
        "person_aware": "yes",
        "referrer": {"name": "A Teacher", "email": "teacher@example.org"},
    }


def _found(opened: list[tuple[_Probe, str]]) -> dict:
    """How many referrals of people held suggested the person held: matching's sanity."""
    from casetrail.workflow.models import Case

    known = {reference: probe.person_id for probe, reference in opened if probe.person_id}
    details = Case.objects.filter(reference__in=list(known)).values_list("reference", "detail")
    found = sum(str(known[reference]) in detail.get("matches", {}) for reference, detail in details)
    return {"known": len(known), "found": found}


# Report --------------------------------------------------------------------------------------


def report(results: list[dict]) -> None:
    print(
        f"\napi benchmark; {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
        f"load average now {os.getloadavg()[0]:.1f}"
    )
    for result in results:
        _details_report(result)
    print(f"\n{'endpoint':<36} {'database':<9} {'p50':>8} {'p95':>8} {'max':>8} {'n':>5}  target")
    for result in results:
        for endpoint in result["endpoints"]:
            if endpoint.get("skipped"):
                continue
            latencies = sorted(endpoint["ms"])
            p = statistics.quantiles(latencies, n=100)
            verdict = "met" if p[94] < endpoint["target"] else "MISSED"
            print(
                f"{endpoint['endpoint']:<36} {result['database']:<9} {p[49]:>6.1f}ms "
                f"{p[94]:>6.1f}ms {latencies[-1]:>6.1f}ms {len(latencies):>5}  "
                f"p95 < {endpoint['target']} ms: {verdict}"
            )


def _details_report(result: dict) -> None:
    steps = (("cases built", "cases_s"), ("people loaded", "people_s"))
    built = [f"{name} in {result[key]:.0f}s" for name, key in steps if key in result]
    print(
        f"\n{result['database']}: {result['cases']:,} cases ({result['events']:,} events), "
        f"{result['people']:,} people ({result['keys']:,} blocking keys); "
        f"{'; '.join(built) or 'all there already'}; load average {result['load']:.1f}"
    )
    for endpoint in result["endpoints"]:
        if endpoint.get("skipped"):
            print(f"  {endpoint['endpoint']}: not in the API yet")
            continue
        print(
            f"  {endpoint['endpoint']}: {endpoint['queries']:.1f} queries a request, "
            f"{endpoint['query_ms']:.1f} ms in SQL; slowest (mean ms, a request, SQL):"
        )
        for mean, per_request, sql in endpoint["slowest"]:
            print(f"    {mean:7.2f} {per_request:4.1f}x  {' '.join(sql.split())[:200]}")
        if "found" in endpoint:
            print(f"    {endpoint['found']} of {endpoint['known']} people held were suggested")
        for line in (endpoint.get("plan", "") + "\n" + endpoint.get("python", "")).splitlines():
            if line.strip():
                print(f"      {line}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
