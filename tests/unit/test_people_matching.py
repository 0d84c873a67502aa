"""The pure matching core: folding, features, blocking keys, comparisons, scores and estimates."""

from dataclasses import replace

import numpy as np
import pytest

from casetrail.people import normalise
from casetrail.people.blocking import blocking_codes, blocking_keys
from casetrail.people.comparison import COMPARISONS, levels_of
from casetrail.people.estimation import em_estimate, level_matrix
from casetrail.people.features import Address, Features, PersonDetails, features_of
from casetrail.people.linkage import clusters, model_doubts
from casetrail.people.pairing import candidate_pairs
from casetrail.people.scoring import DEFAULT_MODEL, TF_MOST_BITS, MatchModel, match_score


def person(
    given="Jordan", surname="Miles", birth="1995-03-14", postcode="NS1 4AB", line="1 High St",
    town="Northby", **more,
):  # fmt: skip
    address = Address(line, town, postcode)
    return features_of(
        PersonDetails(given, surname, birth_date=birth, addresses=(address,), **more)
    )


def level(name: str, a: Features, b: Features):
    index = [comparison.name for comparison in COMPARISONS].index(name)
    return levels_of(a, b)[index]


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("O'Brien", "obrien"),
        ("Smith-Jones", "smith jones"),
        ("  ZOË  Müller ", "zoe muller"),
        ("Иван Петров", "ivan petrov"),
        ("", ""),
        ("!!!", ""),
    ],
)
def test_names_fold_to_plain_lower_case_words(typed, folded):
    assert normalise.fold(typed) == folded


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("1995-03-14", "19950314"),
        ("14/03/1995", "19950314"),
        ("19950314", "19950314"),
        ("1990-02-30", "19900230"),  # impossible, kept as typed
        ("not known", ""),
        ("", ""),
        ("1995-14", ""),
        ("1995-03-14 00:00:00", "19950314"),  # as databases export a date
        ("1995-03-14T00:00:00Z", "19950314"),
        ("14/03/1995 00:00", "19950314"),
        ("1900-01-01", ""),  # typed where no date was known
    ],
)
def test_dates_of_birth_are_read_as_typed(typed, digits):
    assert normalise.birth_digits(typed) == digits


@pytest.mark.parametrize("typed", ["Unknown", "N/A", "n/k", "Not known", "NK"])
def test_a_placeholder_for_a_name_is_no_name(typed):
    assert normalise.name_tokens(typed) == ()


def test_placeholder_people_share_no_blocking_key():
    one = features_of(PersonDetails("Unknown", "Unknown", birth_date="01/01/1900"))
    other = features_of(PersonDetails("N/A", "Unknown", birth_date="1900-01-01"))
    assert blocking_keys(one) == blocking_keys(other) == []


def test_an_impossible_date_has_no_date_but_keeps_its_digits():
    assert normalise.birth_date("1990-02-30") is None
    assert normalise.birth_date("1990-02-28").isoformat() == "1990-02-28"


def test_uk_postcodes_give_their_district_and_sector():
    assert normalise.postcode_parts(normalise.postcode_fold("sw1a 1aa")) == ("SW1A", "SW1A1")
    assert normalise.postcode_parts(normalise.postcode_fold("4223")) == ("", "")
    assert not normalise.is_uk_postcode("NOT A CODE")


def test_a_name_typed_in_one_box_is_split_either_way_round():
    assert normalise.full_name_split("Jordan Lee Miles") == ("Jordan Lee", "Miles")
    assert normalise.full_name_split("MILES, Jordan") == ("Jordan", "MILES")
    assert normalise.full_name_split("Jordan") == ("Jordan", "Jordan")


def test_features_keep_every_surname_and_the_nicknames_formal_names():
    features = person("Bill", "Smith-Jones", other_names=("Billy Brown",))
    assert features.surname == "smithjones"
    assert {"smithjones", "smith", "jones", "brown"} <= set(features.surnames)
    assert "william" in features.groups


def test_features_survive_storage():
    features = person(identifiers=(("nhs", "943 476 5919"),))
    assert Features.from_json(features.to_json()) == features
    assert features.ids == ("nhs:9434765919",)


