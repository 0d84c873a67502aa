"""A million people, written in bulk as `casetrail import` writes people it does not join.

Each synthetic person's first record (benchmarks/synthetic_people.py) becomes one
person, with the import's own rows, features and blocking keys, but without the
linking that is most of an import's time: by COPY on PostgreSQL, by executemany
on SQLite. The records are the same on every run for the same number loaded, so
a later run can draw new records of the people held, and strangers.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from itertools import islice

# The loaded people's source; how many are counted tells a later run what was loaded.
SOURCE = "synthetic"
SEED = 1
# People drawn after those loaded: the strangers referred.
STRANGERS = 1000
# People a transaction while loading.
LOAD_BATCH = 10_000


def people_loaded() -> int:
    from casetrail.people.models import SourceRecord

    return SourceRecord.objects.filter(source=SOURCE).count()


def records(people: int) -> Iterator:
    """The synthetic records, the same on every run for the same number of people loaded:
    the people loaded, then STRANGERS more, and a few new records of them all."""
    from synthetic_people import iter_generate

    rate = max(0.002, STRANGERS / max(people, 1))
    return iter_generate(people + STRANGERS, duplicates_rate=rate, seed=SEED)


def entity(record) -> int:
    return int(record.entity[1:])


def _loaded_records(people: int) -> Iterator:
    """The first record of each of the first `people` people: the ones loaded."""
    seen = bytearray(people)
    for record in records(people):
        number = entity(record)
        if number < people and not seen[number]:
            seen[number] = 1
            yield record


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def people_load(people: int, now) -> None:
    """`people` people, a batch a transaction, each as the import writes one it did not join."""
    from django.db import connection
    from tqdm import tqdm

    from casetrail.people.importing import sqlite_for_bulk

    stamp = connection.ops.adapt_datetimefield_value(now)
    # SQLite: the import's page cache and seldom checkpoints, as for an import's keys.
    with (
        sqlite_for_bulk(),
        tqdm(total=people, desc="people", unit=" people", file=sys.stderr) as progress,
    ):
        for batch in _batched(_loaded_records(people), LOAD_BATCH):
            _people_write(batch, stamp)
            progress.update(len(batch))


def _people_write(batch: list, stamp) -> None:
    from django.db import transaction

    from casetrail.people.import_writing import PERSON_COLUMNS, _names_add, _rows_insert
    from casetrail.people.models import BlockingKey, Person, PersonAddress, SourceRecord

    with transaction.atomic():  # SQLite's ids are reserved under the transaction's lock
        people, addresses, keys, records, folded = _rows_of(batch, stamp)
        _rows_insert(Person, PERSON_COLUMNS, people)
        _rows_insert(PersonAddress, ("person_id", "line", "town", "postcode", "recorded_at"),
                    addresses)  # fmt: skip
        _rows_insert(BlockingKey, ("key", "person_id"), keys)
        _rows_insert(SourceRecord, ("source", "record_id", "person_id", "case", "imported_at"),
                    records)  # fmt: skip
        _names_add((person.given, person.surname) for person in folded)


def _rows_of(batch: list, stamp) -> tuple[list, list, list, list, list]:
    """Each record's rows, made by the import's own functions, under ids reserved for them."""
    from linkage_data import record_details

    from casetrail.people.blocking import blocking_keys
    from casetrail.people.features import features_of
    from casetrail.people.import_writing import _address_values, _ids_reserve, _person_values

    people, addresses, keys, records, folded_all = [], [], [], [], []
    for person_id, record in zip(_ids_reserve(len(batch)), batch, strict=True):
        details = record_details(record)
        folded = features_of(details)
        people.append((person_id, *_person_values(details, folded, SOURCE, stamp)))
        values = [_address_values(address) for address in details.addresses]
        addresses += [(person_id, *value, stamp) for value in values if any(value)]
        keys += [(key, person_id) for key in blocking_keys(folded)]
        records.append((SOURCE, record.record_id, person_id, "{}", stamp))
        folded_all.append(folded)
    return people, addresses, keys, records, folded_all
