"""Pure: the comparisons of comparison.py, asked of millions of pairs at once.

`levels_between` gives every pair the level `comparison.levels_of` gives it (a test holds
the two equal over many thousands of pairs); it answers a field at a time over arrays,
each level's question asked only of the pairs no stronger level took, and each string
similarity computed once for each distinct pair of strings (rapidfuzz's `cpdist`, in
C++, on every core). comparison.py stays the definition: it reads as the rules do, and
intake and the explanations a screener reads use it one pair at a time.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from rapidfuzz.fuzz import token_set_ratio

from casetrail.people.comparison import (
    COMPARISONS,
    NULL,
    SOUND_SPELLING_FLOOR,
    YEARS_APART,
    identifier_level,
)
from casetrail.people.feature_arrays import (
    EMPTY,
    FeatureTable,
    best_per,
    initials,
    lengths,
    similarity,
    sounds,
    swapped_births,
    years,
)

FIELDS = ("given name", "surname", "date of birth", "address", "identifier")
assert tuple(comparison.name for comparison in COMPARISONS) == FIELDS


def levels_between(table: FeatureTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Each pair's comparison levels, one row a pair (NULL where a side does not know)."""
    matrix = np.empty((len(left), len(FIELDS)), dtype=np.int8)
    for index, compare in enumerate((_given, _surname, _birth, _address, _identifier)):
        matrix[:, index] = compare(table, left, right)
    return matrix


class _Levels:
    """A column of levels filled strongest first: each step takes some of the pairs still open."""

    def __init__(self, known: np.ndarray, weakest: int):
        self.level = np.full(len(known), NULL, dtype=np.int8)
        self.level[known] = weakest
        self.open = np.flatnonzero(known)

    def take(self, level: int, where: np.ndarray) -> None:
        self.level[self.open[where]] = level
        self.open = self.open[~where]


def _known_and_same(
    column: np.ndarray, left: np.ndarray, right: np.ndarray, weakest: int = 4
) -> _Levels:
    """The pairs where both sides know the value (the weakest level, 4 unless said, to start
    with), and those where it is the same taken at level 0."""
    found = _Levels((column[left] != EMPTY) & (column[right] != EMPTY), weakest)
    found.take(0, column[left[found.open]] == column[right[found.open]])
    return found


