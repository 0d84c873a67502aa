"""The event types the Channel journey records, with their payload schemas and story lines.

Decisions (adoption, exit, reviews, reopening, closing, waivers, overrides)
carry the options considered and a written rationale in their payload; who
decided, for which agency and when are the event's own fields.
"""

from __future__ import annotations

from datetime import date

from casetrail.chronology.event_types import EventType, event_type_register, text

DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
KEY = {"type": "string", "pattern": r"^[A-Z0-9-]{1,20}$"}
ID = {"type": "integer", "minimum": 1}
FLAG = {"type": "boolean"}
RATIONALE = text(max_length=10_000)
DECISION = {
    "options": {"type": "array", "items": text(max_length=200), "minItems": 2},
    "chosen": text(max_length=200),
    "rationale": RATIONALE,
}


def shape(required: dict, optional: dict | None = None) -> dict:
    """An object schema: these properties required, those optional, nothing else."""
    return {
        "type": "object",
        "properties": {**required, **(optional or {})},
        "required": list(required),
        "additionalProperties": False,
    }


def enum(*values: str) -> dict:
    return {"type": "string", "enum": list(values)}


def _register(
    name: str, label: str, schema: dict, describe, *, decision: bool = False, about_others=False
) -> str:
    event_type_register(
        EventType(
            name, schema, describe, label, is_decision=decision,
            read_permission=VIEW_MATCHES if about_others else "",
        )
    )  # fmt: skip
    return name


# Who may read what matching found, and the decisions on it: it tells of other people.
VIEW_MATCHES = "people.view_matches"


GUARDED = {"exit": "Exit", "support_start": "Support"}


