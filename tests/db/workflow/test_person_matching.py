"""A new referral is matched against everyone known; a screener links or dismisses each (F1)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from casetrail.chronology.models import Event
from casetrail.people.features import PersonDetails
from casetrail.people.models import Person
from casetrail.people.services import people_join, person_create
from casetrail.workflow.models import Case
from casetrail.workflow.operations.common import GuardRefused
from casetrail.workflow.operations.people import person_match_decide, person_matches_find
from casetrail.workflow.operations.referral import Referral, referral_receive, screening_decide
from casetrail.workflow.rebuild import cases_rebuild_check
from casetrail.workflow.record import RecordError
from casetrail.workflow.scenarios import case_through
from tests.db.workflow.conftest import NOW

WHY = "Same date of birth and address, and the earlier school is named in both referrals."


def refer(cast, name, birth, *, address="1 High Street", postcode="NS1 4AB", days=0, **more):
    referral = Referral(
        person_name=name,
        birth_date=birth,
        address=address,
        postcode=postcode,
        concerns="Sharing extremist material with classmates.",
        relationship="Teacher",
        person_aware="yes",
        referrer_name="A Teacher",
        referrer_email="teacher@example.invalid",
        **more,
    )
    return referral_receive(by=cast.referrer, referral=referral, now=NOW + timedelta(days=days))


def screened(cast, case):
    from casetrail.workflow.operations.referral import screening_start

    screening_start(case_id=case.pk, by=cast.caseworker, now=NOW + timedelta(days=2))
    return Case.objects.get(pk=case.pk)


def test_each_referral_records_its_person(cast):
    case = refer(cast, "Jordan Miles", date(1995, 3, 14), identifiers=[("nhs", "943 476 5919")])
    person = Person.objects.get(pk=case.person_id)
    assert (person.given_name, person.surname, person.birth_date) == (
        "Jordan",
        "Miles",
        date(1995, 3, 14),
    )
    assert person.addresses.get().postcode == "NS1 4AB"
    assert person.identifiers == [["nhs", "943 476 5919"]]
    assert case.matches_undecided == 0


def test_a_second_referral_with_a_typo_and_swapped_date_finds_the_first(cast):
    first = refer(cast, "Jordan Miles", date(1995, 3, 4))
    second = refer(cast, "Jordon Myles", date(1995, 4, 3), days=400)
    matches = second.detail["matches"]
    assert list(matches) == [str(first.person_id)]
    assert matches[str(first.person_id)]["probability"] > 0.5
    assert second.matches_undecided == 1
    found = Event.objects.get(case=second, type="PersonMatchesFound")
    assert "day and month swapped" in found.payload


def test_a_nickname_and_a_new_address_still_find_the_earlier_record(cast):
    first = refer(cast, "William Hartley", date(2001, 7, 19))
    second = refer(
        cast, "Bill Hartley", date(2001, 7, 19), address="9 Mill Lane", postcode="NS9 2ZZ"
    )
    assert str(first.person_id) in second.detail["matches"]


def test_a_different_person_is_not_suggested(cast):
    refer(cast, "Jordan Miles", date(1995, 3, 14))
    other = refer(cast, "Priya Sharma", date(2008, 11, 2), address="4 Oak Road", postcode="NS7 1QT")
    assert other.detail.get("matches", {}) == {}


def test_the_screening_decision_waits_until_each_match_is_decided(cast):
    refer(cast, "Jordan Miles", date(1995, 3, 14))
    second = screened(cast, refer(cast, "Jordan Miles", date(1995, 3, 14), days=1))
    with pytest.raises(GuardRefused) as refused:
        screening_decide(
            case_id=second.pk, by=cast.caseworker, outcome="adopt", options=["Not adopted"],
            rationale=WHY, now=NOW + timedelta(days=3),
        )  # fmt: skip
    assert [item.code for item in refused.value.unmet] == ["person_match_undecided"]
    assert not refused.value.overridable
    assert Case.objects.get(pk=second.pk).stage == "screening"


def test_linking_joins_the_records_and_shows_the_earlier_case(cast):
    first = refer(cast, "Jordan Miles", date(1995, 3, 14))
    second = screened(cast, refer(cast, "Jordan Miles", date(1995, 3, 14), days=1))
    new_person = second.person_id
    event = person_match_decide(
        case_id=second.pk, by=cast.caseworker, person_id=first.person_id, same=True,
        rationale=WHY, now=NOW + timedelta(days=3),
    )  # fmt: skip
    second.refresh_from_db()
    assert event.type == "PersonLinked"
    assert second.person_id == first.person_id
    assert second.matches_undecided == 0
    assert Person.objects.get(pk=new_person).merged_into_id == first.person_id
    assert "chosen" in event.payload
    assert WHY in event.payload
    assert cases_rebuild_check() == []


def test_linking_says_so_on_the_earlier_case_too(cast):
    first = refer(cast, "Jordan Miles", date(1995, 3, 14))
    second = screened(cast, refer(cast, "Jordan Miles", date(1995, 3, 14), days=1))
    person_match_decide(
        case_id=second.pk, by=cast.caseworker, person_id=first.person_id, same=True,
        rationale=WHY, now=NOW + timedelta(days=3),
    )  # fmt: skip
    [joined] = Event.objects.filter(case=first, type="PersonRecordsJoined")
    assert joined.actor == cast.caseworker
    assert f"by a link made on case {second.reference}" in joined.payload
    assert WHY in joined.payload
    assert not Event.objects.filter(case=second, type="PersonRecordsJoined").exists()
    assert cases_rebuild_check() == []


def test_a_record_decided_already_is_said_to_be_so(cast):
    first = refer(cast, "Jordan Miles", date(1995, 3, 14))
    second = screened(cast, refer(cast, "Jordan Miles", date(1995, 3, 14), days=1))

    def dismiss():
        person_match_decide(
            case_id=second.pk, by=cast.caseworker, person_id=first.person_id, same=False,
            rationale=WHY, now=NOW + timedelta(days=3),
        )  # fmt: skip

    dismiss()
    with pytest.raises(RecordError, match=f"P-{first.person_id} is already dismissed"):
        dismiss()


def test_dismissing_keeps_the_records_apart(cast):
    first = refer(cast, "Jordan Miles", date(1995, 3, 14))
    second = screened(cast, refer(cast, "Jordan Miles", date(1995, 3, 14), days=1))
    person_match_decide(
        case_id=second.pk, by=cast.caseworker, person_id=first.person_id, same=False,
        rationale="Twins: the school confirms these are two brothers with one birthday.",
        now=NOW + timedelta(days=3),
    )  # fmt: skip
    second.refresh_from_db()
    assert second.person_id != first.person_id
    assert second.detail["matches"][str(first.person_id)]["decision"] == "dismissed"
    assert Person.objects.get(pk=second.person_id).merged_into_id is None


def test_an_earlier_record_joined_since_cannot_be_dismissed_but_may_be_linked(cast):
    first = refer(cast, "Jordan Miles", date(1995, 3, 14))
    second = screened(cast, refer(cast, "Jordan Miles", date(1995, 3, 14), days=1))
    people_join(keep=first.person_id, join=second.person_id, now=NOW + timedelta(days=2))
    head = Case.objects.get(pk=second.pk).head_position
    with pytest.raises(RecordError, match="already stands for the case's person"):
        person_match_decide(
            case_id=second.pk, by=cast.caseworker, person_id=first.person_id, same=False,
            rationale=WHY, now=NOW + timedelta(days=3),
        )  # fmt: skip
    assert Case.objects.get(pk=second.pk).head_position == head
    person_match_decide(
        case_id=second.pk, by=cast.caseworker, person_id=first.person_id, same=True,
        rationale=WHY, now=NOW + timedelta(days=3),
    )  # fmt: skip
    assert Case.objects.get(pk=second.pk).matches_undecided == 0


def test_a_token_rationale_is_refused_and_changes_nothing(cast):
    first = refer(cast, "Jordan Miles", date(1995, 3, 14))
    second = refer(cast, "Jordan Miles", date(1995, 3, 14), days=1)
    head = second.head_position
    with pytest.raises(RecordError):
        person_match_decide(
            case_id=second.pk, by=cast.caseworker, person_id=first.person_id, same=True,
            rationale="ok", now=NOW + timedelta(days=3),
        )  # fmt: skip
    second.refresh_from_db()
    assert second.head_position == head
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_only_a_suggested_record_can_be_decided(cast):
    refer(cast, "Jordan Miles", date(1995, 3, 14))
    stranger = refer(cast, "Priya Sharma", date(2008, 11, 2), postcode="NS7 1QT")
    second = refer(cast, "Jordan Miles", date(1995, 3, 14), days=1)
    with pytest.raises(RecordError, match="possible earlier records"):
        person_match_decide(
            case_id=second.pk, by=cast.caseworker, person_id=stranger.person_id, same=True,
            rationale=WHY, now=NOW + timedelta(days=3),
        )  # fmt: skip


@pytest.mark.parametrize("role", ["referrer", "provider", "chair"])
def test_only_those_who_screen_decide_matches(cast, role):
    first = refer(cast, "Jordan Miles", date(1995, 3, 14))
    second = refer(cast, "Jordan Miles", date(1995, 3, 14), days=1)
    with pytest.raises(PermissionDenied):
        person_match_decide(
            case_id=second.pk, by=getattr(cast, role), person_id=first.person_id, same=True,
            rationale=WHY, now=NOW + timedelta(days=3),
        )  # fmt: skip


def test_looking_again_finds_a_person_recorded_since(cast):
    earlier = refer(cast, "Jordan Miles", date(1995, 3, 14))
    # Dismissed matches are not suggested again; a new record of the same person is.
    assert person_matches_find(case_id=earlier.pk, by=cast.caseworker, now=NOW) == []
    later = refer(cast, "Jordan Miles", date(1995, 3, 14), days=1)
    events = person_matches_find(case_id=earlier.pk, by=cast.caseworker, now=NOW + timedelta(2))
    earlier.refresh_from_db()
    assert [event.type for event in events] == ["PersonMatchesFound"]
    assert str(later.person_id) in earlier.detail["matches"]


def test_scenario_cases_of_one_person_are_linked_as_they_are_screened(cast):
    start = NOW - timedelta(days=400)
    first = case_through(cast=cast, start=start, upto="adopt")
    second = case_through(cast=cast, start=start + timedelta(days=100), upto="adopt")
    assert second.person_id == first.person_id
    assert second.stage == "adopted"


def test_looking_again_never_suggests_the_record_a_case_was_joined_into(cast):
    # Joined elsewhere (a reviewed pair): the case's person now stands in another record.
    case = refer(cast, "Jordan Miles", date(1995, 3, 14))
    survivor = person_create(details=PersonDetails("Jordan", "Miles"), source="police", now=NOW)
    people_join(keep=survivor.pk, join=case.person_id, now=NOW)
    assert person_matches_find(case_id=case.pk, by=cast.caseworker, now=NOW) == []
