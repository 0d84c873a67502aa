"""pair_decide: a person settles whether an import's uncertain pair is one person."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from casetrail.accounts.roles import Role
from casetrail.chronology.models import Event
from casetrail.people import review
from casetrail.people.features import PersonDetails
from casetrail.people.models import Person, SourceRecord, UncertainPair
from casetrail.people.review import PairAlreadyDecided, pair_decide
from casetrail.people.services import person_create, person_merge
from casetrail.workflow.models import Case
from casetrail.workflow.operations.people import people_join_recorded
from casetrail.workflow.rebuild import cases_rebuild_check
from casetrail.workflow.record import RecordError
from casetrail.workflow.scenarios import case_through

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
RATIONALE = "Same NHS number and the same address; the date of birth has day and month swapped."


def person(given: str, surname: str, birth: str, record: str) -> Person:
    details = PersonDetails(given_name=given, surname=surname, birth_date=birth)
    someone = person_create(details=details, source="northshire-2019", now=NOW)
    SourceRecord.objects.create(
        source="northshire-2019", record_id=record, person=someone, imported_at=NOW
    )
    return someone


def pair_of(left: Person, right: Person) -> UncertainPair:
    return UncertainPair.objects.create(
        left=left,
        right=right,
        left_record=getattr(left.records.first(), "record_id", ""),  # "" when from a referral
        right_record=right.records.get().record_id,
        probability=0.6,
        evidence=[["given name", "an alias, middle name or nickname", 2.6]],
        found_at=NOW - timedelta(days=1),
    )


@pytest.fixture
def caseworker(make_user):
    return make_user(Role.CASEWORKER)


@pytest.fixture
def pair(db) -> UncertainPair:
    return pair_of(
        person("William", "Hartley", "2007-03-04", "L-1"),
        person("Bill", "Hartly", "2007-04-03", "R-7"),
    )


def reloaded(pair: UncertainPair) -> UncertainPair:
    return UncertainPair.objects.get(pk=pair.pk)


class TestPairDecide:
    def test_it_records_who_decided_when_and_why(self, pair, caseworker):
        pair_decide(pair_id=pair.pk, by=caseworker, same=False, rationale=RATIONALE, now=NOW)
        decided = reloaded(pair)
        assert (decided.decision, decided.decided_by, decided.decided_at) == (
            "different",
            caseworker,
            NOW,
        )
        assert decided.rationale == RATIONALE

    def test_different_people_are_left_apart(self, pair, caseworker):
        pair_decide(pair_id=pair.pk, by=caseworker, same=False, rationale=RATIONALE, now=NOW)
        assert Person.objects.filter(merged_into__isnull=False).count() == 0

    def test_the_same_person_joins_the_right_record_into_the_left(self, pair, caseworker):
        pair_decide(pair_id=pair.pk, by=caseworker, same=True, rationale=RATIONALE, now=NOW)
        left, right = Person.objects.get(pk=pair.left_id), Person.objects.get(pk=pair.right_id)
        assert right.merged_into == left
        assert left.merged_into is None
        assert "Bill Hartly" in left.other_names
        assert set(left.records.values_list("record_id", flat=True)) == {"L-1", "R-7"}

    def test_it_follows_earlier_joins_on_both_sides(self, pair, caseworker):
        survivor = person("William", "Hartley", "2007-03-04", "S-1")
        person_merge(merged=pair.left, into=survivor, now=NOW)
        pair_decide(pair_id=pair.pk, by=caseworker, same=True, rationale=RATIONALE, now=NOW)
        assert Person.objects.get(pk=pair.right_id).merged_into == survivor
        assert Person.objects.get(pk=survivor.pk).merged_into is None

    def test_records_already_one_person_are_just_recorded(self, pair, caseworker):
        person_merge(merged=pair.right, into=pair.left, now=NOW)
        pair_decide(pair_id=pair.pk, by=caseworker, same=True, rationale=RATIONALE, now=NOW)
        assert reloaded(pair).decision == "same"
        assert Person.objects.get(pk=pair.left_id).merged_into is None

    def test_records_already_one_person_cannot_be_called_different(self, pair, caseworker):
        person_merge(merged=pair.right, into=pair.left, now=NOW)
        with pytest.raises(RecordError, match="already stand for one person"):
            pair_decide(pair_id=pair.pk, by=caseworker, same=False, rationale=RATIONALE, now=NOW)
        assert reloaded(pair).decided_at is None

    def test_joining_a_person_with_cases_says_so_on_each_case(self, cast):
        case = case_through(cast=cast, start=NOW, upto="receive", person="Jordan Miles")
        held = Person.objects.get(pk=case.person_id)
        pair = pair_of(held, person("Jordon", "Myles", "2010-05-01", "R-9"))
        head = case.head_position
        pair_decide(pair_id=pair.pk, by=cast.caseworker, same=True, rationale=RATIONALE, now=NOW)
        [event] = Event.objects.filter(case=case, position__gt=head)
        assert (event.type, event.actor) == ("PersonRecordsJoined", cast.caseworker)
        payload = json.loads(event.payload)
        assert payload["person_id"] == held.pk
        assert payload["joined_person_id"] == pair.right_id
        assert payload["rationale"] == RATIONALE
        assert f"P-{held.pk} and R-9" in payload["how"]
        assert cases_rebuild_check() == []

    def test_a_different_people_decision_leaves_cases_alone(self, cast):
        case = case_through(cast=cast, start=NOW, upto="receive", person="Jordan Miles")
        pair = pair_of(Person.objects.get(pk=case.person_id), person("Jo", "M", "", "R-9"))
        pair_decide(pair_id=pair.pk, by=cast.caseworker, same=False, rationale=RATIONALE, now=NOW)
        assert Case.objects.get(pk=case.pk).head_position == case.head_position

    def test_a_supervisor_may_decide(self, pair, make_user):
        supervisor = make_user(Role.SUPERVISOR)
        pair_decide(pair_id=pair.pk, by=supervisor, same=False, rationale=RATIONALE, now=NOW)
        assert reloaded(pair).decided_by == supervisor

    @pytest.mark.parametrize(
        "role",
        [
            Role.REFERRER,
            Role.INTERVENTION_PROVIDER,
            Role.AUDITOR,
            Role.PANEL_CHAIR,
            Role.ADMINISTRATOR,
        ],
    )
    def test_it_requires_the_review_permission(self, pair, make_user, role):
        with pytest.raises(PermissionDenied):
            pair_decide(
                pair_id=pair.pk, by=make_user(role), same=True, rationale=RATIONALE, now=NOW
            )
        assert reloaded(pair).decided_at is None
        assert Person.objects.get(pk=pair.right_id).merged_into is None

    @pytest.mark.parametrize("same", [True, False])
    def test_a_decision_is_never_changed(self, pair, caseworker, make_user, same):
        pair_decide(pair_id=pair.pk, by=caseworker, same=False, rationale=RATIONALE, now=NOW)
        later = NOW + timedelta(hours=1)
        with pytest.raises(PairAlreadyDecided, match="stays decided"):
            pair_decide(
                pair_id=pair.pk, by=make_user(Role.SUPERVISOR), same=same, rationale=RATIONALE,
                now=later,
            )  # fmt: skip
        decided = reloaded(pair)
        assert (decided.decision, decided.decided_by, decided.decided_at) == (
            "different",
            caseworker,
            NOW,
        )
        assert Person.objects.get(pk=pair.right_id).merged_into is None

    @pytest.mark.parametrize("rationale", ["", "agreed", "same person"])
    def test_an_empty_or_token_rationale_is_refused_and_nothing_joined(
        self, pair, caseworker, rationale
    ):
        with pytest.raises(RecordError) as refused:
            pair_decide(pair_id=pair.pk, by=caseworker, same=True, rationale=rationale, now=NOW)
        assert refused.value.field == "rationale"
        assert reloaded(pair).decided_at is None
        assert Person.objects.get(pk=pair.right_id).merged_into is None

    def test_atomicity(self, pair, caseworker, monkeypatch):
        """A failure after the join undoes the join: the pair and both people are as they were."""

        def join_then_fail(**kwargs):
            people_join_recorded(**kwargs)
            raise RuntimeError("the database went away")

        monkeypatch.setattr(review, "people_join_recorded", join_then_fail)
        with pytest.raises(RuntimeError):
            pair_decide(pair_id=pair.pk, by=caseworker, same=True, rationale=RATIONALE, now=NOW)
        assert reloaded(pair).decided_at is None
        assert Person.objects.get(pk=pair.right_id).merged_into is None
        assert Person.objects.get(pk=pair.left_id).records.count() == 1
