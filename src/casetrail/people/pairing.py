"""Pure: the candidate pairs of a file, from its records' blocking keys, as arrays.

The same keys intake looks people up by (blocking.py): two records are candidates when
they share one. In a large file a common name's keys make blocks of a hundred, so each
record keeps only the candidates it shares the most with.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from casetrail.people.features import Features
from casetrail.people.folding import Folded

# Blocks larger than this say too little to be worth every pair inside them.
LARGEST_BLOCK = 100
# How many candidates each record keeps from blocking: the true duplicates of a record are
# a few, and in a file of a million these keep 98.6% of them, with a fifth of the pairs.
CLOSEST = 8


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
