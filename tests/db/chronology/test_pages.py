"""The chronology pages: who may see them, what they show, and that every read is logged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casetrail.accounts.models import Agency
from casetrail.accounts.roles import AgencyKind, Role
from casetrail.chronology.models import CaseAccess, Event
from casetrail.chronology.verification import log_verify
from casetrail.workflow.operations.notes import event_redact, note_record
from casetrail.workflow.operations.referral import referral_receive
from casetrail.workflow.scenarios import sample_referral
from tests.db.chronology.conftest import NOW

READERS = [Role.CASEWORKER, Role.PANEL_CHAIR, Role.PANEL_MEMBER, Role.SUPERVISOR, Role.AUDITOR]
NOT_READERS = [Role.REFERRER, Role.ADMINISTRATOR]
OPENED = "Referral received about Alex Example"


@pytest.fixture
def story(case, caseworker, make_user):
    school = Agency.objects.create(name="Riverside Academy", kind=AgencyKind.EDUCATION)
    teacher = make_user(Role.CASEWORKER, agency=school, username="teacher")
    note_record(case_id=case.pk, by=teacher, summary="School concerns shared", now=NOW)
    note_record(
        case_id=case.pk,
        by=caseworker,
        summary="Review completed",
        now=NOW,
        occurred_at=NOW - timedelta(days=240),
        detail="Reviewed by phone",
    )
    note_record(case_id=case.pk, by=caseworker, summary="Address noted in error", now=NOW)
    event_redact(
        case_id=case.pk, position=4, by=caseworker, rationale="Wrong case entirely", now=NOW
    )
    return case


@pytest.mark.parametrize("role", READERS)
def test_case_readers_see_the_timeline(client, make_user, story, role):
    client.force_login(make_user(role))
    page = client.get(reverse("chronology", args=[story.reference])).content.decode()
    assert "Note: School concerns shared" in page
    assert "by Teacher, Riverside Academy" in page


def test_a_provider_does_not_see_a_case_it_does_not_provide_for(client, make_user, story):
    client.force_login(make_user(Role.INTERVENTION_PROVIDER))
    assert story.reference not in client.get(reverse("cases")).content.decode()
    assert client.get(reverse("chronology", args=[story.reference])).status_code == 404
    assert not CaseAccess.objects.exists()


@pytest.mark.parametrize("role", NOT_READERS)
def test_other_roles_may_not_read_cases(client, make_user, story, role):
    client.force_login(make_user(role))
    assert client.get(reverse("cases")).status_code == 403
    assert client.get(reverse("chronology", args=[story.reference])).status_code == 403
    assert not CaseAccess.objects.exists()


def test_an_unknown_case_is_not_found(client, make_user, db):
    client.force_login(make_user(Role.CASEWORKER))
    assert client.get(reverse("chronology", args=["CT-999999"])).status_code == 404


def test_the_timeline_tells_the_story_in_the_order_it_happened(client, caseworker, story):
    client.force_login(caseworker)
    page = client.get(reverse("chronology", args=[story.reference])).content.decode()
    assert page.index("Review completed") < page.index(OPENED) < page.index("School concerns")
    assert page.count("Recorded late") == 1
    assert "Record redacted" in page
    assert "Address noted in error" not in page
    assert "Read the full rationale" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"type": "NoteRecorded"}, "School concerns", OPENED),
        ({"late_only": "on"}, "Review completed", "School concerns"),
    ],
)
def test_the_timeline_filters(client, caseworker, story, query, shown, hidden):
    client.force_login(caseworker)
    page = client.get(reverse("chronology", args=[story.reference]), query).content.decode()
    assert shown in page
    assert hidden not in page


def test_the_timeline_filters_by_agency(client, caseworker, story):
    client.force_login(caseworker)
    school = Agency.objects.get(name="Riverside Academy")
    page = client.get(
        reverse("chronology", args=[story.reference]), {"agency": school.pk}
    ).content.decode()
    assert "School concerns" in page
    assert OPENED not in page


def test_every_read_is_logged_with_its_purpose(client, make_user, story):
    auditor = make_user(Role.AUDITOR)
    client.force_login(auditor)
    client.get(reverse("chronology", args=[story.reference]))
    client.post(reverse("purpose", args=[story.reference]), {"purpose": "Learning review"})
    client.get(reverse("record", args=[story.reference, 2]))
    client.get(reverse("access-log", args=[story.reference]))
    entries = list(CaseAccess.objects.order_by("id").values_list("what", "purpose", "agency_id"))
    assert entries == [
        ("chronology", "", auditor.agency_id),
        ("reason for reading", "Learning review", auditor.agency_id),
        ("record 2", "", auditor.agency_id),
        ("access log", "", auditor.agency_id),
    ]


def test_a_purpose_in_a_link_is_not_recorded(client, caseworker, story):
    client.force_login(caseworker)
    client.get(reverse("chronology", args=[story.reference]), {"purpose": "Authorised by DCI"})
    assert CaseAccess.objects.get().purpose == ""
    assert client.get(reverse("purpose", args=[story.reference])).status_code == 405


def test_an_empty_purpose_is_refused(client, caseworker, story):
    client.force_login(caseworker)
    response = client.post(
        reverse("purpose", args=[story.reference]), {"purpose": " "}, follow=True
    )
    assert "Enter why you are reading this case" in response.content.decode()
    assert not CaseAccess.objects.filter(what="reason for reading").exists()


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.AUDITOR])
def test_supervisors_and_auditors_read_the_access_log(client, make_user, caseworker, story, role):
    client.force_login(caseworker)
    client.post(reverse("purpose", args=[story.reference]), {"purpose": "Panel preparation"})
    client.force_login(make_user(role))
    page = client.get(reverse("access-log", args=[story.reference])).content.decode()
    assert "Panel preparation" in page
    assert "Officer" in page


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PANEL_MEMBER])
def test_the_access_log_is_refused_to_others(client, make_user, story, role):
    client.force_login(make_user(role))
    assert client.get(reverse("access-log", args=[story.reference])).status_code == 403


def test_a_record_page_shows_the_rationale_of_a_decision(client, caseworker, story):
    client.force_login(caseworker)
    page = client.get(reverse("record", args=[story.reference, 5])).content.decode()
    assert "Wrong case entirely" in page
    redacted = client.get(reverse("record", args=[story.reference, 4])).content.decode()
    assert "removed by a recorded redaction decision" in redacted
    assert client.get(reverse("record", args=[story.reference, 99])).status_code == 404


def test_the_timeline_query_count_does_not_grow_with_records(
    client, caseworker, case, django_assert_max_num_queries
):
    client.force_login(caseworker)
    url = reverse("chronology", args=[case.reference])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for number in range(25):
        note_record(case_id=case.pk, by=caseworker, summary=f"Note {number}", now=NOW)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_caseworker_records_a_note_that_happened_earlier(client, caseworker, case):
    client.force_login(caseworker)
    happened = timezone.localtime() - timedelta(days=10)
    response = client.post(
        reverse("note-new", args=[case.reference]),
        {
            "summary": "Home visit",
            "detail": "Family present",
            "day": happened.day,
            "month": happened.month,
            "year": happened.year,
            "at": "09:15",
        },
    )
    assert response.status_code == 302
    note = Event.objects.get(case=case, position=2)
    assert note.late
    assert timezone.localtime(note.occurred_at).strftime("%H:%M") == "09:15"
    # Entered in local time, hashed and stored in UTC: the chain must still verify.
    assert log_verify().ok


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"summary": "", "day": "1", "month": "1", "year": "2026"}, "Enter a summary"),
        ({"summary": "Visit"}, "Enter the date it happened"),
        ({"summary": "Visit", "day": "31", "month": "2", "year": "2026"}, "must be a real date"),
        ({"summary": "Visit", "day": "1", "month": "1"}, "must include a day, month and year"),
        ({"summary": "Visit", "day": "1", "month": "1", "year": "2999"}, "now or in the past"),
        ({"summary": "Visit", "day": "1", "month": "1", "year": "26"}, "Year must include 4"),
        (
            {"summary": "Visit", "day": "1", "month": "1", "year": "2026", "at": "25:00"},
            "hours and minutes",
        ),
    ],
)
def test_a_bad_note_is_explained_and_nothing_is_recorded(client, caseworker, case, fields, message):
    client.force_login(caseworker)
    response = client.post(reverse("note-new", args=[case.reference]), fields)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert Event.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("role", [Role.PANEL_MEMBER, Role.AUDITOR])
def test_readers_who_do_not_record_notes_are_refused(client, make_user, case, role):
    client.force_login(make_user(role))
    assert client.get(reverse("note-new", args=[case.reference])).status_code == 403


def test_the_cases_page_filters_cases_with_late_records(client, caseworker, story):
    other = referral_receive(by=caseworker, referral=sample_referral(caseworker), now=NOW)
    client.force_login(caseworker)
    page = client.get(reverse("cases"), {"scope": "all", "signal": "late_records"})
    text = page.content.decode()
    assert story.reference in text
    assert other.reference not in text
    assert '<strong class="govuk-tag govuk-tag--orange">1</strong>' in text
