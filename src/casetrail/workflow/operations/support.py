"""The support plan: interventions against needs, sessions, explained gaps (F6, F9, F10)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from casetrail.accounts.models import Agency, User
from casetrail.chronology.models import Event
from casetrail.workflow.guards import PlannedSession, session_delivery_unmet, support_start_unmet
from casetrail.workflow.operations.common import (
    GuardRefused,
    case_for_step,
    facts_of,
    max_assessment_age,
    next_key,
    not_future,
    override_events,
    rationale_checked,
)
from casetrail.workflow.record import NewEvent, RecordError, case_events_append
from casetrail.workflow.stages import Step


@transaction.atomic
def intervention_plan(
    *,
    case_id: int,
    by: User,
    title: str,
    provider: Agency,
    owner: User,
    needs: list[str],
    session_dates: list[date],
    now: datetime,
    occurred_at: datetime | None = None,
) -> Event:
    """An intervention addressing named needs, with a provider, an owner and planned sessions."""
    case = case_for_step(
        case_id=case_id, step=Step.PLAN_INTERVENTION, by=by, permission="workflow.manage_support"
    )
    current = {need["code"] for need in case.detail.get("needs", [])}
    unknown = sorted(set(needs) - current)
    if unknown:
        raise RecordError("needs", f"not needs of the latest assessment: {', '.join(unknown)}")
    if not provider.is_active:
        raise RecordError("provider", f"{provider.name} is deactivated")
    if not owner.is_active or not owner.agency.is_active:
        raise RecordError("owner", f"{owner} cannot own work: their account is not active")
    if not session_dates:
        raise RecordError("session_dates", "Plan at least one session")
    key = next_key("I", case.detail.get("interventions", {}))
    payload = {
        "key": key,
        "title": title.strip(),
        "provider_agency_id": provider.pk,
        "provider": provider.name,
        "owner_id": owner.pk,
        "owner": owner.get_full_name() or owner.username,
        "needs": sorted(set(needs)),
        "sessions": [
            {"key": f"{key}-{number}", "planned_on": day.isoformat()}
            for number, day in enumerate(sorted(session_dates), start=1)
        ],
    }
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent("InterventionPlanned", payload, occurred_at)], now=now
    )
    return event


@transaction.atomic
def support_start(
    *,
    case_id: int,
    by: User,
    override_rationale: str | None = None,
    now: datetime,
    occurred_at: datetime | None = None,
) -> list[Event]:
    """Begin support: consent, a current assessment and every need planned for, or an override."""
    case = case_for_step(
        case_id=case_id, step=Step.START_SUPPORT, by=by, permission="workflow.manage_support"
    )
    at = occurred_at or now  # a late record is judged as things stood when support began
    unmet = support_start_unmet(facts_of(case), now=at, max_age_days=max_assessment_age())
    events = override_events(
        guard="support_start",
        unmet=unmet,
        case=case,
        by=by,
        rationale=override_rationale,
        occurred_at=occurred_at,
    )
    return case_events_append(
        case=case, actor=by, events=[*events, NewEvent("SupportStarted", {}, occurred_at)], now=now
    )


def _session(case, key: str) -> dict:
    session = case.detail.get("sessions", {}).get(key)
    if session is None:
        raise RecordError("session", f"{case} has no planned session {key}")
    return session


@transaction.atomic
def session_risk_assess(
    *,
    case_id: int,
    by: User,
    session: str,
    summary: str,
    now: datetime,
    occurred_at: datetime | None = None,
) -> Event:
    case = case_for_step(
        case_id=case_id,
        step=Step.ASSESS_SESSION_RISK,
        by=by,
        permission="workflow.record_session",
    )
    if _session(case, session)["status"] != "planned":
        raise RecordError("session", f"session {session} has already been recorded")
    payload = {"session": session, "summary": summary.strip()}
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent("SessionRiskAssessed", payload, occurred_at)], now=now
    )
    return event


def session_record(
    *,
    case_id: int,
    by: User,
    session: str,
    outcome: str,
    note: str = "",
    held_on: date,
    now: datetime,
) -> Event:
    """Record a session as delivered, cancelled or missed.

    Delivery without a risk assessment is refused (F10), and the refused attempt
    is itself recorded: a provider who met the person unassessed is a signal a
    supervisor must see, not a form error that leaves no trace. The refusal is
    committed before GuardRefused is raised, so call this outside any wider
    transaction that the exception would roll back.
    """
    event, unmet = _session_record(
        case_id=case_id,
        by=by,
        session=session,
        outcome=outcome,
        note=note,
        held_on=held_on,
        now=now,
    )
    if unmet:
        raise GuardRefused("session_delivery", unmet, overridable=False)
    return event


@transaction.atomic
def _session_record(*, case_id, by, session, outcome, note, held_on, now):
    case = case_for_step(
        case_id=case_id, step=Step.RECORD_SESSION, by=by, permission="workflow.record_session"
    )
    planned = _session(case, session)
    if planned["status"] != "planned":
        raise RecordError(
            "session", f"session {session} was already recorded as {planned['status']}"
        )
    if outcome not in ("delivered", "cancelled", "missed"):
        raise RecordError("outcome", "must be delivered, cancelled or missed")
    occurred_at = not_future(held_on, "held_on", now)
    if outcome == "delivered":
        facts = PlannedSession(session, "", held_on, risk_assessed=planned["risk_assessed"])
        unmet = session_delivery_unmet(facts)
        if unmet:
            refusal = {"session": session, "missing": [item.code for item in unmet]}
            [event] = case_events_append(
                case=case, actor=by, events=[NewEvent("SessionDeliveryRefused", refusal)], now=now
            )
            return event, unmet
    payload = {"session": session, "outcome": outcome}
    if note.strip():
        payload["note"] = note.strip()
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent("SessionRecorded", payload, occurred_at)], now=now
    )
    return event, []


@transaction.atomic
def gap_explain(
    *,
    case_id: int,
    by: User,
    subject: str,
    key: str,
    rationale: str,
    now: datetime,
    occurred_at: datetime | None = None,
) -> Event:
    """Explain why a need has no intervention, or a planned session was not delivered."""
    case = case_for_step(
        case_id=case_id, step=Step.EXPLAIN_GAP, by=by, permission="workflow.manage_support"
    )
    if subject == "need":
        known = {need["code"] for need in case.detail.get("needs", [])}
    elif subject == "session":
        known = set(case.detail.get("sessions", {}))
    else:
        raise RecordError("subject", "must be need or session")
    if key not in known:
        raise RecordError("key", f"{case} has no {subject} {key}")
    payload = {"subject": subject, "key": key, "rationale": rationale_checked(rationale)}
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent("GapExplained", payload, occurred_at)], now=now
    )
    return event
