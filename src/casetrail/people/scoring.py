"""Pure: Fellegi-Sunter scoring of two people's features, with an explanation a screener can read.

Each comparison level has m (how often true matches show it) and u (how often
non-matches do); its weight is log2(m/u) bits for, or against, the match. An
exact name is weighed by how common that name is (term frequency). The
parameters are estimated from the people casetrail holds (estimation.py);
until then the defaults below, set by hand from what such data usually shows,
are used. Scores only suggest: a person always decides.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from casetrail.people.comparison import COMPARISONS, levels_of
from casetrail.people.features import Features

# A person's name as the frequency table knows it: ("surname", "smith").
Frequency = Callable[[str, str], int]


@dataclass(frozen=True)
class MatchModel:
    prior: float  # the chance that a candidate found by blocking is the same person
    m: tuple[tuple[float, ...], ...]  # per comparison, per level
    u: tuple[tuple[float, ...], ...]
    population: int = 0  # how many people the name frequencies count
    # u of the address comparison between different people who share a surname: a family
    # shares a home, so among them a shared address is far less telling than by chance.
    u_family: tuple[float, ...] = ()

    def to_json(self) -> dict:
        return {
            "prior": self.prior,
            "m": self.m,
            "u": self.u,
            "population": self.population,
            "u_family": self.u_family,
        }

    def fits(self) -> bool:
        """Whether it has an m and a u for each level of each comparison made now."""
        shape = [len(comparison.levels) for comparison in COMPARISONS]
        return [len(levels) for levels in self.m] == shape == [len(levels) for levels in self.u]

    @classmethod
    def from_json(cls, data: dict) -> MatchModel:
        return cls(
            data["prior"],
            tuple(tuple(levels) for levels in data["m"]),
            tuple(tuple(levels) for levels in data["u"]),
            data.get("population", 0),
            tuple(data.get("u_family", ())),
        )


DEFAULT_MODEL = MatchModel(
    u_family=(0.05, 0.02, 0.03, 0.05, 0.15, 0.70),
    prior=0.02,
    m=(
        (0.86, 0.06, 0.04, 0.02, 0.02),
        (0.86, 0.05, 0.04, 0.02, 0.03),
        (0.8955, 0.03, 0.05, 0.02, 0.004, 0.0005),
        (0.55, 0.10, 0.05, 0.05, 0.05, 0.20),
        (0.93, 0.05, 0.02),
    ),
    u=(
        (0.02, 0.01, 0.005, 0.04, 0.925),
        (0.01, 0.002, 0.003, 0.02, 0.965),
        (0.001, 0.0002, 0.004, 0.05, 0.21, 0.7348),
        (0.0005, 0.0005, 0.001, 0.005, 0.05, 0.943),
        (0.0001, 0.0005, 0.9994),
    ),
)


def chance_words(chance: float) -> str:
    """A chance as people say it; never "100%" for what is only very likely."""
    if chance >= 0.995:  # a stored 1.0 is a chance rounded up
        return "over 99%"
    return f"{chance:.0%}"


@dataclass(frozen=True)
class Evidence:
    """One field's part in a score: the level it reached and the bits it added."""

    field: str
    level: int | None
    label: str
    weight: float

    @property
    def verdict(self) -> str:
        if self.level is None:
            return "not known on both"
        if self.weight >= 4:
            return "agrees strongly"
        if self.weight > 0:
            return "agrees"
        return "weighs against" if self.weight <= -1 else "says little"


@dataclass(frozen=True)
class Match:
    weight: float
    evidence: tuple[Evidence, ...]

    @property
    def probability(self) -> float:
        return 1 / (1 + 2 ** (-self.weight)) if self.weight > -60 else 0.0


def prior_weight(model: MatchModel) -> float:
    return math.log2(model.prior / (1 - model.prior))


# The chance that a candidate blocking finds is the same person, before the evidence:
# about one in fifty. Intake and an import decide with it, not with the prior EM
# estimates, which counts the share of matches among one file's candidate pairs and
# is thrown far off by families and namesakes; so a chance means the same everywhere.
CANDIDATE_PRIOR = 0.02
# The most a rare name may add over the average name's weight, in bits.
TF_MOST_BITS = 3.0
# Among fewer people than this, a name's share of them says more about who happens to
# be held than about the name: two Priyas of five would make Priya the commonest name.
TF_FROM = 10_000
SURNAME = [comparison.name for comparison in COMPARISONS].index("surname")
ADDRESS = [comparison.name for comparison in COMPARISONS].index("address")
FAMILY_SURNAME_LEVELS = frozenset({0, 1})


def level_weight(
    model: MatchModel,
    index: int,
    level: int,
    value: str = "",
    frequency: Frequency | None = None,
    *,
    family: bool = False,
) -> float:
    m, u = model.m[index][level], model.u[index][level]
    if family and index == ADDRESS and model.u_family:
        u = model.u_family[level]
    comparison = COMPARISONS[index]
    if level == 0 and comparison.frequency and frequency and model.population:
        count = frequency(comparison.frequency, value)
        if count:
            # How often this very name is shared by chance, not the average name; but a
            # rare name is passed down in families, so it may add only so much.
            u = max(count / model.population, u / 2**TF_MOST_BITS)
    return math.log2(max(m, 1e-9) / max(u, 1e-12))


def match_score(
    query: Features,
    candidate: Features,
    model: MatchModel,
    frequency: Frequency | None = None,
    levels: tuple[int | None, ...] | None = None,
) -> Match:
    """The match weight of two people and each field's part in it."""
    found = levels if levels is not None else levels_of(query, candidate)
    family = found[SURNAME] in FAMILY_SURNAME_LEVELS
    evidence = []
    for index, (comparison, level) in enumerate(zip(COMPARISONS, found, strict=True)):
        if level is None:
            evidence.append(Evidence(comparison.name, None, "not known on both", 0.0))
            continue
        value = query.given if comparison.frequency == "given" else query.surname
        weight = level_weight(model, index, level, value, frequency, family=family)
        evidence.append(Evidence(comparison.name, level, comparison.levels[level], weight))
    total = prior_weight(model) + sum(item.weight for item in evidence)
    return Match(total, tuple(evidence))
