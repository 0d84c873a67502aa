"""Pure: linking and de-duplicating many records at once, as an import or a benchmark does.

Candidate pairs come from the same blocking keys intake uses; each is scored by
the same comparisons and model; pairs at or above the link probability join
one person (union-find), and those between the review and link probabilities
are kept for a person to decide.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

import numpy as np

from casetrail.people.blocking import blocking_keys
from casetrail.people.comparison import COMPARISONS, NULL
from casetrail.people.comparison_arrays import levels_between
from casetrail.people.estimation import em_estimate, u_estimate, u_family_estimate
from casetrail.people.feature_arrays import EMPTY, FeatureTable, TableBuilder
from casetrail.people.features import Address, Features, PersonDetails
from casetrail.people.scoring import (
    ADDRESS,
    FAMILY_SURNAME_LEVELS,
    SURNAME,
    Frequency,
    MatchModel,
    level_weight,
    prior_weight,
)

# Blocks larger than this say too little to be worth every pair inside them.
LARGEST_BLOCK = 100
# How many candidates each record keeps from blocking: the true duplicates of a record are
# a few, and in a file of a million these keep 98.6% of them, with a fifth of the pairs.
CLOSEST = 8
# At or above this chance two records are joined as one person without asking anyone.
# A wrong join hides one person's history inside another's, which is worse than a
# missed one (a screener still sees the candidate at intake, and the pair can be
# reviewed), so the bar is high: odds of 99 to 1 that they are one person.
LINK_AT = 0.99
# From this chance up to LINK_AT a person decides. Below it a pair is more likely two
# people than one, and a review queue full of those would teach reviewers to say no.
REVIEW_AT = 0.5


class Folded:
    """Records folded one at a time as a file is read: their features, numbered into a
    table, and their blocking keys in one flat column (a million lists of Python ints
    would take some 600 MB; this takes 80)."""

    def __init__(self) -> None:
        self.builder = TableBuilder()
        self._keys, self._counts = array("q"), array("q")

    def add(self, features: Features) -> None:
        self.builder.add(features)
        found = blocking_keys(features)
        self._keys.extend(found)
        self._counts.append(len(found))

    def __len__(self) -> int:
        return len(self._counts)

    @property
    def keys(self) -> np.ndarray:
        return np.frombuffer(self._keys, dtype=np.int64)

    @property
    def key_starts(self) -> np.ndarray:
        """Where each record's keys start in `keys`, and the end."""
        return np.r_[0, np.cumsum(np.frombuffer(self._counts, dtype=np.int64))]

    @property
    def members(self) -> np.ndarray:
        """The record each key belongs to."""
        return np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.key_starts))


def candidate_pairs(
    people: Sequence[Features], *, split: int | None = None, largest: int = LARGEST_BLOCK
) -> np.ndarray:
    """Index pairs (i < j) sharing a blocking key; with `split`, only pairs across it (linking)."""
    folded = Folded()
    for features in people:
        folded.add(features)
    return pairs_sharing_keys(
        folded.keys, folded.members, known_from=split, across=split is not None, largest=largest
    )


def clusters(size: int, links: Iterable[tuple[int, int]]) -> np.ndarray:
    """Each record's cluster: the smallest record index among those linked to it."""
    return np.array(clusters_apart(size, links, [False] * size))


# Batch linkage over arrays: what an import of a million records needs -----------------------


def pairs_sharing_keys(
    keys: np.ndarray,
    members: np.ndarray,
    *,
    known_from: int | None = None,
    across: bool = False,
    largest: int = LARGEST_BLOCK,
    closest: int = CLOSEST,
) -> np.ndarray:
    """The (i, j) pairs, i < j, of members that share a blocking key, as an (n, 2) array,
    each member keeping only its `closest` candidates.

    From keys already computed (each member's `blocking_keys`, one row per key and member),
    without a dict of lists per key. Members numbered `known_from` and above were
    de-duplicated before (people already held), so they are paired only with members below;
    `across`, and members below are paired only with those from it (linking two files).

    A candidate is closer the more keys it shares and the fewer members those keys have:
    a shared key weighs one over its block's size. In a large file a common name's keys
    make blocks of a hundred, and every member of one would be compared with all the rest;
    a pair stays when it is among the `closest` of either of its members.
    """
    order = np.lexsort((members, keys))
    keys, members = keys[order], members[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    # Each pair as one number, left * span + right, with its weight in the lowest bits: a
    # pair found by several keys is summed by one sort of one column.
    span = int(members.max(initial=0)) + 1
    limit = span if known_from is None else known_from
    found = _Tally(span)
    for size in distinct(sizes[(sizes > 1) & (sizes <= largest)]).tolist():
        # Every block of one size at once: a grid of its members, paired by the triangle.
        first, second = np.triu_indices(size, 1)
        block_starts = starts[sizes == size]
        step = max(1, PAIRS_AT_ONCE // len(first))
        for at in range(0, len(block_starts), step):
            grid = members[block_starts[at : at + step, None] + np.arange(size)]
            left, right = grid[:, first].ravel(), grid[:, second].ravel()
            kept = (left < limit) & (right >= limit) if across else left < limit
            found.add(left[kept] * span + right[kept], round(_WEIGHT_SCALE / size))
    codes, weights = found.totals()
    left, right = codes // span, codes % span
    near = _closest(left, right, weights, closest)
    return np.column_stack((left[near], right[near])).astype(np.int64)


# Pairs made at once, so that a file of a million records never holds every raw pair.
PAIRS_AT_ONCE = 4_000_000
# A key shared in a block of n weighs round(_WEIGHT_SCALE / n), held in _WEIGHT_BITS bits.
_WEIGHT_SCALE = 1000
_WEIGHT_BITS = 14
_WEIGHT_MOST = (1 << _WEIGHT_BITS) - 1


class _Tally:
    """Pair numbers gathered in batches, each pair's weights summed as they come, so that
    memory follows the distinct pairs rather than every one found."""

    def __init__(self, span: int) -> None:
        if span * span >= 1 << (63 - _WEIGHT_BITS):
            raise ValueError(f"too many people to pair at once: {span:,}")
        self.merged = np.empty(0, dtype=np.int64)
        self.pending: list[np.ndarray] = []
        self.waiting = 0

    def add(self, codes: np.ndarray, weight: int) -> None:
        self.pending.append((codes << _WEIGHT_BITS) | weight)
        self.waiting += len(codes)
        # Merged when the batches outgrow what is merged: each number is sorted a few times.
        if self.waiting > max(len(self.merged), PAIRS_AT_ONCE):
            self._merge()

    def _merge(self) -> None:
        every = np.sort(np.concatenate([self.merged, *self.pending]))
        pairs = every >> _WEIGHT_BITS
        starts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]]) if len(every) else pairs
        weights = np.add.reduceat(every & _WEIGHT_MOST, starts) if len(every) else pairs
        self.merged = (pairs[starts] << _WEIGHT_BITS) | np.minimum(weights, _WEIGHT_MOST)
        self.pending, self.waiting = [], 0

    def totals(self) -> tuple[np.ndarray, np.ndarray]:
        """(each pair's number, its summed weight), in the pairs' order."""
        self._merge()
        return self.merged >> _WEIGHT_BITS, self.merged & _WEIGHT_MOST


def _closest(left: np.ndarray, right: np.ndarray, weights: np.ndarray, closest: int) -> np.ndarray:
    """Whether each pair is among the `closest` heaviest of its left or its right member's
    pairs. Pairs that weigh the same are taken in an order drawn from the pair itself, so
    that the order of the file (duplicates side by side, or far apart) plays no part."""
    owners = np.concatenate((left, right))
    drawn = np.concatenate((left, left)) * _DRAW_A + np.concatenate((right, right)) * _DRAW_B
    both = np.concatenate((weights, weights))
    order = np.lexsort((drawn, _WEIGHT_MOST - both, owners))
    owned = owners[order]
    starts = np.flatnonzero(np.r_[True, owned[1:] != owned[:-1]]) if len(owned) else owned
    place = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    near = np.empty(len(order), dtype=bool)
    near[order] = place < closest
    return near[: len(left)] | near[len(left) :]


