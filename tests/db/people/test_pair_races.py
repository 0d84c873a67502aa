"""Reviewers deciding at once never both settle one pair, nor join into a joined record.

PostgreSQL only, with real connections: SQLite's test database is one connection.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from casetrail.accounts.roles import Role
from casetrail.people.models import Person, SourceRecord
from casetrail.people.review import PairAlreadyDecided, pair_decide
from casetrail.people.selectors import person_current
from tests.db.people.test_pair_decide import NOW, RATIONALE, pair_of, person, reloaded

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's test database is one in-memory connection",
    ),
]


def decide(pair_id: int, by, same: bool) -> str:
    try:
        pair_decide(pair_id=pair_id, by=by, same=same, rationale=RATIONALE, now=NOW)
        return "decided"
    except PairAlreadyDecided:
        return "refused"
    finally:
        connections.close_all()


def test_two_reviewers_deciding_one_pair_at_once_cannot_both_succeed(make_user):
    pair = pair_of(person("Ash", "Lee", "2001-02-03", "L-1"), person("Ash", "Leigh", "", "R-1"))
    reviewers = [make_user(Role.CASEWORKER), make_user(Role.SUPERVISOR)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(decide, pair.pk, by, same)
            for by, same in zip(reviewers, (True, False), strict=True)
        ]
        outcomes = sorted(future.result() for future in futures)
    assert outcomes == ["decided", "refused"]
    decided = reloaded(pair)
    joined = Person.objects.get(pk=pair.right_id).merged_into_id == pair.left_id
    assert joined is (decided.decision == "same")


def test_a_chain_of_pairs_decided_at_once_ends_as_one_person(make_user):
    caseworker = make_user(Role.CASEWORKER)
    people = [person(f"Given{n}", f"Surname{n}", "", f"R-{n}") for n in range(7)]
    pairs = [pair_of(people[n], people[n + 1]) for n in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(decide, pair.pk, caseworker, True) for pair in pairs]
        assert [future.result() for future in futures] == ["decided"] * 6
    survivors = {person_current(someone.pk).pk for someone in people}
    assert len(survivors) == 1
    assert SourceRecord.objects.filter(person_id=survivors.pop()).count() == 7
