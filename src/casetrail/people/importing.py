"""Importing people from an older system: a file's records joined to one another and to the
people already held, written in chunks so that a large file never holds one long transaction.

The steps: read and check the rows (import_files.py); skip records a previous run imported;
fold each record and find candidate pairs among the new records and with the people already
held (through their stored blocking keys); estimate the model when there is enough to learn
from; score; join pairs at LINK_AT into one person; keep pairs from REVIEW_AT for a person
to decide; write, a chunk a transaction; file the people's keys, in key order; report.
"""

from __future__ import annotations

import fcntl
import gc
import json
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

import numpy as np
from django.db import connection
from django.db.models import Q

from casetrail.people.feature_arrays import FeatureTable
from casetrail.people.features import Features, features_of
from casetrail.people.folding import records_fold
from casetrail.people.forking import memory_return
from casetrail.people.import_files import (
    LONGEST_ID,
    ImportFileError,
    ImportResult,
    ReviewLine,
    RowProblem,
    Rows,
    errors_write,
    people_write,
    rows_read,
    uncertain_write,
)
from casetrail.people.import_writing import (
    Linked,
    batches,
    current_ids,
    import_write,
    keys_file,
)
from casetrail.people.linkage import (
    LINK_AT,
    REVIEW_AT,
    clusters_apart,
    joinable,
    model_doubts,
    model_from_levels,
    name_counts,
    pairs_chance,
    pairs_compare,
    reviews_between,
)
from casetrail.people.models import (
    BlockingKey,
    MatchParameters,
    NameFrequency,
    Person,
    SourceRecord,
    UncertainPair,
)
from casetrail.people.pairing import (
    blocks_of,
    distinct,
    exact_copies,
    pairs_in_blocks,
    pairs_with,
)
from casetrail.people.scoring import CANDIDATE_PRIOR, Frequency, MatchModel
from casetrail.people.selectors import match_model
from casetrail.workflow.models import Case

# Records a transaction: small enough that no lock is held for long, large enough that
# the commits cost little beside the rows.
CHUNK_SIZE = 5_000
# SQLite's page cache while importing, in KiB (negative in the PRAGMA: KiB, not pages).
SQLITE_CACHE_KIB = 256 * 1024
# Pages SQLite's log may hold before they are copied into the database while importing
# (the default is 1,000, some 4 MB). A chunk's keys fall all over the key table, so each
# commit logs most of its pages; copied back after every commit, they were written twice
# and synced each time. At 256 MB they are copied once for many chunks: inserting
# 9 million keys in chunks of 5,000 records took half the time (docs/benchmarks.md).
SQLITE_CHECKPOINT_PAGES = 65_536
# The model is estimated afresh only from at least this many candidate pairs and records:
# with fewer, EM has too little to learn from and the model in force is the better guess.
ESTIMATE_FROM = 1_000

__all__ = ["CHUNK_SIZE", "ImportFileError", "ImportResult", "Progress", "people_import"]


# Progress ------------------------------------------------------------------------------------


class Bar(Protocol):
    def update(self, n: int = 1) -> object: ...


class Progress(Protocol):
    """What the command shows while an import runs: a bar a stage, and each refused row."""

    def stage(self, name: str, *, total: int | None, unit: str) -> AbstractContextManager[Bar]: ...

    def refused(self, problem: RowProblem) -> None: ...


class _NoBar:
    def update(self, n: int = 1) -> None:
        return None


class Quiet:
    """No bars and no messages: for tests and callers that only want the result."""

    @contextmanager
    def stage(self, name: str, *, total: int | None, unit: str) -> Iterator[Bar]:
        yield _NoBar()

    def refused(self, problem: RowProblem) -> None:
        return None


# The import ----------------------------------------------------------------------------------


