"""Helpers the workflow's database tests share: a case at any stage, and each operation called
with the usual arguments, so a test names only what it is about."""

from __future__ import annotations

import json
from datetime import timedelta

from casetrail.chronology.models import Event
from casetrail.workflow import decisions
from casetrail.workflow.models import Case
from casetrail.workflow.operations.exit import case_exit
from casetrail.workflow.operations.panel import consent_record, exit_decide
from casetrail.workflow.operations.referral import screening_decide
from casetrail.workflow.operations.support import gap_explain, intervention_plan, session_record
from casetrail.workflow.stages import TRANSITIONS, Stage, Step
from tests.db.workflow.conftest import NOW

# A journey started here reaches exit a few days before NOW, so an assessment
# made on its tenth day is still current when a test acts at NOW.
RECENT = NOW - timedelta(days=60)
TODAY = NOW.date()
WHY = "The school and family both report that the concern has eased since support began."
# The journey step that leaves a case at each stage it passes through.
JOURNEY_STOPS = {
    Stage.REFERRED: "receive",
    Stage.SCREENING: "screen",
    Stage.ADOPTED: "adopt",
    Stage.PANEL: "plan",
    Stage.SUPPORT: "support",
    Stage.EXITED: "exit",
    Stage.REVIEWED_6: "review_6",
    Stage.REVIEWED_12: "review_12",
    Stage.CLOSED: "close",
}


def case_in(stage: Stage, case_at, cast) -> Case:
    """A case at any stage: a journey stop, or an ending reached from screening or panel."""
    if stage in JOURNEY_STOPS:
        return case_at(JOURNEY_STOPS[stage])
    if stage == Stage.CONSENT_DECLINED:
        case = case_at("panel")
        consent_record(
            case_id=case.pk,
            by=cast.caseworker,
            outcome="declined",
            given_by="parent_or_guardian",
            name="Parent",
            now=NOW,
        )
    else:
        case = case_at("screen")
        outcome = "not_adopt" if stage == Stage.NOT_ADOPTED else "refer_elsewhere"
        screening_decide(
            case_id=case.pk,
            by=cast.caseworker,
            outcome=outcome,
            options=[decisions.SCREENING["adopt"]],
            rationale=WHY,
            services="Early help team at the council",
            now=NOW,
        )
    case.refresh_from_db()
    assert case.stage == stage
    return case


def stages_refusing(step: Step) -> list[Stage]:
    return [stage for stage in Stage if stage not in TRANSITIONS[step]]


def event_types(case: Case) -> list[str]:
    return list(Event.objects.filter(case=case).order_by("position").values_list("type", flat=True))


def last_payload(case: Case) -> dict:
    return json.loads(Event.objects.filter(case=case).latest("position").payload)


def codes(error) -> list[str]:
    return [condition.code for condition in error.unmet]


NEXT_WEEK = NOW.date() + timedelta(days=7)


def decide_exit(case, by, options=(decisions.EXIT["continue"],), rationale=WHY):
    return exit_decide(case_id=case.pk, by=by, options=list(options), rationale=rationale, now=NOW)


def record(case, by, session="I1-1", outcome="delivered", held_on=TODAY, **kwargs):
    return session_record(
        case_id=case.pk, by=by, session=session, outcome=outcome, held_on=held_on, now=NOW, **kwargs
    )


def plan(case, cast, needs=("N1", "N2"), session_dates=(NEXT_WEEK,), **kwargs):
    arguments = {"provider": cast.provider.agency, "owner": cast.provider, "by": cast.caseworker}
    return intervention_plan(
        case_id=case.pk,
        title="Mentoring",
        needs=list(needs),
        session_dates=list(session_dates),
        now=NOW,
        **{**arguments, **kwargs},
    )


def explain(case, by, subject, key, rationale=WHY):
    return gap_explain(
        case_id=case.pk, by=by, subject=subject, key=key, rationale=rationale, now=NOW
    )


def exit_case(case, by, owners=None, now=NOW, **kwargs):
    owners = owners or {6: by, 12: by}
    return case_exit(case_id=case.pk, by=by, review_owners=owners, now=now, **kwargs)


def case_the_referrer_never_answered(case_at):
    """Every step up to the panel's exit decision, except the referrer's answer."""
    return case_at("decide_exit", start=RECENT, skip=("answer",))
