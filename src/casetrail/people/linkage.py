"""Pure: linking and de-duplicating many records at once, as an import or a benchmark does.

Candidate pairs come from the same blocking keys intake uses; each is scored by
the same comparisons and model; pairs at or above the link probability join
one person (union-find), and those between the review and link probabilities
are kept for a person to decide.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from casetrail.people.blocking import blocking_codes
from casetrail.people.comparison import levels_of
from casetrail.people.estimation import em_estimate, level_matrix, u_estimate
from casetrail.people.features import Features
from casetrail.people.scoring import MatchModel, match_score

# Blocks larger than this say too little to be worth every pair inside them.
LARGEST_BLOCK = 400


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
    u = u_estimate(people, samples=samples)
    matrix = level_matrix([levels_of(people[i], people[j]) for i, j in pairs])
    return em_estimate(matrix, u, population=len(people))


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
    parent = np.arange(size)

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in links:
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return np.array([root(node) for node in range(size)])
