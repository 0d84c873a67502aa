"""Pure: many people's features as arrays of numbers, to compare a file's pairs a field at a time.

Every distinct string (a name, a postcode, an address line) is numbered once; each
person's single-valued features are a column of those numbers and each set-valued one
(every given name, every postcode) is a run of numbers, as a sparse matrix keeps its rows.
A million people fit in a few hundred megabytes, and questions such as "do these two
share a postcode?" are answered for millions of pairs at once.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

import jellyfish
import numpy as np
from rapidfuzz.process import cpdist

from casetrail.people.features import Features
from casetrail.people.normalise import birth_swapped, postcode_parts

# The number of the empty string: a feature not known.
EMPTY = 0
# The features that are sets of values, each held as every person's run of numbers.
_SET_FIELDS = ("givens", "groups", "surnames", "postcodes", "lines", "towns", "ids")


@dataclass(frozen=True)
class Sets:
    """A set-valued feature of everyone: person i has values[starts[i] : starts[i + 1]]."""

    starts: np.ndarray  # int64, one more than there are people
    values: np.ndarray  # int64 string numbers

    def sizes(self, people: np.ndarray | None = None) -> np.ndarray:
        sizes = np.diff(self.starts)
        return sizes if people is None else sizes[people]

    def has(self, people: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Whether each person's set holds the value beside it (never the empty string).

        Each person's few values are read and compared: one read of memory a person,
        where a search of every (person, value) sorted would miss the cache at each step.
        """
        position, held = self.spread(people)
        hit = held == values[position]
        return (np.bincount(position[hit], minlength=len(people)) > 0) & (values != EMPTY)

    def spread(self, people: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(which position, value) for every value of each position's person's set."""
        sizes = self.sizes(people)
        position = np.repeat(np.arange(len(people), dtype=np.int64), sizes)
        first = np.repeat(self.starts[people] - (np.cumsum(sizes) - sizes), sizes)
        return position, self.values[first + np.arange(len(position), dtype=np.int64)]

    def shared(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Whether the left person's set and the right person's meet."""
        position, x, y = self.across(left, right)
        hit = x == y
        return np.bincount(position[hit], minlength=len(left)) > 0

    def across(
        self, left: np.ndarray, right: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every (value of left's set, value of right's set), with the position it came from."""
        position, left_values = self.spread(left)
        inner, right_values = self.spread(right[position])
        return position[inner], left_values[inner], right_values


class _Column:
    """One set-valued feature as it is gathered: its values and each person's count."""

    def __init__(self) -> None:
        self.values = array("q")
        self.sizes = array("q", [0])

    def add(self, values: Iterable[int]) -> None:
        before = len(self.values)
        self.values.extend(values)
        self.sizes.append(len(self.values) - before)

    def sets(self) -> Sets:
        return Sets(np.cumsum(np.frombuffer(self.sizes, dtype=np.int64)),
                    np.frombuffer(self.values, dtype=np.int64).copy())  # fmt: skip


class Strings:
    """Numbered strings in one buffer, each given back as a new object when asked for.

    One buffer, not an object a string: the processes forked to compare pairs and to write
    people read them without touching an object of their parent's (each touch writes a
    reference count, and the kernel then copies that page into the child), and a million
    people's six hundred thousand names and postcodes take a third of the memory.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        texts = list(texts)
        self._packed = "".join(texts)
        self._starts = np.r_[0, np.cumsum([len(text) for text in texts], dtype=np.int64)]

    def __len__(self) -> int:
        return len(self._starts) - 1

    def take(self, numbers: np.ndarray) -> list[str]:
        packed, first = self._packed, np.asarray(numbers, dtype=np.int64)
        starts, ends = self._starts[first].tolist(), self._starts[first + 1].tolist()
        return [packed[start:end] for start, end in zip(starts, ends, strict=True)]


@dataclass(frozen=True)
class FeatureTable:
    """Features of many people, numbered: what `TableBuilder` makes and `levels_between` reads."""

    strings: Strings  # the string each number stands for; 0 is ""
    given: np.ndarray  # int64 a person
    surname: np.ndarray
    birth: np.ndarray
    givens: Sets
    groups: Sets
    surnames: Sets
    postcodes: Sets
    lines: Sets
    towns: Sets
    ids: Sets
    # Derived from each postcode: its sector and its district, where it is a UK one.
    sectors: Sets
    districts: Sets

    def __len__(self) -> int:
        return len(self.given)

    def text(self, numbers: np.ndarray) -> list[str]:
        return self.strings.take(numbers)

    def features(self, people: Sequence[int]) -> list[Features]:
        """Each person's features again, as they were added: all of them a field at a time,
        so that many people cost a few numpy calls, not a few each."""
        chosen = np.asarray(people, dtype=np.int64)
        given, surname, birth = (
            self.text(column[chosen]) for column in (self.given, self.surname, self.birth)
        )
        givens, groups, surnames, postcodes, lines, towns, ids = (
            self._runs(getattr(self, field), chosen) for field in _SET_FIELDS
        )
        return [
            Features(*fields)
            for fields in zip(
                given, givens, groups, surname, surnames, birth, postcodes, lines, towns, ids,
                strict=True,
            )
        ]  # fmt: skip

    def _runs(self, sets: Sets, people: np.ndarray) -> list[tuple[str, ...]]:
        _, values = sets.spread(people)
        texts = iter(self.text(values))
        return [tuple(islice(texts, size)) for size in sets.sizes(people).tolist()]


class TableBuilder:
    """Features added one person at a time, numbered as they come, then made a table."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {"": EMPTY}
        self.singles = array("q")
        self.columns = {field: _Column() for field in _SET_FIELDS}

    def add(self, person: Features) -> None:
        numbers = self.numbers
        number = numbers.setdefault
        self.singles.extend(
            (
                number(person.given, len(numbers)),
                number(person.surname, len(numbers)),
                number(person.birth, len(numbers)),
            )
        )
        for field, column in self.columns.items():
            column.add([number(value, len(numbers)) for value in getattr(person, field)])

    def part(self) -> tuple[list[str], array, dict[str, tuple[array, array]]]:
        """What another builder needs to take these people on: see `join`."""
        columns = {field: (column.values, column.sizes) for field, column in self.columns.items()}
        return list(self.numbers), self.singles, columns

    def join(self, part: tuple[list[str], array, dict[str, tuple[array, array]]]) -> None:
        """Take on the people of another builder's `part`, after these, its strings renumbered."""
        strings, singles, columns = part
        number = self.numbers.setdefault
        renumber = np.array([number(text, len(self.numbers)) for text in strings], dtype=np.int64)
        self.singles.frombytes(renumber[np.frombuffer(singles, dtype=np.int64)].tobytes())
        for field, (values, sizes) in columns.items():
            column = self.columns[field]
            column.values.frombytes(renumber[np.frombuffer(values, dtype=np.int64)].tobytes())
            column.sizes.extend(sizes[1:])

    def table(self) -> FeatureTable:
        numbers = self.numbers
        postcodes = self.columns["postcodes"].sets()
        held = np.unique(postcodes.values)
        texts = list(numbers)
        sector_of, district_of = np.zeros(len(texts), np.int64), np.zeros(len(texts), np.int64)
        for value in held.tolist():
            district, sector = postcode_parts(texts[value])
            sector_of[value] = numbers.setdefault(sector, len(numbers))
            district_of[value] = numbers.setdefault(district, len(numbers))
        strings = Strings(numbers)
        single = np.frombuffer(self.singles, dtype=np.int64).reshape(-1, 3)
        return FeatureTable(
            strings,
            single[:, 0].copy(),
            single[:, 1].copy(),
            single[:, 2].copy(),
            **{field: column.sets() for field, column in self.columns.items()},
            sectors=_mapped(postcodes, sector_of),
            districts=_mapped(postcodes, district_of),
        )


def _mapped(sets: Sets, mapping: np.ndarray) -> Sets:
    """Each person's values mapped (a postcode to its sector), those mapped to nothing left out."""
    owners = np.repeat(np.arange(len(sets.starts) - 1, dtype=np.int64), sets.sizes())
    mapped = mapping[sets.values]
    kept = mapped != EMPTY
    sizes = np.bincount(owners[kept], minlength=len(sets.starts) - 1)
    return Sets(np.r_[0, np.cumsum(sizes)].astype(np.int64), mapped[kept])


def feature_table(people: Iterable[Features]) -> FeatureTable:
    builder = TableBuilder()
    for person in people:
        builder.add(person)
    return builder.table()


# Per string, computed once for the strings a question needs -----------------------------------


def each_string(table: FeatureTable, numbers: np.ndarray, answer, missing: int = -1) -> np.ndarray:
    """answer(string) as a number for each string number, asked once for each distinct one."""
    wanted = np.unique(numbers)
    found = np.full(len(table.strings), missing, dtype=np.int64)
    found[wanted] = [answer(text) for text in table.text(wanted)]
    return found[numbers]


def sounds(table: FeatureTable, numbers: np.ndarray) -> np.ndarray:
    """Each string's Metaphone code as a number, or -1 for a string of two letters or fewer
    (what `comparison.sounds_alike` counts as never sounding like anything). The numbers
    mean the same only within one call."""
    codes: dict[str, int] = {}
    return each_string(
        table,
        numbers,
        lambda text: (
            codes.setdefault(jellyfish.metaphone(text), len(codes)) if len(text) > 2 else -1
        ),
    )


def lengths(table: FeatureTable, numbers: np.ndarray) -> np.ndarray:
    return each_string(table, numbers, len)


def initials(table: FeatureTable, numbers: np.ndarray) -> np.ndarray:
    return each_string(table, numbers, lambda text: ord(text[0]) if text else -1)


def years(table: FeatureTable, numbers: np.ndarray) -> np.ndarray:
    return each_string(table, numbers, lambda text: int(text[:4]) if text[:4].isdigit() else -1)


def swapped_births(table: FeatureTable, numbers: np.ndarray) -> np.ndarray:
    """The number of each date of birth with day and month exchanged (-1 if no one has it)."""
    births = np.unique(table.birth)
    known = dict(zip(table.text(births), births.tolist(), strict=True))
    return each_string(table, numbers, lambda text: known.get(birth_swapped(text), -1))


def similarity(
    table: FeatureTable,
    left: np.ndarray,
    right: np.ndarray,
    scorer,
    *,
    dtype: type = np.float64,
    cutoff: float | None = None,
) -> np.ndarray:
    """scorer(left string, right string) for each pair of numbers, each distinct pair once.

    With `cutoff`, a similarity below it (or a distance above it) is reported as past it,
    which lets the scorer stop early: only the thresholds matter.
    """
    if not len(left):
        return np.empty(0, dtype=dtype)
    span = len(table.strings)
    codes, which = np.unique(left * span + right, return_inverse=True)
    found = cpdist(
        table.text(codes // span),
        table.text(codes % span),
        scorer=scorer,
        dtype=dtype,
        workers=-1,
        score_cutoff=cutoff,
    )
    return found[which]


def best_per(positions: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    """The largest value for each position (0 where a position has none)."""
    best = np.zeros(count, dtype=np.float64)
    np.maximum.at(best, positions, values)
    return best
