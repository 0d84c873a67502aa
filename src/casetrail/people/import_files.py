"""Pure: the files of a legacy import, read and checked row by row, and the reports it writes.

A row is either an `ImportRow` (a person's details as typed, with its record id,
source and old case) or a `RowProblem` that says, with its line number, why the
row was refused. Odd values are not problems: an impossible date, an empty
name or a foreign postcode is stored as typed and matched as well as it can be.
Only a file that cannot be read at all raises (`ImportFileError`).
"""

from __future__ import annotations

import csv
import json
import pickle
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from sys import intern
from typing import overload

from casetrail.people.features import Address, PersonDetails

# The columns every CSV file must have. `source` may be left out, as it may be left
# empty: the import's --source then names where the records came from.
REQUIRED_COLUMNS = (
    "record_id",
    "given_name",
    "surname",
    "other_names",
    "date_of_birth",
    "address",
    "town",
    "postcode",
)
# An earlier case in the older system, kept on the record as a dict of the non-empty ones.
CASE_COLUMNS = ("case_reference", "referred_on", "closed_on", "outcome")
# Identifier columns and the scheme each becomes in PersonDetails.identifiers.
IDENTIFIER_COLUMNS = {"nhs_number": "nhs", "pnc_id": "pnc"}
COLUMNS = (*REQUIRED_COLUMNS, "source", *CASE_COLUMNS, *IDENTIFIER_COLUMNS)
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
# SourceRecord keeps record ids and sources in columns of this width.
LONGEST_ID = 100
# The longest value of each column a person's record keeps whole; a longer one is refused,
# since what was typed is kept as typed, never cut.
LONGEST = {"given_name": 200, "surname": 200, "date_of_birth": 40, "address": 500,
           "town": 200, "postcode": 20}  # fmt: skip
OTHER_NAMES_SEPARATOR = ";"
# The progress callback hears about the bytes read this often, not on every line.
_PROGRESS_EVERY = 1 << 16

Progress = Callable[[int], object]


class ImportFileError(Exception):
    """The file cannot be imported at all: missing, unreadable, or without the columns."""


@dataclass(frozen=True, slots=True)
class ImportRow:
    line: int
    record_id: str
    source: str
    details: PersonDetails
    case: dict[str, str]


class Rows(Sequence[ImportRow]):
    """A file's rows, packed one after another in one buffer and unpacked when asked for:
    a million rows take some 130 MB this way, not 650 as objects.

    One buffer, not a bytes object a row: a process forked to work on the rows reads them
    without touching an object of its parent's (each touch writes a reference count, and
    the kernel then copies that page into the child). Each row's record id and source are
    also kept as they are, for what asks only those.
    """

    def __init__(self) -> None:
        self._packed = bytearray()
        self._starts = array("q")
        self._ends = array("q")
        self.record_ids: list[str] = []
        self.sources: list[str] = []

    def append(self, row: ImportRow) -> None:
        details = row.details
        self._starts.append(len(self._packed))
        self._packed += pickle.dumps(
            (
                row.line, row.record_id, row.source, details.given_name, details.surname,
                details.other_names, details.birth_date,
                tuple((a.line, a.town, a.postcode) for a in details.addresses),
                details.identifiers, tuple(row.case.items()),
            ),
            protocol=pickle.HIGHEST_PROTOCOL,
        )  # fmt: skip
        self._ends.append(len(self._packed))
        self.record_ids.append(row.record_id)
        self.sources.append(row.source)

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> ImportRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[ImportRow]: ...

    def __getitem__(self, index: int | slice) -> ImportRow | list[ImportRow]:
        if isinstance(index, slice):
            return [self[at] for at in range(*index.indices(len(self)))]
        packed = memoryview(self._packed)[self._starts[index] : self._ends[index]]
        line, record_id, source, given, surname, others, birth, addresses, identifiers, case = (
            pickle.loads(packed)
        )
        details = PersonDetails(
            given, surname, others, birth, tuple(Address(*parts) for parts in addresses),
            identifiers,
        )  # fmt: skip
        return ImportRow(line, record_id, source, details, dict(case))

    def subset(self, indices: Iterable[int]) -> Rows:
        """These rows, only those at `indices`, sharing the buffer they are packed in."""
        chosen = Rows()
        chosen._packed = self._packed
        for index in indices:
            chosen._starts.append(self._starts[index])
            chosen._ends.append(self._ends[index])
            chosen.record_ids.append(self.record_ids[index])
            chosen.sources.append(self.sources[index])
        return chosen

    @property
    def details(self) -> Sequence[PersonDetails]:
        return _Details(self)


