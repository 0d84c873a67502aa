"""The shapes the API reads and writes, as pydantic models: the OpenAPI schema is made from them.

Requests are strict and closed: a string where a number belongs, or a field
the API does not know (often a typo), is a 422 naming it, not a silent guess.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field

from casetrail.people.features import Address, PersonDetails


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class AddressIn(_Request):
    line: str = Field("", max_length=500, examples=["14 Mill Lane"])
    town: str = Field("", max_length=200, examples=["Northshire"])
    postcode: str = Field("", max_length=20, examples=["NS1 4AB"])


class IdentifierIn(_Request):
    scheme: str = Field(min_length=1, max_length=40, examples=["nhs"])
    value: str = Field(min_length=1, max_length=100, examples=["943 476 5919"])


class MatchQuery(_Request):
    """A person as a referral or another system knows them; any part may be missing."""

    given_name: str = Field("", max_length=200, examples=["Bill"])
    surname: str = Field("", max_length=200, examples=["Hartly"])
    other_names: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=20, description="Aliases and previous names, each whole"
    )
    birth_date: str = Field(
        "",
        max_length=40,
        description="As typed: 2007-03-27 or 27/03/2007; an unreadable date weighs nothing",
        examples=["2007-04-03"],
    )
    addresses: list[AddressIn] = Field(
        default_factory=list, max_length=10, description="The most recent first"
    )
    identifiers: list[IdentifierIn] = Field(default_factory=list, max_length=10)
    limit: int = Field(5, ge=1, le=20, description="At most this many candidates")
    at_least: float = Field(
        0.2, ge=0, le=1, description="Only candidates at least this likely to be the person"
    )

    def details(self) -> PersonDetails:
        return PersonDetails(
            given_name=self.given_name,
            surname=self.surname,
            other_names=tuple(self.other_names),
            birth_date=self.birth_date,
            addresses=tuple(
                Address(item.line, item.town, item.postcode) for item in self.addresses
            ),
            identifiers=tuple((item.scheme, item.value) for item in self.identifiers),
        )


class EvidenceOut(Schema):
    field: str
    level: str | None = Field(description="What the comparison found; null when a side is blank")
    weight: float = Field(description="Bits for (positive) or against (negative) the match")
    verdict: str = Field(examples=["agrees strongly"])


class CaseOut(Schema):
    reference: str = Field(description="casetrail's reference, or an older system's with its name")
    stage: str = Field(examples=["screening"])
    opened_on: date | None
    story: str = Field(examples=["referred 2021, exited 2022, reviews: one late (Closed)"])


class CandidateOut(Schema):
    person_id: int
    name: str
    birth_date: str = Field(description="As typed when the person was recorded")
    probability: float = Field(description="The chance this is the same person: a suggestion")
    weight: float = Field(description="The total match weight in bits, prior included")
    evidence: list[EvidenceOut]
    cases: list[CaseOut] = Field(description="The person's cases in casetrail, earliest first")


class MatchResult(Schema):
    candidates: list[CandidateOut] = Field(description="The most likely first")


class FieldProblemOut(Schema):
    field: str = Field(examples=["limit"])
    message: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str = Field(examples=["about:blank"])
    title: str
    status: int
    detail: str


class ValidationProblem(Problem):
    errors: list[FieldProblemOut]


class UnmetOut(Schema):
    code: str = Field(examples=["assessment_current"])
    message: str


class ConflictProblem(Problem):
    """A step refused now: its stage does not allow it, or its guard's conditions are unmet."""

    step: str = Field(description="The step refused", examples=["exit"])
    stage: str = Field(description="The stage the case is at", examples=["support"])
    guard: str | None = Field(None, description="The guard that refused, if one did")
    overridable: bool = Field(
        False, description="Whether a supervisor may go ahead with override_rationale"
    )
    unmet: list[UnmetOut] = Field(
        default_factory=list, description="Each condition not met; empty for a stage refusal"
    )
