"""What the guards look at, read from a case's current state. Plain Python."""

from __future__ import annotations

from datetime import date, datetime

from casetrail.workflow.guards import AssessmentFacts, CaseFacts, Need, PlannedSession


def case_facts(state, *, version_in_force: int | None) -> CaseFacts:
    detail = state.detail
    interventions = detail.get("interventions", {})
    sessions = detail.get("sessions", {})
    explained = detail.get("explained", {})
    delivered = {
        item["intervention"] for item in sessions.values() if item["status"] == "delivered"
    }
    assessment = detail.get("assessment")
    matches = detail.get("matches", {}).values()
    return CaseFacts(
        matches_undecided=tuple(
            sorted(
                (item["probability"] for item in matches if item["decision"] is None), reverse=True
            )
        ),
        assessment=AssessmentFacts(
            datetime.fromisoformat(assessment["assessed_at"]), assessment["version"]
        )
        if assessment
        else None,
        version_in_force=version_in_force,
        significant_information_at=state.significant_at,
        exit_decided=detail.get("exit_decided", False),
        referrer_consulted=any(
            item["of_referrer"] and item["answered_on"]
            for item in detail.get("consultations", {}).values()
        ),
        referrer_consultation_waived=detail.get("referrer_waived", False),
        needs=tuple(Need(need["code"], need["label"]) for need in detail.get("needs", [])),
        needs_planned=frozenset(code for item in interventions.values() for code in item["needs"]),
        needs_addressed=frozenset(
            code
            for key, item in interventions.items()
            if key in delivered
            for code in item["needs"]
        ),
        needs_explained=frozenset(
            reason.split(":", 1)[1] for reason in explained if reason.startswith("need:")
        ),
        sessions=tuple(
            PlannedSession(
                key,
                interventions[item["intervention"]]["title"],
                date.fromisoformat(item["planned_on"]),
                status=item["status"],
                explained=f"session:{key}" in explained,
                risk_assessed=item["risk_assessed"],
            )
            # By date, then number: the database may hand JSON keys back in any order.
            for key, item in sorted(sessions.items(), key=_session_order)
        ),
        consent_given=detail.get("consent") == "given",
        interventions=len(interventions),
        reviews_recorded=frozenset(
            int(months) for months, review in detail.get("reviews", {}).items() if review["done_on"]
        ),
    )


def _session_order(entry: tuple[str, dict]) -> tuple[str, str, int]:
    key, item = entry
    intervention, _, number = key.partition("-")
    return item["planned_on"], intervention, int(number or 0)