@pytest.mark.parametrize(
    ("other", "field", "expected"),
    [
        (person(), "given name", 0),
        (person(given="Jordon"), "given name", 2),
        (person(given="J"), "given name", 3),
        (person(given="Priya"), "given name", 4),
        (person(surname="Myles"), "surname", 2),  # sounds alike
        (person(surname="Milner"), "surname", 3),
        (person(surname="Miles-Taylor"), "surname", 1),
        (person(birth="1995-14-03"), "date of birth", 1),
        (person(birth="1995-03-15"), "date of birth", 2),
        (person(birth="2004-10-28"), "date of birth", 4),
        (person(birth="2010-10-28"), "date of birth", 4),  # 15 years apart
        (person(birth="2011-10-28"), "date of birth", 5),  # a generation apart
        (person(birth=""), "date of birth", None),
        (person(postcode="NS1 4ZZ"), "address", 1),
        (person(postcode="NS1 4ZZ", line="8 Moor Rd"), "address", 3),
        (person(postcode="", line="1 High St"), "address", 0),
        (person(postcode="NS1 4AB", line="8 Moor Rd"), "address", 2),
        (person(postcode="NS1 9ZZ", line="8 Moor Rd", town="Southam"), "address", 4),
        (person(postcode="ZZ9 9ZZ", line="8 Moor Rd", town="Southam"), "address", 5),
    ],
)
def test_each_field_is_compared_into_a_level(other, field, expected):
    assert level(field, person(), other) == expected


@pytest.mark.parametrize(
    ("short", "formal"),
    [("Bill", "William"), ("Kate", "Catherine"), ("Katherine", "Catherine"), ("Peggy", "Margaret"),
     ("Liz", "Elizabeth"), ("Sam", "Samantha"), ("Sam", "Samuel"), ("Bob", "Robert")],
)  # fmt: skip
def test_a_nickname_agrees_with_the_formal_name(short, formal):
    assert level("given name", person(short), person(formal)) == 1
    assert level("given name", person(formal), person(short)) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [("Anna", "Hannah"), ("Hannah", "Susan"), ("William", "Wilma"), ("Ian", "John"),
     ("Ivan", "John"), ("Bill", "Robert"), ("Samuel", "Samantha"), ("Chris", "Crystal")],
)  # fmt: skip
def test_names_given_as_different_names_are_not_nicknames(one, other):
    assert level("given name", person(one), person(other)) != 1


def test_every_line_of_the_nickname_list_reads_as_folded_names():
    for line in normalise.NICKNAMES.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            formal, bar, short = line.partition("|")
            assert bar, line
            assert formal.split(), line
            assert short.split(), line
            for name in (*formal.split(), *short.split()):
                assert normalise.name_tokens(name) == (name,), name


def test_identifiers_compare_only_within_their_scheme():
    nhs = person(identifiers=(("nhs", "9434765919"),))
    typo = person(identifiers=(("nhs", "9434765918"),))
    police = person(identifiers=(("pnc", "12/345678A"),))
    assert level("identifier", nhs, nhs) == 0
    assert level("identifier", nhs, typo) == 1
    assert level("identifier", nhs, police) is None


def test_two_records_of_one_person_share_a_blocking_key_despite_a_swapped_date():
    assert blocking_codes(person()) & blocking_codes(person(given="Jordon", birth="1995-14-03"))


def test_strangers_share_no_blocking_key():
    stranger = person("Priya", "Sharma", "2008-11-02", postcode="ZZ9 9ZZ")
    assert not set(blocking_keys(person())) & set(blocking_keys(stranger))


def test_a_person_with_no_name_and_no_date_still_has_features_and_no_crash():
    empty = features_of(PersonDetails())
    assert blocking_keys(empty) == []
    assert all(value is None for value in levels_of(empty, person()))
    assert match_score(empty, person(), DEFAULT_MODEL).weight < 0


def test_the_same_person_outscores_a_near_stranger_and_says_why():
    same = match_score(person(), person(given="Jordon", birth="1995-14-03"), DEFAULT_MODEL)
    elsewhere = person(birth="1971-08-30", postcode="ZZ9 9ZZ", line="8 Moor Rd", town="Southam")
    namesake = match_score(person(), elsewhere, DEFAULT_MODEL)
    assert same.probability > 0.9 > namesake.probability
    evidence = {item.field: item for item in same.evidence}
    assert evidence["date of birth"].label == "day and month swapped"
    assert evidence["date of birth"].weight > 0
    assert {item.field: item for item in namesake.evidence}["date of birth"].weight < 0


@pytest.mark.parametrize(("one", "other", "alike"),
                         [("Miles", "Myles", True), ("Philips", "Fillips", True),
                          ("Wood", "White", False), ("Knight", "Nutt", False)])  # fmt: skip
def test_names_sound_alike_only_when_also_spelt_somewhat_alike(one, other, alike):
    found = level("surname", person(surname=one), person(surname=other))
    assert (found == 2) is alike


