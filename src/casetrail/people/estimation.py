"""Pure: estimating the scoring model's parameters from the people themselves.

u (how often a level occurs by chance) is counted over random pairs of people;
m (how often it occurs for the same person) and the prior are then found by
expectation-maximisation over the candidate pairs blocking produces, holding u
fixed, as Fellegi and Sunter's model allows without any labelled examples.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from casetrail.people.comparison import COMPARISONS, NULL
from casetrail.people.comparison_arrays import levels_between
from casetrail.people.feature_arrays import EMPTY, FeatureTable
from casetrail.people.scoring import (
    ADDRESS,
    DEFAULT_MODEL,
    FAMILY_SURNAME_LEVELS,
    SURNAME,
    MatchModel,
)

# Added to every level's count so that a level never seen still has a small chance.
SMOOTHING = 0.5


def level_matrix(pairs_levels: Sequence[tuple[int | None, ...]]) -> np.ndarray:
    rows = [[NULL if level is None else level for level in levels] for levels in pairs_levels]
    return np.array(rows, dtype=np.int8).reshape(len(rows), len(COMPARISONS))


def u_estimate(
    table: FeatureTable, *, samples: int = 100_000, seed: int = 7
) -> tuple[tuple[float, ...], ...]:
    """Each level's share among random pairs of people, nearly all of them different people."""
    size = len(table)
    if size < 2:
        return DEFAULT_MODEL.u
    rng = np.random.default_rng(seed)
    left = rng.integers(0, size, samples)
    # A second person other than the first: shifted by 1 to size - 1 places, round the ends.
    right = (left + rng.integers(1, size, samples)) % size
    matrix = levels_between(table, left, right)
    weights = np.ones(len(matrix))
    return tuple(
        tuple(_level_shares(matrix[:, index], weights, len(comparison.levels), SMOOTHING))
        for index, comparison in enumerate(COMPARISONS)
    )


# Each session trains on the pairs that agree on some fields, and learns m only for the
# others: within pairs born the same day, agreeing names mark the same person, not a
# family sharing a home. Splink trains the same way; one EM over every pair at once
# lets households pass as matches. (comparison index, levels that count as agreeing)
SESSIONS: tuple[tuple[tuple[int, frozenset[int]], ...], ...] = (
    ((2, frozenset({0, 1})),),  # the same date of birth, or day and month swapped
    ((0, frozenset({0})), (1, frozenset({0}))),  # the same given name and surname
)


def u_family_estimate(
    table: FeatureTable, *, samples: int = 50_000, seed: int = 11
) -> tuple[float, ...]:
    """The address levels among people who share a surname but not a given name or birth date.

    Sampled within surnames (each surname shared by two or more as likely as another), and
    only where given name and date of birth disagree, so that a record's own duplicates
    (which share the surname too) do not count as chance.
    """
    known = np.flatnonzero(table.surname != EMPTY)
    order = known[np.argsort(table.surname[known], kind="stable")]
    names = table.surname[order]
    starts = np.flatnonzero(np.r_[True, names[1:] != names[:-1]]) if len(names) else order
    sizes = np.diff(np.r_[starts, len(order)])
    shared = np.flatnonzero(sizes > 1)
    if not len(shared):
        return DEFAULT_MODEL.u_family
    rng = np.random.default_rng(seed)
    group = shared[rng.integers(0, len(shared), samples)]
    first = rng.integers(0, sizes[group])
    second = (first + rng.integers(1, sizes[group])) % sizes[group]
    matrix = levels_between(table, order[starts[group] + first], order[starts[group] + second])
    chance = (matrix[:, 0] == 4) & ~np.isin(matrix[:, 2], (0, 1, 2)) & (matrix[:, ADDRESS] != NULL)
    counts = np.bincount(matrix[chance, ADDRESS], minlength=len(DEFAULT_MODEL.u_family))
    return _normalised(counts.astype(float))


def _normalised(counts: np.ndarray) -> tuple[float, ...]:
    smoothed = counts + SMOOTHING
    return tuple(float(value) for value in smoothed / smoothed.sum())


def em_estimate(
    matrix: np.ndarray,
    u: tuple[tuple[float, ...], ...],
    *,
    start: MatchModel = DEFAULT_MODEL,
    rounds: int = 25,
    population: int = 0,
    u_family: tuple[float, ...] = DEFAULT_MODEL.u_family,
) -> MatchModel:
    """m and the prior from unlabelled candidate pairs, u held fixed."""
    m = [np.array(levels, dtype=float) for levels in start.m]
    u_arrays = [np.array(levels, dtype=float) for levels in u]
    family = np.array(u_family, dtype=float)
    learned: list[list[np.ndarray]] = [[] for _ in m]
    for conditions in SESSIONS:
        rows = np.ones(len(matrix), dtype=bool)
        for index, levels in conditions:
            rows &= np.isin(matrix[:, index], list(levels))
        session = matrix[rows].copy()
        fixed = [index for index, _ in conditions]
        session[:, fixed] = NULL
        if len(session) < 10:
            continue
        found, _ = _em(session, m, u_arrays, family, start.prior, rounds)
        for index in range(len(m)):
            if index not in fixed:
                learned[index].append(found[index])
    m = [np.mean(estimates, axis=0) if estimates else m[index]
         for index, estimates in enumerate(learned)]  # fmt: skip
    # With m settled, only the prior is left to find, over every candidate pair.
    _, prior = _em(matrix, m, u_arrays, family, start.prior, rounds, prior_only=True)
    return MatchModel(
        prior=min(max(prior, 1e-6), 1 - 1e-6),
        m=tuple(tuple(float(value) for value in levels) for levels in m),
        u=tuple(tuple(float(value) for value in levels) for levels in u),
        population=population,
        u_family=tuple(float(value) for value in family),
    )


def _em(matrix, m, u, family, prior, rounds, *, prior_only=False) -> tuple[list[np.ndarray], float]:
    patterns, counts = _patterns(matrix)
    for _ in range(rounds):
        weights = _match_chance(patterns, m, u, family, prior) * counts
        # Never quite 0 or 1: a session of nothing but matches would take a log of zero.
        prior = min(max(float(weights.sum() / counts.sum()), 1e-6), 1 - 1e-6)
        if not prior_only:
            m = [
                _level_shares(patterns[:, index], weights, len(m[index]), SMOOTHING / 100)
                for index in range(len(m))
            ]
    return m, prior


def _patterns(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of levels and how many pairs have each: each row read as one number
    (a digit a comparison), since a unique over rows sorts them column by column."""
    base = max((len(comparison.levels) for comparison in COMPARISONS), default=1) + 1
    codes = np.zeros(len(matrix), dtype=np.int64)
    for index in range(matrix.shape[1]):
        codes = codes * base + (matrix[:, index].astype(np.int64) + 1)
    found, counts = np.unique(codes, return_counts=True)
    patterns = np.empty((len(found), matrix.shape[1]), dtype=matrix.dtype)
    for index in reversed(range(matrix.shape[1])):
        patterns[:, index] = found % base - 1
        found = found // base
    return patterns, counts


def _level_shares(
    column: np.ndarray, weights: np.ndarray, levels: int, smoothing: float
) -> np.ndarray:
    known = column != NULL
    counts = np.bincount(column[known], weights=weights[known], minlength=levels) + smoothing
    return counts / counts.sum()


def _match_chance(patterns, m, u, family, prior) -> np.ndarray:
    log_m = np.full(len(patterns), np.log(prior))
    log_u = np.full(len(patterns), np.log(1 - prior))
    relatives = np.isin(patterns[:, SURNAME], list(FAMILY_SURNAME_LEVELS))
    for index in range(len(m)):
        column = patterns[:, index]
        known = column != NULL
        log_m[known] += np.log(m[index][column[known]])
        chance = u[index][column[known]]
        if index == ADDRESS:
            chance = np.where(relatives[known], family[column[known]], chance)
        log_u[known] += np.log(chance)
    return 1 / (1 + np.exp(np.clip(log_u - log_m, -700, 700)))