def people_import(
    *,
    path: Path,
    report: Path,
    now: datetime,
    source: str | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a CSV or JSON-lines file of people, joining duplicates; write the reports.

    Safe to run again: records whose (source, record id) is already held are skipped,
    so an interrupted import finishes on the next run and a finished one changes nothing.
    """
    progress = progress or Quiet()
    source = source or path.stem
    if len(source) > LONGEST_ID:
        raise ImportFileError(
            f"{path.name}: a source named after the file would be {len(source)} characters, "
            f"over {LONGEST_ID}: name the source with --source"
        )
    with _one_import_at_a_time(), _no_cycle_collection(), sqlite_for_bulk():
        rows, problems = _rows_gather(path, report, source, progress)
        keys_file(progress)  # an interrupted run's, so its people are found as held
        before = _imported_before(rows)
        _held_as_before(rows, before, path)
        fresh = rows.subset(n for n, record in enumerate(rows.record_ids) if record not in before)
        note = f"estimated on import of {path.name}"
        # A run that finishes an interrupted one scores with the model the first run estimated
        # from the whole file, rather than estimating again from what is left of it.
        linked = _link(fresh, progress, note=note, now=now, estimate=not before)
        written = import_write(linked, now=now, chunk_size=chunk_size, progress=progress)
        linked.keys.close()
        people = {**before, **written}
        joined_held, model_note = linked.joined_held, linked.model_note
        del linked, written  # a million records' worth, not needed for the reports
        memory_return()
        keys_file(progress)
    with progress.stage("reporting", total=len(rows), unit=" records") as bar:
        errors_write(report / "errors.csv", problems)
        people_write(
            report / "people.csv", ((record, people[record]) for record in rows.record_ids)
        )
        reviews = _reviews_of(rows, people)
        uncertain_write(report / "uncertain.csv", reviews)
        bar.update(len(rows))
    return ImportResult(
        records=len(rows),
        people=len(set(people.values())),
        skipped=len(before),
        joined_held=joined_held,
        to_review=len(reviews),
        refused=len(problems),
        model_note=model_note,
    )


# The advisory lock imports take turns on: "import" in ASCII.
IMPORT_LOCK = 0x696D706F7274
ANOTHER_IMPORT = "another import is running on this database: run this one when it has finished"


@contextmanager
def _one_import_at_a_time() -> Iterator[None]:
    """Refuse to start while another import runs: each finds its duplicates among the people
    held when it starts, so two at once would each miss the other's, and keep both.

    PostgreSQL holds a session's advisory lock; SQLite a lock on a file beside the database.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK])
            [(taken,)] = cursor.fetchall()
        if not taken:
            raise ImportFileError(ANOTHER_IMPORT)
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK])
        return
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or name == ":memory:" or name.startswith("file:"):
        yield  # one connection, in one process: nothing else can import beside it
        return
    with open(f"{name}.import-lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportFileError(ANOTHER_IMPORT) from None
        yield


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's collector of reference cycles paused: an import makes millions of objects
    that live until it ends and hold no cycles, and each full collection would walk
    every one of them again."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextmanager
def sqlite_for_bulk() -> Iterator[None]:
    """On SQLite, for the length of the import: a page cache that holds the blocking-key
    table (with the default 2 MB each key inserted waits on a page read) and a log that is
    copied into the database seldom. After it, the log is copied in and emptied, and the
    connection is as it was."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        [(cache,)] = cursor.fetchall()
        cursor.execute("PRAGMA wal_autocheckpoint")
        [(checkpoint,)] = cursor.fetchall()
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint)}")
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")
            cursor.execute("PRAGMA journal_mode")
            [(journal,)] = cursor.fetchall()
            # Not within a caller's transaction, whose own pages the log must keep.
            if journal == "wal" and not connection.in_atomic_block:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _rows_gather(
    path: Path, report: Path, source: str, progress: Progress
) -> tuple[Rows, list[RowProblem]]:
    rows = Rows()
    problems: list[RowProblem] = []
    size = path.stat().st_size if path.is_file() else None
    with progress.stage("reading", total=size, unit="B") as bar:
        # Opening checks the file and its header, before the report folder is made.
        read = rows_read(path, source=source, progress=bar.update)
        try:
            report.mkdir(parents=True, exist_ok=True)
            # Written to now, so a folder the reports cannot go in stops the import before
            # anything is imported, not after.
            with tempfile.TemporaryFile(dir=report):
                pass
        except OSError as error:
            raise ImportFileError(
                f"{report}: cannot be made or written to ({error.strerror})"
            ) from error
        for row in read:
            if isinstance(row, RowProblem):
                problems.append(row)
                progress.refused(row)
            else:
                rows.append(row)
    return rows, problems


def _imported_before(rows: Rows) -> dict[str, int]:
    """Record id -> person, for the file's records an earlier run imported."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for source, record_id in zip(rows.sources, rows.record_ids, strict=True):
        by_source[source].append(record_id)
    found: dict[str, int] = {}
    for source, record_ids in by_source.items():
        if not SourceRecord.objects.filter(source=source).exists():
            continue  # a first import: no need to ask about each record
        for batch in batches(record_ids):
            held = SourceRecord.objects.filter(source=source, record_id__in=batch)
            found.update(held.values_list("record_id", "person_id"))
    current = current_ids(set(found.values()))
    return {record_id: current[person] for record_id, person in found.items()}


# A run may skip records held already only if they are the records held: so many are checked.
CHECKED_AGAIN = 500


def _held_as_before(rows: Rows, before: dict[str, int], path: Path) -> None:
    """Refuse a file whose records are mostly other people than its source already holds
    under the same record ids: another system's export of the same name, say, whose records
    would otherwise be skipped as imported already, and never imported."""
    again = [n for n, record in enumerate(rows.record_ids) if record in before][:CHECKED_AGAIN]
    if not again:
        return
    people = Person.objects.in_bulk({before[rows.record_ids[n]] for n in again})
    others = []
    for n in again:
        row, held = features_of(rows[n].details), people[before[rows.record_ids[n]]].folded
        named = row.surname or row.given
        if named and row.surname not in held.surnames and row.given not in held.givens:
            others.append(rows.record_ids[n])
    if len(others) * 2 > len(again):
        raise ImportFileError(
            f"{path.name}: {len(others)} of {len(again)} records checked are held already "
            f"under the same source and record ids as other people (record {others[0]}, for "
            "one): if this file is from another system, name its source with --source"
        )


# Linking -------------------------------------------------------------------------------------


def _link(
    fresh: Rows, progress: Progress, *, note: str, now: datetime, estimate: bool = True
) -> Linked:
    with progress.stage("folding", total=len(fresh), unit=" records") as bar:
        folded = records_fold(fresh.details, progress=bar.update)
        # Writing wants them again for each person of one record.
        keys = folded.spilled()
    size = len(fresh)
    memory_return()  # what folding freed, before pairing holds the most this import does
    with progress.stage("pairing", total=None, unit=" pairs") as bar:
        held_keys, held_members, held_ids = _held_candidates(folded.keys, size)
        for held in _held_features(held_ids):
            folded.builder.add(held)
        table = folded.table()
        copies = exact_copies(folded.keys, folded.key_starts)
        blocks = blocks_of(
            np.concatenate((folded.keys, held_keys)) if len(held_keys) else folded.keys,
            np.concatenate((folded.members, held_members)) if len(held_keys) else folded.members,
        )
        # And with it every record's keys (13 million at a million records), before the pairs
        # are counted: writing reads them back from the file they were spilled to.
        del folded, held_keys, held_members
        pairs = pairs_with(pairs_in_blocks(blocks, known_from=size), copies)
        del blocks, copies
        bar.update(len(pairs))
    with progress.stage("comparing", total=len(pairs), unit=" pairs") as bar:
        matrix = pairs_compare(table, pairs, progress=bar.update)
    with progress.stage("deciding", total=len(pairs), unit=" pairs") as bar:
        population = Person.objects.filter(merged_into=None).count() + size
        model, model_note = _model(
            table, pairs, matrix, population, note=note, now=now, estimate=estimate
        )
        model = replace(model, prior=CANDIDATE_PRIOR)  # scoring.py says why
        frequency = _frequency(table, size, model)
        chances = pairs_chance(table, pairs, matrix, model, frequency)
        strongest = np.argsort(-chances, kind="stable")
        links = pairs[strongest[chances[strongest] >= LINK_AT]].tolist()
        # Two records a person must decide on (twins) are never joined, directly or through
        # a chain of other records: clusters_apart skips any link that would join them.
        never = pairs[(chances >= REVIEW_AT) & ~joinable(matrix)].tolist()
        # A person with a case in casetrail is joined to a record only by a person's decision,
        # as at intake: the link goes to review, where the decision goes on their cases.
        decided_by_people = _held_with_cases(held_ids, size)
        links = [link for link in links if not decided_by_people.intersection(link)]
        roots = clusters_apart(
            len(table), links, [False] * size + [True] * len(held_ids), never_together=never
        )
        reviews = reviews_between(pairs, chances, roots)
        bar.update(len(pairs))
    return Linked(fresh, table, keys, held_ids, roots, reviews, model, frequency, model_note)


def _held_candidates(keys: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """The held people sharing a key with a new record: (keys, indices, person ids).

    Asked a few hundred keys a query; each held person is numbered from `size` up.
    """
    empty = np.empty(0, dtype=np.int64)
    if not BlockingKey.objects.exists():
        return empty, empty, []
    wanted = distinct(keys).tolist()
    found: list[tuple[int, int]] = []
    for batch in batches(wanted):
        held = BlockingKey.objects.filter(key__in=batch, person__merged_into=None)
        found.extend(held.values_list("key", "person_id"))
    held_ids = sorted({person for _, person in found})
    index_of = {person: size + n for n, person in enumerate(held_ids)}
    held_keys = np.array([key for key, _ in found], dtype=np.int64)
    held_members = np.array([index_of[person] for _, person in found], dtype=np.int64)
    return held_keys, held_members, held_ids


def _held_with_cases(held_ids: list[int], size: int) -> set[int]:
    """The numbers (from `size` up) of the held people any casetrail case is about."""
    index_of = {person: size + n for n, person in enumerate(held_ids)}
    found: set[int] = set()
    for batch in batches(held_ids):
        cases = Case.objects.filter(Q(person_id__in=batch) | Q(person__merged_into_id__in=batch))
        for person, into in cases.values_list("person_id", "person__merged_into_id"):
            # The filter makes one of the two a held person's.
            found.update(index_of[item] for item in (person, into) if item in index_of)
    return found


def _held_features(held_ids: list[int]) -> list[Features]:
    stored: dict[int, str] = {}
    for batch in batches(held_ids):
        stored.update(Person.objects.filter(pk__in=batch).values_list("id", "features"))
    return [Features.from_json(json.loads(stored[person])) for person in held_ids]


def _model(
    table: FeatureTable,
    pairs: np.ndarray,
    matrix: np.ndarray,
    population: int,
    *,
    note: str,
    now: datetime,
    estimate: bool = True,
) -> tuple[MatchModel, str]:
    """The model to score with, and what became of estimating one ("" when not tried)."""
    # Counted afresh, since the name frequencies will count the held and the new people.
    in_force = match_model()
    in_force = replace(in_force, population=population) if in_force.population else in_force
    if not estimate or len(pairs) < ESTIMATE_FROM or len(table) < ESTIMATE_FROM:
        return in_force, ""
    model = model_from_levels(table, matrix, population=population)
    doubts = model_doubts(model, matrix)
    if doubts:
        # Not stored either: the newest estimate is the one intake matches with.
        return (
            in_force,
            f"the model in force was kept, as its estimate here failed: {'; '.join(doubts)}",
        )
    MatchParameters.objects.create(
        estimated_at=now, model=model.to_json(), pairs=len(pairs), note=note[:200]
    )
    return model, "the model was estimated afresh on this file"


def _frequency(table: FeatureTable, size: int, model: MatchModel) -> Frequency | None:
    """How many people carry a name: those held (NameFrequency) and the file's new records
    (the table's first `size`)."""
    if not model.population:
        return None  # the model knows no population, so it weighs no name by its frequency
    held: dict[tuple[str, str], int] = {}
    for kind, names in (("given", table.given), ("surname", table.surname)):
        values = sorted(set(table.text(distinct(names[:size]))) - {""})
        for batch in batches(values):
            rows = NameFrequency.objects.filter(kind=kind, value__in=batch)
            held.update(
                ((kind, value), count) for value, count in rows.values_list("value", "count")
            )
    fresh = name_counts(table, size)
    return lambda kind, value: held.get((kind, value), 0) + fresh(kind, value)


# Reports -------------------------------------------------------------------------------------


def _reviews_of(rows: Rows, people: dict[str, int]) -> list[ReviewLine]:
    """The open pairs that name one of the file's records: what its uncertain.csv lists.

    Read from the database, not this run's memory, so a resumed or repeated run reports
    the pairs an earlier run stored. The open pairs are the review queue, kept short by
    the people who work it, so they are read whole rather than asked about a million ids.
    """
    record_ids = set(rows.record_ids)
    persons = set(people.values())
    open_pairs = UncertainPair.objects.filter(decided_at=None).order_by("-probability", "id")
    # As values, not model objects: a million records leave some 200,000 pairs to review.
    found = open_pairs.values_list(
        "left_record", "right_record", "left_id", "right_id", "probability", "evidence"
    )
    return [
        ReviewLine(*pair)
        for pair in found.iterator()
        if (pair[2] in persons and pair[0] in record_ids)
        or (pair[3] in persons and pair[1] in record_ids)
    ]