def test_a_father_and_son_of_one_name_and_home_are_not_called_one_person():
    father = person(given="James", surname="Walker", birth="1970-08-14")
    son = person(given="James", surname="Walker", birth="2002-08-14")
    typo = person(given="James", surname="Walker", birth="1979-08-14")
    generation = match_score(father, son, DEFAULT_MODEL)
    assert {item.field: item.label for item in generation.evidence}["date of birth"] == (
        "a generation apart (16 years or more)"
    )
    assert generation.probability < 0.5 < match_score(father, typo, DEFAULT_MODEL).probability


def test_a_model_estimated_with_other_levels_does_not_fit():
    assert DEFAULT_MODEL.fits()
    # The date of birth as it was compared before "a generation apart": five levels.
    m = tuple(levels[:5] if n == 2 else levels for n, levels in enumerate(DEFAULT_MODEL.m))
    u = tuple(levels[:5] if n == 2 else levels for n, levels in enumerate(DEFAULT_MODEL.u))
    assert not MatchModel(DEFAULT_MODEL.prior, m, u).fits()


def test_a_date_of_birth_under_a_generation_apart_counting_for_a_match_is_doubted():
    m = [list(levels) for levels in DEFAULT_MODEL.m]
    m[2][4] = 0.5  # "different", though not a generation apart
    doubted = replace(DEFAULT_MODEL, m=tuple(tuple(levels) for levels in m))
    matrix = np.zeros((1, len(m)), dtype=np.int8)
    assert model_doubts(doubted, matrix) == ["a different date of birth would count for a match"]
    assert model_doubts(DEFAULT_MODEL, matrix) == []


def test_a_shared_home_weighs_less_between_people_who_share_a_surname():
    # A family shares a surname and a home; a shared home means more between strangers.
    sibling = person("Priya", birth="2003-01-09")
    stranger = person("Priya", "Sharma", birth="2003-01-09")
    family = {
        item.field: item.weight for item in match_score(person(), sibling, DEFAULT_MODEL).evidence
    }
    others = {
        item.field: item.weight for item in match_score(person(), stranger, DEFAULT_MODEL).evidence
    }
    assert family["address"] < others["address"] - 3
    assert match_score(person(), sibling, DEFAULT_MODEL).probability < 0.5


def test_a_rare_surname_agreeing_weighs_more_than_a_common_one():
    model = replace(DEFAULT_MODEL, population=1_000_000)
    common = {("surname", "miles"): 20_000}
    rare = {("surname", "miles"): 3}

    def score(counts):
        return match_score(
            person(), person(), model, lambda kind, value: counts.get((kind, value), 0)
        ).weight

    # More, but never more than TF_MOST_BITS over the average name: rare names run in families.
    assert score(common) + 2 < score(rare) <= score({}) + TF_MOST_BITS + 0.01


def test_em_learns_that_agreement_marks_a_match():
    rng = np.random.default_rng(3)
    matches = [(0, 0, 0, 0, None)] * 300 + [(1, 0, 0, 0, None)] * 30
    strangers = [(*(int(x) for x in rng.integers(3, 5, size=3)), 5, None) for _ in range(700)]
    # Namesakes, so the session on agreeing names has non-matches to tell apart.
    namesakes = [(0, 0, 4, 5, None)] * 60
    model = em_estimate(level_matrix(matches + strangers + namesakes), DEFAULT_MODEL.u)
    assert model.prior == pytest.approx(330 / 1090, abs=0.05)
    assert model.m[0][0] > 0.85
    assert model.m[2][4] < 0.05  # a different date of birth is rare among matches


def test_pairs_and_clusters_follow_the_blocking_keys():
    people = [person(), person(given="Jordon"), person("Priya", "Sharma", "2008-11-02", "ZZ9 9ZZ")]
    assert candidate_pairs(people).tolist() == [[0, 1]]
    assert candidate_pairs(people, split=1).tolist() == [[0, 1]]
    assert list(clusters(3, [(0, 1)])) == [0, 0, 2]


def test_a_case_tells_its_story_in_a_line():
    from datetime import date

    from casetrail.people.cases import PersonCase

    exited = PersonCase(
        "CT-000002", "closed", date(2014, 3, 1), date(2015, 6, 1), reviews_late=1, late_records=1
    )
    assert (
        exited.story == "referred 2014, exited 2015, reviews: one late, 1 record made late (Closed)"
    )
    legacy = PersonCase("NS-42 (police)", "no further action", date(2012, 1, 5), source="police")
    assert legacy.story == "referred 2012 (no further action)"
