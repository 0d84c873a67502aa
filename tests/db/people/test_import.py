"""Importing an older system's people: duplicates joined, strangers apart, people already held
found again, pairs kept for review, and a run that can be repeated or resumed."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from django.db import connection

from casetrail.chronology.models import Event
from casetrail.people import import_writing, importing
from casetrail.people.blocking import blocking_keys
from casetrail.people.features import Address, PersonDetails
from casetrail.people.import_files import ImportFileError
from casetrail.people.import_writing import _chunk_bounds
from casetrail.people.linkage import LINK_AT, REVIEW_AT
from casetrail.people.models import (
    BlockingKey,
    MatchParameters,
    NameFrequency,
    PendingKeys,
    Person,
    PersonAddress,
    SourceRecord,
    UncertainPair,
)
from casetrail.people.scoring import DEFAULT_MODEL
from casetrail.people.selectors import match_model
from casetrail.people.services import address_rows, person_create, person_row
from casetrail.workflow.scenarios import case_through

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
HEADER = "record_id,given_name,surname,other_names,date_of_birth,address,town,postcode,source"
# One family at one address, a stranger, and John Smith again with no date of birth elsewhere.
FAMILY = f"""{HEADER}
a1,John,Smith,,1980-03-04,14 Acacia Avenue,Leeds,LS6 2AB,
a2,Jon,Smith,,1980-03-04,14 Acacia Avenue,Leeds,LS6 2AB,
a3,Johnny,Smyth,,1980-04-03,14 Acacia Ave,Leeds,LS6 2AB,
b1,Mary,Smith,,2012-07-19,14 Acacia Avenue,Leeds,LS6 2AB,
c1,Priya,Patel,,1991-11-30,3 Mill Lane,Bristol,BS1 5TR,
d1,John,Smith,,,3 Mill Lane,Bristol,BS1 5TR,
"""


def run(tmp_path: Path, text: str, *, name: str = "legacy.csv", **options):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return importing.people_import(path=path, report=tmp_path / "report", now=NOW, **options)


def report(tmp_path: Path, name: str) -> list[dict[str, str]]:
    with (tmp_path / "report" / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def people_of(tmp_path: Path) -> dict[str, int]:
    return {row["record_id"]: int(row["person_id"]) for row in report(tmp_path, "people.csv")}


# Who is who ----------------------------------------------------------------------------------


def test_duplicates_with_a_nickname_a_typo_and_a_swapped_date_join_one_person(tmp_path):
    result = run(tmp_path, FAMILY)
    people = people_of(tmp_path)
    assert people["a1"] == people["a2"] == people["a3"]
    john = Person.objects.get(pk=people["a1"])
    assert (john.given_name, john.surname, john.birth_date_typed) == ("John", "Smith", "1980-03-04")
    assert john.other_names == ["Jon Smith", "Johnny Smyth"]
    assert sorted(john.records.values_list("record_id", flat=True)) == ["a1", "a2", "a3"]
    # The two spellings of the one address are both kept; the same one twice is kept once.
    assert sorted(john.addresses.values_list("line", flat=True)) == [
        "14 Acacia Ave",
        "14 Acacia Avenue",
    ]
    assert (result.records, result.people) == (6, 4)


def test_a_child_at_the_same_address_and_a_stranger_stay_apart(tmp_path):
    run(tmp_path, FAMILY)
    people = people_of(tmp_path)
    assert len({people["a1"], people["b1"], people["c1"]}) == 3
    assert Person.objects.count() == 4


def test_a_record_matching_a_person_already_held_joins_that_person(tmp_path):
    held = person_create(
        details=PersonDetails(
            "Priya", "Patel", (), "1991-11-30", (Address("3 Mill Lane", "Bristol", "BS1 5TR"),)
        ),
        source="intake",
        now=NOW,
    )
    keys_before = set(BlockingKey.objects.filter(person=held).values_list("key", flat=True))
    text = f"{HEADER}\nx1,Priya,Patel,Priya Shah,1991-11-30,9 New Road,Bath,BA1 1AA,\n"
    result = run(tmp_path, text)
    assert people_of(tmp_path) == {"x1": held.pk}
    held.refresh_from_db()
    assert held.other_names == ["Priya Shah"]
    assert held.folded.surnames == ("patel", "shah")
    assert sorted(held.addresses.values_list("town", flat=True)) == ["Bath", "Bristol"]
    keys_after = set(BlockingKey.objects.filter(person=held).values_list("key", flat=True))
    assert keys_before < keys_after  # found again by the new name and postcode, too
    assert SourceRecord.objects.get(record_id="x1").person == held
    assert (Person.objects.count(), result.joined_held) == (1, 1)
    assert NameFrequency.objects.get(kind="surname", value="patel").count == 1


def test_more_copies_of_one_person_than_a_block_holds_are_one_person(tmp_path):
    copies = "".join(f"s{n},John,Smith,,1990-01-02,1 High St,Leeds,LS1 4AB,\n" for n in range(150))
    result = run(tmp_path, f"{HEADER}\n{copies}")
    assert (result.records, result.people) == (150, 1)


def test_twins_are_never_joined_by_the_import_but_queued(tmp_path):
    text = (
        f"{HEADER}\nt1,Jack,Taylor,,2005-06-07,4 Rose St,Leeds,LS7 1AA,\n"
        "t2,Oliver,Taylor,,2005-06-07,4 Rose St,Leeds,LS7 1AA,\n"
    )
    run(tmp_path, text)
    people = people_of(tmp_path)
    assert people["t1"] != people["t2"]
    pair = UncertainPair.objects.get()
    assert pair.probability >= LINK_AT  # the numbers alone would have joined them
    assert {pair.left_record, pair.right_record} == {"t1", "t2"}


def test_another_systems_file_of_the_same_name_is_refused_not_skipped(tmp_path):
    police, council = tmp_path / "police", tmp_path / "council"
    police.mkdir(), council.mkdir()
    (police / "export.csv").write_text(f"{HEADER}\n1,John,Smith,,1980-03-04,,,,\n")
    (council / "export.csv").write_text(f"{HEADER}\n1,Ahmed,Karim,,1991-11-30,,,,\n")
    importing.people_import(path=police / "export.csv", report=tmp_path / "r1", now=NOW)
    with pytest.raises(ImportFileError, match="name its source with --source"):
        importing.people_import(path=council / "export.csv", report=tmp_path / "r2", now=NOW)
    importing.people_import(
        path=council / "export.csv", report=tmp_path / "r2", now=NOW, source="council"
    )
    assert Person.objects.count() == 2


def test_twins_are_not_joined_through_a_record_that_names_neither(tmp_path):
    text = (
        f"{HEADER}\nt1,Jack,Taylor,,2005-06-07,4 Rose St,Leeds,LS7 1AA,\n"
        "t2,Oliver,Taylor,,2005-06-07,4 Rose St,Leeds,LS7 1AA,\n"
        "t3,Unknown,Taylor,,2005-06-07,4 Rose St,Leeds,LS7 1AA,\n"
    )
    run(tmp_path, text)
    people = people_of(tmp_path)
    assert people["t1"] != people["t2"]
    assert people["t3"] in {people["t1"], people["t2"]}
    assert UncertainPair.objects.filter(probability__gte=REVIEW_AT).exists()


def test_a_file_named_longer_than_a_source_may_be_asks_for_one(tmp_path):
    with pytest.raises(ImportFileError, match="name the source with --source"):
        run(tmp_path, FAMILY, name=f"{'export_' * 20}.csv")
    assert not Person.objects.exists()


def test_a_report_folder_that_cannot_be_written_stops_the_import_first(tmp_path, monkeypatch):
    def refuse(**kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(importing.tempfile, "TemporaryFile", refuse)
    with pytest.raises(ImportFileError, match="cannot be made or written to"):
        run(tmp_path, FAMILY)
    assert not Person.objects.exists()


def test_records_linked_to_two_people_already_held_never_join_them(tmp_path):
    home = (Address("14 Acacia Avenue", "Leeds", "LS6 2AB"),)
    first = person_create(
        details=PersonDetails("John", "Smith", (), "1980-03-04", home), source="intake", now=NOW
    )
    second = person_create(
        details=PersonDetails("Jon", "Smith", (), "1980-03-04", home), source="intake", now=NOW
    )
    run(tmp_path, f"{HEADER}\nx1,John,Smith,,1980-03-04,14 Acacia Avenue,Leeds,LS6 2AB,\n")
    assert people_of(tmp_path)["x1"] in {first.pk, second.pk}
    assert not Person.objects.exclude(merged_into=None).exists()
    pair = UncertainPair.objects.get()
    assert (pair.left_id, pair.right_id) == (first.pk, second.pk)


def test_a_record_of_someone_with_a_case_in_casetrail_is_queued_not_joined(tmp_path, cast):
    case = case_through(cast=cast, start=NOW, upto="receive", person="Priya Patel")
    held = Person.objects.get(pk=case.person_id)
    text = f"{HEADER}\nx1,Priya,Patel,,{held.birth_date_typed},3 Mill Lane,Bristol,BS1 5TR,\n"
    result = run(tmp_path, text)
    assert people_of(tmp_path)["x1"] != held.pk
    assert result.joined_held == 0
    pair = UncertainPair.objects.get()
    assert {pair.left_id, pair.right_id} == {held.pk, people_of(tmp_path)["x1"]}
    assert pair.probability >= LINK_AT  # sure enough to join, but a person decides
    assert not Event.objects.filter(case=case, type="PersonRecordsJoined").exists()


# Pairs to review -----------------------------------------------------------------------------


def test_pairs_neither_joined_nor_apart_are_stored_and_listed(tmp_path):
    result = run(tmp_path, FAMILY)
    people = people_of(tmp_path)
    pair = UncertainPair.objects.get()
    assert {pair.left_record, pair.right_record} == {"a1", "d1"}
    assert pair.left_id < pair.right_id
    assert {pair.left_id, pair.right_id} == {people["a1"], people["d1"]}
    assert REVIEW_AT <= pair.probability < LINK_AT
    assert pair.evidence[0][:2] == ["given name", "the same"]
    assert all(len(item) == 3 for item in pair.evidence)
    assert (pair.found_at, pair.decision, pair.decided_at, pair.rationale) == (NOW, "", None, "")
    [line] = report(tmp_path, "uncertain.csv")
    assert line["left_record_id"] == pair.left_record
    assert int(line["left_person_id"]) == pair.left_id
    assert float(line["probability"]) == pytest.approx(pair.probability, abs=1e-4)
    assert line["explanation"].startswith("given name: the same (+")
    assert "date of birth" not in line["explanation"]  # not known on both
    assert result.to_review == 1


def test_a_pair_already_decided_is_not_opened_again_by_another_file(tmp_path):
    run(tmp_path, FAMILY)
    UncertainPair.objects.update(decision="different", decided_at=NOW)
    # The same people from another system: each record joins the person the first held.
    result = run(tmp_path, FAMILY.replace("a1,", "z1,").replace("d1,", "z2,"), name="other.csv")
    assert result.joined_held == 6
    assert UncertainPair.objects.get().decision == "different"
    assert report(tmp_path, "uncertain.csv") == []


# Repeated and resumed runs -------------------------------------------------------------------


def test_a_second_run_of_the_same_file_changes_nothing(tmp_path):
    first = run(tmp_path, FAMILY)
    people_csv = (tmp_path / "report" / "people.csv").read_text()
    uncertain_csv = (tmp_path / "report" / "uncertain.csv").read_text()
    counts = [model.objects.count() for model in (Person, PersonAddress, BlockingKey, SourceRecord)]
    second = run(tmp_path, FAMILY)
    assert (tmp_path / "report" / "people.csv").read_text() == people_csv
    assert (tmp_path / "report" / "uncertain.csv").read_text() == uncertain_csv
    after = [model.objects.count() for model in (Person, PersonAddress, BlockingKey, SourceRecord)]
    assert after == counts
    assert (second.records, second.people, second.skipped) == (first.records, first.people, 6)
    assert NameFrequency.objects.get(kind="surname", value="smith").count == 3


def test_an_interrupted_import_finishes_on_the_next_run(tmp_path, monkeypatch):
    original = import_writing._chunk_write
    calls = []

    def fail_after_the_first(*args, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            raise RuntimeError("the machine was switched off")
        original(*args, **kwargs)

    monkeypatch.setattr(import_writing, "_chunk_write", fail_after_the_first)
    with pytest.raises(RuntimeError):
        run(tmp_path, FAMILY, chunk_size=3)
    # The first chunk is whole: John's three records and the person they are, whose keys
    # wait in the queue, since keys are filed once every chunk is written.
    assert sorted(SourceRecord.objects.values_list("record_id", flat=True)) == ["a1", "a2", "a3"]
    john = Person.objects.get()
    [(held, block)] = PendingKeys.objects.filter(person=john).values_list("held", "keys")
    queued = np.frombuffer(block, dtype=PendingKeys.KEY_TYPE).tolist()
    assert (held, queued) == (False, blocking_keys(john.folded))
    assert not BlockingKey.objects.exists()

    monkeypatch.setattr(import_writing, "_chunk_write", original)
    monkeypatch.setattr(importing, "ESTIMATE_FROM", 1)  # enough to estimate on, if it did
    result = run(tmp_path, FAMILY, chunk_size=3)
    assert not MatchParameters.objects.exists()  # the rest of a file estimates nothing
    people = people_of(tmp_path)
    assert list(people) == ["a1", "a2", "a3", "b1", "c1", "d1"]
    assert people["a1"] == people["a3"]
    assert len(set(people.values())) == 4
    assert Person.objects.count() == 4
    assert result.skipped == 3
    # The pair that spans the two runs is found through the first run's keys, filed as the
    # second run began.
    assert UncertainPair.objects.get().left_record in {"a1", "a2", "a3"}
    assert NameFrequency.objects.get(kind="surname", value="smith").count == 3
    assert not PendingKeys.objects.exists()
    assert set(BlockingKey.objects.filter(person=john).values_list("key", flat=True)) == set(queued)


def queue(person_id: int, keys: list[int], *, held: bool) -> PendingKeys:
    block = np.array(keys, dtype=PendingKeys.KEY_TYPE).tobytes()
    return PendingKeys(person_id=person_id, keys=block, held=held)


def test_filing_keeps_keys_held_and_drops_the_keys_of_anyone_gone():
    ann = person_create(details=PersonDetails("Ann", "Lee"), source="test", now=NOW)
    bob = person_create(details=PersonDetails("Bob", "Ray"), source="test", now=NOW)
    BlockingKey.objects.filter(person=bob).delete()  # as an import's new person is made
    held = sorted(BlockingKey.objects.filter(person=ann).values_list("key", flat=True))
    PendingKeys.objects.bulk_create([
        queue(ann.pk, [held[0], 42], held=True),
        queue(ann.pk, [42, -(2**63)], held=True),  # two imports joined records to Ann
        queue(bob.pk, [2**63 - 1, 5, -3], held=False),
        queue(bob.pk + 1000, [7], held=False),  # no such person: the queue allows it
    ])  # fmt: skip
    assert import_writing.keys_file(importing.Quiet()) == 6
    assert not PendingKeys.objects.exists()
    filed = sorted(BlockingKey.objects.values_list("key", "person_id"))
    expected = [(key, ann.pk) for key in [*held, 42, -(2**63)]]
    assert filed == sorted(expected + [(key, bob.pk) for key in (2**63 - 1, 5, -3)])
    assert import_writing.keys_file(importing.Quiet()) == 0


def test_a_chunk_closes_once_its_clusters_hold_enough_records():
    assert _chunk_bounds([3, 1, 1, 2, 5], 3) == [(0, 1), (1, 4), (4, 5)]
    assert _chunk_bounds([1, 1], 5) == [(0, 2)]
    assert _chunk_bounds([], 5) == []


def test_chunks_of_one_record_write_the_same_people(tmp_path):
    result = run(tmp_path, FAMILY, chunk_size=1)
    people = people_of(tmp_path)
    assert people["a1"] == people["a2"] == people["a3"]
    assert (Person.objects.count(), result.to_review) == (4, 1)


# Rows refused and odd rows -------------------------------------------------------------------


def test_refused_rows_are_listed_in_errors_csv_and_the_rest_imported(tmp_path):
    text = f"{HEADER}\nr1,Ann,Lee,,1990-01-01,,,\n,Bo,Li,,,,,,\nr3,Cy,Ng,,,,,,\nr3,Cy,Ng,,,,,,\n"
    result = run(tmp_path, text)
    assert report(tmp_path, "errors.csv") == [
        {"line": "2", "record_id": "r1", "problem": "8 fields where the header has 9"},
        {"line": "3", "record_id": "", "problem": "no record_id"},
        {"line": "5", "record_id": "r3", "problem": "record_id already on line 4"},
    ]
    assert list(people_of(tmp_path)) == ["r3"]
    assert (result.refused, result.records) == (3, 1)


def test_non_latin_empty_and_impossible_values_are_stored_as_typed(tmp_path):
    text = (
        f"{HEADER}\n"
        "r1,Иван,Петров,,1985-01-01,ул. Ленина 1,Москва,101000,\n"
        "r2,,,,2001-05-06,,,,\n"
        "r3,伟,王,,1990-02-30,,,,\n"
    )
    result = run(tmp_path, text)
    people = people_of(tmp_path)
    ivan = Person.objects.get(pk=people["r1"])
    assert (ivan.given_name, ivan.folded.surname) == ("Иван", "petrov")
    assert ivan.addresses.get().postcode == "101000"
    nameless = Person.objects.get(pk=people["r2"])
    assert (nameless.name, nameless.birth_date.isoformat()) == ("", "2001-05-06")
    wang = Person.objects.get(pk=people["r3"])
    assert (wang.birth_date, wang.birth_date_typed) == (None, "1990-02-30")
    assert result.people == 3


def test_a_json_lines_file_is_imported_like_a_csv(tmp_path):
    text = (
        '{"record_id": "j1", "given_name": "Ann", "surname": "Lee", "date_of_birth": "1990-01-01",'
        ' "other_names": ["Annie Lee"], "nhs_number": "943 476 5919", "case_reference": "C-9"}\n'
    )
    run(tmp_path, text, name="old.jsonl")
    record = SourceRecord.objects.get()
    assert (record.source, record.record_id, record.case) == (
        "old",
        "j1",
        {"case_reference": "C-9"},
    )
    assert record.person.identifiers == [["nhs", "943 476 5919"]]
    assert record.person.other_names == ["Annie Lee"]


def test_a_file_that_cannot_be_read_writes_nothing(tmp_path):
    with pytest.raises(ImportFileError):
        importing.people_import(path=tmp_path / "gone.csv", report=tmp_path / "report", now=NOW)
    assert not (tmp_path / "report").exists()
    assert not Person.objects.exists()


# What is written in bulk is what the services write ------------------------------------------


def test_people_written_in_bulk_read_as_the_services_make_them(tmp_path):
    details = PersonDetails(
        " Ann ", "Lee", ("Annie Lee", " "), "1990-02-30 ",
        (Address(" 1 High St ", "Leeds ", " LS1 1AA"),), (("nhs", " 943 "), ("pnc", "")),
    )  # fmt: skip
    text = f"{HEADER},nhs_number\nr1,{details.given_name},Lee,Annie Lee; ,1990-02-30 ,"
    run(tmp_path, text + " 1 High St ,Leeds , LS1 1AA,, 943 \n")
    stored = Person.objects.get()
    expected = person_row(details, source="legacy", now=NOW)
    fields = ("given_name", "surname", "other_names", "birth_date", "birth_date_typed",
              "identifiers", "features", "source", "created_at")  # fmt: skip
    assert [getattr(stored, name) for name in fields] == [
        getattr(expected, name) for name in fields
    ]
    [address] = address_rows(stored, details, NOW)
    assert stored.addresses.values_list("line", "town", "postcode", "recorded_at").get() == (
        address.line, address.town, address.postcode, address.recorded_at,
    )  # fmt: skip
    assert SourceRecord.objects.get().imported_at == NOW


def test_each_person_written_holds_the_keys_of_what_they_are_stored_as(tmp_path):
    # People of one record take the keys made while linking, spilled to a file and read
    # back in chunks; people of several have theirs made again from the joined details.
    # Either way they must be the keys intake would make of the stored person.
    held = person_create(
        details=PersonDetails("Priya", "Patel", (), "1991-11-30"), source="intake", now=NOW
    )
    extra = "x1,Priya,Patel,Priya Shah,1991-11-30,9 New Road,Bath,BA1 1AA,\n"
    run(tmp_path, FAMILY + extra + "e1,Ωμέγα,Ζήτα,,not a date,,,,\n", chunk_size=2)
    people = Person.objects.all()
    assert len(people) >= 5
    assert len({len(ids) for ids in _records_by_person().values()}) > 1  # alone and joined
    for person in people:
        stored = set(BlockingKey.objects.filter(person=person).values_list("key", flat=True))
        assert stored == set(blocking_keys(person.folded)), person.given_name
    assert people_of(tmp_path)["x1"] == held.pk


def _records_by_person() -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for person, record in SourceRecord.objects.values_list("person_id", "record_id"):
        found.setdefault(person, []).append(record)
    return found


def test_new_people_count_in_the_name_frequencies(tmp_path):
    NameFrequency.objects.create(kind="surname", value="smith", count=5)
    run(tmp_path, FAMILY)
    assert NameFrequency.objects.get(kind="surname", value="smith").count == 5 + 3
    assert NameFrequency.objects.get(kind="given", value="john").count == 2
    assert NameFrequency.objects.get(kind="given", value="priya").count == 1


# The model -----------------------------------------------------------------------------------


def test_an_estimate_made_before_a_level_was_added_gives_way_to_the_defaults():
    older = DEFAULT_MODEL.to_json()
    # The date of birth as it was compared before "a generation apart": five levels.
    older["m"] = [levels[:5] if n == 2 else levels for n, levels in enumerate(older["m"])]
    older["u"] = [levels[:5] if n == 2 else levels for n, levels in enumerate(older["u"])]
    MatchParameters.objects.create(estimated_at=NOW, model=older, note="an older version's")
    assert match_model() == DEFAULT_MODEL
    MatchParameters.objects.create(estimated_at=NOW, model=DEFAULT_MODEL.to_json())
    assert match_model().m == DEFAULT_MODEL.m


def test_a_plausible_estimate_is_stored_and_used(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "ESTIMATE_FROM", 1)
    monkeypatch.setattr(importing, "model_from_levels", lambda *args, **kwargs: DEFAULT_MODEL)
    result = run(tmp_path, FAMILY)
    stored = MatchParameters.objects.get()
    assert stored.note == "estimated on import of legacy.csv"
    assert stored.pairs > 0
    assert stored.estimated_at == NOW
    assert result.model_note == "the model was estimated afresh on this file"


def test_an_estimate_that_takes_most_pairs_for_one_person_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "ESTIMATE_FROM", 1)
    collapsed = DEFAULT_MODEL.__class__(0.97, DEFAULT_MODEL.m, DEFAULT_MODEL.u)
    monkeypatch.setattr(importing, "model_from_levels", lambda *args, **kwargs: collapsed)
    result = run(tmp_path, FAMILY)
    assert not MatchParameters.objects.exists()
    assert "the model in force was kept" in result.model_note
    assert len(set(people_of(tmp_path).values())) == 4  # scored by the model in force


# SQLite while importing ----------------------------------------------------------------------


def sqlite_settings() -> dict[str, int]:
    with connection.cursor() as cursor:
        found = {}
        for name in ("cache_size", "wal_autocheckpoint"):
            cursor.execute(f"PRAGMA {name}")
            [(found[name],)] = cursor.fetchall()
    return found


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache and log")
def test_on_sqlite_an_import_writes_with_a_large_cache_and_seldom_checkpoints(
    tmp_path, monkeypatch
):
    during = {}
    write = importing.import_write

    def spy(*args, **kwargs):
        during.update(sqlite_settings())
        return write(*args, **kwargs)

    monkeypatch.setattr(importing, "import_write", spy)
    before = sqlite_settings()
    run(tmp_path, FAMILY)
    assert during == {
        "cache_size": -importing.SQLITE_CACHE_KIB,
        "wal_autocheckpoint": importing.SQLITE_CHECKPOINT_PAGES,
    }
    assert sqlite_settings() == before != during
