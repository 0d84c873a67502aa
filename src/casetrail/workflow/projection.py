"""How each Channel event changes a case's detail, and the columns derived from it. Plain Python.

A change takes the state and the event and returns the fields it changes.
`detail` holds JSON-ready data only (moments as ISO strings in UTC, days as
dates where casetrail is used), so what an operation stores and what a replay
of the chronology computes compare equal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from casetrail.chronology.chain import REDACTION_EVENT
from casetrail.local_time import local_day
from casetrail.workflow.stages import Step

# Each event type's step in the transition table; ReviewRecorded depends on its months.
EVENT_STEPS = {
    "ReferralReceived": Step.RECEIVE_REFERRAL,
    "ScreeningStarted": Step.START_SCREENING,
    "CaseAdopted": Step.ADOPT,
    "CaseNotAdopted": Step.NOT_ADOPT,
    "CaseReferredElsewhere": Step.REFER_ELSEWHERE,
    "ConsultationRequested": Step.REQUEST_CONSULTATION,
    "ConsultationAnswered": Step.ANSWER_CONSULTATION,
    "ReferrerConsultationWaived": Step.WAIVE_REFERRER_CONSULTATION,
    "PanelHeld": Step.HOLD_PANEL,
    "ConsentGiven": Step.RECORD_CONSENT,
    "ConsentDeclined": Step.DECLINE_CONSENT,
    "AssessmentRecorded": Step.RECORD_ASSESSMENT,
    "InterventionPlanned": Step.PLAN_INTERVENTION,
    "SupportStarted": Step.START_SUPPORT,
    "SessionRiskAssessed": Step.ASSESS_SESSION_RISK,
    "SessionRecorded": Step.RECORD_SESSION,
    "SessionDeliveryRefused": Step.RECORD_SESSION,
    "GapExplained": Step.EXPLAIN_GAP,
    "ExitDecided": Step.DECIDE_EXIT,
    "CaseExited": Step.EXIT,
    "CaseReopened": Step.REOPEN,
    "CaseClosed": Step.CLOSE,
    "GuardOverridden": Step.OVERRIDE_GUARD,
    "NoteRecorded": Step.RECORD_NOTE,
    "PersonMatchesFound": Step.FIND_PERSON_MATCHES,
    "PersonLinked": Step.DECIDE_PERSON_MATCH,
    "PersonMatchDismissed": Step.DECIDE_PERSON_MATCH,
}


def event_step(event_type: str, payload: dict) -> Step | None:
    if event_type == "ReviewRecorded":
        return Step.RECORD_REVIEW_6 if payload["months"] == 6 else Step.RECORD_REVIEW_12
    return EVENT_STEPS.get(event_type)


def moment(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _day(value: datetime) -> str:
    return local_day(value).isoformat()


def _detail(state, **parts: Any) -> dict:
    return {"detail": {**state.detail, **parts}}


def _item(state, collection: str, key: str, **changes: Any) -> dict:
    items = state.detail.get(collection, {})
    return _detail(state, **{collection: {**items, key: {**items.get(key, {}), **changes}}})


def _referral_received(state, event) -> dict:
    payload = event.payload
    person = payload["person"]
    birth = person.get("birth_date")
    return {
        "reference": payload["reference"],
        "summary": " ".join(payload["concerns"].split())[:200],
        "opened_at": event.occurred_at,
        "person_name": person["name"],
        "person_birth_date": date.fromisoformat(birth) if birth else None,
        "referrer_id": event.actor_id,
        "person_id": payload.get("person_id"),
        **_detail(state, person=person, referrer=payload["referrer"]),
    }


def _person_matches_found(state, event) -> dict:
    matches = dict(state.detail.get("matches", {}))
    for candidate in event.payload["candidates"]:
        key = str(candidate["person_id"])
        if key not in matches:
            matches[key] = {
                "probability": candidate["probability"],
                "evidence": candidate["evidence"],
                "decision": None,
            }
    return _detail(state, matches=matches)


def _person_match_decided(decision: str) -> Callable[[Any, Any], dict]:
    def change(state, event) -> dict:
        key = str(event.payload["person_id"])
        changed = _item(state, "matches", key, decision=decision)
        if decision == "linked":
            changed["person_id"] = event.payload["person_id"]
        return changed

    return change


def _screening_started(state, event) -> dict:
    return {"owner_id": event.actor_id}


def _consultation_requested(state, event) -> dict:
    fields = {name: value for name, value in event.payload.items() if name != "key"}
    return _item(state, "consultations", event.payload["key"], **fields, answered_on=None)


def _consultation_answered(state, event) -> dict:
    changed = _item(
        state, "consultations", event.payload["key"], answered_on=_day(event.occurred_at)
    )
    if event.payload["significant"]:
        changed["detail"]["significant_at"] = moment(event.occurred_at)
    return changed


def _assessment_recorded(state, event) -> dict:
    payload = event.payload
    needs = [
        {"code": need["code"], "label": need["label"]}
        for need in payload["answers"].get("needs", [])
    ]
    assessment = {
        "key": payload["key"],
        "version": payload["version"],
        "assessed_at": moment(event.occurred_at),
    }
    known = {**state.detail.get("needs_known", {}), **{n["code"]: n["label"] for n in needs}}
    return _detail(
        state,
        assessment=assessment,
        needs=needs,
        needs_known=known,
        assessments=state.detail.get("assessments", 0) + 1,
    )


def _intervention_planned(state, event) -> dict:
    payload = event.payload
    fields = {name: payload[name] for name in payload if name not in ("key", "sessions")}
    changed = _item(state, "interventions", payload["key"], **fields)
    sessions = dict(state.detail.get("sessions", {}))
    for session in payload["sessions"]:
        sessions[session["key"]] = {
            "intervention": payload["key"],
            "planned_on": session["planned_on"],
            "status": "planned",
            "risk_assessed": False,
        }
    changed["detail"]["sessions"] = sessions
    return changed


def _session_refused(state, event) -> dict:
    return _detail(state, refusals=state.detail.get("refusals", 0) + 1)


def _gap_explained(state, event) -> dict:
    explained = {**state.detail.get("explained", {})}
    explained[f"{event.payload['subject']}:{event.payload['key']}"] = event.payload["rationale"]
    return _detail(state, explained=explained)


def _case_exited(state, event) -> dict:
    reviews = {
        months: {**schedule, "done_on": None}
        for months, schedule in event.payload["reviews"].items()
    }
    return _detail(state, exited_at=moment(event.occurred_at), reviews=reviews)


def _review_recorded(state, event) -> dict:
    months = str(event.payload["months"])
    reviews = state.detail.get("reviews", {})
    done = {**reviews[months], "done_on": _day(event.occurred_at)}
    return _detail(state, reviews={**reviews, months: done})


def _case_reopened(state, event) -> dict:
    # A new cycle: consent, the exit decision and reviews belong to the last one, and
    # the renewed concern is new information any earlier assessment predates.
    return _detail(
        state,
        consent=None,
        exit_decided=False,
        exited_at=None,
        reviews={},
        significant_at=moment(event.occurred_at),
    )


def _guard_overridden(state, event) -> dict:
    payload = event.payload
    override = {"guard": payload["guard"], "unmet": [item["message"] for item in payload["unmet"]]}
    return _detail(state, overrides=[*state.detail.get("overrides", []), override])


def _note_recorded(state, event) -> dict:
    if event.payload.get("significant"):
        return _detail(state, significant_at=moment(event.occurred_at))
    return {}


def _payload_redacted(state, event) -> dict:
    return {"redactions": state.redactions + 1}


def _set(**parts: Any) -> Callable[[Any, Any], dict]:
    return lambda state, event: _detail(state, **parts)


def _session(**changes: Any) -> Callable[[Any, Any], dict]:
    return lambda state, event: _item(state, "sessions", event.payload["session"], **changes)


CHANGES: dict[str, Callable[[Any, Any], dict]] = {
    "ReferralReceived": _referral_received,
    "ScreeningStarted": _screening_started,
    "ConsultationRequested": _consultation_requested,
    "ConsultationAnswered": _consultation_answered,
    "ReferrerConsultationWaived": _set(referrer_waived=True),
    "PanelHeld": lambda state, event: _detail(
        state, panels=state.detail.get("panels", 0) + 1, last_panel_on=event.payload["met_on"]
    ),
    "ConsentGiven": _set(consent="given"),
    "ConsentDeclined": lambda state, event: _detail(state, consent=event.payload["outcome"]),
    "AssessmentRecorded": _assessment_recorded,
    "InterventionPlanned": _intervention_planned,
    "SupportStarted": lambda state, event: _detail(
        state, support_started_on=_day(event.occurred_at)
    ),
    "SessionRiskAssessed": _session(risk_assessed=True),
    "SessionRecorded": lambda state, event: _item(
        state, "sessions", event.payload["session"], status=event.payload["outcome"]
    ),
    "SessionDeliveryRefused": _session_refused,
    "GapExplained": _gap_explained,
    "ExitDecided": _set(exit_decided=True),
    "CaseExited": _case_exited,
    "ReviewRecorded": _review_recorded,
    "CaseReopened": _case_reopened,
    "GuardOverridden": _guard_overridden,
    "NoteRecorded": _note_recorded,
    "PersonMatchesFound": _person_matches_found,
    "PersonLinked": _person_match_decided("linked"),
    "PersonMatchDismissed": _person_match_decided("dismissed"),
    REDACTION_EVENT: _payload_redacted,
}


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _on(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def needs_unplanned(detail: dict) -> list[dict]:
    """Needs no planned intervention names and no recorded explanation covers (F6)."""
    planned = {code for item in detail.get("interventions", {}).values() for code in item["needs"]}
    explained = detail.get("explained", {})
    return [
        need
        for need in detail.get("needs", [])
        if need["code"] not in planned and f"need:{need['code']}" not in explained
    ]


def matches_undecided(detail: dict) -> list[int]:
    """Possible earlier records of the person that no one has linked or dismissed (F1)."""
    return [int(key) for key, item in detail.get("matches", {}).items() if item["decision"] is None]


def derived_columns(detail: dict, state) -> dict:
    """The indexed columns the caseload and dashboard filter on, all read off detail."""
    consultations = [
        item for item in detail.get("consultations", {}).values() if not item["answered_on"]
    ]
    sessions = detail.get("sessions", {})
    explained = detail.get("explained", {})
    assessment = detail.get("assessment") or {}
    reviews = detail.get("reviews", {})
    still_planned = [
        item["planned_on"]
        for key, item in sessions.items()
        if item["status"] == "planned" and f"session:{key}" not in explained
    ]
    columns = {
        "assessment_at": _when(assessment.get("assessed_at")),
        "assessment_version": assessment.get("version"),
        "significant_at": _when(detail.get("significant_at")),
        "consultations_outstanding": len(consultations),
        "consultation_due_on": _on(min((item["due_on"] for item in consultations), default=None)),
        "needs_unplanned": len(needs_unplanned(detail)),
        "sessions_planned": len(sessions),
        "sessions_delivered": sum(item["status"] == "delivered" for item in sessions.values()),
        "sessions_unexplained": sum(
            item["status"] in ("cancelled", "missed") and f"session:{key}" not in explained
            for key, item in sessions.items()
        ),
        "session_next_on": _on(min(still_planned, default=None)),
        "delivery_refusals": detail.get("refusals", 0),
        "overrides": len(detail.get("overrides", [])),
        "exited_at": _when(detail.get("exited_at")),
        "matches_undecided": len(matches_undecided(detail)),
    }
    for months in ("6", "12"):
        review = reviews.get(months) or {}
        columns[f"review_{months}_due_on"] = _on(review.get("due_on"))
        columns[f"review_{months}_owner_id"] = review.get("owner_id")
        columns[f"review_{months}_done_on"] = _on(review.get("done_on"))
    columns["involved"] = _involved(detail, state)
    return columns


def _involved(detail: dict, state) -> str:
    """Who has a part in the case, as searchable tokens: u<user id> and a<provider agency id>."""
    users = {state.referrer_id, state.owner_id}
    users |= {review.get("owner_id") for review in detail.get("reviews", {}).values()}
    interventions = detail.get("interventions", {}).values()
    users |= {item["owner_id"] for item in interventions}
    tokens = sorted(f"u{user}" for user in users if user)
    tokens += sorted({f"a{item['provider_agency_id']}" for item in interventions})
    return f"|{'|'.join(tokens)}|" if tokens else ""


def payload_shapes_state(event_type: str, payload_json: str) -> bool:
    """Whether replaying this record needs its payload: if so, it cannot be redacted."""
    if event_type == "NoteRecorded":
        return bool(json.loads(payload_json).get("significant"))
    return event_type in CHANGES or event_type == "ReviewRecorded"
