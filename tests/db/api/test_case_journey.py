"""One case from referral to closure through the API alone, each step by the role that owns it.

The case is recorded after the fact, as a system catching up would: every step
says when it happened, the records are flagged late, and the reviews fall due
from the day the case exited.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from casetrail.assessments.loading import definition_in_force
from casetrail.chronology.models import CaseAccess
from casetrail.workflow.models import Case
from casetrail.workflow.operations.common import ASSESSMENT_FORM

TODAY = datetime.now(UTC)
START = TODAY - timedelta(days=450)
REFERRAL = {
    "person": {
        "name": "Jordan Miles",
        "birth_date": "2008-03-27",
        "address": "14 Mill Lane",
        "town": "Northshire",
        "postcode": "NS1 4AB",
        "identifiers": [{"scheme": "nhs", "value": "943 476 5919"}],
    },
    "concerns": "Sharing extremist videos with classmates and talking of a grievance.",
    "relationship": "Form tutor",
    "person_aware": "yes",
    "referrer": {"name": "Sam Teacher", "email": "sam.teacher@riverside.example"},
}
RATIONALE = "Vulnerability factors are present and Channel support would help him."


def at(days: int, months: int = 0) -> str:
    return (START + relativedelta(months=months, days=days)).isoformat()


def on(days: int, months: int = 0) -> str:
    return (START + relativedelta(months=months, days=days)).date().isoformat()


def ok(response) -> dict:
    assert response.status_code == 200, response.content
    return response.json()


def answers() -> dict:
    codes = list(definition_in_force(ASSESSMENT_FORM).factors)
    factors = {code: {"rating": "not_present"} for code in codes}
    factors[codes[0]] = {"rating": "present", "evidence": "Seen in school"}
    return {
        "assessed_on": on(10),
        "factors": factors,
        "presenting_behaviour": ["Sharing extremist videos"],
        "needs": [
            {"label": "Social isolation after moving school", "factors": [codes[0]]},
            {"label": "A sense of grievance"},
        ],
    }


def journey() -> list[tuple[str, str, dict]]:
    """Who takes each step after the referral, and what they send."""
    sessions = [
        step
        for number, day in ((1, 20), (2, 34))
        for step in (
            ("mentor", "assess-session-risk", {
                "session": f"I1-{number}", "summary": "No known risks.", "occurred_at": at(day - 2),
            }),
            ("mentor", "record-session", {
                "session": f"I1-{number}", "outcome": "delivered", "held_on": on(day),
            }),
        )
    ]  # fmt: skip
    reviews = [
        ("officer", f"review-{months}", {
            "outcome": "no_further_concern", "reviewed_on": on(56, months),
            "options": ["Reopen the case"], "rationale": "No renewed concern from school or home.",
        })
        for months in (6, 12)
    ]  # fmt: skip
    return [
        ("officer", "start-screening", {"occurred_at": at(1)}),
        ("officer", "request-consultation", {
            "of_referrer": True, "question": "How is he since?", "occurred_at": at(2),
            "due_on": date.today().isoformat(),
        }),
        ("officer", "decide-adoption", {
            "outcome": "adopt", "options": ["Refer to early help"], "rationale": RATIONALE,
            "occurred_at": at(5),
        }),
        ("teacher", "answer-consultation", {"key": "C1", "answer": "Withdrawn at breaks."}),
        ("officer", "assess", answers()),
        ("chair", "hold-panel", {
            "met_on": on(12), "agencies": ["Northshire Police", "Riverside Academy"],
            "decisions": "Offer mentoring for both needs.",
        }),
        ("officer", "consent", {
            "outcome": "given", "given_by": "parent_or_guardian", "name": "His mother",
            "occurred_at": at(12),
        }),
        ("officer", "plan-intervention", {
            "title": "Mentoring", "provider": "Pathways Mentoring", "owner": "mentor",
            "needs": ["N1", "N2"], "session_dates": [on(20), on(34)], "occurred_at": at(13),
        }),
        ("officer", "start-support", {"occurred_at": at(14)}),
        *sessions,
        ("officer", "waive-referrer", {
            "rationale": "The school answered our request in full and has nothing to add.",
            "occurred_at": at(40),
        }),
        ("chair", "decide-exit", {
            "options": ["Continue support"], "occurred_at": at(54),
            "rationale": "Both sessions were delivered and the assessment shows needs are met.",
        }),
        ("officer", "exit", {
            "review_6_owner": "officer", "review_12_owner": "officer", "occurred_at": at(55),
        }),
        *reviews,
        ("officer", "close", {"rationale": "Both reviews found no renewed concern: all done."}),
    ]  # fmt: skip


def test_a_case_goes_from_referral_to_closure_through_the_api(calls):
    made = calls["teacher"].post("/referrals", {**REFERRAL, "occurred_at": at(0)})
    assert made.status_code == 201, made.content
    ref = made.json()["reference"]
    assert made.json()["case_path"] is None  # a referrer does not read cases
    stages = []
    for who, step, body in journey():
        stages.append(ok(calls[who].step(ref, step, body))["stage"])
    assert stages[2] == "adopted"
    assert "support" in stages
    assert stages[-4:] == ["exited", "reviewed_6", "reviewed_12", "closed"]

    case = Case.objects.get(reference=ref)
    assert case.review_6_due_on == (START + relativedelta(days=55, months=6)).date()
    chronology = ok(calls["officer"].get(f"/cases/{ref}/chronology"))["events"]
    assert chronology[0]["type"] == "ReferralReceived"
    assert chronology[-1]["type"] == "CaseClosed"
    assert len(chronology) == case.head_position
    late = {event["type"] for event in chronology if event["late"]}
    assert {"ReferralReceived", "CaseAdopted", "CaseExited", "SessionRecorded"} <= late
    assert "CaseClosed" not in late
    assert CaseAccess.objects.filter(case=case, channel=CaseAccess.Channel.API).exists()
