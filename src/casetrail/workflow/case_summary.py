"""What a case page shows: the person, what is due, and what each guard still needs."""

from __future__ import annotations

from datetime import date, datetime

from casetrail.local_time import local_day
from casetrail.policy.models import policy_current
from casetrail.workflow.deadlines import due_status
from casetrail.workflow.guards import (
    assessment_staleness,
    close_unmet,
    exit_unmet,
    support_start_unmet,
)
from casetrail.workflow.models import Case
from casetrail.workflow.operations.common import facts_of
from casetrail.workflow.stages import AFTER_EXIT, Stage

# Each guard ahead of a case, by the name the API and the 409s give it, and its heading.
GUARD_HEADINGS = {
    "support_start": "Before support can start",
    "exit": "Before the case can exit",
    "close": "Before the case can close",
}


def case_summary(case: Case, *, now: datetime) -> dict:
    policy = policy_current()
    facts = facts_of(case)
    stage = Stage(case.stage)
    max_age = policy.assessment_max_age_days
    guards = []
    if stage == Stage.PANEL:
        unmet = support_start_unmet(facts, now=now, max_age_days=max_age)
        guards.append((GUARD_HEADINGS["support_start"], unmet))
    if stage in (Stage.PANEL, Stage.SUPPORT):
        guards.append((GUARD_HEADINGS["exit"], exit_unmet(facts, now=now, max_age_days=max_age)))
    if stage in AFTER_EXIT:
        guards.append((GUARD_HEADINGS["close"], close_unmet(facts)))
    detail = case.detail
    return {
        "guards": guards,
        "assessment_problem": assessment_staleness(facts, now=now, max_age_days=max_age)
        if detail.get("assessment")
        else None,
        "reviews": _reviews(detail, local_day(now), policy.review_due_soon_days),
        "consultations": [
            {
                "key": key,
                **item,
                "overdue": not item["answered_on"] and item["due_on"] < local_day(now).isoformat(),
            }
            for key, item in detail.get("consultations", {}).items()
        ],
        "needs": _needs(detail, facts),
        "sessions": _sessions(detail),
        "overrides": detail.get("overrides", []),
    }


def _reviews(detail: dict, today: date, soon_days: int) -> list[dict]:
    rows = []
    for months, review in sorted(detail.get("reviews", {}).items(), key=lambda item: int(item[0])):
        due_on = date.fromisoformat(review["due_on"])
        status = due_status(due_on, done=bool(review["done_on"]), now=today, soon_days=soon_days)
        rows.append({"months": months, **review, "due_on": due_on, "status": status})
    return rows


def _needs(detail: dict, facts) -> list[dict]:
    explained = detail.get("explained", {})
    return [
        {
            **need,
            "planned": need["code"] in facts.needs_planned,
            "addressed": need["code"] in facts.needs_addressed,
            "explanation": explained.get(f"need:{need['code']}", ""),
        }
        for need in detail.get("needs", [])
    ]


def _sessions(detail: dict) -> list[dict]:
    interventions = detail.get("interventions", {})
    explained = detail.get("explained", {})
    return [
        {
            "key": key,
            **item,
            "title": interventions[item["intervention"]]["title"],
            "provider": interventions[item["intervention"]]["provider"],
            "owner": interventions[item["intervention"]]["owner"],
            "explanation": explained.get(f"session:{key}", ""),
        }
        for key, item in sorted(
            detail.get("sessions", {}).items(), key=lambda kv: kv[1]["planned_on"]
        )
    ]
