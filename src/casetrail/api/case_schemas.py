"""The shapes the API gives for cases: the caseload, one case, its chronology and its guards."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Path, Schema
from pydantic import Field

from casetrail.api.schemas import UnmetOut

Reference = Annotated[str, Path(description="The case's reference", examples=["CT-000001"])]


class CaseRow(Schema):
    reference: str = Field(examples=["CT-000042"])
    person_name: str
    stage: str = Field(examples=["screening"])
    stage_label: str = Field(examples=["Screening"])
    owner: str | None = Field(description="The owner's username, once someone owns the case")
    opened_at: datetime | None
    last_recorded_at: datetime | None
    late_records: int = Field(description="Records made long after what they record (F4)")
    matches_undecided: int = Field(description="Possible earlier records not yet decided (F1)")


class CaseList(Schema):
    count: int = Field(description="Cases matching the filters, over every page")
    page: int
    per_page: int
    pages: int
    cases: list[CaseRow]


class PersonOut(Schema):
    person_id: int | None
    name: str
    birth_date: date | None


class ReferrerOut(Schema):
    name: str
    email: str
    agency: str


class ReviewOut(Schema):
    months: int
    due_on: date
    owner: str = Field(description="The owner's name")
    done_on: date | None
    status: str = Field(examples=["due soon"])


class ConsultationOut(Schema):
    key: str = Field(examples=["C1"])
    to: str
    of_referrer: bool
    question: str
    due_on: date
    answered_on: date | None
    overdue: bool


class NeedOut(Schema):
    code: str = Field(examples=["N1"])
    label: str
    planned: bool = Field(description="At least one intervention addresses it")
    addressed: bool = Field(description="A session addressing it was delivered")
    explanation: str = Field(description="Why it is not addressed, if that was explained")


class SessionOut(Schema):
    key: str = Field(examples=["S1"])
    title: str
    provider: str
    owner: str
    planned_on: date
    status: str = Field(examples=["planned"])
    risk_assessed: bool
    explanation: str


class GuardOut(Schema):
    guard: str = Field(examples=["exit"])
    title: str = Field(examples=["Before the case can exit"])
    met: bool
    unmet: list[UnmetOut]


class StepOut(Schema):
    step: str = Field(description="The step's name in the API's paths", examples=["exit"])
    title: str = Field(examples=["Exit the case"])
    path: str = Field(examples=["/api/v1/cases/CT-000042/steps/exit"])


class CaseDetail(Schema):
    reference: str
    stage: str
    stage_label: str
    person: PersonOut
    referrer: ReferrerOut | None
    summary: str = Field(description="The concerns referred, in brief")
    owner: str | None
    opened_at: datetime | None
    stage_changed_at: datetime | None
    exited_at: datetime | None
    last_recorded_at: datetime | None
    records: int = Field(description="How many records the chronology holds")
    late_records: int
    assessment_problem: str | None = Field(
        description="Why the latest assessment cannot be relied on, if it cannot (F5)"
    )
    reviews: list[ReviewOut]
    consultations: list[ConsultationOut]
    needs: list[NeedOut]
    sessions: list[SessionOut]
    guards: list[GuardOut] = Field(description="The guards ahead of the case at its stage")
    steps: list[StepOut] = Field(description="The steps you may take on the case now")


class GuardsOut(Schema):
    reference: str
    stage: str
    guards: list[GuardOut]
    steps: list[StepOut]


class ActorOut(Schema):
    username: str
    name: str


class EventOut(Schema):
    position: int = Field(description="The record's place in the case's chain, from 1")
    type: str = Field(examples=["CaseAdopted"])
    label: str = Field(examples=["Case adopted"])
    title: str = Field(description="One line saying what happened")
    occurred_at: datetime
    recorded_at: datetime
    late: bool = Field(description="Recorded long after it happened (F4)")
    actor: ActorOut | None = Field(description="Who recorded it; none for casetrail itself")
    agency: str
    is_decision: bool
    redacted: bool
    withheld: bool = Field(
        description="What it says tells of other people's records, which the caller's role "
        "does not see: its payload is empty, and its title says so"
    )
    payload: dict[str, Any] = Field(
        description="What was recorded; empty once redacted, or when withheld"
    )
    hash: str


class ChronologyOut(Schema):
    reference: str
    events: list[EventOut] = Field(description="In the order things happened")


class AccessOut(Schema):
    accessed_at: datetime
    username: str
    name: str
    agency: str
    what: str = Field(examples=["chronology"])
    channel: str = Field(examples=["api"], description="page, api, export or command_line")
    purpose: str = Field(description="The reason for reading, if one was given")


class AccessLogOut(Schema):
    reference: str
    accesses: list[AccessOut] = Field(description="The latest 500, the most recent first")


class SignalOut(Schema):
    code: str = Field(examples=["reviews_overdue"])
    label: str
    count: int


class StageCountOut(Schema):
    stage: str
    label: str
    count: int


class ReviewDueOut(Schema):
    reference: str
    person_name: str
    months: int
    due_on: date
    owner: str | None
    status: str


class DashboardOut(Schema):
    signals: list[SignalOut]
    stages: list[StageCountOut]
    reviews_due: list[ReviewDueOut] = Field(description="The reviews due soonest, overdue first")