class _Details(Sequence[PersonDetails]):
    """The rows' details alone, each unpacked when asked for."""

    def __init__(self, rows: Rows):
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> PersonDetails: ...

    @overload
    def __getitem__(self, index: slice) -> list[PersonDetails]: ...

    def __getitem__(self, index: int | slice) -> PersonDetails | list[PersonDetails]:
        if isinstance(index, slice):
            return [row.details for row in self.rows[index]]
        return self.rows[index].details


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    record_id: str
    problem: str

    def __str__(self) -> str:
        named = f" (record {self.record_id})" if self.record_id else ""
        return f"line {self.line}{named}: {self.problem}"


def rows_read(
    path: Path, *, source: str, progress: Progress | None = None
) -> Iterator[ImportRow | RowProblem]:
    """Every row of a CSV or JSON-lines file, in file order, each checked.

    The file is opened and (for CSV) its header checked before this returns, so a
    missing file or a wrong header fails at once rather than at the first row.
    A record id seen before in the file is refused: the first one stands.
    """
    try:
        handle = path.open("rb")
    except OSError as error:
        raise ImportFileError(f"{path}: cannot be read ({error.strerror or error})") from error
    lines = _decoded_lines(handle, progress)
    try:
        if path.suffix.lower() in JSON_LINES_SUFFIXES:
            rows = _json_rows(lines, source)
        else:
            rows = _csv_rows(lines, source, str(path))
    except BaseException:
        handle.close()
        raise
    return _first_of_each(_closing(rows, handle))


def _closing(rows: Iterator, handle) -> Iterator:
    with handle:
        yield from rows


