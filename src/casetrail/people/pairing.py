"""Pure: the candidate pairs of a file, from its records' blocking keys, as arrays.

The same keys intake looks people up by (blocking.py): two records are candidates when
they share one. In a large file a common name's keys make blocks of a hundred, so each
record keeps only the candidates it shares the most with.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from casetrail.people.features import Features
from casetrail.people.folding import Folded
from casetrail.people.forking import memory_return

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
    each member keeping only its `closest` candidates: `pairs_in_blocks(blocks_of(...))`.

    From keys already computed (each member's `blocking_keys`, one row per key and member),
    without a dict of lists per key. Members numbered `known_from` and above were
    de-duplicated before (people already held), so they are paired only with members below;
    `across`, and members below are paired only with those from it (linking two files).
    """
    return pairs_in_blocks(
        blocks_of(keys, members, largest=largest),
        known_from=known_from, across=across, closest=closest,
    )  # fmt: skip


@dataclass(frozen=True)
class Blocks:
    """The members that share each key, block after block: only blocks of two to `largest`
    members, which are all that pairing reads."""

    members: np.ndarray  # block after block, each block's in order
    starts: np.ndarray  # where each block starts in `members`
    sizes: np.ndarray  # and how many members it has


def blocks_of(keys: np.ndarray, members: np.ndarray, *, largest: int = LARGEST_BLOCK) -> Blocks:
    """The blocks of members sharing a key. Apart from pairing, so that a caller can let go of
    the keys (at a million records, 13 million of them) before the pairs are counted."""
    order = np.lexsort((members, keys))
    ordered = keys[order]
    begins = np.r_[True, ordered[1:] != ordered[:-1]]
    del ordered  # each step lets go of what the next no longer needs: these are large
    starts = np.flatnonzero(begins)
    del begins
    sizes = np.diff(np.r_[starts, len(order)])
    useful = (sizes > 1) & (sizes <= largest)
    starts, sizes = starts[useful], sizes[useful]
    return Blocks(members[order], starts, sizes)


def pairs_in_blocks(
    blocks: Blocks,
    *,
    known_from: int | None = None,
    across: bool = False,
    closest: int = CLOSEST,
) -> np.ndarray:
    """The pairs of members sharing a block, each member keeping its `closest` candidates.

    A candidate is closer the more keys it shares and the fewer members those keys have:
    a shared key weighs one over its block's size. In a large file a common name's keys
    make blocks of a hundred, and every member of one would be compared with all the rest;
    a pair stays when it is among the `closest` of either of its members.
    """
    members, starts, sizes = blocks.members, blocks.starts, blocks.sizes
    # Each pair as one number, left * span + right, with its weight in the lowest bits: a
    # pair found by several keys is summed by one sort of one column.
    span = int(members.max(initial=0)) + 1
    limit = span if known_from is None else known_from
    found = _Tally(span)
    for size in distinct(sizes).tolist():
        # Every block of one size at once: a grid of its members, paired by the triangle.
        first, second = np.triu_indices(size, 1)
        block_starts = starts[sizes == size]
        step = max(1, PAIRS_AT_ONCE // len(first))
        for at in range(0, len(block_starts), step):
            grid = members[block_starts[at : at + step, None] + np.arange(size)]
            left, right = grid[:, first].ravel(), grid[:, second].ravel()
            kept = (left < limit) & (right >= limit) if across else left < limit
            found.add(left[kept] * span + right[kept], round(_WEIGHT_SCALE / size))
    return _closest(found.totals(), span, closest)


# Pairs made at once, so that a file of a million records never holds every raw pair.
PAIRS_AT_ONCE = 4_000_000
# Ranges of right members whose places are sorted apart, to hold an eighth of them at once.
_RIGHT_PARTS = 8
# Numbers worked on at once when a large array is read a window at a time.
_WINDOW = 1 << 18
# A key shared in a block of n weighs round(_WEIGHT_SCALE / n), held in _WEIGHT_BITS bits.
_WEIGHT_SCALE = 1000
_WEIGHT_BITS = 14
_WEIGHT_MOST = (1 << _WEIGHT_BITS) - 1
# A pair's place among its member's pairs, as one number: heaviest first, and of those that
# weigh the same, by a number drawn from the pair (_DRAW_BITS of it), so that the order of
# the file (duplicates side by side, or far apart) plays no part. A member's number goes
# above it (_PLACE_BITS up), for sorting every member's pairs at once.
_DRAW_BITS = 24
_PLACE_BITS = _WEIGHT_BITS + _DRAW_BITS
# Two large odd numbers: a pair's members times these, wrapping, give its drawn number.
_DRAW_A = np.int64(-7046029254386353131)
_DRAW_B = np.int64(4354685564936845319)


class _Tally:
    """Pair numbers gathered in batches, each pair's weights summed as they come, so that
    memory follows the distinct pairs rather than every one found.

    Each pair is one number: left * span + right, with its weight in the lowest bits. The
    pairs merged so far stay sorted; a sorted batch is merged in by a stable sort, which
    on two sorted runs is a single merge, not a sort afresh.
    """

    def __init__(self, span: int) -> None:
        if span >= 1 << (63 - _PLACE_BITS) or span * span >= 1 << (63 - _WEIGHT_BITS):
            raise ValueError(f"too many people to pair at once: {span:,}")
        self.merged = np.empty(0, dtype=np.int64)
        self.pending: list[np.ndarray] = []
        self.waiting = 0

    def add(self, codes: np.ndarray, weight: int) -> None:
        self.pending.append((codes << _WEIGHT_BITS) | weight)
        self.waiting += len(codes)
        if self.waiting >= PAIRS_AT_ONCE:
            self._merge()

    def _merge(self) -> None:
        if not self.pending:
            return
        batch = np.concatenate(self.pending)
        self.pending, self.waiting = [], 0
        batch.sort()
        summed = _summed(batch)
        # Grown and shrunk in place (the C library's realloc, which moves a large block's
        # pages rather than copying them), never copied: the pairs merged so far are the
        # largest array an import holds.
        merged, start = self.merged, len(self.merged)
        merged.resize(start + len(summed), refcheck=False)
        merged[start:] = summed
        del batch, summed
        merged.sort(kind="stable")
        merged.resize(len(_summed(merged)), refcheck=False)

    def totals(self) -> np.ndarray:
        """Every pair once, sorted, with its summed weight in the lowest bits."""
        self._merge()
        return self.merged


def _windows(ordered: np.ndarray, after: Callable[[int], int]) -> Iterator[np.ndarray]:
    """Consecutive views of a sorted array, _WINDOW long or a little more, none ending
    inside a group of numbers: `after(number)` is the least number of the next group."""
    start = 0
    while start < len(ordered):
        stop = min(start + _WINDOW, len(ordered))
        if stop < len(ordered):
            stop = int(np.searchsorted(ordered, after(int(ordered[stop - 1]))))
        yield ordered[start:stop]
        start = stop


def _next_pair(number: int) -> int:
    return ((number >> _WEIGHT_BITS) + 1) << _WEIGHT_BITS


def _summed(ordered: np.ndarray) -> np.ndarray:
    """The sorted pair numbers with each pair once, its weights added up: written over the
    front of `ordered` itself, so that summing a large array makes no second one."""
    done = 0
    for window in _windows(ordered, _next_pair):
        pairs = window >> _WEIGHT_BITS
        starts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]])
        weights = np.minimum(np.add.reduceat(window & _WEIGHT_MOST, starts), _WEIGHT_MOST)
        summed = (pairs[starts] << _WEIGHT_BITS) | weights
        # Never past the window's own start: it is read in full above before this write.
        ordered[done : done + len(summed)] = summed
        done += len(summed)
    return ordered[:done]


