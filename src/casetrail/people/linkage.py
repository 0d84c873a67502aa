"""Pure: linking and de-duplicating many records at once, as an import or a benchmark does.

Candidate pairs (pairing.py) are compared over arrays (comparison_arrays.py) and scored
by the model intake uses; pairs at or above the link probability join one person
(union-find), and those between the review and link probabilities are kept for a
person to decide.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

import numpy as np

from casetrail.people.comparison import COMPARISONS, NULL
from casetrail.people.comparison_arrays import levels_between
from casetrail.people.estimation import em_estimate, u_estimate, u_family_estimate
from casetrail.people.feature_arrays import EMPTY, FeatureTable
from casetrail.people.features import Address, PersonDetails
from casetrail.people.forking import PROCESSES, sliced
from casetrail.people.scoring import (
    ADDRESS,
    FAMILY_SURNAME_LEVELS,
    SURNAME,
    Frequency,
    MatchModel,
    level_weight,
    prior_weight,
)

# At or above this chance two records are joined as one person without asking anyone.
# A wrong join hides one person's history inside another's, which is worse than a
# missed one (a screener still sees the candidate at intake, and the pair can be
# reviewed), so the bar is high: odds of 99 to 1 that they are one person.
LINK_AT = 0.99
# From this chance up to LINK_AT a person decides. Below it a pair is more likely two
# people than one, and a review queue full of those would teach reviewers to say no.
REVIEW_AT = 0.5
# Nor does an import join two records whose given names are plainly different, however
# much else agrees: twins and siblings share a surname, a birthday or a home. Such a pair
# goes to review. (The given name's level "different", in comparison.py.)
GIVEN_NAME, GIVEN_DIFFERENT = 0, 4
assert COMPARISONS[GIVEN_NAME].levels[GIVEN_DIFFERENT] == "different"


def joinable(matrix: np.ndarray) -> np.ndarray:
    """Which pairs (rows of comparison levels) an import may join by itself if likely enough."""
    return matrix[:, GIVEN_NAME] != GIVEN_DIFFERENT


def clusters(size: int, links: Iterable[tuple[int, int]]) -> np.ndarray:
    """Each record's cluster: the smallest record index among those linked to it."""
    return np.array(clusters_apart(size, links, [False] * size))


def pairs_compare(
    table: FeatureTable,
    pairs: np.ndarray,
    *,
    progress: Callable[[int], object] | None = None,
    step: int = 250_000,
    processes: int = PROCESSES,
) -> np.ndarray:
    """Each pair's comparison levels, one row a pair (NULL where a side does not know), a
    step of pairs at a time in `processes` forked processes, so that progress shows and
    the working arrays stay small."""
    matrix = np.empty((len(pairs), len(COMPARISONS)), dtype=np.int8)
    done = 0
    for levels, count in sliced(
        _compare, (table, pairs), len(pairs), size=step, processes=processes
    ):
        matrix[done : done + count] = levels
        done += count
        if progress:
            progress(count)
    return matrix


def _compare(shared: tuple[FeatureTable, np.ndarray], start: int, stop: int) -> np.ndarray:
    table, pairs = shared
    return levels_between(table, pairs[start:stop, 0], pairs[start:stop, 1])


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
        differ = comparison.levels.index("different")  # and any level past it, further apart
        if seen and any(m[level] > u[level] for level in range(differ, len(m))):
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


def clusters_apart(
    size: int,
    links: Iterable[tuple[int, int]],
    apart: Sequence[bool],
    never_together: Iterable[tuple[int, int]] = (),
) -> list[int]:
    """Each node's cluster (its root) from links taken in order, strongest first, where no
    cluster may hold two nodes marked `apart`, nor both nodes of a pair `never_together`:
    a link that would make such a cluster is skipped.

    People already held are kept apart so an import never joins two of them by itself
    (a person may have decided they are different), and so are records a person must
    decide on (twins), however many links would chain them; the skipped link goes to review.
    """
    parent = list(range(size))
    holds_apart = list(apart)
    # The pairs never to be together that each cluster holds one node of, by number.
    halves: dict[int, set[int]] = {}
    for number, pair in enumerate(never_together):
        for node in pair:
            halves.setdefault(node, set()).add(number)

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in links:
        a, b = root(left), root(right)
        if a == b or (holds_apart[a] and holds_apart[b]):
            continue
        if a in halves and b in halves and not halves[a].isdisjoint(halves[b]):
            continue
        low, high = min(a, b), max(a, b)
        parent[high] = low
        holds_apart[low] = holds_apart[low] or holds_apart[high]
        if high in halves:
            halves.setdefault(low, set()).update(halves.pop(high))
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
