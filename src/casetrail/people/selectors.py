"""Read queries about people: the candidates for a new person, the model in force, a history."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db import connection

from casetrail.people.blocking import blocking_keys
from casetrail.people.features import Features
from casetrail.people.models import PEOPLE_HELD, MatchParameters, NameFrequency, Person
from casetrail.people.scoring import (
    CANDIDATE_PRIOR,
    DEFAULT_MODEL,
    TF_FROM,
    Match,
    MatchModel,
    match_score,
)

# Candidates shown to a screener: a suggestion from this chance up, at most this many.
SUGGEST_FROM = 0.2
SUGGESTIONS = 5
# No one key may bring more people than this: a very common key says little.
PER_KEY = 200
# Nor are more than this many scored: past them, a person shares only a key or two.
CANDIDATES = 100
# SQLite joins at most 500 selects in one statement; more keys are looked up in groups.
KEYS_AT_ONCE = 400


@dataclass(frozen=True)
class Candidate:
    person: Person
    match: Match


def match_model() -> MatchModel:
    """The latest model estimated, if it compares the fields as this version does (one
    estimated before a level was added cannot weigh it); otherwise the defaults."""
    latest = MatchParameters.objects.order_by("-estimated_at", "-id").first()
    model = MatchModel.from_json(latest.model) if latest else DEFAULT_MODEL
    return model if model.fits() else DEFAULT_MODEL


def person_current(person_id: int) -> Person:
    """The person a record now stands in: following any joins to the surviving record."""
    person = Person.objects.get(pk=person_id)
    while person.merged_into_id:
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def one_person(first_id: int, second_id: int) -> bool:
    """Whether two records stand for one person now, through whatever joins since."""
    return person_current(first_id).pk == person_current(second_id).pk


def _candidates_folded(keys: list[int], exclude: set[int]) -> list[tuple[int, Features]]:
    """Those who share the most keys with the new person, at most CANDIDATES, with their
    features: one indexed look-up a key, each with its own limit.

    The people sharing several keys come first, as they are the likeliest to be this one.
    Usually in one round trip; a person with more keys than one statement may join (many
    aliases) has them counted a group at a time, then the likeliest read.
    """
    if not keys:
        return []
    wanted = CANDIDATES + len(exclude)
    with connection.cursor() as cursor:
        if len(keys) <= KEYS_AT_ONCE:
            cursor.execute(
                f"{_WITH_FEATURES} JOIN ({_shared_sql(len(keys))} "
                f"ORDER BY COUNT(*) DESC, person_id LIMIT {wanted}) AS likeliest "
                f"ON likeliest.person_id = person.id {_CURRENT}",
                keys,
            )
            found = cursor.fetchall()
        else:
            shared: Counter[int] = Counter()
            for start in range(0, len(keys), KEYS_AT_ONCE):
                group = keys[start : start + KEYS_AT_ONCE]
                cursor.execute(_shared_sql(len(group)), group)
                shared.update(dict(cursor.fetchall()))
            likeliest = sorted(shared, key=lambda person: (-shared[person], person))[:wanted]
            if not likeliest:
                return []
            cursor.execute(
                f"{_WITH_FEATURES} WHERE person.merged_into_id IS NULL AND person.id IN "
                f"({', '.join(['%s'] * len(likeliest))})",
                likeliest,
            )
            found = sorted(cursor.fetchall(), key=lambda row: (-shared[row[0]], row[0]))
        rows = [row for row in found if row[0] not in exclude][:CANDIDATES]
    return [(person_id, Features.from_json(json.loads(text))) for person_id, text in rows]


def _shared_sql(keys: int) -> str:
    """Each person sharing one of `keys` keys, with how many they share."""
    select = f"SELECT person_id FROM people_blockingkey WHERE key = %s LIMIT {PER_KEY}"
    shared = " UNION ALL ".join(f"SELECT person_id FROM ({select}) AS k{n}" for n in range(keys))
    return f"SELECT person_id, COUNT(*) AS shared_keys FROM ({shared}) AS shared GROUP BY person_id"


_WITH_FEATURES = "SELECT person.id, person.features FROM people_person AS person"
_CURRENT = "WHERE person.merged_into_id IS NULL ORDER BY likeliest.shared_keys DESC, person.id"


def _frequencies(features: Features) -> tuple[Callable[[str, str], int], int]:
    """How many people carry each of this person's names, and how many people are held."""
    wanted = {("given", features.given), ("surname", features.surname), PEOPLE_HELD}
    rows = NameFrequency.objects.filter(
        kind__in=[kind for kind, _ in wanted], value__in=[value for _, value in wanted]
    ).values_list("kind", "value", "count")
    counts = {(kind, value): count for kind, value, count in rows if (kind, value) in wanted}
    return (lambda kind, value: counts.get((kind, value), 0)), counts.get(PEOPLE_HELD, 0)


def person_candidates(
    features: Features,
    *,
    exclude: set[int] | frozenset[int] = frozenset(),
    at_least: float = SUGGEST_FROM,
    most: int = SUGGESTIONS,
    model: MatchModel | None = None,
) -> list[Candidate]:
    """The people most likely to be this one, best first, each with why."""
    found = _candidates_folded(blocking_keys(features), set(exclude))
    if not found:
        return []
    frequency, held = _frequencies(features)
    model = replace(model or match_model(), prior=CANDIDATE_PRIOR)
    if held >= TF_FROM:
        # A name's share of the people held is how often it agrees by chance (term frequency).
        model = replace(model, population=held)
    scored = sorted(
        (
            (person_id, match_score(features, folded, model, frequency))
            for person_id, folded in found
        ),
        key=lambda item: -item[1].weight,
    )
    kept = [(person_id, match) for person_id, match in scored[:most]
            if match.probability >= at_least]  # fmt: skip
    people = Person.objects.in_bulk([person_id for person_id, _ in kept])
    return [Candidate(people[person_id], match) for person_id, match in kept]
