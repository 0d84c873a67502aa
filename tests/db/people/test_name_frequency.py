"""Term frequency at intake: casetrail counts the people it holds beside their names, and
among enough people a common surname agreeing weighs less than a rare one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from casetrail.people.features import Address, PersonDetails, features_of
from casetrail.people.models import PEOPLE_HELD, NameFrequency, Person
from casetrail.people.scoring import TF_FROM
from casetrail.people.selectors import person_candidates
from casetrail.people.services import people_join, person_create
from tests.db.people.test_import import HEADER, run

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def details(given: str, surname: str, birth: str = "1990-02-03") -> PersonDetails:
    return PersonDetails(given, surname, (), birth, (Address("2 Elm Row", "Hull", "HU1 2AB"),))


def held() -> int:
    return NameFrequency.objects.get(kind=PEOPLE_HELD[0], value=PEOPLE_HELD[1]).count


def unmerged() -> int:
    return Person.objects.filter(merged_into=None).count()


def test_the_people_held_are_counted_as_people_are_recorded_and_joined():
    first = person_create(details=details("Ann", "Lee"), source="test", now=NOW)
    second = person_create(details=details("Anne", "Lee"), source="test", now=NOW)
    person_create(details=details("Bo", "Chan", "1971-01-01"), source="test", now=NOW)
    assert held() == unmerged() == 3
    people_join(keep=first.pk, join=second.pk, now=NOW)
    assert held() == unmerged() == 2


def test_an_import_counts_the_people_it_adds(tmp_path):
    person_create(details=details("Ann", "Lee"), source="test", now=NOW)
    text = (
        f"{HEADER}\nx1,Ann,Lee,,1990-02-03,2 Elm Row,Hull,HU1 2AB,\ny1,Kit,Moss,,1985-05-05,,,,\n"
    )
    run(tmp_path, text)
    assert held() == unmerged() == 2


def surname_weight(given: str, surname: str) -> float:
    candidates = person_candidates(features_of(details(given, surname)), at_least=0)
    [found] = [item for item in candidates if item.person.surname == surname]
    [evidence] = [part for part in found.match.evidence if part.field == "surname"]
    return evidence.weight


@pytest.fixture
def namesakes():
    """A Smith and a Quillfeather held, with the counts of a large population behind them."""
    for surname in ("Smith", "Quillfeather"):
        person_create(details=details("John", surname), source="test", now=NOW)
    NameFrequency.objects.filter(kind="surname", value="smith").update(count=TF_FROM // 10)


def test_among_enough_people_a_common_surname_agreeing_weighs_less_than_a_rare_one(namesakes):
    NameFrequency.objects.filter(kind="people").update(count=TF_FROM * 10)
    assert surname_weight("John", "Smith") < surname_weight("John", "Quillfeather")


def test_among_few_people_every_surname_weighs_the_same(namesakes):
    NameFrequency.objects.filter(kind="people").update(count=TF_FROM - 1)
    assert surname_weight("John", "Smith") == surname_weight("John", "Quillfeather")
