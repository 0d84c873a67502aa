"""Writing an import: the people its records were found to be, a chunk a transaction.

Rows go in by executemany (a million records make millions of rows, too many for a
model object each); each chunk is its own transaction, so a large file never holds one
long lock, and an interrupted import resumes from the records not yet written.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from django.db import connection, transaction

from casetrail.people.blocking import blocking_keys
from casetrail.people.feature_arrays import FeatureTable
from casetrail.people.features import Address, Features, PersonDetails, features_of
from casetrail.people.folding import SpilledKeys
from casetrail.people.forking import sliced
from casetrail.people.import_files import ImportRow, Rows
from casetrail.people.linkage import (
    address_key,
    details_join,
)
from casetrail.people.models import (
    PEOPLE_HELD,
    BlockingKey,
    NameFrequency,
    PendingKeys,
    Person,
    PersonAddress,
    SourceRecord,
    UncertainPair,
)
from casetrail.people.normalise import birth_date
from casetrail.people.scoring import Frequency, MatchModel, match_score
from casetrail.people.services import JOIN_LOCK, person_row

if TYPE_CHECKING:
    from casetrail.people.importing import Progress

# Values an `IN (...)` query: well inside SQLite's and PostgreSQL's limits on parameters.
IN_BATCH = 500


@dataclass
class Linked:
    """The records to write, who is who among them and the people held, and pairs to review."""

    rows: Rows  # the new records: index i < len(rows)
    table: FeatureTable  # the new records' features, then the held people's
    keys: SpilledKeys  # the new records' blocking keys
    held_ids: list[int]  # the person id of each held index, len(rows) onward
    roots: list[int]  # each index's cluster
    reviews: list[tuple[int, int, float]]  # (index, index, probability)
    model: MatchModel
    frequency: Frequency | None
    model_note: str

    @property
    def joined_held(self) -> int:
        size = len(self.rows)
        clusters = {self.roots[index] for index in range(size, len(self.table))}
        return sum(1 for index in range(size) if self.roots[index] in clusters)


def batches(items: Sequence, size: int = IN_BATCH) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def current_ids(ids: Iterable[int]) -> dict[int, int]:
    """Each person, followed through any joins to the person who now stands for it."""
    current = {person: person for person in ids}
    pending = sorted(current)
    while pending:
        into: dict[int, int] = {}
        for batch in batches(pending):
            merged = Person.objects.filter(pk__in=batch, merged_into__isnull=False)
            into.update(merged.values_list("id", "merged_into_id"))
        current = {person: into.get(now_is, now_is) for person, now_is in current.items()}
        pending = sorted(set(into.values()))
    return current


# Writing -------------------------------------------------------------------------------------

# What a join may change on a person already held: never their name or when they were made.
JOINED_FIELDS = ("other_names", "birth_date", "birth_date_typed", "identifiers", "features")
PERSON_COLUMNS = (
    "id", "given_name", "surname", "other_names", "birth_date", "birth_date_typed",
    "identifiers", "features", "source", "created_at",
)  # fmt: skip
PAIR_COLUMNS = (
    "left_id", "right_id", "left_record", "right_record", "probability", "evidence",
    "found_at", "decision", "rationale",
)  # fmt: skip


@dataclass(slots=True)
class _Cluster:
    root: int
    members: list[int]  # the new records' indices, in file order
    held: int | None  # the id of the person already held they are, if any


@dataclass
class _Written:
    """One person a chunk writes, new or held: its records, new addresses and keys."""

    person_id: int
    clusters: list[_Cluster]
    addresses: tuple[tuple[str, str, str], ...]  # as their rows hold them (_address_rows)
    keys: list[int]


def import_write(
    linked: Linked, *, now: datetime, chunk_size: int, progress: Progress
) -> dict[str, int]:
    """Write each cluster as one person, a chunk of clusters a transaction: record id -> person.

    A cluster is never split between chunks, so an interrupted import leaves whole people.
    A pair to review is stored with the later of its two sides' chunks.
    """
    size = len(linked.rows)
    clusters = _Clusters(linked, chunk_size)
    reviews: dict[int, list[tuple[int, int, float]]] = defaultdict(list)
    chunk_of = clusters.chunk_of_roots(len(linked.table))
    for left, right, chance in linked.reviews:
        later = max(chunk_of[linked.roots[left]], chunk_of[linked.roots[right]])
        reviews[int(later)].append((left, right, chance))
    del chunk_of
    held_records = _first_records(
        [linked.held_ids[index - size] for pair in linked.reviews for index in pair[:2]
         if index >= size]
    )  # fmt: skip
    person_of: dict[int, int] = {}
    stamp = connection.ops.adapt_datetimefield_value(now)
    # Each chunk's rows are made in a forked process while the one before is written;
    # the pairs it completes are explained here, as the other process has more to do.
    count = len(clusters.bounds)
    shared = (linked, clusters, stamp)
    prepared = sliced(_chunk_prepare, shared, count, size=1, processes=1, alongside=True)
    with progress.stage("writing", total=size, unit=" records") as bar:
        for n, (ready, _) in enumerate(prepared):
            chunk = clusters.chunk(n)
            explained = _evidence(linked, reviews[n])
            _chunk_write(
                linked, chunk, ready, (reviews[n], explained), person_of, held_records, stamp=stamp
            )
            bar.update(sum(len(cluster.members) for cluster in chunk))
    return {
        linked.rows.record_ids[index]: person_of[root]
        for index, root in zip(clusters.members.tolist(), clusters.member_roots(), strict=True)
    }


class _Clusters:
    """The clusters of a file's new records, in the order of each one's first record, held
    as arrays and cut into chunks of at least `chunk_size` records.

    Arrays, not an object a cluster: the process that prepares each chunk and the one that
    writes it would both touch a million small objects, and each touch copies a page.
    """

    def __init__(self, linked: Linked, chunk_size: int) -> None:
        size = len(linked.rows)
        roots = np.asarray(linked.roots, dtype=np.int64)
        # A cluster's root is its lowest index (clusters_apart), so its first new record:
        # sorted by root, the clusters come in the order of their first records.
        self.members = np.argsort(roots[:size], kind="stable")
        grouped = roots[self.members]
        firsts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]]) if size else grouped
        self.roots = grouped[firsts]
        self.starts = np.r_[firsts, size]  # where each cluster's members start, and the end
        # The person held each cluster is, or -1: a held person joined to new records has
        # one of theirs as its root.
        self.held = np.full(len(self.roots), -1, dtype=np.int64)
        held_roots = roots[size:]
        joined = held_roots != np.arange(size, len(roots))
        held_ids = np.asarray(linked.held_ids, dtype=np.int64)
        self.held[np.searchsorted(self.roots, held_roots[joined])] = held_ids[joined]
        self.bounds = _chunk_bounds(np.diff(self.starts).tolist(), chunk_size)

    def chunk(self, n: int) -> list[_Cluster]:
        first, stop = self.bounds[n]
        members = self.members[self.starts[first] : self.starts[stop]].tolist()
        at = (self.starts[first : stop + 1] - self.starts[first]).tolist()
        return [
            _Cluster(root, members[at[k] : at[k + 1]], None if held < 0 else held)
            for k, (root, held) in enumerate(
                zip(self.roots[first:stop].tolist(), self.held[first:stop].tolist(), strict=True)
            )
        ]

    def chunk_of_roots(self, count: int) -> np.ndarray:
        """The chunk each cluster is written in, by its root; -1 for the people held alone."""
        found = np.full(count, -1, dtype=np.int32)
        for n, (first, stop) in enumerate(self.bounds):
            found[self.roots[first:stop]] = n
        return found

    def member_roots(self) -> list[int]:
        """The root of each of `members`."""
        return np.repeat(self.roots, np.diff(self.starts)).tolist()


def _chunk_bounds(sizes: list[int], chunk_size: int) -> list[tuple[int, int]]:
    """(first, stop) clusters of each chunk: clusters in order until they hold `chunk_size`
    records or more."""
    bounds = []
    first = records = 0
    for n, size in enumerate(sizes):
        records += size
        if records >= chunk_size:
            bounds.append((first, n + 1))
            first, records = n + 1, 0
    if first < len(sizes):
        bounds.append((first, len(sizes)))
    return bounds


class _NewPerson(NamedTuple):
    """A new person's rows, made before the transaction that writes them, but for its id.
    A tuple: a chunk's thousands are pickled back from the process that makes them."""

    values: tuple  # the person's row after its id
    addresses: tuple[tuple[str, str, str], ...]  # as their rows hold them (_address_rows)
    keys: list[int]
    names: tuple[str, str]  # the given name and surname as folded, to be counted


