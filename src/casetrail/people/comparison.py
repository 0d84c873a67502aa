"""Pure: how two people's features are compared, field by field, into levels of agreement.

Each comparison answers a level: 0 is the strongest agreement, the last is
disagreement, and None means one side does not know (no evidence either way).
The scoring model (scoring.py) weighs each level by how often it occurs among
true matches and among non-matches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import jellyfish
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from rapidfuzz.fuzz import token_set_ratio

from casetrail.people.features import Features
from casetrail.people.normalise import birth_swapped, postcode_parts

# A level where one side does not know, as level matrices store None.
NULL = -1


@dataclass(frozen=True)
class Comparison:
    name: str  # the field, as a person would name it
    levels: tuple[str, ...]  # what each level means, strongest agreement first
    compare: Callable[[Features, Features], int | None]
    # Whether the exact level's weight depends on how common the value is.
    frequency: str = ""

    @property
    def disagree(self) -> int:
        return len(self.levels) - 1


def _best_similarity(left: tuple[str, ...], right: tuple[str, ...]) -> float:
    return max((JaroWinkler.normalized_similarity(x, y) for x in left for y in right), default=0)


def _given(a: Features, b: Features) -> int | None:
    if not (a.given and b.given):
        return None
    if a.given == b.given:
        return 0
    if set(a.givens) & set(b.givens) or set(a.groups) & set(b.groups):
        return 1  # a middle name, an alias, or a nickname of the same name
    if a.given in b.surnames and b.given in a.surnames:
        return 1  # given name and surname written the other way round
    if JaroWinkler.normalized_similarity(a.given, b.given) >= 0.92 or sounds_alike(
        a.given, b.given
    ):
        return 2
    if _initial_agrees(a.given, b.given) or _best_similarity(a.givens, b.givens) >= 0.8:
        return 3
    return 4


# Metaphone keeps consonants alone, so "Wood" and "White" share a code (WT); names that
# sound alike are also spelt somewhat alike, which those two are not.
SOUND_SPELLING_FLOOR = 0.7


def sounds_alike(x: str, y: str) -> bool:
    """The same Metaphone code and some likeness of spelling: "Myles" and "Miles",
    "Thompson" and "Tomson", "Philips" and "Fillips", but not "Wood" and "White"."""
    return (
        len(x) > 2
        and len(y) > 2
        and jellyfish.metaphone(x) == jellyfish.metaphone(y)
        and JaroWinkler.normalized_similarity(x, y) >= SOUND_SPELLING_FLOOR
    )


def _initial_agrees(x: str, y: str) -> bool:
    return (len(x) == 1 or len(y) == 1) and x[0] == y[0]


def _surname(a: Features, b: Features) -> int | None:
    if not (a.surname and b.surname):
        return None
    if a.surname == b.surname:
        return 0
    if set(a.surnames) & set(b.surnames):
        return 1  # a previous name, or one part of a double-barrelled name
    if a.surname in b.givens and b.surname in a.givens:
        return 1  # written the other way round
    best = _best_similarity(a.surnames, b.surnames)
    if best >= 0.92 or sounds_alike(a.surname, b.surname):
        return 2
    return 3 if best >= 0.8 else 4


# Births this many years apart are a generation apart far more often than a slip of the
# pen: a father and son of one name at one address differ here, and weigh far more against.
# (From 10 years, FEBRL3's best F1 fell from 0.9972 to 0.9954; from 16, to 0.9960.)
YEARS_APART = 16


def _birth(a: Features, b: Features) -> int | None:
    if not (a.birth and b.birth):
        return None
    if a.birth == b.birth:
        return 0
    if a.birth == birth_swapped(b.birth):
        return 1
    edits = DamerauLevenshtein.distance(a.birth, b.birth)
    if edits == 1:
        return 2
    if edits == 2 or a.birth[:4] == b.birth[:4]:
        return 3
    return 5 if abs(int(a.birth[:4]) - int(b.birth[:4])) >= YEARS_APART else 4


def _postcode_agreement(a: Features, b: Features) -> int:
    """3 the same postcode, 2 the same sector, 1 the same district or one typo apart, 0 not."""
    if set(a.postcodes) & set(b.postcodes):
        return 3
    parts_a = [postcode_parts(code) for code in a.postcodes]
    parts_b = [postcode_parts(code) for code in b.postcodes]
    if {s for _, s in parts_a if s} & {s for _, s in parts_b if s}:
        return 2
    if {d for d, _ in parts_a if d} & {d for d, _ in parts_b if d}:
        return 1
    return int(
        any(DamerauLevenshtein.distance(x, y) == 1 for x in a.postcodes for y in b.postcodes)
    )


def _line_agreement(a: Features, b: Features) -> int:
    """2 the same street line (or nearly), 1 similar, 0 not."""
    if set(a.lines) & set(b.lines):
        return 2
    best = max((token_set_ratio(x, y) for x in a.lines for y in b.lines), default=0)
    return 2 if best >= 90 else int(best >= 70)


def _address(a: Features, b: Features) -> int | None:
    """Where they live, as one comparison: the line, postcode and town of one address agree
    together, so counting each apart would weigh one shared home three times over."""
    if not (a.lines or a.postcodes or a.towns) or not (b.lines or b.postcodes or b.towns):
        return None
    line, postcode = _line_agreement(a, b), _postcode_agreement(a, b)
    town = bool(set(a.towns) & set(b.towns)) or _best_similarity(a.towns, b.towns) >= 0.9
    # The same line, and nothing known on both sides says otherwise.
    postcodes_differ = bool(a.postcodes and b.postcodes) and postcode < 3
    towns_differ = bool(a.towns and b.towns) and not town
    if line == 2 and not postcodes_differ and not towns_differ:
        return 0
    if (line == 2 and (postcode >= 1 or not postcodes_differ)) or (line == 1 and postcode == 3):
        return 1
    if postcode == 3:
        return 2
    if postcode == 2 or line == 2 or (line == 1 and town):
        return 3
    return 4 if postcode == 1 or town else 5


def _identifier(a: Features, b: Features) -> int | None:
    return identifier_level(a.ids, b.ids)


def identifier_level(left: tuple[str, ...], right: tuple[str, ...]) -> int | None:
    """Identifiers compared scheme by scheme ("nhs:..." with "nhs:..."); None if none shared."""
    schemes = {item.split(":", 1)[0]: item for item in left}
    shared = [(schemes[item.split(":", 1)[0]], item) for item in right
              if item.split(":", 1)[0] in schemes]  # fmt: skip
    if not shared:
        return None
    if any(x == y for x, y in shared):
        return 0
    if any(DamerauLevenshtein.distance(x, y) == 1 for x, y in shared):
        return 1
    return 2


COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "given name",
        (
            "the same",
            "an alias, middle name, nickname, or swapped",
            "nearly the same or sounds alike",
            "similar, or an initial that agrees",
            "different",
        ),
        _given,
        frequency="given",
    ),
    Comparison(
        "surname",
        (
            "the same",
            "a previous or part surname, or swapped",
            "nearly the same or sounds alike",
            "similar",
            "different",
        ),
        _surname,
        frequency="surname",
    ),
    Comparison(
        "date of birth",
        (
            "the same",
            "day and month swapped",
            "one digit apart",
            "two digits apart or same year",
            "different",
            "a generation apart (16 years or more)",
        ),
        _birth,
    ),
    Comparison(
        "address",
        (
            "the same address",
            "nearly the same address",
            "the same postcode",
            "the same street or postcode sector",
            "the same district or town",
            "different",
        ),
        _address,
    ),
    Comparison("identifier", ("the same", "one character apart", "different"), _identifier),
)


def levels_of(a: Features, b: Features) -> tuple[int | None, ...]:
    return tuple(comparison.compare(a, b) for comparison in COMPARISONS)
