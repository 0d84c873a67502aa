"""The case page's possible earlier records, as the screener and others see them (F1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casetrail.chronology.models import Event
from casetrail.workflow.models import Case
from casetrail.workflow.scenarios import case_through

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


def test_the_dashboard_counts_cases_with_undecided_records(client, cast, referred_twice):
    client.force_login(cast.chair)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Possible earlier records not decided" in page
