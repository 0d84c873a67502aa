"""Referrals through the API: a police or school system sends one; a referrer follows theirs.

A new referral is matched against every person casetrail holds, as on the web (F1);
the answer says only where the referral now stands, since a referrer may not
learn from it whether casetrail already knows the person.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import AwareDatetime, Field

from casetrail.api.problems import FieldProblem, Unprocessable
from casetrail.api.responses import documented
from casetrail.api.schemas import IdentifierIn, _Request
from casetrail.people.normalise import is_nhs_number
from casetrail.web.http import SignedInRequest
from casetrail.workflow.operations.referral import Referral, referral_receive
from casetrail.workflow.record import RecordError
from casetrail.workflow.selectors import referrals_of

router = Router(tags=["referrals"])


class ReferredPerson(_Request):
    name: str = Field(min_length=1, max_length=200, examples=["Jordan Miles"])
    aliases: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=20, description="Other names they are known by"
    )
    birth_date: Annotated[date | None, Field(strict=False)] = Field(None, examples=["2007-03-27"])
    address: str = Field("", max_length=500)
    town: str = Field("", max_length=200)
    postcode: str = Field("", max_length=20)
    identifiers: list[IdentifierIn] = Field(
        default_factory=list,
        max_length=10,
        description='"nhs" for an NHS number (10 digits), "pnc" for a police national computer '
        "reference",
    )


class ReferrerIn(_Request):
    name: str = Field("", max_length=200, description="Yours by default")
    email: str = Field("", max_length=254, description="Yours by default")
    phone: str = Field("", max_length=40)


class ReferralIn(_Request):
    person: ReferredPerson
    concerns: str = Field(
        min_length=1, max_length=20_000, description="What was seen or heard, when, and why"
    )
    relationship: str = Field(min_length=1, max_length=2_000, description="How you know them")
    person_aware: Literal["yes", "no", "not_known"]
    other_services: str = Field("", max_length=2_000)
    referrer: ReferrerIn = Field(default_factory=lambda: ReferrerIn.model_validate({}))
    occurred_at: Annotated[AwareDatetime | None, Field(strict=False)] = Field(
        None, description="When the referral was made, if not now; never in the future"
    )


class ReferralOut(Schema):
    reference: str = Field(examples=["CT-000042"])
    stage: str
    stage_label: str
    case_path: str | None = Field(description="The case in the API, if you may read it")


class AskedOut(Schema):
    key: str
    question: str
    due_on: date


class OwnReferralOut(Schema):
    reference: str
    stage: str
    stage_label: str
    opened_at: str | None
    asked: list[AskedOut] = Field(description="What the case asks of you and you have not answered")


@router.post(
    "",
    operation_id="referral_receive",
    summary="Make a referral",
    description="Opens a case at 'referred' and matches the person against everyone held.",
    **documented(201, ReferralOut, "The case the referral opened", 400, 403, 422),
)
def referral_post(request: SignedInRequest, given: ReferralIn) -> Status:
    user = request.user
    if not user.has_perm("workflow.receive_referral"):
        raise PermissionDenied("You may not make referrals")
    try:
        case = referral_receive(
            by=user, referral=_referral(given, user), now=timezone.now(),
            occurred_at=given.occurred_at,
        )  # fmt: skip
    except RecordError as error:
        field = {"birth_date": "person.birth_date"}.get(error.field, error.field)
        raise Unprocessable([FieldProblem(field, error.plain)]) from None
    may_read = user.has_perm("workflow.view_case", case)
    return Status(
        201,
        {
            "reference": case.reference,
            "stage": case.stage,
            "stage_label": case.stage_label,
            "case_path": reverse("api:case_get", args=[case.reference]) if may_read else None,
        },
    )


def _referral(given: ReferralIn, user) -> Referral:
    problems = _problems(given)
    if not (given.referrer.email.strip() or user.email):
        problems.append(FieldProblem("referrer.email", "Give an email: your account has none"))
    if problems:
        raise Unprocessable(problems)
    person = given.person
    return Referral(
        person_name=person.name,
        aliases=person.aliases,
        birth_date=person.birth_date,
        address=person.address,
        town=person.town,
        postcode=person.postcode,
        identifiers=[(item.scheme, item.value) for item in person.identifiers],
        concerns=given.concerns,
        relationship=given.relationship,
        person_aware=given.person_aware,
        other_services=given.other_services,
        referrer_name=given.referrer.name.strip() or user.get_full_name() or user.username,
        referrer_email=given.referrer.email.strip() or user.email,
        referrer_phone=given.referrer.phone,
    )


def _problems(given: ReferralIn) -> list[FieldProblem]:
    problems = []
    for field, text in [("person.name", given.person.name), ("concerns", given.concerns)]:
        if not text.strip():
            problems.append(FieldProblem(field, "Enter more than spaces"))
    for number, item in enumerate(given.person.identifiers):
        if item.scheme == "nhs" and not is_nhs_number(item.value):
            problems.append(
                FieldProblem(f"person.identifiers.{number}.value", "An NHS number has 10 digits")
            )
    if given.referrer.email.strip():
        try:
            validate_email(given.referrer.email.strip())
        except ValidationError:
            problems.append(FieldProblem("referrer.email", "Enter an email address"))
    return problems


@router.get(
    "",
    operation_id="referrals_own",
    summary="Your own referrals, and what each asks of you",
    description="For referrers, who follow the cases they referred (F8).",
    **documented(200, list[OwnReferralOut], "Your referrals, newest first", 403),
)
def referrals_own(request: SignedInRequest) -> list[dict]:
    if not request.user.has_perm("workflow.view_own_referrals"):
        raise PermissionDenied("Only referrers follow their referrals here")
    return [
        {
            "reference": row["case"].reference,
            "stage": row["case"].stage,
            "stage_label": row["case"].stage_label,
            "opened_at": row["case"].opened_at.isoformat() if row["case"].opened_at else None,
            "asked": row["asked"],
        }
        for row in referrals_of(request.user)
    ]