@dataclass
class _Ready:
    """What needs no database of a chunk, made ready before its transaction."""

    people: list[_NewPerson]  # its new people, in order
    records: dict[int, list[tuple[str, str, str]]]  # each cluster's (source, record id, case)


def _chunk_prepare(
    shared: tuple[Linked, _Clusters, object],
    start: int,
    stop: int,
) -> _Ready:
    linked, clusters, stamp = shared
    chunk = clusters.chunk(start)
    # A record that is a person alone was folded and keyed while linking: the costly part.
    alone = [c.members[0] for c in chunk if c.held is None and len(c.members) == 1]
    made = zip(linked.table.features(alone), linked.keys.of(alone), strict=True)
    folded_alone = dict(zip(alone, made, strict=True))
    adapt = connection.ops.adapt_datefield_value
    ready = []
    records = {}
    for cluster in chunk:
        rows = [linked.rows[index] for index in cluster.members]
        records[cluster.root] = [(row.source, row.record_id, _json(row.case)) for row in rows]
        if cluster.held is None:
            details, folded, keys = _cluster_person(cluster, rows, folded_alone)
            source = linked.rows.sources[cluster.members[0]]
            values = _person_values(details, folded, source, stamp, adapt)
            ready.append(
                _NewPerson(
                    values, _address_rows(details.addresses), keys, (folded.given, folded.surname)
                )
            )
    return _Ready(ready, records)


