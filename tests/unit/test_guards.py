"""Each guard passing, and failing with exactly the conditions that are unmet."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from casetrail.workflow.guards import (
    AssessmentFacts,
    CaseFacts,
    Need,
    PlannedSession,
    close_unmet,
    exit_unmet,
    session_delivery_unmet,
    support_start_unmet,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ISOLATION = Need("N1", "Social isolation")
GRIEVANCE = Need("N2", "Sense of grievance")
SESSION_1 = PlannedSession(
    "S1", "mentoring", NOW - timedelta(days=30), status="delivered", risk_assessed=True
)
SESSION_2 = PlannedSession("S2", "mentoring", NOW - timedelta(days=15))

READY_TO_EXIT = CaseFacts(
    assessment=AssessmentFacts(NOW - timedelta(days=10), version=2),
    version_in_force=2,
    exit_decided=True,
    referrer_consulted=True,
    needs=(ISOLATION, GRIEVANCE),
    needs_planned=frozenset({"N1", "N2"}),
    needs_addressed=frozenset({"N1", "N2"}),
    sessions=(SESSION_1,),
    consent_given=True,
    interventions=1,
)


def codes(unmet) -> list[str]:
    return [condition.code for condition in unmet]


def test_exit_goes_ahead_when_everything_is_in_place():
    assert exit_unmet(READY_TO_EXIT, now=NOW, max_age_days=90) == []


def test_the_review_case_could_not_have_exited():
    # Modelled on the review: old assessment on an old form, no exit rationale, school
    # not consulted, grievance unaddressed, one of two sessions not delivered.
    facts = replace(
        READY_TO_EXIT,
        assessment=AssessmentFacts(NOW - timedelta(days=200), version=1),
        exit_decided=False,
        referrer_consulted=False,
        needs_addressed=frozenset({"N1"}),
        sessions=(SESSION_1, SESSION_2),
    )
    unmet = exit_unmet(facts, now=NOW, max_age_days=90)
    assert codes(unmet) == [
        "assessment_outdated_form",
        "exit_not_decided",
        "referrer_not_consulted",
        "need_unaddressed:N2",
        "session_not_delivered:S2",
    ]
    assert unmet[3].message == (
        "Need “Sense of grievance” has no delivered intervention and no recorded explanation"
    )
    assert unmet[4].message == (
        "The mentoring session planned for 11 November 2026 was not delivered "
        "and no explanation is recorded"
    )


def test_explanations_and_a_waiver_satisfy_the_exit_guard():
    facts = replace(
        READY_TO_EXIT,
        referrer_consulted=False,
        referrer_consultation_waived=True,
        needs_addressed=frozenset({"N1"}),
        needs_explained=frozenset({"N2"}),
        sessions=(SESSION_1, replace(SESSION_2, status="cancelled", explained=True)),
    )
    assert exit_unmet(facts, now=NOW, max_age_days=90) == []


def test_an_assessment_older_than_policy_is_stale():
    facts = replace(READY_TO_EXIT, assessment=AssessmentFacts(NOW - timedelta(days=91), 2))
    [unmet] = exit_unmet(facts, now=NOW, max_age_days=90)
    assert unmet.code == "assessment_stale"
    assert unmet.message == "The assessment is 91 days old; policy allows 90"


def test_an_assessment_older_than_new_information_is_stale():
    facts = replace(READY_TO_EXIT, significant_information_at=NOW - timedelta(days=1))
    assert codes(exit_unmet(facts, now=NOW, max_age_days=90)) == ["assessment_predates_information"]


def test_no_assessment_at_all_is_named():
    facts = replace(READY_TO_EXIT, assessment=None)
    assert codes(exit_unmet(facts, now=NOW, max_age_days=90)) == ["assessment_missing"]


def test_support_starts_with_consent_an_assessment_and_every_need_planned():
    assert support_start_unmet(READY_TO_EXIT, now=NOW, max_age_days=90) == []
    facts = replace(
        READY_TO_EXIT, consent_given=False, interventions=0, needs_planned=frozenset({"N1"})
    )
    assert codes(support_start_unmet(facts, now=NOW, max_age_days=90)) == [
        "consent_missing",
        "no_intervention",
        "need_unplanned:N2",
    ]


def test_a_session_needs_its_risk_assessment_before_delivery():
    assert codes(session_delivery_unmet(SESSION_2)) == ["risk_assessment_missing"]
    assert session_delivery_unmet(replace(SESSION_2, risk_assessed=True)) == []


def test_a_case_closes_only_with_both_reviews():
    assert codes(close_unmet(CaseFacts())) == ["review_missing:6", "review_missing:12"]
    assert codes(close_unmet(CaseFacts(reviews_recorded=frozenset({6})))) == ["review_missing:12"]
    assert close_unmet(CaseFacts(reviews_recorded=frozenset({6, 12}))) == []
