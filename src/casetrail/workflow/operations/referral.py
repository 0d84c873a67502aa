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
from casetrail.workflow import decisions
from casetrail.workflow.models import Case
from casetrail.workflow.operations.common import (
    case_for_step,
    decision_payload,
    rationale_checked,
)
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
    other_services: str = ""
    referrer_phone: str = ""

    def payload(self, reference: str, agency: str) -> dict:
        person: dict = {"name": self.person_name.strip()}
        if self.aliases:
            person["aliases"] = [alias.strip() for alias in self.aliases if alias.strip()]
        if self.birth_date:
            person["birth_date"] = self.birth_date.isoformat()
        if self.address.strip():
            person["address"] = self.address.strip()
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
    payload = referral.payload(f"CT-{case.pk:06d}", by.agency.name)
    received = NewEvent("ReferralReceived", payload, occurred_at)
    case_events_append(case=case, actor=by, events=[received], now=now)
    return case


@transaction.atomic
def screening_start(*, case_id: int, by: User, now: datetime) -> Event:
    """Take a referral into screening; whoever does so owns the case."""
    case = case_for_step(
        case_id=case_id, step=Step.START_SCREENING, by=by, permission="workflow.screen"
    )
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent("ScreeningStarted", {})], now=now
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
) -> Event:
    """The gateway decision on a screened referral, or a later referral elsewhere."""
    if outcome not in SCREENING_OUTCOMES:
        raise RecordError("outcome", f"must be one of {', '.join(SCREENING_OUTCOMES)}")
    step, event_type = SCREENING_OUTCOMES[outcome]
    case = case_for_step(case_id=case_id, step=step, by=by, permission="workflow.screen")
    chosen = decisions.SCREENING[outcome]
    payload = decision_payload(options=[chosen, *options], chosen=chosen, rationale=rationale)
    if outcome == "refer_elsewhere":
        if not services.strip():
            raise RecordError("services", "Name the services the case is referred to")
        payload["services"] = services.strip()
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent(event_type, payload)], now=now
    )
    return event


@transaction.atomic
def case_reopen(*, case_id: int, by: User, rationale: str, now: datetime) -> Event:
    """Renewed concern: the case goes back to screening and earlier assessments become stale."""
    case = case_for_step(case_id=case_id, step=Step.REOPEN, by=by, permission="workflow.screen")
    payload = {"rationale": rationale_checked(rationale)}
    [event] = case_events_append(
        case=case, actor=by, events=[NewEvent("CaseReopened", payload)], now=now
    )
    return event