def _given(t: FeatureTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    found = _known_and_same(t.given, left, right)
    a, b = left[found.open], right[found.open]
    found.take(
        1,
        t.givens.shared(a, b)
        | t.groups.shared(a, b)
        | (t.surnames.has(b, t.given[a]) & t.surnames.has(a, t.given[b])),
    )
    a, b = left[found.open], right[found.open]
    x, y = t.given[a], t.given[b]
    found.take(
        2, (similarity(t, x, y, JaroWinkler.normalized_similarity) >= 0.92) | _sound_alike(t, x, y)
    )
    a, b = left[found.open], right[found.open]
    x, y = t.given[a], t.given[b]
    initial = ((lengths(t, x) == 1) | (lengths(t, y) == 1)) & (initials(t, x) == initials(t, y))
    found.take(3, initial | (_best_across(t, t.givens, a, b) >= 0.8))
    return found.level


def _sound_alike(t: FeatureTable, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """As `comparison.sounds_alike`: the same code, and spelt somewhat alike."""
    # One call for both sides: the numbers stand for the same codes only within a call.
    sound_x, sound_y = np.split(sounds(t, np.concatenate((x, y))), [len(x)])
    alike = (sound_x == sound_y) & (sound_x >= 0)
    spelt = similarity(t, x[alike], y[alike], JaroWinkler.normalized_similarity)
    alike[np.flatnonzero(alike)[spelt < SOUND_SPELLING_FLOOR]] = False
    return alike


def _best_across(t: FeatureTable, sets, a: np.ndarray, b: np.ndarray, scorer=None) -> np.ndarray:
    """The best similarity between any value of a's set and any of b's (0 if either is empty)."""
    position, x, y = sets.across(a, b)
    found = similarity(t, x, y, scorer or JaroWinkler.normalized_similarity)
    return best_per(position, found, len(a))


def _surname(t: FeatureTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    found = _known_and_same(t.surname, left, right)
    a, b = left[found.open], right[found.open]
    found.take(
        1,
        t.surnames.shared(a, b) | (t.givens.has(b, t.surname[a]) & t.givens.has(a, t.surname[b])),
    )
    a, b = left[found.open], right[found.open]
    best = _best_across(t, t.surnames, a, b)
    alike = (best >= 0.92) | _sound_alike(t, t.surname[a], t.surname[b])
    similar = best[~alike] >= 0.8
    found.take(2, alike)
    found.take(3, similar)
    return found.level


def _birth(t: FeatureTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    found = _known_and_same(t.birth, left, right, weakest=5)
    x, y = t.birth[left[found.open]], t.birth[right[found.open]]
    found.take(1, x == swapped_births(t, y))
    x, y = t.birth[left[found.open]], t.birth[right[found.open]]
    edits = similarity(t, x, y, DamerauLevenshtein.distance, dtype=np.int64, cutoff=2)
    found.take(2, edits == 1)
    x, y = x[edits != 1], y[edits != 1]
    x_year, y_year = years(t, x), years(t, y)
    found.take(3, (edits[edits != 1] == 2) | (x_year == y_year))
    apart = np.abs(x_year - y_year)[~((edits[edits != 1] == 2) | (x_year == y_year))]
    found.take(4, apart < YEARS_APART)
    return found.level


def _address(t: FeatureTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    def told(people: np.ndarray) -> np.ndarray:
        return (t.lines.sizes(people) + t.postcodes.sizes(people) + t.towns.sizes(people)) > 0

    level = np.full(len(left), NULL, dtype=np.int8)
    known = np.flatnonzero(told(left) & told(right))
    a, b = left[known], right[known]
    line, postcode, town = _line(t, a, b), _postcode(t, a, b), _town(t, a, b)
    postcodes_differ = (t.postcodes.sizes(a) > 0) & (t.postcodes.sizes(b) > 0) & (postcode < 3)
    towns_differ = (t.towns.sizes(a) > 0) & (t.towns.sizes(b) > 0) & ~town
    level[known] = np.select(
        [
            (line == 2) & ~postcodes_differ & ~towns_differ,
            ((line == 2) & ((postcode >= 1) | ~postcodes_differ)) | ((line == 1) & (postcode == 3)),
            postcode == 3,
            (postcode == 2) | (line == 2) | ((line == 1) & town),
            (postcode == 1) | town,
        ],
        [0, 1, 2, 3, 4],
        5,
    )
    return level


def _line(t: FeatureTable, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """2 the same street line (or nearly), 1 similar, 0 not: `comparison._line_agreement`."""
    line = np.zeros(len(a), dtype=np.int8)
    shared = t.lines.shared(a, b)
    line[shared] = 2
    rest = np.flatnonzero(~shared)
    best = _best_across(t, t.lines, a[rest], b[rest], token_set_ratio)
    line[rest] = np.where(best >= 90, 2, (best >= 70).astype(np.int8))
    return line


def _postcode(t: FeatureTable, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """3 the same postcode, 2 the same sector, 1 the same district or one typo apart, 0 not."""
    found = _Levels(np.ones(len(a), dtype=bool), 0)
    found.take(3, t.postcodes.shared(a, b))
    found.take(2, t.sectors.shared(a[found.open], b[found.open]))
    found.take(1, t.districts.shared(a[found.open], b[found.open]))
    rest = found.open
    position, x, y = t.postcodes.across(a[rest], b[rest])
    edits = similarity(t, x, y, DamerauLevenshtein.distance, dtype=np.int64, cutoff=1)
    found.take(1, np.bincount(position[edits == 1], minlength=len(rest)) > 0)
    return found.level


def _town(t: FeatureTable, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    town = t.towns.shared(a, b)
    rest = np.flatnonzero(~town)
    town[rest] = _best_across(t, t.towns, a[rest], b[rest]) >= 0.9
    return town


def _identifier(t: FeatureTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Few people carry an identifier, so the pairs where both do are compared one by one."""
    level = np.full(len(left), NULL, dtype=np.int8)
    both = np.flatnonzero((t.ids.sizes(left) > 0) & (t.ids.sizes(right) > 0))
    for position in both.tolist():
        found = identifier_level(_ids(t, left[position]), _ids(t, right[position]))
        level[position] = NULL if found is None else found
    return level


def _ids(t: FeatureTable, person: int) -> tuple[str, ...]:
    return tuple(t.text(t.ids.values[t.ids.starts[person] : t.ids.starts[person + 1]]))