# Two large odd numbers: a pair's members times these, wrapping, is its place among equals.
_DRAW_A = np.int64(-7046029254386353131)
_DRAW_B = np.int64(4354685564936845319)


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, in order: np.unique's answer, by a sort and a mask, which on
    numpy 2.4 is some fifteen times faster for integers than np.unique itself."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def pairs_compare(
    table: FeatureTable,
    pairs: np.ndarray,
    *,
    progress: Callable[[int], object] | None = None,
    step: int = 500_000,
) -> np.ndarray:
    """Each pair's comparison levels, one row a pair (NULL where a side does not know), a
    step of pairs at a time so that progress shows and the working arrays stay small."""
    matrix = np.empty((len(pairs), len(COMPARISONS)), dtype=np.int8)
    for start in range(0, len(pairs), step):
        block = pairs[start : start + step]
        matrix[start : start + len(block)] = levels_between(table, block[:, 0], block[:, 1])
        if progress:
            progress(len(block))
    return matrix


def model_from_levels(
    table: FeatureTable, matrix: np.ndarray, *, population: int, samples: int = 100_000
) -> MatchModel:
    """The model estimated from these people and their candidate pairs' levels: u from
    random pairs (and from pairs sharing a surname, for households), m and the prior by EM."""
    u = u_estimate(table, samples=samples)
    family = u_family_estimate(table, samples=samples // 2)
    return em_estimate(matrix, u, population=population, u_family=family)


def model_doubts(model: MatchModel, matrix: np.ndarray) -> list[str]:
    """Why a model estimated from these pairs' levels should not be used, as plain sentences
    (none: it may be).

    EM over blocked pairs can take the wrong class for the matches: candidates share a
    key, so even different people agree far more often than the random pairs u was
    counted on, and EM may explain them as one person. Blocking finds mostly different
    people, so a model that says most candidates are one person has learnt the wrong thing.
    """
    doubts = []
    if model.prior > 0.5:
        doubts.append(f"it takes {model.prior:.0%} of the candidate pairs for one person")
    for index, (comparison, m, u) in enumerate(zip(COMPARISONS, model.m, model.u, strict=True)):
        seen = bool(len(matrix)) and bool((matrix[:, index] != NULL).any())
        if seen and m[-1] > u[-1]:
            doubts.append(f"a different {comparison.name} would count for a match")
    return doubts


def pairs_chance(
    table: FeatureTable,
    pairs: np.ndarray,
    matrix: np.ndarray,
    model: MatchModel,
    frequency: Frequency | None = None,
) -> np.ndarray:
    """Each pair's match probability: what `scoring.match_score` gives it, from the levels
    already found, each level's weight looked up rather than worked out again.

    A level's weight depends only on the level, but for two things: an exact name weighs
    by how common the first record's name is (asked once a distinct name), and a shared
    address weighs less between people who share a surname (a family's home).
    """
    weight = np.full(len(pairs), prior_weight(model))
    family = np.isin(matrix[:, SURNAME], list(FAMILY_SURNAME_LEVELS))
    for index, comparison in enumerate(COMPARISONS):
        column = matrix[:, index]
        level = np.maximum(column, 0)
        found = np.where(column == NULL, 0.0, _weights(model, index)[level])
        if index == ADDRESS and model.u_family:
            kin = _weights(model, index, family=True)[level]
            found = np.where(family & (column != NULL), kin, found)
        if comparison.frequency and frequency and model.population:
            names = table.given if comparison.frequency == "given" else table.surname
            exact = np.flatnonzero(column == 0)
            found[exact] = _name_weights(table, names[pairs[exact, 0]], model, index, frequency)
        weight += found
    return np.where(weight > -60, 1 / (1 + np.exp2(-np.maximum(weight, -60))), 0.0)


def _weights(model: MatchModel, index: int, *, family: bool = False) -> np.ndarray:
    levels = range(len(COMPARISONS[index].levels))
    return np.array([level_weight(model, index, level, family=family) for level in levels])


def _name_weights(
    table: FeatureTable, names: np.ndarray, model: MatchModel, index: int, frequency: Frequency
) -> np.ndarray:
    """The weight of an exact name for each name number, by how common the name is."""
    wanted, which = np.unique(names, return_inverse=True)
    weights = [level_weight(model, index, 0, name, frequency) for name in table.text(wanted)]
    return np.array(weights, dtype=np.float64)[which]


def name_counts(table: FeatureTable, people: int | None = None) -> Frequency:
    """How many of the table's people (the first `people`, or all) carry each given name and
    surname: the term frequencies of a file."""
    counted: Counter[tuple[str, str]] = Counter()
    for kind, names in (("given", table.given), ("surname", table.surname)):
        numbers, counts = np.unique(names[:people], return_counts=True)
        kept = numbers != EMPTY
        counted.update(dict(zip(((kind, name) for name in table.text(numbers[kept])),
                                counts[kept].tolist(), strict=True)))  # fmt: skip
    return lambda kind, value: counted.get((kind, value), 0)


def clusters_apart(size: int, links: Iterable[tuple[int, int]], apart: Sequence[bool]) -> list[int]:
    """Each node's cluster (its root) from links taken in order, strongest first, where no
    cluster may hold two nodes marked `apart`: a link that would join two is skipped.

    People already held are kept apart so an import never joins two of them by itself
    (a person may have decided they are different); the skipped link goes to review.
    """
    parent = list(range(size))
    holds_apart = list(apart)

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in links:
        a, b = root(left), root(right)
        if a == b or (holds_apart[a] and holds_apart[b]):
            continue
        low, high = min(a, b), max(a, b)
        parent[high] = low
        holds_apart[low] = holds_apart[low] or holds_apart[high]
    return [root(node) for node in range(size)]


def reviews_between(
    pairs: np.ndarray, chances: np.ndarray, roots: Sequence[int], *, at_least: float = REVIEW_AT
) -> list[tuple[int, int, float]]:
    """Pairs from `at_least` up whose records ended in different clusters: the likeliest
    pair for each two clusters, as (i, j, chance).

    A pair at LINK_AT or above is among them when `clusters_apart` refused to join it.
    """
    best: dict[tuple[int, int], tuple[int, int, float]] = {}
    for position in np.flatnonzero(chances >= at_least).tolist():
        left, right = pairs[position].tolist()
        between = (min(roots[left], roots[right]), max(roots[left], roots[right]))
        chance = float(chances[position])
        if between[0] != between[1] and chance > best.get(between, (0, 0, -1.0))[2]:
            best[between] = (left, right, chance)
    return list(best.values())


def details_join(first: PersonDetails, others: Iterable[PersonDetails]) -> PersonDetails:
    """What one person knows from several records of them, as services.person_merge joins two.

    The first record's name stands and the others' names become aliases; the first date of
    birth known is kept; addresses and identifiers are gathered, each once.
    """
    names = list(first.other_names)
    birth = first.birth_date
    addresses = {address_key(address): address for address in first.addresses}
    identifiers = list(first.identifiers)
    for other in others:
        names += [name for name in (other.name, *other.other_names)
                  if name and name != first.name and name not in names]  # fmt: skip
        birth = birth if birth.strip() else other.birth_date
        for address in other.addresses:
            addresses.setdefault(address_key(address), address)
        identifiers += [item for item in other.identifiers if item not in identifiers]
    return replace(
        first,
        other_names=tuple(names),
        birth_date=birth,
        addresses=tuple(addresses.values()),
        identifiers=tuple(identifiers),
    )


def address_key(address: Address) -> tuple[str, str, str]:
    """An address as stored (each part stripped), to tell one already known."""
    return address.line.strip(), address.town.strip(), address.postcode.strip()
