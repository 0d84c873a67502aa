"""The guards the review asked for, as plain functions over a case's facts.

A guard returns what is missing as a list of `Unmet` conditions, each with a
code (for tests, the API and overrides) and a sentence (for people). An empty
list means the step may go ahead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from casetrail.people.scoring import chance_words


@dataclass(frozen=True)
class Unmet:
    code: str
    message: str


@dataclass(frozen=True)
class Need:
    code: str
    label: str


@dataclass(frozen=True)
class PlannedSession:
    key: str
    intervention: str
    planned_for: date
    status: str = "planned"  # planned, delivered, cancelled, missed
    explained: bool = False  # a recorded explanation for one that was not delivered
    risk_assessed: bool = False


@dataclass(frozen=True)
class AssessmentFacts:
    assessed_at: datetime
    version: int


@dataclass(frozen=True)
class CaseFacts:
    """What the guards look at, read from the case's current state."""

    assessment: AssessmentFacts | None = None
    version_in_force: int | None = None
    significant_information_at: datetime | None = None
    exit_decided: bool = False
    referrer_consulted: bool = False
    referrer_consultation_waived: bool = False
    needs: tuple[Need, ...] = ()
    needs_planned: frozenset[str] = frozenset()  # named by an intervention in the plan
    needs_addressed: frozenset[str] = frozenset()  # by a delivered intervention
    needs_explained: frozenset[str] = frozenset()
    sessions: tuple[PlannedSession, ...] = ()
    consent_given: bool = False
    interventions: int = 0
    reviews_recorded: frozenset[int] = field(default_factory=frozenset)
    # Possible earlier records of the person no one has linked or dismissed, by chance.
    matches_undecided: tuple[float, ...] = ()


def assessment_staleness(facts: CaseFacts, *, now: datetime, max_age_days: int) -> Unmet | None:
    """Why the latest assessment cannot support a decision, if it cannot."""
    assessment = facts.assessment
    if assessment is None:
        return Unmet("assessment_missing", "No vulnerability assessment has been recorded")
    if facts.version_in_force is not None and assessment.version != facts.version_in_force:
        return Unmet(
            "assessment_outdated_form",
            f"The assessment used form version {assessment.version}; "
            f"version {facts.version_in_force} is in force",
        )
    if now - assessment.assessed_at > timedelta(days=max_age_days):
        age = (now - assessment.assessed_at).days
        return Unmet(
            "assessment_stale", f"The assessment is {age} days old; policy allows {max_age_days}"
        )
    significant = facts.significant_information_at
    if significant is not None and significant > assessment.assessed_at:
        return Unmet(
            "assessment_predates_information",
            "Significant new information was recorded after the latest assessment",
        )
    return None


def exit_unmet(facts: CaseFacts, *, now: datetime, max_age_days: int) -> list[Unmet]:
    """F2, F6, F8, F9: what must be true before a case may be exited."""
    unmet = []
    stale = assessment_staleness(facts, now=now, max_age_days=max_age_days)
    if stale:
        unmet.append(stale)
    if not facts.exit_decided:
        unmet.append(
            Unmet(
                "exit_not_decided",
                "The panel has not recorded a decision to exit with its rationale",
            )
        )
    if not (facts.referrer_consulted or facts.referrer_consultation_waived):
        unmet.append(
            Unmet(
                "referrer_not_consulted",
                "The referrer has not been consulted and no waiver is recorded",
            )
        )
    for need in facts.needs:
        if need.code not in facts.needs_addressed | facts.needs_explained:
            unmet.append(
                Unmet(
                    f"need_unaddressed:{need.code}",
                    f"Need “{need.label}” has no delivered intervention "
                    "and no recorded explanation",
                )
            )
    for session in facts.sessions:
        if session.status != "delivered" and not session.explained:
            when = session.planned_for.strftime("%-d %B %Y")
            unmet.append(
                Unmet(
                    f"session_not_delivered:{session.key}",
                    f"The {session.intervention} session planned for {when} "
                    f"was not delivered and no explanation is recorded",
                )
            )
    return unmet


def support_start_unmet(facts: CaseFacts, *, now: datetime, max_age_days: int) -> list[Unmet]:
    """F6: support begins with consent, a current assessment, and every need planned for."""
    unmet = []
    if not facts.consent_given:
        unmet.append(Unmet("consent_missing", "Consent to support has not been recorded"))
    stale = assessment_staleness(facts, now=now, max_age_days=max_age_days)
    if stale:
        unmet.append(stale)
    if facts.interventions == 0:
        unmet.append(Unmet("no_intervention", "The support plan has no intervention"))
    for need in facts.needs:
        if need.code not in facts.needs_planned | facts.needs_explained:
            unmet.append(
                Unmet(
                    f"need_unplanned:{need.code}",
                    f"Need “{need.label}” has no intervention in the plan "
                    "and no recorded explanation",
                )
            )
    return unmet


def session_delivery_unmet(session: PlannedSession) -> list[Unmet]:
    """F10: a session is not delivered until its risk assessment is recorded."""
    if session.risk_assessed:
        return []
    return [
        Unmet(
            "risk_assessment_missing",
            "Record the risk assessment for this session before recording it as delivered",
        )
    ]


def close_unmet(facts: CaseFacts) -> list[Unmet]:
    """F3: a case closes only when both reviews are recorded."""
    return [
        Unmet(f"review_missing:{months}", f"The {months}-month review has not been recorded")
        for months in (6, 12)
        if months not in facts.reviews_recorded
    ]


def screening_guard(facts: CaseFacts) -> list[Unmet]:
    """Before the gateway decision: every possible earlier record of the person decided (F1)."""
    return [
        Unmet(
            "person_match_undecided",
            f"A possible earlier record of this person ({chance_words(chance)} likely) "
            "has not been linked or dismissed",
        )
        for chance in facts.matches_undecided
    ]
