"""The bodies of the steps a client takes on a case, one model a step, and what a step answers.

People are named by username and agencies by name, as the directory lists them.
A step that has a date of its own (a panel's `met_on`, a session's `held_on`) is
recorded as happening that day; any other may say when it happened in
`occurred_at`, which must not be in the future nor before the day the referral was
received (a note may be): a record made long after is
flagged as late (F4), as on the web.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AwareDatetime, Field

from casetrail.api.schemas import _Request
from casetrail.workflow import decisions

Day = Annotated[date, Field(strict=False, examples=["2026-11-30"])]
Text = Annotated[str, Field(max_length=20_000)]
Rationale = Annotated[
    str,
    Field(
        min_length=1,
        max_length=20_000,
        description="Why, in the terms of this case: what was weighed and what decided it",
    ),
]
Options = Annotated[
    list[Annotated[str, Field(max_length=500)]],
    Field(default_factory=list, max_length=20, description="The other options considered"),
]
Username = Annotated[str, Field(min_length=1, max_length=150, examples=["officer"])]


class Nothing(_Request):
    """Nothing to send: the step happens now."""


class Dated(_Request):
    occurred_at: Annotated[AwareDatetime | None, Field(strict=False)] = Field(
        None,
        description=(
            "When it happened, with its offset, if not now; never in the future, nor before "
            "the day the referral was received (but for a note)"
        ),
        examples=["2026-11-30T14:00:00+00:00"],
    )


class Confirm(Dated):
    """Nothing to say but, perhaps, when."""


class RationaleBody(Dated):
    rationale: Rationale


class PersonMatchDecision(Dated):
    person_id: int = Field(description="One of the case's possible earlier records")
    decision: Literal["same", "different"]
    rationale: Rationale


class ScreeningDecision(Dated):
    outcome: Literal[tuple(decisions.SCREENING)]  # type: ignore[valid-type]
    options: Options
    rationale: Rationale
    services: str = Field(
        "", max_length=500, description="The services referred to, when referring elsewhere"
    )


class ReferElsewhere(Dated):
    services: str = Field(min_length=1, max_length=500)
    options: Options
    rationale: Rationale


class ConsultationRequest(Dated):
    of_referrer: bool = Field(False, description="Ask the case's referrer")
    agency: str | None = Field(None, max_length=200, description="Or ask this agency")
    to: str = Field("", max_length=200, description="A named person, at the agency or not")
    question: str = Field(min_length=1, max_length=5_000)
    due_on: Day


class ConsultationAnswer(Dated):
    key: str = Field(min_length=1, max_length=20, examples=["C1"])
    answer: str = Field(min_length=1, max_length=20_000)
    significant: bool = Field(
        False, description="Significant new information: earlier assessments become stale"
    )


class FactorAnswer(_Request):
    rating: str = Field(min_length=1, max_length=40)
    evidence: str = Field("", max_length=20_000)


class NeedIn(_Request):
    code: str | None = Field(None, max_length=20, description="A need carried from before")
    label: str = Field("", max_length=500, description="A new need, in words")
    factors: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list, max_length=50, description="The factors it stems from"
    )


class Assessment(_Request):
    assessed_on: Day
    factors: dict[str, FactorAnswer] = Field(
        description="A rating, and evidence where asked, for every factor of the form in force"
    )
    presenting_behaviour: list[Annotated[str, Field(max_length=5_000)]] = Field(
        min_length=1, max_length=50, description="What was seen or reported"
    )
    needs: list[NeedIn] = Field(
        default_factory=list, max_length=50, description="The underlying needs (F6)"
    )


class PanelMeeting(_Request):
    met_on: Day
    agencies: list[Annotated[str, Field(max_length=200)]] = Field(min_length=1, max_length=50)
    attendees: str = Field("", max_length=5_000)
    decisions: str = Field(min_length=1, max_length=20_000)


class Consent(Dated):
    outcome: Literal["given", "declined", "withdrawn"]
    given_by: Literal["person", "parent_or_guardian"]
    name: str = Field(min_length=1, max_length=200)
    note: str = Field("", max_length=5_000)


class Intervention(Dated):
    title: str = Field(min_length=1, max_length=200, examples=["Mentoring"])
    provider: str = Field(min_length=1, max_length=200, description="The providing agency")
    owner: Username = Field(description="Who makes sure the sessions happen")
    needs: list[Annotated[str, Field(max_length=20)]] = Field(min_length=1, max_length=50)
    session_dates: list[Day] = Field(min_length=1, max_length=20)


class Guarded(Dated):
    override_rationale: str | None = Field(
        None,
        max_length=20_000,
        description="A supervisor's reason to go ahead although the guard is unmet",
    )


class SessionRisk(Dated):
    session: str = Field(min_length=1, max_length=20, examples=["S1"])
    summary: str = Field(min_length=1, max_length=20_000)


class SessionOutcome(_Request):
    session: str = Field(min_length=1, max_length=20, examples=["S1"])
    outcome: Literal["delivered", "cancelled", "missed"]
    held_on: Day
    note: str = Field("", max_length=20_000)


class GapExplanation(Dated):
    subject: Literal["need", "session"]
    key: str = Field(min_length=1, max_length=20, examples=["N2"])
    rationale: Rationale


class ExitDecision(Dated):
    options: Options
    rationale: Rationale


class Exit(Guarded):
    review_6_owner: Username
    review_12_owner: Username


class Review(_Request):
    outcome: Literal[tuple(decisions.REVIEW)]  # type: ignore[valid-type]
    reviewed_on: Day
    options: Options
    rationale: Rationale


class Note(Dated):
    summary: str = Field(min_length=1, max_length=500)
    detail: str = Field("", max_length=20_000)
    significant: bool = False


class RecordedOut(Schema):
    position: int
    type: str
    occurred_at: datetime
    late: bool


class StepResult(Schema):
    reference: str
    stage: str
    stage_label: str
    recorded: list[RecordedOut] = Field(description="The records the step added, in order")