def _evidence(linked: Linked, reviews: list[tuple[int, int, float]]) -> list[list]:
    """Of each pair to review, as the review page shows it. Made by the writing process,
    before each chunk's transaction: the preparing one has more to do."""
    sides = linked.table.features([index for pair in reviews for index in pair[:2]])
    evidence = []
    for left, right in zip(sides[::2], sides[1::2], strict=True):
        match = match_score(left, right, linked.model, linked.frequency)
        evidence.append(
            [[item.field, item.label, round(item.weight, 2)] for item in match.evidence]
        )
    return evidence


@transaction.atomic
def _chunk_write(
    linked: Linked,
    chunk: list[_Cluster],
    ready: _Ready,
    reviews: tuple[list[tuple[int, int, float]], list[list]],  # the pairs, their evidence
    person_of: dict[int, int],
    held_records: dict[int, str],
    *,
    stamp: object,
) -> None:
    """One transaction: the chunk's people, new and joined, with their addresses, keys
    (to be filed: keys_file), source records, name counts and the pairs to review that it
    completes."""
    created = _people_create([c for c in chunk if c.held is None], ready.people)
    written = created + _people_join(linked, [c for c in chunk if c.held is not None])
    _rows_insert(
        PersonAddress,
        ("person_id", "line", "town", "postcode", "recorded_at"),
        [(item.person_id, *address, stamp) for item in written for address in item.addresses],
    )  # fmt: skip
    _keys_queue(created, held=False)
    _keys_queue(written[len(created) :], held=True)
    records = []
    for item in written:
        for cluster in item.clusters:
            person_of[cluster.root] = item.person_id
            records += [
                (source, record_id, item.person_id, case, stamp)
                for source, record_id, case in ready.records[cluster.root]
            ]
    _rows_insert(SourceRecord, ("source", "record_id", "person_id", "case", "imported_at"), records)
    _reviews_store(linked, *reviews, person_of, held_records, stamp)


def _keys_queue(written: list[_Written], *, held: bool) -> None:
    """The keys of everyone written, queued to be filed (PendingKeys), a row a person."""
    kind = PendingKeys.KEY_TYPE
    rows = [(item.person_id, np.array(item.keys, dtype=kind).tobytes(), held) for item in written]
    _rows_insert(PendingKeys, ("person_id", "keys", "held"), rows)


# Keys filed a statement at a time: few enough to hold as Python rows, many enough that
# the statements cost little beside the keys.
FILE_AT_ONCE = 500_000


