"""Receiving a referral, screening it, deciding adoption, and reopening a case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from casetrail.accounts.models import User
from casetrail.chronology.chain import GENESIS
from casetrail.chronology.models import Event
from casetrail.local_time import local_day
from casetrail.people.features import Address, PersonDetails
from casetrail.people.normalise import full_name_split
from casetrail.people.services import person_create
from casetrail.workflow import decisions
from casetrail.workflow.guards import screening_guard
from casetrail.workflow.models import Case
from casetrail.workflow.operations.common import (
    GuardRefused,
    case_for_step,
    decision_payload,
    facts_of,
    rationale_checked,
)
from casetrail.workflow.operations.people import matches_found_events
from casetrail.workflow.record import NewEvent, RecordError, case_events_append
from casetrail.workflow.stages import Step


@dataclass(frozen=True)
class Referral:
    """What a referrer tells us, as the referral form collects it."""

    person_name: str
    concerns: str
    relationship: str
    person_aware: str  # yes, no, not_known
    referrer_name: str
    referrer_email: str
    aliases: list[str] = field(default_factory=list)
    birth_date: date | None = None
    address: str = ""
    town: str = ""
    postcode: str = ""
    # (scheme, value): "nhs" for an NHS number, "pnc" for a police national computer reference.
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    other_services: str = ""
    referrer_phone: str = ""

    def person_details(self) -> PersonDetails:
        """The person as matching sees them: the one name box split into given names and surname."""
        given, surname = full_name_split(self.person_name.strip())
        return PersonDetails(
            given_name=given,
            surname=surname,
            other_names=tuple(alias.strip() for alias in self.aliases if alias.strip()),
            birth_date=self.birth_date.isoformat() if self.birth_date else "",
            addresses=(Address(self.address, self.town, self.postcode),),
            identifiers=tuple((scheme, value) for scheme, value in self.identifiers if value),
        )

    def payload(self, reference: str, agency: str) -> dict:
        person: dict = {"name": self.person_name.strip()}
        if self.aliases:
            person["aliases"] = [alias.strip() for alias in self.aliases if alias.strip()]
        if self.birth_date:
            person["birth_date"] = self.birth_date.isoformat()
        for name in ("address", "town", "postcode"):
            if getattr(self, name).strip():
                person[name] = getattr(self, name).strip()
        identifiers = [
            [scheme, value.strip()] for scheme, value in self.identifiers if value.strip()
        ]
        if identifiers:
            person["identifiers"] = identifiers
        referrer = {"name": self.referrer_name.strip(), "email": self.referrer_email.strip()}
        if self.referrer_phone.strip():
            referrer["phone"] = self.referrer_phone.strip()
        referrer["agency"] = agency
        payload = {
            "reference": reference,
            "person": person,
            "concerns": self.concerns.strip(),
            "relationship": self.relationship.strip(),
            "person_aware": self.person_aware,
            "referrer": referrer,
        }
        if self.other_services.strip():
            payload["other_services"] = self.other_services.strip()
        return payload


@transaction.atomic
def referral_receive(
    *, by: User, referral: Referral, now: datetime, occurred_at: datetime | None = None
) -> Case:
    """Open a case from a referral; the person who submits it is its referrer."""
    if not by.has_perm("workflow.receive_referral"):
        raise PermissionDenied(f"{by} may not make referrals")
    if referral.birth_date and referral.birth_date > local_day(now):
        raise RecordError("birth_date", "must be in the past")
    case = Case.objects.create(head_hash=GENESIS)
    person = person_create(details=referral.person_details(), source="referral", now=now)
    payload = {**referral.payload(f"CT-{case.pk:06d}", by.agency.name), "person_id": person.pk}
    events = [NewEvent("ReferralReceived", payload, occurred_at)]
    # Every new referral is matched against everyone casetrail knows (F1).
    events += matches_found_events(person, exclude={person.pk})
    case_events_append(case=case, actor=by, events=events, now=now)
    return case


@transaction.atomic
def screening_start(
    *, case_id: int, by: User, now: datetime, occurred_at: datetime | None = None
) -> Event:
    """Take a referral into screening; whoever does so owns the case."""
    case = case_for_step(
        case_id=case_id, step=Step.START_SCREENING, by=by, permission="workflow.screen"
    )
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent("ScreeningStarted", {}, occurred_at)], now=now
    )
    return event


SCREENING_OUTCOMES = {
    "adopt": (Step.ADOPT, "CaseAdopted"),
    "not_adopt": (Step.NOT_ADOPT, "CaseNotAdopted"),
    "refer_elsewhere": (Step.REFER_ELSEWHERE, "CaseReferredElsewhere"),
}


@transaction.atomic
def screening_decide(
    *,
    case_id: int,
    by: User,
    outcome: str,
    options: list[str],
    rationale: str,
    services: str = "",
    now: datetime,
    occurred_at: datetime | None = None,
) -> Event:
    """The gateway decision on a screened referral, or a later referral elsewhere."""
    if outcome not in SCREENING_OUTCOMES:
        raise RecordError("outcome", f"must be one of {', '.join(SCREENING_OUTCOMES)}")
    step, event_type = SCREENING_OUTCOMES[outcome]
    case = case_for_step(case_id=case_id, step=step, by=by, permission="workflow.screen")
    unmet = screening_guard(facts_of(case))
    if unmet:
        # Deciding is one click each way; a decision that has not looked is not allowed.
        raise GuardRefused("screening", unmet, overridable=False)
    chosen = decisions.SCREENING[outcome]
    payload = decision_payload(options=[chosen, *options], chosen=chosen, rationale=rationale)
    if outcome == "refer_elsewhere":
        if not services.strip():
            raise RecordError("services", "Name the services the case is referred to")
        payload["services"] = services.strip()
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent(event_type, payload, occurred_at)], now=now
    )
    return event


@transaction.atomic
def case_reopen(
    *, case_id: int, by: User, rationale: str, now: datetime, occurred_at: datetime | None = None
) -> Event:
    """Renewed concern: the case goes back to screening and earlier assessments become stale."""
    case = case_for_step(case_id=case_id, step=Step.REOPEN, by=by, permission="workflow.screen")
    payload = {"rationale": rationale_checked(rationale)}
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent("CaseReopened", payload, occurred_at)], now=now
    )
    return event