def _decoded_lines(handle, progress: Progress | None) -> Iterator[str]:
    """Text lines, each as UTF-8 if it is UTF-8, otherwise as Windows-1252.

    Older systems often export Windows-1252; decoding line by line means one such
    line does not stop the file, and a name in it arrives as typed, not as "?".
    """
    pending = 0
    for number, raw in enumerate(handle):
        try:
            text = raw.decode("utf-8-sig" if number == 0 else "utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        pending += len(raw)
        if progress and pending >= _PROGRESS_EVERY:
            progress(pending)
            pending = 0
        # PostgreSQL refuses NUL in text, and no name or date needs one.
        yield text.replace("\x00", "")
    if progress and pending:
        progress(pending)


def _csv_rows(lines: Iterator[str], source: str, name: str) -> Iterator[ImportRow | RowProblem]:
    reader = csv.reader(lines)
    try:
        header = [column.strip().lower() for column in next(reader, [])]
    except csv.Error as error:
        raise ImportFileError(
            f"{name}: its first line cannot be read as CSV ({error}): is it a CSV file, with "
            "lines ending in a line feed?"
        ) from error
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        hint = " (a JSON lines file must end in .jsonl)" if name.endswith(".json") else ""
        raise ImportFileError(
            f"{name}: the header lacks {', '.join(missing)} "
            f"(expected {','.join((*REQUIRED_COLUMNS, 'source'))}){hint}"
        )
    twice = sorted({column for column in header if column and header.count(column) > 1})
    if twice:
        raise ImportFileError(f"{name}: the header names {', '.join(twice)} more than once")
    return _csv_records(reader, header, source)


def _csv_records(reader, header: list[str], source: str) -> Iterator[ImportRow | RowProblem]:
    line = reader.line_num
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # a field over the csv module's size limit, say
            yield RowProblem(line + 1, "", f"unreadable CSV: {error}")
            line = reader.line_num
            continue
        # A record may span lines inside quotes, so it is named by the line it starts on.
        start, line = line + 1, reader.line_num
        if not fields:
            continue
        if len(fields) != len(header):
            problem = f"{len(fields)} fields where the header has {len(header)}"
            if line > start:
                # The lines between were read as part of this row, not as rows of their own.
                problem += f", read from lines {start} to {line}: is a quote left open?"
            yield RowProblem(start, fields[0].strip()[:LONGEST_ID], problem)
            continue
        yield _row_of_text(dict(zip(header, fields, strict=True)), line=start, source=source)


def _json_rows(lines: Iterator[str], source: str) -> Iterator[ImportRow | RowProblem]:
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            values = json.loads(text)
        except ValueError as error:  # JSONDecodeError, and numbers too long to read
            yield RowProblem(number, "", f"undecodable JSON: {error}")
            continue
        if not isinstance(values, dict):
            yield RowProblem(number, "", "not a JSON object")
            continue
        unknown = sorted({_text(key).strip().lower() for key in values} - set(COLUMNS))
        if unknown:
            record_id = _text(values.get("record_id")).strip()[:LONGEST_ID]
            yield RowProblem(number, record_id, f"unknown keys: {', '.join(unknown)}")
            continue
        yield row_parse(values, line=number, source=source)


def _first_of_each(rows: Iterator[ImportRow | RowProblem]) -> Iterator[ImportRow | RowProblem]:
    """A record id names one record in a file, whatever its source (the reports name records
    by id alone): the first one stands."""
    seen: dict[str, int] = {}
    for row in rows:
        if isinstance(row, ImportRow):
            first = seen.setdefault(row.record_id, row.line)
            if first != row.line:
                row = RowProblem(row.line, row.record_id, f"record_id already on line {first}")
        yield row


def row_parse(values: Mapping[str, object], *, line: int, source: str) -> ImportRow | RowProblem:
    """One row's values as a person's details, or a problem: a JSON object's, whose values
    may be numbers, nulls or (other_names) a list, as well as text."""
    values = {str(key).strip().lower(): value for key, value in values.items()}
    wrong = sorted(key for key in COLUMNS if not _readable(key, values.get(key)))
    if wrong:
        record_id = _text(values.get("record_id")).strip()[:LONGEST_ID]
        return RowProblem(line, record_id, f"{', '.join(wrong)}: not text")
    others = values.get("other_names")
    text = {key: _text(values.get(key)) for key in COLUMNS}
    names = tuple(_text(name) for name in others) if isinstance(others, list) else None
    return _row_of_text(text, line=line, source=source, other_names=names)


def _readable(key: str, value: object) -> bool:
    if key == "other_names" and isinstance(value, list):
        return all(_readable("", item) for item in value)
    return value is None or (isinstance(value, str | int | float) and not isinstance(value, bool))


def _text(value: object) -> str:
    """A value as text: JSON may give a record id or a date as a number, or null.

    JSON may also carry half of a character (a lone surrogate, as a system that cut an emoji
    in two writes it), which no database can store: it becomes U+FFFD, the sign for a
    character lost.
    """
    if value is None:
        return ""
    text = str(value).replace("\x00", "")
    if text.isascii():
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _row_of_text(
    text: Mapping[str, str], *, line: int, source: str, other_names: tuple[str, ...] | None = None
) -> ImportRow | RowProblem:
    """A row whose values are all text (every CSV row): the path a million rows take."""
    get = text.get
    record_id = get("record_id", "").strip()
    if not record_id:
        return RowProblem(line, "", "no record_id")
    if len(record_id) > LONGEST_ID:
        return RowProblem(
            line, record_id[:LONGEST_ID], f"record_id longer than {LONGEST_ID} characters"
        )
    row_source = get("source", "").strip() or source
    if len(row_source) > LONGEST_ID:
        return RowProblem(line, record_id, f"source longer than {LONGEST_ID} characters")
    for column, longest in LONGEST.items():
        if len(get(column, "")) > longest:
            return RowProblem(line, record_id, f"{column} longer than {longest} characters")
    # Names, towns and sources repeat across a file: interned, each is held once, not per row.
    given, surname = intern(get("given_name", "")), intern(get("surname", ""))
    birth = get("date_of_birth", "")
    others = _other_names(get("other_names", "") if other_names is None else other_names)
    if not (given.strip() or surname.strip() or others or birth.strip()):
        return RowProblem(line, record_id, "no name and no date of birth")
    address = Address(get("address", ""), intern(get("town", "")), get("postcode", ""))
    details = PersonDetails(
        given_name=given,
        surname=surname,
        other_names=others,
        birth_date=birth,
        addresses=(address,) if address.line or address.town or address.postcode else (),
        identifiers=tuple(
            (scheme, value)
            for column, scheme in IDENTIFIER_COLUMNS.items()
            if (value := get(column, "").strip())
        ),
    )
    case = {column: value for column in CASE_COLUMNS if (value := get(column, "").strip())}
    return ImportRow(line, record_id, intern(row_source), details, case)


def _other_names(value: str | tuple[str, ...]) -> tuple[str, ...]:
    names = value.split(OTHER_NAMES_SEPARATOR) if isinstance(value, str) else value
    return tuple(name for item in names if (name := item.strip()))


# Reports -------------------------------------------------------------------------------------

ERRORS_HEADER = ("line", "record_id", "problem")
PEOPLE_HEADER = ("record_id", "person_id")
UNCERTAIN_HEADER = (
    "left_record_id",
    "right_record_id",
    "left_person_id",
    "right_person_id",
    "probability",
    "explanation",
)


@dataclass(frozen=True)
class ImportResult:
    """What an import did, for its closing summary line."""

    records: int  # valid records in the file, imported now or before
    people: int  # the people they are
    skipped: int  # imported by an earlier run of the same file
    joined_held: int  # new records found to be people already held
    to_review: int
    refused: int
    model_note: str  # what became of estimating the model on this file, if it was tried

    def summary(self, report: Path) -> str:
        """ "Imported 9,998 records as 7,412 people (2,586 joined to another record); ..." """
        parts = [
            f"Imported {self.records:,} records as {self.people:,} people "
            f"({self.records - self.people:,} joined to another record)"
        ]
        if self.joined_held:
            parts.append(f"{self.joined_held:,} found to be people already recorded")
        if self.skipped:
            parts.append(f"{self.skipped:,} imported by an earlier run, skipped")
        parts.append(f"{_count(self.to_review, 'pair')} to review")
        refused = f"{_count(self.refused, 'row')} refused"
        parts.append(f"{refused} (see {report / 'errors.csv'})" if self.refused else refused)
        if self.model_note:
            parts.append(self.model_note)
        return "; ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"1 {noun}" if number == 1 else f"{number:,} {noun}s"


@dataclass(frozen=True)
class ReviewLine:
    left_record: str
    right_record: str
    left_person: int
    right_person: int
    probability: float
    evidence: list  # [[field, level label, weight], ...] as UncertainPair stores it


def explanation(evidence: Iterable[list | tuple]) -> str:
    """ "given name: the same (+4.1); date of birth: day and month swapped (+6.0); ..."

    Fields not known on both sides add nothing, so they are left out.
    """
    return "; ".join(
        f"{field}: {label} ({weight:+.1f})"
        for field, label, weight in evidence
        if label != "not known on both"
    )


def errors_write(path: Path, problems: Iterable[RowProblem]) -> None:
    _csv_write(path, ERRORS_HEADER, ((p.line, p.record_id, p.problem) for p in problems))


def people_write(path: Path, people: Iterable[tuple[str, int]]) -> None:
    _csv_write(path, PEOPLE_HEADER, people)


def uncertain_write(path: Path, lines: Iterable[ReviewLine]) -> None:
    rows = (
        (
            line.left_record,
            line.right_record,
            line.left_person,
            line.right_person,
            f"{line.probability:.4f}",
            explanation(line.evidence),
        )
        for line in lines
    )
    _csv_write(path, UNCERTAIN_HEADER, rows)


def _csv_write(path: Path, header: tuple[str, ...], rows: Iterable[Iterable[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
