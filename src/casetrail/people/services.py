"""Operations on person records: recording a person, and joining two records as one person.

People are reference data kept beside the chronology; the decision that two
records are one person is recorded on the case (workflow/operations/people.py)
or on the import's pair (review.py), in the same transaction as these writes.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.db import transaction
from django.db.models import F

from casetrail.people.blocking import blocking_keys
from casetrail.people.features import Features, PersonDetails, features_of
from casetrail.people.models import BlockingKey, NameFrequency, Person, PersonAddress
from casetrail.people.normalise import birth_date


def person_row(details: PersonDetails, *, source: str, now: datetime) -> Person:
    """An unsaved person as typed, with its folded features."""
    return Person(
        given_name=details.given_name.strip()[:200],
        surname=details.surname.strip()[:200],
        other_names=[name.strip() for name in details.other_names if name.strip()],
        birth_date=birth_date(details.birth_date),
        birth_date_typed=details.birth_date.strip()[:40],
        identifiers=[[scheme, value.strip()] for scheme, value in details.identifiers if value],
        features=json.dumps(features_of(details).to_json(), separators=(",", ":")),
        source=source,
        created_at=now,
    )


def address_rows(person: Person, details: PersonDetails, now: datetime) -> list[PersonAddress]:
    return [
        PersonAddress(
            person=person,
            line=address.line.strip()[:500],
            town=address.town.strip()[:200],
            postcode=address.postcode.strip()[:20],
            recorded_at=now,
        )
        for address in details.addresses
        if address.line.strip() or address.town.strip() or address.postcode.strip()
    ]


@transaction.atomic
def person_create(*, details: PersonDetails, source: str, now: datetime) -> Person:
    person = person_row(details, source=source, now=now)
    person.save()
    PersonAddress.objects.bulk_create(address_rows(person, details, now))
    _keys_store(person, person.folded)
    names_count(person.folded, +1)
    return person


def _keys_store(person: Person, features: Features) -> None:
    BlockingKey.objects.bulk_create(
        [BlockingKey(key=key, person=person) for key in blocking_keys(features)],
        ignore_conflicts=True,
    )


def names_count(features: Features, change: int) -> None:
    """Keep the name frequencies in step as people are recorded and joined."""
    for kind, value in (("given", features.given), ("surname", features.surname)):
        if not value:
            continue
        updated = NameFrequency.objects.filter(kind=kind, value=value).update(
            count=F("count") + change
        )
        if not updated and change > 0:
            NameFrequency.objects.get_or_create(kind=kind, value=value, defaults={"count": change})


@transaction.atomic
def person_merge(*, merged: Person, into: Person, now: datetime) -> Person:
    """Two records are one person: `into` takes on what `merged` knew, and stands for both."""
    if merged.pk == into.pk or merged.merged_into_id:
        return into
    names = [*into.other_names]
    for name in (merged.name, *merged.other_names):
        if name and name != into.name and name not in names:
            names.append(name)
    into.other_names = names
    if not into.birth_date_typed:
        into.birth_date, into.birth_date_typed = merged.birth_date, merged.birth_date_typed
    known = {tuple(item) for item in into.identifiers}
    into.identifiers += [item for item in merged.identifiers if tuple(item) not in known]
    PersonAddress.objects.filter(person=merged).update(person=into)
    merged.records.update(person=into)
    names_count(merged.folded, -1)
    BlockingKey.objects.filter(person=merged).delete()
    into.features = json.dumps(features_of(into.details()).to_json(), separators=(",", ":"))
    into.save()
    _keys_store(into, into.folded)
    Person.objects.filter(merged_into=merged).update(merged_into=into)
    merged.merged_into = into
    merged.save(update_fields=["merged_into"])
    return into
