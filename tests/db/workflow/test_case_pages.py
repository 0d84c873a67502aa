"""The caseload, case page, step forms and dashboard, as each role sees them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casetrail.accounts.roles import Role
from casetrail.assessments.loading import definition_in_force
from casetrail.chronology.models import Event
from casetrail.workflow.models import Case

RECENT = timezone.now() - timedelta(days=60)


@pytest.fixture
def in_support(case_at):
    # Session 1 delivered, session 2 not yet; no exit decision.
    return case_at("session_1", start=RECENT, session_days=(20, 70))


def test_the_case_page_lists_what_the_exit_guard_still_needs(client, cast, in_support):
    client.force_login(cast.caseworker)
    page = client.get(reverse("case", args=[in_support.reference])).content.decode()
    assert "Before the case can exit" in page
    assert "The panel has not recorded a decision to exit with its rationale" in page
    assert "Exit the case" in page  # offered, and will say what is missing


def test_a_refused_exit_answers_409_naming_what_is_missing_and_writes_nothing(
    client, cast, in_support
):
    client.force_login(cast.caseworker)
    before = Event.objects.count()
    url = reverse("case-action", args=[in_support.reference, "exit"])
    owner = cast.caseworker.pk
    response = client.post(url, {"review_6_owner": owner, "review_12_owner": owner})
    assert response.status_code == 409
    text = response.content.decode()
    assert "The panel has not recorded a decision to exit with its rationale" in text
    assert "A supervisor may go ahead" in text
    assert Event.objects.count() == before


def test_a_supervisor_may_exit_over_the_guard_with_a_rationale(
    client, cast, supervisor, in_support
):
    client.force_login(supervisor)
    url = reverse("case-action", args=[in_support.reference, "exit"])
    owner = cast.caseworker.pk
    refused = client.post(url, {"review_6_owner": owner, "review_12_owner": owner})
    assert "Rationale for going ahead" in refused.content.decode()
    done = client.post(
        url,
        {
            "review_6_owner": owner,
            "review_12_owner": owner,
            "override_rationale": "The family is moving abroad next week; support cannot continue.",
        },
    )
    assert done.status_code == 302
    case = Case.objects.get(pk=in_support.pk)
    assert (case.stage, case.overrides) == ("exited", 1)


def test_a_step_the_stage_does_not_allow_answers_409(client, cast, case_at):
    case = case_at("screen", start=RECENT)
    client.force_login(cast.caseworker)
    response = client.post(reverse("case-action", args=[case.reference, "start-support"]), {})
    assert response.status_code == 409
    assert "Cannot start support on a case at Screening" in response.content.decode()


def test_a_token_rationale_is_refused_on_the_form(client, cast, case_at):
    case = case_at("screen", start=RECENT)
    client.force_login(cast.caseworker)
    url = reverse("case-action", args=[case.reference, "decide-adoption"])
    response = client.post(
        url, {"outcome": "adopt", "options": ["not_adopt"], "rationale": "agreed"}
    )
    assert response.status_code == 200
    assert "is not a rationale" in response.content.decode()
    assert Case.objects.get(pk=case.pk).stage == "screening"


def test_a_caseworker_sees_their_own_cases_and_may_see_all(client, cast, make_user, case_at):
    mine = case_at("screen", start=RECENT)
    other_worker = make_user(Role.CASEWORKER)
    client.force_login(other_worker)
    assert mine.reference not in client.get(reverse("cases")).content.decode()
    everything = client.get(reverse("cases"), {"scope": "all"}).content.decode()
    assert mine.reference in everything


def test_a_provider_sees_only_cases_its_agency_provides_for(client, cast, case_at):
    provided = case_at("plan", start=RECENT)
    not_yet = case_at("screen", start=RECENT, person="Other Person")
    client.force_login(cast.provider)
    page = client.get(reverse("cases"), {"scope": "all"}).content.decode()
    assert provided.reference in page
    assert not_yet.reference not in page


def test_a_referrer_follows_their_referral_and_answers_what_is_asked(client, cast, case_at):
    case = case_at("consult", start=RECENT)
    client.force_login(cast.referrer)
    home = client.get(reverse("home")).content.decode()
    assert case.reference in home
    assert "Answer: How has the pupil been since the referral?" in home
    assert client.get(reverse("case", args=[case.reference])).status_code == 403
    url = reverse("case-action", args=[case.reference, "answer-consultation"])
    response = client.post(url, {"key": "C1", "answer": "Quieter in class, but attending."})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).consultations_outstanding == 0


def test_the_dashboard_counts_signals_and_links_to_the_cases(client, cast, supervisor, case_at):
    case_at("session_1", start=RECENT, session_days=(20, 40))  # session 2 overdue
    case_at("exit", start=timezone.now() - timedelta(days=268))  # 6-month review overdue
    client.force_login(supervisor)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'href="/cases/?scope=all&amp;signal=session_gaps" id="signal-session_gaps">1<' in page
    assert 'id="signal-reviews_overdue">1<' in page
    assert "<svg" in page
    assert "Overdue" in page


def test_the_dashboard_query_count_does_not_grow_with_cases(client, cast, supervisor, case_at):
    client.force_login(supervisor)
    case_at("exit", start=timezone.now() - timedelta(days=268))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard"))
    for person in ("One", "Two", "Three", "Four"):
        case_at("exit", start=timezone.now() - timedelta(days=268), person=person)
        case_at("session_1", start=RECENT, session_days=(20, 40), person=person)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("dashboard"))
    assert 'id="signal-reviews_overdue">5<' in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.REFERRER, Role.INTERVENTION_PROVIDER])
def test_the_dashboard_is_for_those_who_oversee(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("dashboard")).status_code == 403


def test_a_note_marked_significant_makes_the_assessment_stale(client, cast, in_support):
    client.force_login(cast.caseworker)
    today = timezone.localdate()
    response = client.post(
        reverse("note-new", args=[in_support.reference]),
        {
            "summary": "School reports new online contacts",
            "significant": "on",
            "day": today.day,
            "month": today.month,
            "year": today.year,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("case", args=[in_support.reference])).content.decode()
    assert "Significant new information was recorded after the latest assessment" in page


def test_an_assessment_missing_evidence_names_the_factor_beside_it(client, cast, case_at):
    case = case_at("adopt", start=RECENT)
    factors = list(definition_in_force("vaf").factors)
    today = timezone.localdate()
    form = {
        "assessed_on_0": today.day,
        "assessed_on_1": today.month,
        "assessed_on_2": today.year,
        "behaviour": "Sharing extremist videos",
        "new_needs": "Social isolation",
        **{f"rating_{code}": "not_present" for code in factors},
        f"rating_{factors[0]}": "present",
    }
    client.force_login(cast.caseworker)
    response = client.post(reverse("case-action", args=[case.reference, "assess"]), form)
    text = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_evidence_{factors[0]}-error"' in text
    assert Case.objects.get(pk=case.pk).assessment_at is None
    form[f"evidence_{factors[0]}"] = "Seen in class and reported by his mother"
    done = client.post(reverse("case-action", args=[case.reference, "assess"]), form)
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).detail["needs"] == [
        {"code": "N1", "label": "Social isolation"}
    ]


def test_a_session_recorded_without_its_risk_assessment_is_refused_and_the_attempt_kept(
    client, cast, case_at
):
    case = case_at("support", start=RECENT)
    client.force_login(cast.provider)
    held = timezone.localdate()
    response = client.post(
        reverse("case-action", args=[case.reference, "record-session"]),
        {
            "session": "I1-1",
            "outcome": "delivered",
            "held_on_0": held.day,
            "held_on_1": held.month,
            "held_on_2": held.year,
        },
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "Record the risk assessment for this session" in text
    assert "The attempt has been recorded" in text
    case.refresh_from_db()
    assert (case.delivery_refusals, case.sessions_delivered) == (1, 0)
