"""Pure: linking and de-duplicating many records at once, as an import or a benchmark does.

Candidate pairs come from the same blocking keys intake uses; each is scored by
the same comparisons and model; pairs at or above the link probability join
one person (union-find), and those between the review and link probabilities
are kept for a person to decide.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from casetrail.people.blocking import blocking_codes
from casetrail.people.comparison import COMPARISONS, levels_of
from casetrail.people.estimation import (
    NULL,
    em_estimate,
    level_matrix,
    u_estimate,
    u_family_estimate,
)
from casetrail.people.features import Address, Features, PersonDetails
from casetrail.people.scoring import Frequency, MatchModel, match_score

# Blocks larger than this say too little to be worth every pair inside them.
LARGEST_BLOCK = 400
# At or above this chance two records are joined as one person without asking anyone.
# A wrong join hides one person's history inside another's, which is worse than a
# missed one (a screener still sees the candidate at intake, and the pair can be
# reviewed), so the bar is high: odds of 99 to 1 that they are one person.
LINK_AT = 0.99
# From this chance up to LINK_AT a person decides. Below it a pair is more likely two
# people than one, and a review queue full of those would teach reviewers to say no.
REVIEW_AT = 0.5


def candidate_pairs(
    people: Sequence[Features], *, split: int | None = None, largest: int = LARGEST_BLOCK
) -> list[tuple[int, int]]:
    """Index pairs (i < j) sharing a blocking key; with `split`, only pairs across it (linking)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, features in enumerate(people):
        for code in blocking_codes(features):
            blocks[code].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if 1 < len(members) <= largest:
            pairs.update(_block_pairs(members, split))
    return sorted(pairs)


def _block_pairs(members: list[int], split: int | None) -> Iterable[tuple[int, int]]:
    if split is None:
        return ((a, b) for n, a in enumerate(members) for b in members[n + 1 :])
    left = [member for member in members if member < split]
    right = [member for member in members if member >= split]
    return ((a, b) for a in left for b in right)


class NameCounts:
    """How many people carry each given name and surname: the term frequencies."""

    def __init__(self, people: Iterable[Features]):
        self.counts: Counter[tuple[str, str]] = Counter()
        for features in people:
            self.counts[("given", features.given)] += 1
            self.counts[("surname", features.surname)] += 1

    def __call__(self, kind: str, value: str) -> int:
        return self.counts.get((kind, value), 0)


def model_estimate(
    people: Sequence[Features], pairs: Sequence[tuple[int, int]], *, samples: int = 100_000
) -> MatchModel:
    matrix = level_matrix([levels_of(people[i], people[j]) for i, j in pairs])
    return model_from_levels(people, matrix, population=len(people), samples=samples)


@dataclass(frozen=True)
class ScoredPair:
    left: int
    right: int
    probability: float


def pairs_score(
    people: Sequence[Features],
    pairs: Sequence[tuple[int, int]],
    model: MatchModel,
    counts: NameCounts | None = None,
) -> list[ScoredPair]:
    return [
        ScoredPair(i, j, match_score(people[i], people[j], model, counts).probability)
        for i, j in pairs
    ]


def clusters(size: int, links: Iterable[tuple[int, int]]) -> np.ndarray:
    """Each record's cluster: the smallest record index among those linked to it."""
    return np.array(clusters_apart(size, links, [False] * size))


# Batch linkage over arrays: what an import of a million records needs -----------------------


