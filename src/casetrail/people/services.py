"""Operations on person records: recording a person, and joining two records as one person.

People are reference data kept beside the chronology; the decision that two
records are one person is recorded on the case (workflow/operations/people.py)
or on the import's pair (review.py), in the same transaction as these writes.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F

from casetrail.people.blocking import blocking_keys
from casetrail.people.features import Features, PersonDetails, features_of
from casetrail.people.models import (
    PEOPLE_HELD,
    BlockingKey,
    NameFrequency,
    PendingKeys,
    Person,
    PersonAddress,
)
from casetrail.people.normalise import birth_date
from casetrail.people.selectors import person_current

# The advisory lock joins take turns on: "people" in ASCII.
JOIN_LOCK = 0x70656F706C65


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
    """Keep the name frequencies, and the count of people held, in step as people are
    recorded and joined."""
    names = [(kind, value) for kind, value in (("given", features.given),
             ("surname", features.surname)) if value]  # fmt: skip
    for kind, value in [*names, PEOPLE_HELD]:
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
    # By key: the table is keyed (key, person), so a person's keys are found from their own
    # features. A key left from features since outgrown still names `merged`, whom every
    # search for candidates passes over once it is merged.
    BlockingKey.objects.filter(key__in=blocking_keys(merged.folded), person=merged).delete()
    # An import's keys not yet filed: the joined person's go, and the survivor's are all
    # stored below, from what they now know.
    PendingKeys.objects.filter(person__in=(merged, into)).delete()
    into.features = json.dumps(features_of(into.details()).to_json(), separators=(",", ":"))
    into.save()
    _keys_store(into, into.folded)
    Person.objects.filter(merged_into=merged).update(merged_into=into)
    merged.merged_into = into
    merged.save(update_fields=["merged_into"])
    return into


@transaction.atomic
def people_join(*, keep: int, join: int, now: datetime) -> Person:
    """Two records are one person, whoever has joined what since: the one `keep` stands in
    takes on the one `join` stands in. Safe beside other joins at the same moment."""
    joins_take_turns()
    kept, joined = _survivors_locked(keep, join)
    if kept.pk == joined.pk:  # already one person through another decision
        return kept
    return person_merge(merged=joined, into=kept, now=now)


def joins_take_turns() -> None:
    """Wait for any other join to finish before starting this one.

    A join also re-points every record joined into the one it absorbs: rows no
    one can name before taking them, so two joins at once could each hold what
    the other needs and deadlock. Joins are rare and made by people, so they
    take turns: PostgreSQL holds an advisory lock to the end of the transaction;
    SQLite's IMMEDIATE transactions already let one writer in at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [JOIN_LOCK])


def _survivors_locked(first_id: int, second_id: int) -> tuple[Person, Person]:
    """The two people the records now stand in, locked, in id order."""
    first, second = person_current(first_id), person_current(second_id)
    rows = Person.objects.select_for_update().filter(pk__in={first.pk, second.pk})
    locked = {person.pk: person for person in rows.order_by("pk")}
    return locked[first.pk], locked[second.pk]