def keys_file(progress: Progress) -> int:
    """File every queued key (PendingKeys) into BlockingKey, in key order, in one
    transaction; how many were filed.

    In key order each page of the key table's tree is written once, where filing each
    chunk's keys as it was written rewrote most of the tree every commit. A key a person
    already has is left as it is (a person held that an import joined records to), and
    the keys of anyone no longer there are dropped: the database checks neither.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Joins take the same lock: none stores a queued person's keys meanwhile.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [JOIN_LOCK])
        keys, people, held = _queue_take(cursor)
        if not len(keys):
            return 0
        with progress.stage("filing keys", total=len(keys), unit=" keys") as bar:
            order = np.lexsort((people, keys))
            keys, people, held = keys[order], people[order], held[order]
            del order
            # Two imports may each have queued a key of one person held.
            once = np.r_[True, (keys[1:] != keys[:-1]) | (people[1:] != people[:-1])]
            keys, people, held = keys[once], people[once], held[once]
            quote = connection.ops.quote_name
            table = quote(BlockingKey._meta.db_table)
            columns = f"({quote('key')}, {quote('person_id')})"
            for start in range(0, len(keys), FILE_AT_ONCE):
                part = slice(start, start + FILE_AT_ONCE)
                _keys_insert(cursor, table, columns, keys[part], people[part], held[part])
                bar.update(len(keys[part]))
        return len(keys)


def _queue_take(cursor) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every queued key, of the people still there, as arrays (key, person, held), and
    the queue emptied. On PostgreSQL the rows are those this statement takes: rows another
    import queues meanwhile wait for the next filing. SQLite has one writer at a time."""
    quote = connection.ops.quote_name
    queue, people = quote(PendingKeys._meta.db_table), quote(Person._meta.db_table)
    person, held = quote("person_id"), quote("held")
    there = f"{person} IN (SELECT id FROM {people})"
    if connection.vendor == "postgresql":
        cursor.execute(
            f"WITH taken AS (DELETE FROM {queue} RETURNING {person}, {quote('keys')}, {held}) "
            f"SELECT * FROM taken WHERE {there}"
        )
    else:
        cursor.execute(f"SELECT {person}, {quote('keys')}, {held} FROM {queue} WHERE {there}")
    blocks, owners, counts, flags = bytearray(), array("q"), array("q"), array("b")
    size = np.dtype(PendingKeys.KEY_TYPE).itemsize
    for owner, block, flag in cursor.fetchall():
        blocks += block
        owners.append(owner)
        counts.append(len(block) // size)
        flags.append(bool(flag))
    if connection.vendor != "postgresql":
        cursor.execute(f"DELETE FROM {queue}")
    if not owners:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=bool)
    repeat = np.frombuffer(counts, dtype=np.int64)
    return (
        np.frombuffer(blocks, dtype=PendingKeys.KEY_TYPE).astype(np.int64),
        np.repeat(np.frombuffer(owners, dtype=np.int64), repeat),
        np.repeat(np.frombuffer(flags, dtype=np.int8).astype(bool), repeat),
    )


def _keys_insert(
    cursor, table: str, columns: str, keys: np.ndarray, people: np.ndarray, held: np.ndarray
) -> None:
    """Keys in the table's order, leaving any a person held has already. On PostgreSQL a
    new person's are copied, as text (COPY's write_row took 3 µs a row in Python), and a
    held person's inserted in one statement; on SQLite all go in by executemany."""
    if connection.vendor != "postgresql":
        rows = list(zip(keys.tolist(), people.tolist(), strict=True))
        sql = f"INSERT INTO {table} {columns} VALUES (%s, %s) ON CONFLICT DO NOTHING"
        cursor.executemany(sql, rows)
        return
    fresh = ~held
    block = "".join(
        f"{key}\t{person}\n"
        for key, person in zip(keys[fresh].tolist(), people[fresh].tolist(), strict=True)
    )
    if block:
        with cursor.cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:
            copy.write(block)
    if held.any():
        cursor.execute(
            f"INSERT INTO {table} {columns} SELECT * FROM unnest(%s::bigint[], %s::bigint[]) "
            f"ON CONFLICT DO NOTHING",
            [keys[held].tolist(), people[held].tolist()],
        )


def _people_create(clusters: list[_Cluster], ready: list[_NewPerson]) -> list[_Written]:
    """New people, one a cluster, written by executemany with ids reserved for them."""
    rows, written = [], []
    for person_id, cluster, new in zip(_ids_reserve(len(clusters)), clusters, ready, strict=True):
        rows.append((person_id, *new.values))
        written.append(_Written(person_id, [cluster], new.addresses, new.keys))
    _rows_insert(Person, PERSON_COLUMNS, rows)
    _names_add(new.names for new in ready)
    return written