def _closest(merged: np.ndarray, span: int, closest: int) -> np.ndarray:
    """The pairs among the `closest` of their left or their right member's pairs, as an
    (n, 2) array, found a window at a time so that no array is made of every pair twice.

    Each member's last place kept is found from its `closest` first places as the left
    member (windows of the pairs, which are sorted by their left member) and as the right
    (the pairs' places sorted by their right member, a range of members at a time).
    """

    def next_left(number: int) -> int:
        return ((number >> _WEIGHT_BITS) // span + 1) * span << _WEIGHT_BITS

    chosen = []
    as_right_count = np.zeros(span, dtype=np.int64)
    for window in _windows(merged, next_left):
        left, right, place = _placed(window, span)
        chosen.append(_first(np.sort((left << _PLACE_BITS) | place), closest))
        as_right_count += np.bincount(right, minlength=span)
    chosen += _closest_as_right(merged, span, closest, np.cumsum(as_right_count))
    memory_return()
    firsts = _joined(chosen)
    firsts.sort()
    kept = _first(firsts, closest)
    del firsts
    members = kept >> _PLACE_BITS
    ends = np.flatnonzero(np.r_[members[1:] != members[:-1], True]) if len(kept) else members
    last = np.full(span, -1, dtype=np.int64)
    last[members[ends]] = kept[ends] & ((1 << _PLACE_BITS) - 1)
    del kept, members, ends
    # Counted first, then written into their array: the pairs chosen are held once.
    count = sum(int(np.count_nonzero(near)) for near, _, _ in _near(merged, span, last))
    found = np.empty((count, 2), dtype=np.int64)
    at = 0
    for near, left, right in _near(merged, span, last):
        taken = int(np.count_nonzero(near))
        found[at : at + taken, 0], found[at : at + taken, 1] = left[near], right[near]
        at += taken
    return found


def _near(
    merged: np.ndarray, span: int, last: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(kept, left, right) of each window of the pairs: kept when within either member's
    last place kept."""
    for window in _windows(merged, _next_pair):
        left, right, place = _placed(window, span)
        yield (place <= last[left]) | (place <= last[right]), left, right


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    """The parts one after another, as np.concatenate, but each let go as soon as it is
    copied (the list is emptied), so the parts and their join are never all held at once."""
    joined = np.empty(sum(len(part) for part in parts), dtype=np.int64)
    at = 0
    parts.reverse()
    while parts:
        part = parts.pop()
        joined[at : at + len(part)] = part
        at += len(part)
    return joined


def _closest_as_right(
    merged: np.ndarray, span: int, closest: int, counted: np.ndarray
) -> list[np.ndarray]:
    """Each member's `closest` first places as the right member of its pairs, a range of
    members at a time, each range holding about as many pairs (`counted`: how many pairs
    have their right member at or below each member) so no range holds many at once."""
    total = int(counted[-1]) if len(counted) else 0
    wanted = np.linspace(0, total, _RIGHT_PARTS + 1)[1:-1]
    bounds = [0, *np.searchsorted(counted, wanted, side="right").tolist(), span]
    chosen = []
    for low, high in itertools.pairwise(bounds):
        # The windows' numbers, many and short-lived, leave the C library's heap in pieces
        # it keeps (some 200 MB at a million records) unless asked to give them back.
        memory_return()
        size = int(counted[high - 1] - (counted[low - 1] if low else 0)) if high > low else 0
        as_right = np.empty(size, dtype=np.int64)
        filled = 0
        for window in _windows(merged, _next_pair):
            _, right, place = _placed(window, span)
            mine = (right >= low) & (right < high)
            found = (right[mine] << _PLACE_BITS) | place[mine]
            as_right[filled : filled + len(found)] = found
            filled += len(found)
        as_right.sort()
        chosen.append(_first(as_right, closest))
        del as_right
    return chosen


def _placed(window: np.ndarray, span: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(left, right, place) of pair numbers: the place heaviest first, then by the draw."""
    codes = window >> _WEIGHT_BITS
    left, right = codes // span, codes % span
    drawn = ((left * _DRAW_A + right * _DRAW_B) >> (64 - _DRAW_BITS)) & ((1 << _DRAW_BITS) - 1)
    place = ((_WEIGHT_MOST - (window & _WEIGHT_MOST)) << _DRAW_BITS) | drawn
    return left, right, place


def _first(ordered: np.ndarray, closest: int) -> np.ndarray:
    """Of sorted (member, place) numbers, each member's `closest` first: kept in `ordered`
    itself, which is shrunk to them (it must own its numbers)."""
    ordered.resize(_first_moved_up(ordered, closest), refcheck=False)
    return ordered


def _first_moved_up(ordered: np.ndarray, closest: int) -> int:
    """Each member's `closest` first moved to the front of `ordered`, a window at a time:
    how many there are. (Apart from `_first`, so that no view of `ordered` outlives it.)"""
    done = 0
    for window in _windows(ordered, _next_member):
        members = window >> _PLACE_BITS
        starts = np.flatnonzero(np.r_[True, members[1:] != members[:-1]])
        place = np.arange(len(window)) - np.repeat(starts, np.diff(np.r_[starts, len(window)]))
        kept = window[place < closest]
        # Never past the window's own start, which is read in full above before this write.
        ordered[done : done + len(kept)] = kept
        done += len(kept)
    return done


def _next_member(number: int) -> int:
    return ((number >> _PLACE_BITS) + 1) << _PLACE_BITS


def exact_copies(keys: np.ndarray, starts: np.ndarray, *, more_than: int = CLOSEST) -> np.ndarray:
    """Pairs (i < j) chaining the records of each group of more than `more_than` that have
    the very same blocking keys: copies of one record, which blocking alone leaves apart
    once there are more of them than the largest block holds (a hundred copies share every
    key), and pairs only to their `CLOSEST` long before that.

    `keys` holds each record's keys one after another, from `starts` (and the end after).
    """
    counts = np.diff(starts)
    keyed = np.flatnonzero(counts > 0)
    if not len(keyed):
        return np.empty((0, 2), dtype=np.int64)
    # The same keys give the same two sums (wrapping) and count; other keys almost never.
    with np.errstate(over="ignore"):
        first = np.add.reduceat(keys * _DRAW_A, starts[keyed])
        second = np.add.reduceat(keys * _DRAW_B, starts[keyed])
    order = np.lexsort((keyed, first, second, counts[keyed]))
    same = (first[order][1:] == first[order][:-1]) & (second[order][1:] == second[order][:-1])
    same &= counts[keyed][order][1:] == counts[keyed][order][:-1]
    group = np.cumsum(np.r_[True, ~same])
    sizes = np.bincount(group)
    chained = same & (sizes[group[1:]] > more_than)
    left, right = keyed[order][:-1][chained], keyed[order][1:][chained]
    return np.column_stack((np.minimum(left, right), np.maximum(left, right)))


def pairs_with(pairs: np.ndarray, more: np.ndarray) -> np.ndarray:
    """`pairs` and `more` together, each pair once, sorted."""
    if not len(more):
        return pairs
    span = int(max(pairs.max(initial=0), more.max(initial=0))) + 1
    codes = np.union1d(pairs[:, 0] * span + pairs[:, 1], more[:, 0] * span + more[:, 1])
    return np.column_stack((codes // span, codes % span))


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, in order: np.unique's answer, by a sort and a mask, which on
    numpy 2.4 is some fifteen times faster for integers than np.unique itself."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered
