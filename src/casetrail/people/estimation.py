"""Pure: estimating the scoring model's parameters from the people themselves.

u (how often a level occurs by chance) is counted over random pairs of people;
m (how often it occurs for the same person) and the prior are then found by
expectation-maximisation over the candidate pairs blocking produces, holding u
fixed, as Fellegi and Sunter's model allows without any labelled examples.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from casetrail.people.comparison import COMPARISONS, levels_of
from casetrail.people.features import Features
from casetrail.people.scoring import DEFAULT_MODEL, MatchModel

NULL = -1
# Added to every level's count so that a level never seen still has a small chance.
SMOOTHING = 0.5


def level_matrix(pairs_levels: Sequence[tuple[int | None, ...]]) -> np.ndarray:
    rows = [[NULL if level is None else level for level in levels] for levels in pairs_levels]
    return np.array(rows, dtype=np.int8).reshape(len(rows), len(COMPARISONS))


def u_estimate(
    people: Sequence[Features], *, samples: int = 100_000, seed: int = 7
) -> tuple[tuple[float, ...], ...]:
    """Each level's share among random pairs of people, nearly all of them different people."""
    rng = random.Random(seed)
    size = len(people)
    if size < 2:
        return DEFAULT_MODEL.u
    pairs = (rng.sample(range(size), 2) for _ in range(samples))
    matrix = level_matrix([levels_of(people[i], people[j]) for i, j in pairs])
    weights = np.ones(len(matrix))
    return tuple(
        tuple(_level_shares(matrix[:, index], weights, len(comparison.levels), SMOOTHING))
        for index, comparison in enumerate(COMPARISONS)
    )


def em_estimate(
    matrix: np.ndarray,
    u: tuple[tuple[float, ...], ...],
    *,
    start: MatchModel = DEFAULT_MODEL,
    rounds: int = 40,
    population: int = 0,
) -> MatchModel:
    """m and the prior from unlabelled candidate pairs, u held fixed."""
    patterns, counts = np.unique(matrix, axis=0, return_counts=True)
    m = [np.array(levels, dtype=float) for levels in start.m]
    u_arrays = [np.array(levels, dtype=float) for levels in u]
    prior = start.prior
    for _ in range(rounds):
        chance = _match_chance(patterns, m, u_arrays, prior)
        weights = chance * counts
        prior = float(weights.sum() / counts.sum())
        m = [
            _level_shares(patterns[:, index], weights, len(m[index]), SMOOTHING / 100)
            for index in range(len(m))
        ]
    return MatchModel(
        prior=min(max(prior, 1e-6), 1 - 1e-6),
        m=tuple(tuple(float(value) for value in levels) for levels in m),
        u=tuple(tuple(float(value) for value in levels) for levels in u),
        population=population,
    )


def _level_shares(
    column: np.ndarray, weights: np.ndarray, levels: int, smoothing: float
) -> np.ndarray:
    known = column != NULL
    counts = np.bincount(column[known], weights=weights[known], minlength=levels) + smoothing
    return counts / counts.sum()


def _match_chance(patterns, m, u, prior) -> np.ndarray:
    log_m = np.full(len(patterns), np.log(prior))
    log_u = np.full(len(patterns), np.log(1 - prior))
    for index in range(len(m)):
        column = patterns[:, index]
        known = column != NULL
        log_m[known] += np.log(m[index][column[known]])
        log_u[known] += np.log(u[index][column[known]])
    return 1 / (1 + np.exp(np.clip(log_u - log_m, -700, 700)))
