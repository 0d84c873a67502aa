"""The import's pure side, without a database: rows read and checked, the reports' wording,
and the batch linking helpers the import relies on."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from casetrail.people import pairing
from casetrail.people.blocking import blocking_codes, blocking_keys
from casetrail.people.comparison import levels_of
from casetrail.people.estimation import level_matrix
from casetrail.people.feature_arrays import feature_table
from casetrail.people.features import Address, PersonDetails, features_of
from casetrail.people.import_files import (
    ImportFileError,
    ImportResult,
    ImportRow,
    RowProblem,
    Rows,
    explanation,
    row_parse,
    rows_read,
)
from casetrail.people.linkage import (
    clusters_apart,
    details_join,
    model_doubts,
    name_counts,
    pairs_chance,
    pairs_compare,
    reviews_between,
)
from casetrail.people.pairing import candidate_pairs, distinct, pairs_sharing_keys
from casetrail.people.scoring import DEFAULT_MODEL, match_score

HEADER = "record_id,given_name,surname,other_names,date_of_birth,address,town,postcode,source"


def read(tmp_path: Path, text: str, name: str = "legacy.csv") -> list[ImportRow | RowProblem]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return list(rows_read(path, source="legacy"))


def problems(rows) -> list[tuple[int, str, str]]:
    return [(row.line, row.record_id, row.problem) for row in rows if isinstance(row, RowProblem)]


# Rows that are read --------------------------------------------------------------------------


def test_a_csv_row_becomes_a_persons_details_as_typed(tmp_path):
    [row] = read(tmp_path, f"{HEADER}\nr1,John,Smith,,1980-03-04,14 Acacia Avenue,Leeds,LS6 2AB,\n")
    assert row == ImportRow(
        line=2,
        record_id="r1",
        source="legacy",
        details=PersonDetails(
            given_name="John",
            surname="Smith",
            birth_date="1980-03-04",
            addresses=(Address("14 Acacia Avenue", "Leeds", "LS6 2AB"),),
        ),
        case={},
    )


def test_other_names_are_split_on_semicolons(tmp_path):
    [row] = read(tmp_path, f"{HEADER}\nr1,Jo,Brown,Joanne Brown; Jo Smith ;,1990-01-01,,,,\n")
    assert row.details.other_names == ("Joanne Brown", "Jo Smith")


def test_json_lines_may_give_other_names_as_a_list_and_numbers_as_text(tmp_path):
    lines = [
        {"record_id": 17, "given_name": "Jo", "surname": "Brown",
         "other_names": ["Joanne Brown", " "], "date_of_birth": 19900101},
        {"record_id": "r2", "given_name": "Ann", "other_names": "Ann Lee;Annie Lee"},
    ]  # fmt: skip
    text = "\n".join(json.dumps(line) for line in lines) + "\n\n"
    first, second = read(tmp_path, text, name="legacy.jsonl")
    assert (first.record_id, first.details.birth_date) == ("17", "19900101")
    assert first.details.other_names == ("Joanne Brown",)
    assert second.details.other_names == ("Ann Lee", "Annie Lee")
    assert second.details.surname == ""


def test_ndjson_is_read_as_json_lines(tmp_path):
    [row] = read(tmp_path, '{"record_id": "r1", "surname": "Okafor"}\n', name="old.ndjson")
    assert row.details.surname == "Okafor"


def test_nhs_and_pnc_columns_become_identifiers(tmp_path):
    text = (
        f"{HEADER},nhs_number,pnc_id\nr1,Ann,Lee,,,,,,,943 476 5919,12/345678A\nr2,Bo,Li,,,,,,,,\n"
    )
    first, second = read(tmp_path, text)
    assert first.details.identifiers == (("nhs", "943 476 5919"), ("pnc", "12/345678A"))
    assert second.details.identifiers == ()


def test_the_case_columns_are_kept_when_not_empty(tmp_path):
    columns = "case_reference,referred_on,closed_on,outcome"
    text = f"{HEADER},{columns}\nr1,Ann,Lee,,,,,,,C-12,2019-05-01,,\n"
    [row] = read(tmp_path, text)
    assert row.case == {"case_reference": "C-12", "referred_on": "2019-05-01"}


def test_an_empty_source_takes_the_imports_source_and_a_given_one_stands(tmp_path):
    first, second = read(tmp_path, f"{HEADER}\nr1,Ann,Lee,,,,,,\nr2,Bo,Li,,,,,,police\n")
    assert (first.source, second.source) == ("legacy", "police")


def test_the_source_column_may_be_left_out(tmp_path):
    [row] = read(tmp_path, "record_id,given_name,surname,other_names,date_of_birth,address,"
                           "town,postcode\nr1,Ann,Lee,,,,,\n")  # fmt: skip
    assert row.source == "legacy"


def test_an_impossible_date_of_birth_is_kept_as_typed(tmp_path):
    [row] = read(tmp_path, f"{HEADER}\nr1,Ann,Lee,,1990-02-30,,,,\n")
    assert row.details.birth_date == "1990-02-30"
    assert features_of(row.details).birth == "19900230"


def test_odd_values_are_not_problems(tmp_path):
    text = (
        f"{HEADER}\n"
        "r1,,,,2001-05-06,,,,\n"  # no name, but a date of birth
        "r2,Иван,Петров,,1985-01-01,ул. Ленина 1,Москва,101000,\n"
        "r3,伟,王,,,,,,\n"
        "r4,Ann,Lee,,,1 Rue de la Paix,Paris,75002,\n"  # not a UK postcode
    )
    rows = read(tmp_path, text)
    assert problems(rows) == []
    assert rows[1].details.surname == "Петров"
    assert features_of(rows[1].details).surname == "petrov"


def test_a_record_spanning_lines_is_named_by_the_line_it_starts_on(tmp_path):
    text = f'{HEADER}\nr1,Ann,Lee,,,"Flat 2\n1 High St",Leeds,,\nr2,Bo,Li\n'
    rows = read(tmp_path, text)
    assert rows[0].details.addresses[0].line == "Flat 2\n1 High St"
    assert problems(rows) == [(4, "r2", "3 fields where the header has 9")]


def test_a_line_in_windows_1252_is_read_not_refused(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_bytes(f"{HEADER}\n".encode() + "r1,Zoë,Brontë,,,,,,\n".encode("cp1252"))
    [row] = rows_read(path, source="legacy")
    assert row.details.given_name == "Zoë"


def test_a_byte_order_mark_and_blank_lines_are_ignored(tmp_path):
    rows = read(tmp_path, f"\ufeff{HEADER}\n\nr1,Ann,Lee,,,,,,\n\n")
    assert [row.record_id for row in rows] == ["r1"]
    assert rows[0].line == 3


# Rows that are refused -----------------------------------------------------------------------


def test_each_kind_of_bad_row_is_refused_with_its_line_and_the_rest_read(tmp_path):
    text = (
        f"{HEADER}\n"
        "r1,Ann,Lee,,1990-01-01,,,\n"  # 8 fields
        ",Bo,Li,,1990-01-01,,,,\n"  # no record id
        "r3,Cy,Ng,,1990-01-01,,,,\n"
        "r3,Cy,Ng,,1990-01-01,,,,\n"  # the same record id again
        "r5,,,,,1 High St,Leeds,LS1 1AA,\n"  # no name and no date of birth
        f"{'x' * 101},Di,Ok,,,,,,\n"
        "r7,Ed,Po,,,,,,\n"
    )
    rows = read(tmp_path, text)
    assert problems(rows) == [
        (2, "r1", "8 fields where the header has 9"),
        (3, "", "no record_id"),
        (5, "r3", "record_id already on line 4"),
        (6, "r5", "no name and no date of birth"),
        (7, "x" * 100, "record_id longer than 100 characters"),
    ]
    assert [row.record_id for row in rows if isinstance(row, ImportRow)] == ["r3", "r7"]


def test_bad_json_lines_are_refused_with_their_line_numbers(tmp_path):
    text = (
        '{"record_id": "r1", "surname": "Lee"}\n'
        "{not json\n"
        '["a", "list"]\n'
        '{"record_id": "r4", "surname": {"nested": true}}\n'
        '{"record_id": "r5", "surname": "Ng"}\n'
    )
    rows = read(tmp_path, text, name="legacy.jsonl")
    found = problems(rows)
    assert [(line, record) for line, record, _ in found] == [(2, ""), (3, ""), (4, "r4")]
    assert found[0][2].startswith("undecodable JSON: ")
    assert found[1][2] == "not a JSON object"
    assert found[2][2] == "surname: not text"
    assert [row.record_id for row in rows if isinstance(row, ImportRow)] == ["r1", "r5"]


def test_json_keys_the_import_does_not_know_are_refused_rather_than_dropped(tmp_path):
    text = '{"record_id": "r1", "first_name": "John", "surname": "Smith", "dob": "1990-01-02"}\n'
    rows = read(tmp_path, text, name="legacy.jsonl")
    assert problems(rows) == [(1, "r1", "unknown keys: dob, first_name")]


def test_half_a_character_in_json_is_kept_as_a_character_lost(tmp_path):
    text = '{"record_id": "x\\ud83d", "given_name": "Emoji \\ud83d", "surname": "Cut"}\n'
    [row] = read(tmp_path, text, name="legacy.jsonl")
    assert (row.record_id, row.details.given_name) == ("x\ufffd", "Emoji \ufffd")
    row.details.given_name.encode("utf-8")  # storable: no lone surrogate is left


def test_one_record_id_names_one_record_in_a_file_whatever_its_source(tmp_path):
    # The reports name records by id alone, so an id stands for one record in a file.
    text = f"{HEADER}\n1,John,Smith,,1990-01-02,,,,police\n1,Mary,Jones,,1985-05-05,,,,council\n"
    assert problems(read(tmp_path, text)) == [(3, "1", "record_id already on line 2")]


def test_a_value_longer_than_its_column_is_refused_not_cut(tmp_path):
    text = f"{HEADER}\nr1,{'A' * 201},Smith,,1990-01-02,,,,\nr2,Ann,Lee,,,,,{'N' * 21},\n"
    assert problems(read(tmp_path, text)) == [
        (2, "r1", "given_name longer than 200 characters"),
        (3, "r2", "postcode longer than 20 characters"),
    ]


def test_a_quote_left_open_names_the_lines_it_ran_over(tmp_path):
    text = (
        f'{HEADER}\n1,John,Smith,,1990-01-02,,,,\n2,"Mary,Jones,,1985-05-05,,,,\n'
        "3,Ann,Lee,,1970-01-01,,,,\n4,Bob,Ray,,1970-01-01,,,,\n"
    )
    [(line, record, problem)] = problems(read(tmp_path, text))
    assert (line, record) == (3, "2")
    assert problem.endswith("read from lines 3 to 5: is a quote left open?")


def test_a_row_parsed_alone_says_what_is_wrong():
    refused = row_parse({"record_id": "r1", "given_name": " "}, line=9, source="legacy")
    assert refused == RowProblem(9, "r1", "no name and no date of birth")
    assert str(refused) == "line 9 (record r1): no name and no date of birth"


# Files that cannot be imported ---------------------------------------------------------------


def test_a_missing_file_cannot_be_imported(tmp_path):
    with pytest.raises(ImportFileError, match=r"missing\.csv: cannot be read"):
        rows_read(tmp_path / "missing.csv", source="legacy")


def test_a_header_without_the_columns_says_which_are_missing(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_text("record_id,name,dob\nr1,Ann Lee,1990-01-01\n")
    with pytest.raises(ImportFileError, match="the header lacks given_name, surname, other_names"):
        rows_read(path, source="legacy")


def test_a_header_naming_a_column_twice_is_refused(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_text(f"{HEADER},surname\n1,John,Smith,,1990-01-02,,,,,\n")
    with pytest.raises(ImportFileError, match="the header names surname more than once"):
        rows_read(path, source="legacy")


@pytest.mark.parametrize("content", [f"{HEADER}\r1,John,Smith,,,,,,\r".encode(), bytes(range(256))])
def test_a_file_that_is_not_csv_as_this_reads_it_says_so_in_a_line(tmp_path, content):
    path = tmp_path / "legacy.csv"
    path.write_bytes(content)
    refused = r"legacy\.csv: (its first line cannot be read|the header lacks)"
    with pytest.raises(ImportFileError, match=refused):
        list(rows_read(path, source="legacy"))


def test_an_empty_file_has_no_header(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_text("")
    with pytest.raises(ImportFileError, match="the header lacks record_id"):
        rows_read(path, source="legacy")


# Reports -------------------------------------------------------------------------------------


def test_an_explanation_reads_each_known_field_with_its_weight():
    evidence = [
        ["given name", "the same", 4.123],
        ["date of birth", "day and month swapped", 6.0],
        ["identifier", "not known on both", 0.0],
        ["address", "different", -1.84],
    ]
    assert explanation(evidence) == (
        "given name: the same (+4.1); date of birth: day and month swapped (+6.0); "
        "address: different (-1.8)"
    )


def test_the_summary_counts_people_joins_reviews_and_refusals():
    result = ImportResult(
        records=9998, people=7412, skipped=0, joined_held=0, to_review=31, refused=2,
        model_note="",
    )  # fmt: skip
    assert result.summary(Path("out")) == (
        "Imported 9,998 records as 7,412 people (2,586 joined to another record); "
        "31 pairs to review; 2 rows refused (see out/errors.csv)"
    )


def test_the_summary_says_what_was_skipped_and_found_already_held():
    result = ImportResult(
        records=3, people=2, skipped=1, joined_held=1, to_review=0, refused=0, model_note=""
    )
    assert result.summary(Path("out")) == (
        "Imported 3 records as 2 people (1 joined to another record); 1 found to be people "
        "already recorded; 1 imported by an earlier run, skipped; 0 pairs to review; "
        "0 rows refused"
    )


# The batch linking the import relies on ------------------------------------------------------

HOME = Address("14 Acacia Avenue", "Leeds", "LS6 2AB")
MILL = Address("3 Mill Lane", "Bristol", "BS1 5TR")
PEOPLE = [
    PersonDetails("John", "Smith", (), "1980-03-04", (HOME,)),
    PersonDetails("Jon", "Smith", (), "1980-03-04", (HOME,)),
    PersonDetails("Johnny", "Smith", (), "1980-04-03", (HOME,)),
    PersonDetails("Mary", "Smith", (), "2012-07-19", (HOME,)),
    PersonDetails("Priya", "Patel", (), "1991-11-30", (MILL,)),
    PersonDetails("John", "Smith", (), "", (MILL,)),
]  # fmt: skip


def key_columns(people):
    keys = [blocking_keys(person) for person in people]
    column = np.array([key for record in keys for key in record], dtype=np.int64)
    members = np.repeat(np.arange(len(keys)), [len(record) for record in keys])
    return column, members


def test_pairs_from_stored_keys_are_the_pairs_that_share_a_blocking_code():
    people = [features_of(person) for person in PEOPLE]
    codes = [blocking_codes(person) for person in people]
    sharing = [(i, j) for i in range(len(people)) for j in range(i + 1, len(people))
               if codes[i] & codes[j]]  # fmt: skip
    pairs = pairs_sharing_keys(*key_columns(people))
    assert [tuple(pair) for pair in pairs.tolist()] == sharing
    assert candidate_pairs(people).tolist() == pairs.tolist()
    assert len(pairs) > 3


def test_pairs_linking_two_files_cross_between_them():
    people = [features_of(person) for person in PEOPLE]
    pairs = candidate_pairs(people, split=3)
    assert len(pairs)
    assert all(left < 3 <= right for left, right in pairs.tolist())


def test_pairs_made_a_few_at_a_time_are_the_same_pairs(monkeypatch):
    people = [features_of(person) for person in PEOPLE]
    whole = pairs_sharing_keys(*key_columns(people))
    whole_closest = pairs_sharing_keys(*key_columns(people), closest=2)
    assert 0 < len(whole_closest) < len(whole)
    monkeypatch.setattr(pairing, "PAIRS_AT_ONCE", 1)
    monkeypatch.setattr(pairing, "_WINDOW", 1)
    assert pairs_sharing_keys(*key_columns(people)).tolist() == whole.tolist()
    assert pairs_sharing_keys(*key_columns(people), closest=2).tolist() == (whole_closest.tolist())


def test_people_already_held_are_paired_only_with_new_records():
    people = [features_of(person) for person in PEOPLE]
    pairs = pairs_sharing_keys(*key_columns(people), known_from=1)
    assert pairs.tolist()
    assert all(left == 0 for left, _ in pairs.tolist())


def test_each_member_keeps_its_closest_candidates_and_no_pair_is_lost_to_both_sides():
    rng = np.random.default_rng(3)
    # Blocks of up to a few dozen, each member in several; a member holds a key once.
    rows = np.unique(np.column_stack((rng.integers(0, 40, 400), rng.integers(0, 60, 400))), axis=0)
    keys, members = rows[:, 0], rows[:, 1]
    found = {tuple(pair) for pair in pairs_sharing_keys(keys, members, closest=3).tolist()}
    weight: dict[tuple[int, int], float] = {}
    for key in set(keys.tolist()):
        block = sorted(set(members[keys == key].tolist()))
        for n, left in enumerate(block):
            for right in block[n + 1 :]:
                weight[(left, right)] = weight.get((left, right), 0) + round(1000 / len(block))
    third = {}
    for member in set(members.tolist()):
        mine = sorted((w for pair, w in weight.items() if member in pair), reverse=True)
        third[member] = mine[min(3, len(mine)) - 1]
    for member in third:
        # What weighs more than its third closest, a member keeps.
        assert {pair for pair, w in weight.items() if member in pair and w > third[member]} <= found
        # And no more than three are kept for it alone, the other member not wanting them.
        assert sum(1 for pair in found if member in pair and
                   weight[pair] < third[other(pair, member)]) <= 3  # fmt: skip
    # Every pair kept is among the closest of one of its members.
    assert all(weight[pair] >= min(third[pair[0]], third[pair[1]]) for pair in found)
    assert len(found) < len(weight)


def other(pair: tuple[int, int], member: int) -> int:
    return pair[1] if pair[0] == member else pair[0]


def test_more_copies_of_one_record_than_a_block_holds_are_chained():
    # Records 0, 2, 3, ... 11 have the same keys; record 1 has others; 12 and 13 are a pair.
    records = [[5, 9]] * 12 + [[7], [7]]
    records[1] = [5, 8]
    keys = np.array([key for found in records for key in found], dtype=np.int64)
    starts = np.r_[0, np.cumsum([len(found) for found in records])]
    chained = pairing.exact_copies(keys, starts, more_than=8)
    assert chained.tolist() == [[0, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7], [7, 8],
                                [8, 9], [9, 10], [10, 11]]  # fmt: skip
    assert pairing.exact_copies(keys, starts, more_than=11).tolist() == []
    found = np.array([[0, 1], [2, 3]], dtype=np.int64)
    assert pairing.pairs_with(found, chained)[:3].tolist() == [[0, 1], [0, 2], [2, 3]]


def test_a_block_larger_than_the_largest_is_left_out():
    keys = np.array([5, 5, 5, 9, 9], dtype=np.int64)
    members = np.array([0, 1, 2, 3, 4], dtype=np.int64)
    assert pairs_sharing_keys(keys, members, largest=2).tolist() == [[3, 4]]


def test_pairs_compared_a_few_at_a_time_have_their_levels_and_show_progress():
    people = [features_of(person) for person in PEOPLE]
    pairs = pairs_sharing_keys(*key_columns(people))
    shown = []
    found = pairs_compare(feature_table(people), pairs, step=2, progress=shown.append)
    expected = level_matrix([levels_of(people[i], people[j]) for i, j in pairs.tolist()])
    assert found.tolist() == expected.tolist()
    assert sum(shown) == len(pairs)
    assert len(shown) > 1


def test_chances_from_found_levels_are_those_match_score_gives():
    people = [features_of(person) for person in PEOPLE]
    pairs = pairs_sharing_keys(*key_columns(people))
    table = feature_table(people)
    chances = pairs_chance(table, pairs, pairs_compare(table, pairs), DEFAULT_MODEL)
    expected = [match_score(people[i], people[j], DEFAULT_MODEL).probability
                for i, j in pairs.tolist()]  # fmt: skip
    assert chances.tolist() == pytest.approx(expected)


def test_chances_weighed_by_name_frequency_are_those_match_score_gives():
    people = [features_of(person) for person in PEOPLE]
    pairs = pairs_sharing_keys(*key_columns(people))
    model = DEFAULT_MODEL.__class__(DEFAULT_MODEL.prior, DEFAULT_MODEL.m, DEFAULT_MODEL.u, 1000)
    table = feature_table(people)
    counts = name_counts(table)
    assert counts("surname", "smith") == 5
    assert counts("given", "john") == 2
    chances = pairs_chance(table, pairs, pairs_compare(table, pairs), model, counts)
    expected = [match_score(people[i], people[j], model, counts).probability
                for i, j in pairs.tolist()]  # fmt: skip
    assert chances.tolist() == pytest.approx(expected)


def test_distinct_values_are_found_as_numpy_finds_them():
    values = np.array([5, 3, 5, 9, 3, 3])
    assert distinct(values).tolist() == np.unique(values).tolist()


def test_clusters_never_join_two_people_already_held():
    # 0 and 1 are new; 2 and 3 are held; 0 links to both, more strongly to 3.
    roots = clusters_apart(4, [(0, 3), (0, 2), (0, 1)], [False, False, True, True])
    assert roots[0] == roots[1] == roots[3]
    assert roots[2] == 2


def test_a_chain_of_links_never_joins_two_records_kept_apart():
    # 0 and 1 are twins; 2 links to each (a name that says nothing); 3 links to 2.
    links = [(0, 2), (1, 2), (2, 3)]
    roots = clusters_apart(4, links, [False] * 4, never_together=[(0, 1)])
    assert roots[0] == roots[2] == roots[3] != roots[1]


def test_a_link_refused_between_held_people_is_kept_for_review():
    pairs = np.array([[0, 3], [0, 2], [0, 1]])
    chances = np.array([0.999, 0.995, 0.7])
    roots = clusters_apart(4, [(0, 3), (0, 2)], [False, False, True, True])
    assert sorted(reviews_between(pairs, chances, roots)) == [(0, 1, 0.7), (0, 2, 0.995)]


def test_records_joined_keep_the_first_name_and_gather_the_rest():
    first = PersonDetails("John", "Smith", (), "", (HOME,), (("nhs", "1"),))
    other = PersonDetails(
        "Jon", "Smith", ("Johnny Smith",), "1980-03-04",
        (Address(" 14 Acacia Avenue", "Leeds", "LS6 2AB"), Address("2 Elm Row", "York", "")),
        (("nhs", "1"), ("pnc", "7")),
    )  # fmt: skip
    joined = details_join(first, [other])
    assert (joined.given_name, joined.surname) == ("John", "Smith")
    assert joined.other_names == ("Jon Smith", "Johnny Smith")
    assert joined.birth_date == "1980-03-04"
    assert joined.addresses == (HOME, Address("2 Elm Row", "York", ""))
    assert joined.identifiers == (("nhs", "1"), ("pnc", "7"))


def test_a_model_that_takes_most_candidates_for_one_person_is_doubted():
    matrix = np.zeros((3, len(DEFAULT_MODEL.m)), dtype=np.int8)
    assert model_doubts(DEFAULT_MODEL, matrix) == []
    doubts = model_doubts(DEFAULT_MODEL.__class__(0.9, DEFAULT_MODEL.m, DEFAULT_MODEL.u), matrix)
    assert doubts == ["it takes 90% of the candidate pairs for one person"]


def test_rows_held_packed_are_given_back_as_they_were_read(tmp_path):
    text = (
        f"{HEADER},nhs_number,case_reference\n"
        "r1,Jo,Smith-Jones,Joanne Smith;Jo Brown,1980-03-04,14 Acacia Avenue,Leeds,LS6 2AB,"
        "old,943 476 5919,CH-1\n"
        "r2,,Patel,,,,,,,,\n"
    )
    found = [row for row in read(tmp_path, text) if isinstance(row, ImportRow)]
    rows = Rows()
    for row in found:
        rows.append(row)
    assert len(rows) == 2
    assert [rows[0], rows[1]] == found
    assert rows[0:2] == found
    assert list(rows.details) == [row.details for row in found]
    assert (rows.record_ids, rows.sources) == (["r1", "r2"], ["old", "legacy"])
    chosen = rows.subset([1])
    assert list(chosen) == found[1:]
    assert chosen.record_ids == ["r2"]