def _cluster_person(
    cluster: _Cluster,
    rows: list[ImportRow],
    folded_alone: dict[int, tuple[Features, list[int]]],
) -> tuple[PersonDetails, Features, list[int]]:
    """What a new person knows, and their keys: one record's details, or several records'
    joined (`rows` are the cluster's records, in order)."""
    if len(cluster.members) == 1:
        return rows[0].details, *folded_alone[cluster.members[0]]
    details = details_join(rows[0].details, [row.details for row in rows[1:]])
    folded = features_of(details)
    return details, folded, blocking_keys(folded)


def _person_values(
    details: PersonDetails,
    folded: Features,
    source: str,
    stamp: object,
    adapt: Callable[[date | None], object],
) -> tuple:
    """A person's row after its id, as services.person_row makes it (a test holds the two
    together); `adapt` is the database's for a date."""
    return (
        details.given_name.strip()[:200],
        details.surname.strip()[:200],
        _json([name.strip() for name in details.other_names if name.strip()]),
        adapt(birth_date(details.birth_date)),
        details.birth_date.strip()[:40],
        _json([[scheme, value.strip()] for scheme, value in details.identifiers if value]),
        json.dumps(folded.to_json(), separators=(",", ":")),
        source,
        stamp,
    )


def _json(value: list | dict) -> str:
    """As json.dumps: most of a legacy file's other names, identifiers and case columns are
    empty, and a million calls to say so took seconds."""
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value)


def _address_rows(addresses: Iterable[Address]) -> tuple[tuple[str, str, str], ...]:
    """Each address's columns as services.address_rows makes them, leaving out the empty."""
    rows = (
        (address.line.strip()[:500], address.town.strip()[:200], address.postcode.strip()[:20])
        for address in addresses
    )
    return tuple(row for row in rows if any(row))


def _ids_reserve(count: int) -> list[int]:
    """Ids for new people, so their rows go in by executemany (which returns no ids).

    PostgreSQL hands them out from the table's sequence, safe beside other writers. SQLite
    has one writer at a time and the chunk's transaction took the write lock at BEGIN
    (IMMEDIATE), so the next ids after the largest ever used are this transaction's.
    """
    if not count:
        return []
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT MAX(id) FROM {connection.ops.quote_name(table)} "
            f"UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s",
            [table],
        )
        start = max((row[0] or 0 for row in cursor.fetchall()), default=0) + 1
    return list(range(start, start + count))


