"""The blocking-key table: one B-tree keyed (key, person), its migration, and joins keeping it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import ProtectedError

from casetrail.people.blocking import blocking_keys
from casetrail.people.features import Address, PersonDetails
from casetrail.people.models import BlockingKey, PendingKeys, Person
from casetrail.people.services import person_create, person_merge

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
TABLE = BlockingKey._meta.db_table


def table_indexes() -> dict[str, dict]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, TABLE)
    return {name: c for name, c in found.items() if c["index"] or c["primary_key"]}


@pytest.mark.django_db
def test_the_keys_have_one_index_their_primary_key_of_key_then_person():
    [(name, primary)] = table_indexes().items()
    assert primary["primary_key"], name
    assert primary["columns"] == ["key", "person_id"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="row ids are SQLite's")
def test_on_sqlite_the_table_has_no_row_ids():
    # A later migration that rebuilds the table would quietly bring them back.
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
        [(sql,)] = cursor.fetchall()
    assert sql.rstrip().upper().endswith("WITHOUT ROWID")


@pytest.mark.django_db
def test_a_key_is_held_once_a_person():
    person = person_create(details=PersonDetails("Ada", "Byron"), source="test", now=NOW)
    key = BlockingKey.objects.filter(person=person).first()
    assert key is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        BlockingKey.objects.create(key=key.key, person=person)


@pytest.mark.django_db
def test_a_joined_person_gives_up_its_keys_and_the_survivor_holds_both_peoples():
    home = (Address("14 Acacia Avenue", "Leeds", "LS6 2AB"),)
    kept = person_create(
        details=PersonDetails("William", "Hartley", birth_date="2007-03-04", addresses=home),
        source="test",
        now=NOW,
    )
    joined = person_create(
        details=PersonDetails("Bill", "Hartly", birth_date="2007-04-03"), source="test", now=NOW
    )
    joined_keys = set(blocking_keys(joined.folded))
    survivor = person_merge(merged=joined, into=kept, now=NOW)
    assert not BlockingKey.objects.filter(person=joined).exists()
    held = set(BlockingKey.objects.filter(person=survivor).values_list("key", flat=True))
    assert held == set(blocking_keys(Person.objects.get(pk=kept.pk).folded))
    # What the joined record could be found by now finds the survivor: "Bill" is William.
    assert joined_keys & held


@pytest.mark.django_db
def test_a_join_drops_the_keys_an_import_queued_for_either_person():
    kept = person_create(details=PersonDetails("Ann", "Lee"), source="test", now=NOW)
    joined = person_create(details=PersonDetails("Anne", "Lee"), source="test", now=NOW)
    other = person_create(details=PersonDetails("Bo", "Ray"), source="test", now=NOW)
    PendingKeys.objects.bulk_create(
        PendingKeys(person=person, keys=b"\x01" * 8, held=False) for person in (joined, kept, other)
    )
    person_merge(merged=joined, into=kept, now=NOW)
    # The survivor's keys are all stored from what they now know, so theirs go too.
    assert list(PendingKeys.objects.values_list("person_id", flat=True)) == [other.pk]
    held = set(BlockingKey.objects.filter(person=kept).values_list("key", flat=True))
    assert held == set(blocking_keys(Person.objects.get(pk=kept.pk).folded))


@pytest.mark.django_db(transaction=True)
def test_the_migration_to_one_tree_keeps_every_key():
    executor = MigrationExecutor(connection)
    before, after = [("people", "0002_people_held")], [("people", "0003_blocking_key_one_tree")]
    try:
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        OldPerson = apps.get_model("people", "Person")
        OldKey = apps.get_model("people", "BlockingKey")
        people = [
            OldPerson.objects.create(features="[]", source="test", created_at=NOW) for _ in range(3)
        ]
        rows = {(key, person.pk) for person in people for key in (-(2**63), -7, 0, 2**63 - 1)}
        OldKey.objects.bulk_create(OldKey(key=key, person_id=person) for key, person in rows)
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        assert set(BlockingKey.objects.values_list("key", "person_id")) == rows
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


def foreign_keys() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, TABLE)
    return [c["foreign_key"] for c in found.values() if c["foreign_key"]]


@pytest.mark.django_db
def test_the_database_does_not_check_a_keys_person_but_django_keeps_them_from_deletion():
    assert foreign_keys() == []
    person = person_create(details=PersonDetails("Ada", "Byron"), source="test", now=NOW)
    with pytest.raises(ProtectedError):
        person.delete()


@pytest.mark.django_db(transaction=True)
def test_the_migration_that_stops_checking_keeps_every_key_and_goes_back():
    checked, unchecked = (
        [("people", "0004_pending_keys")],
        [("people", "0005_blocking_key_unchecked")],
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(checked)
        assert foreign_keys() == [("people_person", "id")]
        people = [
            Person.objects.create(features="[]", source="test", created_at=NOW) for _ in range(3)
        ]
        rows = {(key, person.pk) for person in people for key in (-(2**63), -7, 0, 2**63 - 1)}
        BlockingKey.objects.bulk_create(BlockingKey(key=key, person_id=p) for key, p in rows)
        MigrationExecutor(connection).migrate(unchecked)
        assert foreign_keys() == []
        assert set(BlockingKey.objects.values_list("key", "person_id")) == rows
        [primary] = table_indexes().values()
        assert primary["columns"] == ["key", "person_id"]
        MigrationExecutor(connection).migrate(checked)
        assert foreign_keys() == [("people_person", "id")]
        assert set(BlockingKey.objects.values_list("key", "person_id")) == rows
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
