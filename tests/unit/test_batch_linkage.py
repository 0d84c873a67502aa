"""The batch engine over arrays: features numbered, folded in slices, compared a field at a time."""

from __future__ import annotations

import random

import numpy as np
import pytest

from casetrail.people.blocking import blocking_keys
from casetrail.people.comparison import COMPARISONS, NULL, levels_of
from casetrail.people.comparison_arrays import levels_between
from casetrail.people.estimation import level_matrix
from casetrail.people.feature_arrays import Strings, feature_table
from casetrail.people.features import Address, Features, PersonDetails, features_of
from casetrail.people.folding import Folded, SpilledKeys, records_fold
from casetrail.people.forking import sliced

# Small vocabularies, so that random people often share, nearly share or swap a value.
GIVEN = ["John", "Jon", "Johnny", "Jo", "J", "Joan", "Mary", "Marie", "Bill", "William",
         "Smith", "Myles", "Miles", "Al", "", "Zoë", "Siân", "Priya"]  # fmt: skip
SURNAME = ["Smith", "Smyth", "Smith-Jones", "Jones", "Jonas", "John", "O'Brien", "Obrien",
           "Thompson", "Tomson", "Li", "Lee", "", "Patel", "Mary", "Ng"]  # fmt: skip
BIRTH = ["1980-03-04", "1980-04-03", "1980-03-05", "1981-03-04", "1980-12-30", "1908-03-04",
         "2012-07-19", "", "not known", "1980-02-30", "1990-03-04"]  # fmt: skip
LINE = ["14 Acacia Avenue", "14 Acacia Ave", "Flat 2, 14 Acacia Avenue", "3 Mill Lane",
        "3 Mill Ln", "Acacia Avenue 14", "", "The Old Rectory"]  # fmt: skip
TOWN = ["Leeds", "Leeds ", "Leads", "Bristol", "London", ""]
POSTCODE = ["LS6 2AB", "LS6 2AD", "LS6 3AB", "LS7 1ZZ", "LS62AB", "BS1 5TR", "SL6 2AB", "",
            "10115", "LS6 2BA"]  # fmt: skip
NHS = ["943 476 5919", "943 476 5910", "943 476 9519", "401 023 2137", ""]
PNC = ["12/345678A", "12/345678B", ""]


def random_person(rng: random.Random) -> PersonDetails:
    others = tuple(
        f"{rng.choice(GIVEN)} {rng.choice(SURNAME)}".strip()
        for _ in range(rng.choice([0, 0, 1, 2]))
    )
    addresses = tuple(
        Address(rng.choice(LINE), rng.choice(TOWN), rng.choice(POSTCODE))
        for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))
    )
    identifiers = tuple(
        (scheme, rng.choice(values))
        for scheme, values in (("nhs", NHS), ("pnc", PNC), ("nhs", NHS))
        if rng.random() < 0.3
    )
    given = rng.choice(GIVEN) + (f" {rng.choice(GIVEN)}" if rng.random() < 0.2 else "")
    return PersonDetails(
        given, rng.choice(SURNAME), others, rng.choice(BIRTH), addresses, identifiers
    )


@pytest.fixture(scope="module")
def people() -> list[Features]:
    rng = random.Random(20261201)
    return [features_of(random_person(rng)) for _ in range(600)]


def test_random_pairs_have_the_levels_one_pair_at_a_time_gives(people):
    rng = np.random.default_rng(5)
    left, right = rng.integers(0, len(people), (2, 30_000))
    found = levels_between(feature_table(people), left, right)
    expected = level_matrix(
        [levels_of(people[i], people[j]) for i, j in zip(left, right, strict=True)]
    )
    wrong = np.flatnonzero((found != expected).any(axis=1))
    assert not len(wrong), [
        (people[left[n]], people[right[n]], found[n], expected[n]) for n in wrong[:3]
    ]
    # The pairs reach every level of every comparison, so each rule above was asked.
    for index, comparison in enumerate(COMPARISONS):
        assert set(expected[:, index].tolist()) == {NULL, *range(len(comparison.levels))}


def test_a_person_compared_with_themself_agrees_on_all_they_know(people):
    everyone = np.arange(len(people))
    found = levels_between(feature_table(people), everyone, everyone)
    expected = level_matrix([levels_of(person, person) for person in people])
    assert found.tolist() == expected.tolist()


def test_people_who_know_nothing_are_not_known_on_any_field():
    table = feature_table([Features(), Features(), features_of(PersonDetails("Ann", "Lee"))])
    found = levels_between(table, np.array([0, 0, 2]), np.array([1, 2, 0]))
    assert (found == NULL).all()


def test_no_pairs_make_no_rows(people):
    found = levels_between(feature_table(people), np.array([], int), np.array([], int))
    assert found.shape == (0, len(COMPARISONS))


def test_a_table_gives_each_persons_features_back(people):
    table = feature_table(people)
    assert table.features(range(len(people))) == people


def test_a_table_gives_any_peoples_features_in_the_order_asked(people):
    table = feature_table(people)
    asked = [3, 0, 3, len(people) - 1]
    assert table.features(asked) == [people[index] for index in asked]
    assert table.features([]) == []


def test_records_folded_in_slices_by_several_processes_are_folded_as_one_by_one():
    rng = random.Random(7)
    records = [random_person(rng) for _ in range(50)]
    whole = Folded()
    for record in records:
        whole.add(features_of(record))
    shown: list[int] = []
    apart = records_fold(records, processes=2, slice_size=7, progress=shown.append)
    table = apart.table()
    assert table.features(range(len(records))) == [features_of(record) for record in records]
    assert apart.keys.tolist() == whole.keys.tolist()
    assert apart.key_starts.tolist() == whole.key_starts.tolist()
    assert sum(shown) == len(records)
    assert len(shown) == 8


def test_spilled_keys_read_back_as_each_record_had_them_here_and_in_a_forked_process():
    rng = random.Random(11)
    records = [features_of(random_person(rng)) for _ in range(40)]
    records.append(features_of(PersonDetails("", "")))  # a record with no keys at all
    folded = Folded()
    for record in records:
        folded.add(record)
    spilled = folded.spilled()
    try:
        asked = [3, 5, 6, 20, 40]
        expected = [blocking_keys(records[n]) for n in asked]
        assert expected[-1] == []
        assert spilled.of(asked) == expected
        assert spilled.of([7]) == [blocking_keys(records[7])]
        assert spilled.of([]) == []
        forked = list(sliced(_spilled_of, spilled, len(records), size=10, processes=2))
        assert [keys for answer, _ in forked for keys in answer] == [
            blocking_keys(record) for record in records
        ]
    finally:
        spilled.close()


def _spilled_of(spilled: SpilledKeys, start: int, stop: int) -> list[list[int]]:
    return spilled.of(range(start, stop))


def test_numbered_strings_are_given_back_by_their_numbers():
    strings = Strings(["", "smith", "ó'brien", "LS62AB", "smith"])
    assert len(strings) == 5
    assert strings.take(np.array([4, 0, 2, 1, 2])) == ["smith", "", "ó'brien", "smith", "ó'brien"]
    assert strings.take(np.array([], dtype=np.int64)) == []
