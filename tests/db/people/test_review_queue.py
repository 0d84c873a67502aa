"""The review queue's pages: the pairs to decide, one pair side by side, and deciding it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from casetrail.accounts.roles import Role
from casetrail.people.features import Address, Features, PersonDetails
from casetrail.people.models import Person, SourceRecord, UncertainPair
from casetrail.people.review import pair_decide
from casetrail.people.scoring import DEFAULT_MODEL, match_score
from casetrail.people.services import person_create
from casetrail.people.views import evidence_rows
from casetrail.workflow.scenarios import case_through

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
RATIONALE = "Same NHS number and the same address; the date of birth has day and month swapped."
QUEUE = reverse("people-review")


def person(details: PersonDetails, record: str, case: dict | None = None) -> Person:
    someone = person_create(details=details, source="northshire-2019", now=NOW)
    SourceRecord.objects.create(
        source="northshire-2019", record_id=record, person=someone, case=case or {},
        imported_at=NOW,
    )  # fmt: skip
    return someone


def pair_of(left: Person, right: Person, probability: float) -> UncertainPair:
    match = match_score(left.folded, right.folded, DEFAULT_MODEL)
    return UncertainPair.objects.create(
        left=left,
        right=right,
        left_record=left.records.get().record_id,
        right_record=right.records.get().record_id,
        probability=probability,
        evidence=[[item.field, item.label, round(item.weight, 2)] for item in match.evidence],
        found_at=NOW - timedelta(days=2),
    )


@pytest.fixture
def william(db) -> Person:
    details = PersonDetails(
        given_name="William",
        surname="Hartley",
        other_names=("Will Hart",),
        birth_date="2007-03-04",
        addresses=(Address("14 Mill Lane", "Northshire", "NS1 4AB"),),
        identifiers=(("nhs", "943 476 5919"),),
    )
    earlier = {"case_reference": "NS-2015-0042", "referred_on": "2015-02-01", "outcome": "closed"}
    return person(details, "L-1", earlier)


@pytest.fixture
def pair(william) -> UncertainPair:
    bill = PersonDetails(
        given_name="Bill",
        surname="Hartly",
        birth_date="03/04/2007",
        addresses=(Address("14 Mill Ln", "Northshire", "NS1 4AB"),),
        identifiers=(("nhs", "943 476 5919"),),
    )
    return pair_of(william, person(bill, "R-7"), 0.62)


@pytest.fixture
def caseworker(make_user):
    return make_user(Role.CASEWORKER)


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def page_of(pair: UncertainPair) -> str:
    return reverse("people-pair", args=[pair.pk])


def decide(client, pair: UncertainPair, decision: str = "same", rationale: str = RATIONALE):
    return client.post(page_of(pair), {"decision": decision, "rationale": rationale})


def plain(name: str) -> Person:
    return Person.objects.create(
        given_name=name, features=json.dumps(Features().to_json()), source="t", created_at=NOW
    )


class TestTheQueue:
    def test_it_lists_open_pairs_most_likely_first(self, signed_in, pair):
        likelier = pair_of(person(PersonDetails("Sam", "Lee"), "A-1"),
                           person(PersonDetails("Sam", "Leigh"), "A-2"), 0.8)  # fmt: skip
        page = signed_in.get(QUEUE).content.decode()
        assert page.index("A-1 and A-2") < page.index("L-1 and R-7")
        assert f'href="{page_of(likelier)}"' in page
        assert "2 pairs to review" in page
        assert "80%" in page

    def test_it_leaves_out_decided_pairs_and_links_to_them(self, signed_in, caseworker, pair):
        pair_decide(pair_id=pair.pk, by=caseworker, same=False, rationale=RATIONALE, now=NOW)
        page = signed_in.get(QUEUE).content.decode()
        assert "L-1 and R-7" not in page
        assert "There are no pairs to review" in page
        decided = reverse("people-review-decided")
        assert f'<a class="govuk-link" href="{decided}">1 decided</a>' in page

    def test_it_shows_fifty_pairs_a_page(self, signed_in, db):
        people = [plain(f"Person {n}") for n in range(52)]
        for n in range(51):
            UncertainPair.objects.create(
                left=people[n], right=people[n + 1], left_record=f"X-{n}", right_record=f"Y-{n}",
                probability=0.5, evidence=[], found_at=NOW,
            )  # fmt: skip
        first = signed_in.get(QUEUE).content.decode()
        assert "51 pairs to review" in first
        assert len(re.findall(r'href="/people/review/\d+/"', first)) == 50
        assert 'rel="next"' in first
        second = signed_in.get(QUEUE, {"page": 2}).content.decode()
        assert second.count("X-") == 1

    def test_the_decided_list_says_who_decided_and_what(self, signed_in, caseworker, pair):
        pair_decide(pair_id=pair.pk, by=caseworker, same=True, rationale=RATIONALE, now=NOW)
        page = signed_in.get(reverse("people-review-decided")).content.decode()
        assert "1 pair decided" in page
        assert "L-1 and R-7" in page
        assert "The same person" in page
        assert str(caseworker) in page
        assert "26 Nov 2026" in page


class TestThePairPage:
    def test_it_shows_both_records_side_by_side(self, signed_in, pair):
        page = signed_in.get(page_of(pair)).content.decode()
        for text in (
            "Record L-1", "Record R-7", "William Hartley", "Bill Hartly", "Will Hart",
            "2007-03-04", "03/04/2007", "14 Mill Lane, Northshire, NS1 4AB", "NHS: 943 476 5919",
            "northshire-2019: L-1", "northshire-2019: R-7",
        ):  # fmt: skip
            assert text in page

    def test_it_shows_earlier_cases_here_and_in_older_systems(self, signed_in, cast, pair):
        case = case_through(cast=cast, start=NOW, upto="receive", person="Bill Hartly")
        Person.objects.filter(pk=case.person_id).update(merged_into=pair.right)
        page = signed_in.get(page_of(pair)).content.decode()
        assert f'href="{reverse("case", args=[case.reference])}"' in page
        assert f"referred {NOW:%Y} (Referred)" in page
        assert "Case reference: NS-2015-0042" in page
        assert "Referred on: 2015-02-01" in page

    def test_it_explains_each_field_with_its_weight_verdict_and_bar(self, signed_in, pair):
        page = signed_in.get(page_of(pair)).content.decode()
        assert "Day and month swapped" in page
        assert "Agrees strongly" in page
        assert "Not known on both" not in page  # every field is known on both sides
        identifier = next(row for row in pair.evidence if row[0] == "identifier")
        assert f"{identifier[2]:+.1f}" in page
        assert "casetrail-weight-bar__fill--for casetrail-weight-bar__fill--9" in page
        assert 'style="' not in page

    def test_each_bar_grows_with_its_weight_to_a_limit_either_way(self):
        rows = evidence_rows(
            [["surname", "different", -3.1], ["identifier", "the same", 30.0],
             ["town", "not known on both", 0.0], ["address", "similar", 0.02]]
        )  # fmt: skip
        assert [(row.direction, row.steps, row.bits) for row in rows] == [
            ("against", 2, "-3.1"),
            ("for", 10, "+30.0"),
            ("against", 0, "0"),
            ("for", 0, "0"),
        ]
        assert [row.verdict for row in rows] == [
            "weighs against", "agrees strongly", "not known on both", "agrees",
        ]  # fmt: skip

    def test_it_offers_the_two_answers_and_a_rationale(self, signed_in, pair):
        page = signed_in.get(page_of(pair)).content.decode()
        assert 'name="decision" type="radio" value="same"' in page
        assert 'name="decision" type="radio" value="different"' in page
        assert "The same person</label>" in page
        assert "Different people</label>" in page
        assert 'name="rationale"' in page

    def test_an_unknown_pair_is_not_found(self, signed_in, db):
        assert signed_in.get(reverse("people-pair", args=[999])).status_code == 404


class TestDeciding:
    def test_the_same_person_joins_the_records_and_returns_to_the_queue(self, signed_in, pair):
        response = decide(signed_in, pair, "same")
        assert response.status_code == 302
        assert response["Location"] == QUEUE
        assert Person.objects.get(pk=pair.right_id).merged_into_id == pair.left_id
        decided = UncertainPair.objects.get(pk=pair.pk)
        assert (decided.decision, decided.rationale) == ("same", RATIONALE)
        queue = signed_in.get(QUEUE).content.decode()
        assert "Recorded: L-1 and R-7 are the same person, now one record" in queue

    def test_different_people_are_recorded_and_nothing_joined(self, signed_in, pair):
        response = decide(signed_in, pair, "different")
        assert response.status_code == 302
        assert UncertainPair.objects.get(pk=pair.pk).decision == "different"
        assert not Person.objects.filter(merged_into__isnull=False).exists()

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"decision": "same", "rationale": "agreed"}, "is not a rationale"),
            ({"decision": "same", "rationale": ""}, "Enter rationale"),
            ({"decision": "same", "rationale": "same person"}, "at least 6 words"),
            ({"rationale": RATIONALE}, "Select whether these records are the same person"),
            ({"decision": "maybe", "rationale": RATIONALE}, "Select whether these records"),
        ],
    )
    def test_a_problem_shows_an_error_summary_and_changes_nothing(
        self, signed_in, pair, data, message
    ):
        response = signed_in.post(page_of(pair), data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "govuk-error-summary" in page
        assert message in page
        assert "<title>Error:" in page
        assert UncertainPair.objects.get(pk=pair.pk).decided_at is None
        assert not Person.objects.filter(merged_into__isnull=False).exists()

    def test_an_already_decided_pair_is_refused_and_keeps_its_decision(
        self, signed_in, make_user, pair
    ):
        first = make_user(Role.SUPERVISOR)
        pair_decide(pair_id=pair.pk, by=first, same=False, rationale=RATIONALE, now=NOW)
        response = decide(signed_in, pair, "same")
        assert response.status_code == 409
        assert "This pair has already been decided" in response.content.decode()
        decided = UncertainPair.objects.get(pk=pair.pk)
        assert (decided.decision, decided.decided_by) == ("different", first)
        assert not Person.objects.filter(merged_into__isnull=False).exists()

    def test_a_decided_pair_reads_who_when_and_why_with_no_form(self, signed_in, caseworker, pair):
        pair_decide(pair_id=pair.pk, by=caseworker, same=False, rationale=RATIONALE, now=NOW)
        page = signed_in.get(page_of(pair)).content.decode()
        assert "Pair decided: different people" in page
        assert str(caseworker) in page
        assert "26 November 2026" in page
        assert RATIONALE in page
        assert '<form method="post" novalidate>' not in page


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.CASEWORKER, True),
        (Role.SUPERVISOR, True),
        (Role.REFERRER, False),
        (Role.INTERVENTION_PROVIDER, False),
        (Role.PANEL_CHAIR, False),
        (Role.PANEL_MEMBER, False),
        (Role.AUDITOR, False),
        (Role.ADMINISTRATOR, False),
    ],
)
def test_only_those_who_screen_may_review_pairs(client, make_user, pair, role, allowed):
    client.force_login(make_user(role))
    status = 200 if allowed else 403
    assert client.get(QUEUE).status_code == status
    assert client.get(reverse("people-review-decided")).status_code == status
    assert client.get(page_of(pair)).status_code == status
    assert ("People to review" in client.get("/").content.decode()) is allowed
    posted = decide(client, pair)
    assert posted.status_code == (302 if allowed else 403)
    assert (UncertainPair.objects.get(pk=pair.pk).decided_at is not None) is allowed


def test_someone_signed_out_is_sent_to_sign_in(client, pair):
    response = client.get(page_of(pair))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))
