"""Person records, their blocking keys and name frequencies, imports and pairs to review.

People are reference data, like agencies: a case's chronology names its person
by id, and a decision that two records are one person is recorded on the case
(or, for imported records, on the pair). Only people/services.py writes here.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models

from casetrail.people.features import Address, Features, PersonDetails


class Person(models.Model):
    given_name = models.CharField(max_length=200, blank=True)
    surname = models.CharField(max_length=200, blank=True)
    # Aliases and previous names, each as typed.
    other_names = models.JSONField(default=list)
    birth_date = models.DateField(null=True)  # when what was typed is a real date
    birth_date_typed = models.CharField(max_length=40, blank=True)
    identifiers = models.JSONField(default=list)  # [[scheme, value], ...] as typed
    # Features.to_json() as compact text: read back a few hundred at a time at intake.
    features = models.TextField()
    source = models.CharField(max_length=100)
    created_at = models.DateTimeField()
    # Set when a person decided this record is the same person as another: the
    # other stands for both, and this row stays so what named it still resolves.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, related_name="merged"
    )

    def __str__(self) -> str:
        return self.name or f"person {self.pk}"

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.given_name, self.surname) if part)

    @property
    def folded(self) -> Features:
        return Features.from_json(json.loads(self.features))

    def details(self) -> PersonDetails:
        return PersonDetails(
            given_name=self.given_name,
            surname=self.surname,
            other_names=tuple(self.other_names),
            birth_date=self.birth_date_typed,
            addresses=tuple(
                Address(address.line, address.town, address.postcode)
                for address in self.addresses.all()
            ),
            identifiers=tuple((scheme, value) for scheme, value in self.identifiers),
        )


class PersonAddress(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="addresses")
    line = models.CharField(max_length=500, blank=True)
    town = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=20, blank=True)  # as typed
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return self.postcode or self.line[:40]


class BlockingKey(models.Model):
    """One of a person's blocking keys (blocking.py): the index candidates are found by.

    The table is its primary key (key, person) and nothing else: on SQLite it has no row
    ids (migration 0003), so each key written goes into one B-tree, not three. An import
    of a million records writes some nine million keys, and that was most of its time.

    The keys are made from their person's features, so the database does not check that
    each one's person is there (migration 0005): PostgreSQL checked a million records'
    keys at commit, one look-up and row lock of the person a key, for most of a minute.
    Django still refuses to delete a person who has keys (PROTECT), and the filing of an
    import's keys leaves out anyone no longer there.
    """

    pk = models.CompositePrimaryKey("key", "person")
    key = models.BigIntegerField()
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, db_index=False, db_constraint=False
    )

    def __str__(self) -> str:
        return str(self.key)


class PendingKeys(models.Model):
    """The blocking keys an import wrote a person with, waiting to be filed into BlockingKey.

    An import writes its people a chunk a transaction, and each person's keys in the same
    one, here: a row a person, appended. Filed into BlockingKey chunk by chunk, a chunk's
    keys fell all over that table's tree, and every commit rewrote most of its pages. The
    import files them all at its end, in key order (import_writing.keys_file), so each
    page is written once; until then intake does not find those people by them. An
    interrupted import's keys are filed when the next import starts.
    """

    # A queue, not a record: it goes with its person. Unchecked by the database, as
    # BlockingKey: each row is written with its person, in the same transaction.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    # The keys as 64-bit little-endian numbers, one after another: a million records have
    # 8.5 million keys, and a row each was half of what writing their people cost.
    keys = models.BinaryField()
    # A person held before the import, who may have some of these keys already; a new
    # person has none but these.
    held = models.BooleanField()

    KEY_TYPE = "<i8"

    def __str__(self) -> str:
        return f"keys of person {self.person_id}"


# The row of NameFrequency that counts everyone held, against which a name's count is a share.
PEOPLE_HELD = ("people", "")


class NameFrequency(models.Model):
    """How many people carry a given name or surname: common names weigh less when they agree.

    One more row, PEOPLE_HELD, counts the people held, kept in step in the same places.
    """

    kind = models.CharField(max_length=10)  # given, surname; people (PEOPLE_HELD)
    value = models.CharField(max_length=200)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="name_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.value}: {self.count}"


class MatchParameters(models.Model):
    """One estimate of the scoring model; the newest is used. Earlier ones stay as history."""

    estimated_at = models.DateTimeField()
    model = models.JSONField()  # MatchModel.to_json()
    pairs = models.PositiveIntegerField(default=0)  # candidate pairs it was estimated on
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-estimated_at", "-id"]
        get_latest_by = ["estimated_at", "id"]

    def __str__(self) -> str:
        return f"estimated {self.estimated_at:%Y-%m-%d}"


class SourceRecord(models.Model):
    """A record imported from an older system, and the person it was found to be."""

    source = models.CharField(max_length=100)
    record_id = models.CharField(max_length=100)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="records")
    # The record's optional case columns: an earlier case in the older system.
    case = models.JSONField(default=dict)
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "record_id"], name="source_record_once")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.record_id}"


class PairDecision(models.TextChoices):
    SAME = "same", "The same person"
    DIFFERENT = "different", "Different people"


class UncertainPair(models.Model):
    """Two people an import could not tell apart or together: a person decides."""

    left = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    left_record = models.CharField(max_length=100)
    right_record = models.CharField(max_length=100)
    probability = models.FloatField()
    evidence = models.JSONField()  # [[field, level label, weight], ...]
    found_at = models.DateTimeField()
    decision = models.CharField(max_length=10, choices=PairDecision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True)
    rationale = models.TextField(blank=True)

    class Meta:
        ordering = ["decided_at", "-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="uncertain_pair_once")
        ]
        indexes = [models.Index(fields=["decided_at", "probability"], name="uncertain_open")]

    def __str__(self) -> str:
        return f"{self.left_record} ~ {self.right_record}"

    # A person recorded from a referral has no imported record: they are named as a person.
    @property
    def left_label(self) -> str:
        return self.left_record or f"P-{self.left_id}"

    @property
    def right_label(self) -> str:
        return self.right_record or f"P-{self.right_id}"

    @property
    def label(self) -> str:
        return f"{self.left_label} and {self.right_label}"