def _rows_insert(model, columns: Sequence[str], rows: list, *, skip_held: bool = False) -> None:
    """Rows in bulk: a million records make millions of rows, too many to build a model
    object for each. By COPY on PostgreSQL (a quarter of executemany's time), by
    executemany on SQLite. With `skip_held`, a row already there (a pair to review an
    earlier run stored) is left as it is, which COPY cannot do: on PostgreSQL those are
    copied into a table of the session's own and inserted from there in one statement
    (executemany, or one statement of arrays, took 40 to 60 µs a row; this, 16)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(map(quote, columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not skip_held:
            with cursor.cursor.copy(_copy_sql(model, columns)) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        if connection.vendor == "postgresql":
            arriving = quote(f"arriving_{model._meta.db_table}")
            with transaction.atomic(savepoint=False):
                cursor.execute(
                    f"CREATE TEMPORARY TABLE IF NOT EXISTS {arriving} "
                    f"AS SELECT {names} FROM {table} WITH NO DATA"
                )
                with cursor.cursor.copy(f"COPY {arriving} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                cursor.execute(
                    f"INSERT INTO {table} ({names}) SELECT {names} FROM {arriving} "
                    f"ON CONFLICT DO NOTHING"
                )
                cursor.execute(f"TRUNCATE {arriving}")
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        cursor.executemany(sql + (" ON CONFLICT DO NOTHING" if skip_held else ""), rows)


def _copy_sql(model, columns: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    return f"COPY {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"


def _people_join(linked: Linked, clusters: list[_Cluster]) -> list[_Written]:
    """The people already held, each taking on what its new records know, as person_merge does.

    Each is locked and read again: a screener may have changed or joined them since linking.
    """
    held = [(cluster, cluster.held) for cluster in clusters if cluster.held is not None]
    current = current_ids({person_id for _, person_id in held})
    by_person: dict[int, list[_Cluster]] = defaultdict(list)
    for cluster, person_id in held:
        by_person[current[person_id]].append(cluster)
    locked = Person.objects.select_for_update().filter(pk__in=sorted(by_person))
    written, changed = [], []
    for person in locked.prefetch_related("addresses"):
        group = by_person[person.pk]
        before = person.details()
        news = [linked.rows[index].details for cluster in group for index in cluster.members]
        details = details_join(before, news)
        row = person_row(details, source=person.source, now=person.created_at)
        for name in JOINED_FIELDS:
            setattr(person, name, getattr(row, name))
        known = {address_key(address) for address in before.addresses}
        fresh = _address_rows(a for a in details.addresses if address_key(a) not in known)
        written.append(_Written(person.pk, group, fresh, blocking_keys(person.folded)))
        changed.append(person)
    Person.objects.bulk_update(changed, JOINED_FIELDS)
    return written


def _names_add(people: Iterable[tuple[str, str]]) -> None:
    """Count the new people and their (given, surname) folded names in, an upsert a name
    (on PostgreSQL, one statement for them all), added to what is there, so an intake
    counting at the same moment is not lost."""
    counts: Counter[tuple[str, str]] = Counter()
    for given, surname in people:
        counts[PEOPLE_HELD] += 1
        for kind, value in (("given", given), ("surname", surname)):
            if value:
                counts[(kind, value[:200])] += 1
    quote = connection.ops.quote_name
    table, kind, value, count = map(quote, (NameFrequency._meta.db_table, "kind", "value", "count"))
    added = (
        f"ON CONFLICT ({kind}, {value}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )
    # In one order, so two imports at once take the rows' locks in the same order.
    rows = [(k, v, n) for (k, v), n in sorted(counts.items())]
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement, not one a name: a chunk counts a few thousand names, and each
            # statement is a round trip. unnest gives the rows in the arrays' order.
            kinds, values, numbers = (list(column) for column in zip(*rows, strict=True))
            cursor.execute(
                f"INSERT INTO {table} ({kind}, {value}, {count}) "
                f"SELECT * FROM unnest(%s::text[], %s::text[], %s::integer[]) {added}",
                [kinds, values, numbers],
            )
            return
        sql = f"INSERT INTO {table} ({kind}, {value}, {count}) VALUES (%s, %s, %s) {added}"
        cursor.executemany(sql, rows)


def _reviews_store(
    linked: Linked,
    reviews: list[tuple[int, int, float]],
    evidence: list[list],
    person_of: dict[int, int],
    held_records: dict[int, str],
    stamp: object,
) -> None:
    pairs: dict[tuple[int, int], tuple] = {}
    for (left, right, chance), explained in zip(reviews, evidence, strict=True):
        (left_id, left_record), (right_id, right_record) = sorted(
            (_person_at(linked, index, person_of), _record_at(linked, index, held_records))
            for index in (left, right)
        )
        if left_id == right_id:
            continue  # one person after all: a screener joined them since linking
        pairs[(left_id, right_id)] = (
            left_id, right_id, left_record, right_record, chance, json.dumps(explained),
            stamp, "", "",
        )  # fmt: skip
    # A pair a person has already decided, or an earlier run stored, is left as it is.
    _rows_insert(UncertainPair, PAIR_COLUMNS, list(pairs.values()), skip_held=True)


def _person_at(linked: Linked, index: int, person_of: dict[int, int]) -> int:
    root = linked.roots[index]
    return person_of[root] if root in person_of else linked.held_ids[index - len(linked.rows)]


def _record_at(linked: Linked, index: int, held_records: dict[int, str]) -> str:
    if index < len(linked.rows):
        return linked.rows.record_ids[index]
    return held_records.get(linked.held_ids[index - len(linked.rows)], "")


def _first_records(person_ids: list[int]) -> dict[int, str]:
    """The record each held person was first imported from ("" for one made at intake)."""
    first: dict[int, str] = {}
    for batch in batches(sorted(set(person_ids))):
        records = SourceRecord.objects.filter(person_id__in=batch).order_by("id")
        for person, record in records.values_list("person_id", "record_id"):
            first.setdefault(person, record)
    return first