def _day(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%-d %B %Y")


def _decided(verb: str):
    return lambda payload: f"{verb}: {payload['chosen']}"


PERSON = shape(
    {"name": text(max_length=200)},
    {
        "aliases": {"type": "array", "items": text(max_length=200)},
        "birth_date": DATE,
        "address": text(max_length=500),
        "town": text(max_length=200),
        "postcode": text(max_length=20),
        "identifiers": {
            "type": "array",
            "items": {"type": "array", "items": text(max_length=100), "minItems": 2, "maxItems": 2},
        },
    },
)
REFERRER = shape(
    {"name": text(max_length=200), "email": text(max_length=254)},
    {"phone": text(max_length=40), "agency": text(max_length=200)},
)

REFERRAL_RECEIVED = _register(
    "ReferralReceived",
    "Referral received",
    shape(
        {
            "reference": text(max_length=32),
            "person": PERSON,
            "concerns": text(max_length=20_000),
            "relationship": text(max_length=2_000),
            "person_aware": enum("yes", "no", "not_known"),
            "referrer": REFERRER,
        },
        {"other_services": text(max_length=2_000), "person_id": ID},
    ),
    lambda payload: f"Referral received about {payload['person']['name']}",
)
EVIDENCE = {
    "type": "array",
    "items": {
        "type": "array",
        "prefixItems": [text(max_length=40), text(max_length=80), {"type": "number"}],
        "minItems": 3,
        "maxItems": 3,
    },
}
PERSON_MATCHES_FOUND = _register(
    "PersonMatchesFound",
    "Possible earlier records found",
    shape(
        {
            "candidates": {
                "type": "array",
                "minItems": 1,
                "items": shape(
                    {"person_id": ID, "probability": {"type": "number"}, "evidence": EVIDENCE}
                ),
            }
        }
    ),
    lambda payload: (
        f"{len(payload['candidates'])} possible earlier record"
        f"{'s' if len(payload['candidates']) != 1 else ''} of this person found"
    ),
    about_others=True,
)
PERSON_LINKED = _register(
    "PersonLinked",
    "Linked to an earlier record",
    shape({**DECISION, "person_id": ID}),
    lambda payload: f"Same person as earlier record P-{payload['person_id']}: linked",
    decision=True,
    about_others=True,
)
PERSON_MATCH_DISMISSED = _register(
    "PersonMatchDismissed",
    "Possible earlier record dismissed",
    shape({**DECISION, "person_id": ID}),
    lambda payload: f"Not the same person as record P-{payload['person_id']}",
    decision=True,
    about_others=True,
)
PERSON_RECORDS_JOINED = _register(
    "PersonRecordsJoined",
    "This person's records joined",
    shape(
        {
            "person_id": ID,
            "joined_person_id": ID,
            "how": text(max_length=400),
            "rationale": RATIONALE,
        }
    ),
    lambda payload: (
        f"Records P-{payload['person_id']} and P-{payload['joined_person_id']} found to be "
        f"one person {payload['how']}: this case's person now has both records' history"
    ),
    about_others=True,
)
SCREENING_STARTED = _register(
    "ScreeningStarted", "Screening started", shape({}), lambda payload: "Screening started"
)
CASE_ADOPTED = _register(
    "CaseAdopted", "Adopted", shape(DECISION), _decided("Screening decision"), decision=True
)
CASE_NOT_ADOPTED = _register(
    "CaseNotAdopted", "Not adopted", shape(DECISION), _decided("Screening decision"), decision=True
)
CASE_REFERRED_ELSEWHERE = _register(
    "CaseReferredElsewhere",
    "Referred to other services",
    shape({**DECISION, "services": text(max_length=500)}),
    lambda payload: f"Referred to other services: {payload['services']}",
    decision=True,
)
CONSULTATION_REQUESTED = _register(
    "ConsultationRequested",
    "Consultation requested",
    shape(
        {
            "key": KEY,
            "to": text(max_length=200),
            "of_referrer": FLAG,
            "question": text(max_length=5_000),
            "due_on": DATE,
        },
        {"agency_id": ID},
    ),
    lambda payload: f"Asked {payload['to']} for information or views",
)
CONSULTATION_ANSWERED = _register(
    "ConsultationAnswered",
    "Consultation answered",
    shape({"key": KEY, "answer": text(max_length=20_000), "significant": FLAG}),
    lambda payload: (
        f"Consultation {payload['key']} answered"
        + (" (significant new information)" if payload["significant"] else "")
    ),
)
REFERRER_CONSULTATION_WAIVED = _register(
    "ReferrerConsultationWaived",
    "Referrer consultation waived",
    shape({"rationale": RATIONALE}),
    lambda payload: "Decided not to consult the referrer",
    decision=True,
)
PANEL_HELD = _register(
    "PanelHeld",
    "Panel meeting",
    shape(
        {
            "met_on": DATE,
            "agencies": {"type": "array", "items": text(max_length=200), "minItems": 1},
            "decisions": text(max_length=20_000),
        },
        {"attendees": text(max_length=5_000)},
    ),
    lambda payload: f"Panel met with {', '.join(payload['agencies'])}",
)
CONSENT_GIVEN = _register(
    "ConsentGiven",
    "Consent given",
    shape({"given_by": enum("person", "parent_or_guardian"), "name": text(max_length=200)}),
    lambda payload: f"Consent to support given by {payload['name']}",
)
CONSENT_DECLINED = _register(
    "ConsentDeclined",
    "Consent declined or withdrawn",
    shape(
        {
            "outcome": enum("declined", "withdrawn"),
            "given_by": enum("person", "parent_or_guardian"),
            "name": text(max_length=200),
        },
        {"note": text(max_length=5_000)},
    ),
    lambda payload: f"Consent {payload['outcome']} by {payload['name']}",
)
ASSESSMENT_RECORDED = _register(
    "AssessmentRecorded",
    "Assessment",
    shape(
        {
            "key": KEY,
            "definition": text(max_length=40),
            "version": ID,
            "answers": {"type": "object"},
        }
    ),
    lambda payload: f"Vulnerability assessment recorded (form version {payload['version']})",
)
INTERVENTION_PLANNED = _register(
    "InterventionPlanned",
    "Intervention planned",
    shape(
        {
            "key": KEY,
            "title": text(max_length=200),
            "provider_agency_id": ID,
            "provider": text(max_length=200),
            "owner_id": ID,
            "owner": text(max_length=200),
            "needs": {"type": "array", "items": KEY},
            "sessions": {
                "type": "array",
                "minItems": 1,
                "items": shape({"key": KEY, "planned_on": DATE}),
            },
        }
    ),
    lambda payload: (
        f"Planned {payload['title']} with {payload['provider']}: "
        f"{len(payload['sessions'])} session(s)"
    ),
)
SUPPORT_STARTED = _register(
    "SupportStarted", "Support started", shape({}), lambda payload: "Support started"
)
SESSION_RISK_ASSESSED = _register(
    "SessionRiskAssessed",
    "Session risk assessed",
    shape({"session": KEY, "summary": text(max_length=10_000)}),
    lambda payload: f"Risk assessment recorded for session {payload['session']}",
)
SESSION_RECORDED = _register(
    "SessionRecorded",
    "Session",
    shape(
        {"session": KEY, "outcome": enum("delivered", "cancelled", "missed")},
        {"note": text(max_length=10_000)},
    ),
    lambda payload: f"Session {payload['session']} {payload['outcome']}",
)
SESSION_DELIVERY_REFUSED = _register(
    "SessionDeliveryRefused",
    "Session delivery refused",
    shape({"session": KEY, "missing": {"type": "array", "items": text(max_length=200)}}),
    lambda payload: (
        f"Session {payload['session']} could not be recorded as delivered: no risk assessment"
    ),
)
GAP_EXPLAINED = _register(
    "GapExplained",
    "Gap explained",
    shape({"subject": enum("need", "session"), "key": KEY, "rationale": RATIONALE}),
    lambda payload: f"Explained why {payload['subject']} {payload['key']} is not delivered",
    decision=True,
)
EXIT_DECIDED = _register(
    "ExitDecided", "Panel decision", shape(DECISION), _decided("Panel decided"), decision=True
)
REVIEW_SCHEDULE = shape(
    {"due_on": DATE, "owner_id": ID, "owner": text(max_length=200)},
)
CASE_EXITED = _register(
    "CaseExited",
    "Exited",
    shape({"reviews": shape({"6": REVIEW_SCHEDULE, "12": REVIEW_SCHEDULE})}),
    lambda payload: (
        f"Exited; reviews due {_day(payload['reviews']['6']['due_on'])} "
        f"and {_day(payload['reviews']['12']['due_on'])}"
    ),
)
REVIEW_RECORDED = _register(
    "ReviewRecorded",
    "Review",
    shape({"months": {"type": "integer", "enum": [6, 12]}, "reopen": FLAG, **DECISION}),
    lambda payload: f"{payload['months']}-month review: {payload['chosen']}",
    decision=True,
)
CASE_REOPENED = _register(
    "CaseReopened",
    "Reopened",
    shape({"rationale": RATIONALE}),
    lambda payload: "Case reopened",
    decision=True,
)
CASE_CLOSED = _register(
    "CaseClosed",
    "Closed",
    shape({"rationale": RATIONALE}),
    lambda payload: "Case closed",
    decision=True,
)
GUARD_OVERRIDDEN = _register(
    "GuardOverridden",
    "Guard overridden",
    shape(
        {
            "guard": enum(*GUARDED),
            "unmet": {
                "type": "array",
                "minItems": 1,
                "items": shape({"code": text(max_length=100), "message": text(max_length=500)}),
            },
            "rationale": RATIONALE,
        }
    ),
    lambda payload: (
        f"{GUARDED[payload['guard']]} went ahead with {len(payload['unmet'])} "
        f"condition{'s' if len(payload['unmet']) != 1 else ''} unmet"
    ),
    decision=True,
)
NOTE_RECORDED = _register(
    "NoteRecorded",
    "Note",
    shape(
        {"summary": text(max_length=200)},
        {"detail": {"type": "string", "maxLength": 20_000}, "significant": FLAG},
    ),
    lambda payload: (
        f"Note: {payload['summary']}"
        + (" (significant new information)" if payload.get("significant") else "")
    ),
)