def pairs_sharing_keys(
    keys: np.ndarray,
    members: np.ndarray,
    *,
    known_from: int | None = None,
    largest: int = LARGEST_BLOCK,
) -> np.ndarray:
    """The (i, j) pairs, i < j, of members that share a blocking key, as an (n, 2) array.

    The same pairs `candidate_pairs` finds, from keys already computed (each member's
    `blocking_keys`, one row per key and member), without a dict of lists per key. Members
    numbered `known_from` and above were de-duplicated before (people already held), so
    they are paired only with the members below it.
    """
    order = np.lexsort((members, keys))
    keys, members = keys[order], members[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    # Each pair as one number, left * span + right: half the memory of two columns, and
    # a pair sharing several keys is found again by a one-dimensional unique.
    span = int(members.max(initial=0)) + 1
    limit = span if known_from is None else known_from
    found = _UniqueCodes()
    for size in distinct(sizes[(sizes > 1) & (sizes <= largest)]).tolist():
        # Every block of one size at once: a grid of its members, paired by the triangle.
        first, second = np.triu_indices(size, 1)
        block_starts = starts[sizes == size]
        step = max(1, PAIRS_AT_ONCE // len(first))
        for at in range(0, len(block_starts), step):
            grid = members[block_starts[at : at + step, None] + np.arange(size)]
            left, right = grid[:, first].ravel(), grid[:, second].ravel()
            kept = left < limit
            found.add(distinct(left[kept] * span + right[kept]))
    codes = found.all()
    return np.column_stack((codes // span, codes % span)).astype(np.int64)


# Pairs made at once, so that a file of a million records never holds every raw pair.
PAIRS_AT_ONCE = 4_000_000


class _UniqueCodes:
    """Numbers gathered in batches, duplicates dropped as they come, so that memory
    follows the distinct numbers rather than every one found."""

    def __init__(self) -> None:
        self.merged = np.empty(0, dtype=np.int64)
        self.pending: list[np.ndarray] = []
        self.waiting = 0

    def add(self, codes: np.ndarray) -> None:
        self.pending.append(codes)
        self.waiting += len(codes)
        # Merged when the batches outgrow what is merged: each number is sorted a few times.
        if self.waiting > max(len(self.merged), PAIRS_AT_ONCE):
            self.merged = self.all()

    def all(self) -> np.ndarray:
        self.merged = distinct(np.concatenate([self.merged, *self.pending]))
        self.pending, self.waiting = [], 0
        return self.merged


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, in order: np.unique's answer, by a sort and a mask, which on
    numpy 2.4 is some fifteen times faster for integers than np.unique itself."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def groups(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(where each distinct value is first found, which distinct value each one is)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]] if len(ordered) else np.empty(0, bool)
    which = np.empty(len(values), dtype=np.int64)
    which[order] = np.cumsum(starts) - 1
    return order[starts], which


# What the comparing processes read: set before they fork, so each inherits them as they
# are instead of having a million people pickled across to it.
_shared_people: Sequence[Features] = ()
_shared_pairs: np.ndarray = np.empty((0, 2), dtype=np.int64)


def pairs_levels(
    people: Sequence[Features],
    pairs: np.ndarray,
    *,
    progress: Callable[[int], object] | None = None,
    step: int = 20_000,
    processes: int = 1,
) -> np.ndarray:
    """Each pair's comparison levels, one row a pair (NULL where a side does not know).

    With `processes` above one and more than a few steps of pairs, the steps are compared
    in that many forked processes: comparing is pure Python, one core a process.
    """
    global _shared_people, _shared_pairs
    bounds = [(start, min(start + step, len(pairs))) for start in range(0, len(pairs), step)]
    _shared_people, _shared_pairs = people, pairs
    try:
        if processes > 1 and len(bounds) > 2 and "fork" in mp.get_all_start_methods():
            with mp.get_context("fork").Pool(processes) as pool:
                blocks = _blocks_shown(pool.imap(_levels_between, bounds), bounds, progress)
        else:
            blocks = _blocks_shown(map(_levels_between, bounds), bounds, progress)
    finally:
        _shared_people, _shared_pairs = (), np.empty((0, 2), dtype=np.int64)
    return np.concatenate(blocks) if blocks else level_matrix([])


def _levels_between(bounds: tuple[int, int]) -> np.ndarray:
    people = _shared_people
    block = _shared_pairs[bounds[0] : bounds[1]].tolist()
    return level_matrix([levels_of(people[i], people[j]) for i, j in block])


def _blocks_shown(blocks: Iterable[np.ndarray], bounds, progress) -> list[np.ndarray]:
    found = []
    for block, (start, stop) in zip(blocks, bounds, strict=True):
        found.append(block)
        if progress:
            progress(stop - start)
    return found


def model_from_levels(
    people: Sequence[Features], matrix: np.ndarray, *, population: int, samples: int = 100_000
) -> MatchModel:
    """What `model_estimate` estimates, from the pairs' levels already found, so that no
    pair is compared twice (comparing is most of an import's time)."""
    u = u_estimate(people, samples=samples)
    family = u_family_estimate(people, samples=samples // 2)
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
    people: Sequence[Features],
    pairs: np.ndarray,
    matrix: np.ndarray,
    model: MatchModel,
    frequency: Frequency | None = None,
) -> np.ndarray:
    """Each pair's match probability, from `match_score` itself and the levels already found.

    Given the levels, a score reads only the first record's names (how common they are), so
    pairs alike in those share one call: a few thousand calls, not one a pair.
    """
    if not len(pairs):
        return np.empty(0)
    # Each pair's levels, and with frequencies its first record's names, as one number.
    alike = np.zeros(len(pairs), dtype=np.int64)
    for index, comparison in enumerate(COMPARISONS):
        alike = alike * (len(comparison.levels) + 1) + matrix[:, index].astype(np.int64) + 1
    if frequency:
        for values in ([person.given for person in people], [person.surname for person in people]):
            codes = _codes(values)
            alike = alike * (int(codes.max()) + 1) + codes[pairs[:, 0]]
    first, which = groups(alike)
    chances = np.empty(len(first))
    for n, position in enumerate(first.tolist()):
        left, right = pairs[position].tolist()
        levels = tuple(None if level == NULL else level for level in matrix[position].tolist())
        match = match_score(people[left], people[right], model, frequency, levels=levels)
        chances[n] = match.probability
    return chances[which]


def _codes(values: list[str]) -> np.ndarray:
    numbers: dict[str, int] = {}
    return np.array([numbers.setdefault(value, len(numbers)) for value in values], dtype=np.int64)


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
