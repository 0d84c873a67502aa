"""The case page's possible earlier records, as the screener and others see them (F1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casetrail.accounts.roles import Role
from casetrail.chronology.models import Event
from casetrail.people.features import PersonDetails
from casetrail.people.models import Person
from casetrail.people.services import people_join, person_create
from casetrail.workflow.models import Case
from casetrail.workflow.scenarios import case_through

NOW = timezone.now()
WHY = "Same name, date of birth and address as the referral two years ago: the same young man."


@pytest.fixture
def referred_twice(cast):
    """The review's pattern: an earlier case exited, and a new referral of the same person."""
    start = timezone.now() - timedelta(days=800)
    first = case_through(cast=cast, start=start, upto="exit", person="Jordan Miles")
    second = case_through(
        cast=cast, start=timezone.now() - timedelta(days=3), upto="receive", person="Jordan Miles"
    )
    return first, second


def test_the_screener_sees_the_earlier_record_with_why_and_its_case(client, cast, referred_twice):
    first, second = referred_twice
    client.force_login(cast.caseworker)
    page = client.get(reverse("case", args=[second.reference])).content.decode()
    assert "Possible earlier records of this person" in page
    assert "Not decided" in page
    assert "Date of birth" in page
    assert "The same" in page
    assert f"{first.reference}: referred" in page
    assert "Decide a possible earlier record" in page


def test_a_referrer_never_sees_other_peoples_records(client, cast, referred_twice):
    _, second = referred_twice
    client.force_login(cast.referrer)
    page = client.get(reverse("home")).content.decode()
    assert "Possible earlier records" not in page
    response = client.get(reverse("case-action", args=[second.reference, "decide-person-match"]))
    assert response.status_code == 404  # as for any case they may not read: nothing leaks


def test_linking_from_the_form_records_the_decision_and_shows_the_history(
    client, cast, referred_twice
):
    first, second = referred_twice
    client.force_login(cast.caseworker)
    url = reverse("case-action", args=[second.reference, "decide-person-match"])
    form = client.get(url).content.decode()
    assert "Jordan Miles" in form
    response = client.post(
        url, {"person_id": first.person_id, "decision": "same", "rationale": WHY}
    )
    assert response.status_code == 302
    assert Event.objects.filter(case=second, type="PersonLinked").count() == 1
    page = client.get(reverse("case", args=[second.reference])).content.decode()
    assert "This person&#x27;s other cases" in page or "This person's other cases" in page
    assert "Linked: same person" in page
    assert "steps/decide-person-match/" not in page  # nothing left to decide


def test_a_decision_without_a_rationale_is_refused_and_changes_nothing(
    client, cast, referred_twice
):
    first, second = referred_twice
    client.force_login(cast.caseworker)
    url = reverse("case-action", args=[second.reference, "decide-person-match"])
    response = client.post(url, {"person_id": first.person_id, "decision": "same"})
    assert response.status_code == 200
    assert "Enter rationale" in response.content.decode()
    assert Case.objects.get(pk=second.pk).matches_undecided == 1


def test_a_record_joined_since_it_was_found_shows_whom_it_now_stands_in(
    client, cast, referred_twice
):
    first, second = referred_twice
    third = case_through(
        cast=cast, start=timezone.now() - timedelta(days=1), upto="receive", person="Jordan Miles"
    )
    # The first record is joined into the third's person through the third case.
    people_join(keep=third.person_id, join=first.person_id, now=timezone.now())
    client.force_login(cast.caseworker)
    page = client.get(reverse("case", args=[second.reference])).content.decode()
    joined = Person.objects.get(pk=third.person_id)
    assert f"has been joined into {joined} (P-{joined.pk})" in page
    assert f"{first.reference}: referred" in page  # the cases of whom it now stands in


def test_a_person_too_little_is_known_of_is_said_to_be_unmatched(client, cast, referred_twice):
    _, second = referred_twice
    client.force_login(cast.caseworker)
    page = client.get(reverse("case", args=[second.reference])).content.decode()
    assert "too-little-to-match" not in page
    born_only = person_create(details=PersonDetails(birth_date="2007-03-04"), source="t", now=NOW)
    Case.objects.filter(pk=second.pk).update(person=born_only)
    page = client.get(reverse("case", args=[second.reference])).content.decode()
    assert "could not look for earlier records of this person" in page


def test_what_matching_found_is_withheld_from_roles_that_do_not_see_other_people(
    client, cast, referred_twice, make_user
):
    _, second = referred_twice
    found = Event.objects.get(case=second, type="PersonMatchesFound")
    record = reverse("record", args=[second.reference, found.position])
    chronology = reverse("chronology", args=[second.reference])
    client.force_login(cast.chair)
    page = client.get(record).content.decode()
    assert "which your role does not see" in page
    assert "evidence" not in page.lower()
    assert "Not for your role" in client.get(chronology).content.decode()
    api = client.get(f"/api/v1/cases/{second.reference}/chronology").json()
    [entry] = [item for item in api["events"] if item["type"] == "PersonMatchesFound"]
    assert (entry["withheld"], entry["payload"]) == (True, {})
    client.force_login(make_user(Role.AUDITOR))
    page = client.get(record).content.decode()
    assert "which your role does not see" not in page
    assert "given name: the same" in page.lower() or "given name; the same" in page.lower()
    assert "[[" not in page  # read as text, not as Python writes a list


def test_looking_again_says_whether_anything_new_was_found(client, cast, referred_twice):
    _, second = referred_twice
    client.force_login(cast.caseworker)
    url = reverse("case-action", args=[second.reference, "find-person-matches"])
    page = client.post(url, {}, follow=True).content.decode()
    assert "no possible earlier records found beyond those already here" in page
    case_through(cast=cast, start=timezone.now() - timedelta(hours=1), upto="receive",
                 person="Jordan Miles")  # fmt: skip
    page = client.post(url, {}, follow=True).content.decode()
    assert "possible earlier records found: decide each below" in page


def test_the_dashboard_counts_cases_with_undecided_records(client, cast, referred_twice):
    client.force_login(cast.chair)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Possible earlier records not decided" in page
