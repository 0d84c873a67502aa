"""A case's current state as a value, and how each event changes it. Plain Python.

The same functions update the state when an operation records events and
rebuild it from the chronology, so the two cannot drift apart. Each event
moves the case through the transition table (stages.py), changes the case's
`detail` (projection.py), and the dashboard's columns are then derived from
that detail, so no column can disagree with it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime

from casetrail.chronology.chain import GENESIS
from casetrail.workflow.projection import CHANGES, derived_columns, event_step
from casetrail.workflow.stages import Stage, step_target


@dataclass(frozen=True)
class CaseState:
    reference: str | None = None
    summary: str = ""
    opened_at: datetime | None = None
    head_position: int = 0
    head_hash: str = GENESIS
    late_events: int = 0
    redactions: int = 0
    last_recorded_at: datetime | None = None
    stage: str = ""
    stage_changed_at: datetime | None = None
    person_name: str = ""
    person_birth_date: date | None = None
    person_id: int | None = None
    referrer_id: int | None = None
    owner_id: int | None = None
    # Everything else the journey knows, as JSON-ready data; see projection.py.
    detail: dict = field(default_factory=dict)
    # Derived from detail for the caseload and dashboard queries.
    assessment_at: datetime | None = None
    assessment_version: int | None = None
    significant_at: datetime | None = None
    consultations_outstanding: int = 0
    consultation_due_on: date | None = None
    needs_unplanned: int = 0
    sessions_planned: int = 0
    sessions_delivered: int = 0
    sessions_unexplained: int = 0
    session_next_on: date | None = None
    delivery_refusals: int = 0
    overrides: int = 0
    exited_at: datetime | None = None
    review_6_due_on: date | None = None
    review_6_owner_id: int | None = None
    review_6_done_on: date | None = None
    review_12_due_on: date | None = None
    review_12_owner_id: int | None = None
    review_12_done_on: date | None = None
    involved: str = ""
    matches_undecided: int = 0


def state_values(state: CaseState) -> dict:
    """The state's fields by name, without copying them (asdict would deep-copy `detail`)."""
    return {name: getattr(state, name) for name in STATE_FIELD_NAMES}


STATE_FIELD_NAMES = [item.name for item in fields(CaseState)]


@dataclass(frozen=True)
class Happened:
    """One event as the state sees it."""

    type: str
    payload: dict
    occurred_at: datetime
    recorded_at: datetime
    position: int
    hash: str
    late: bool
    actor_id: int | None = None

    @classmethod
    def from_stored(cls, event) -> Happened:
        return cls(
            event.type,
            json.loads(event.payload),
            event.occurred_at,
            event.recorded_at,
            event.position,
            event.hash,
            event.late,
            event.actor_id,
        )


def case_state_apply(state: CaseState, event: Happened) -> CaseState:
    """The state after one more event: its stage move, its own change, what every event moves."""
    step = event_step(event.type, event.payload)
    if step is not None:
        current = Stage(state.stage) if state.stage else None
        stage = step_target(step, current)
        if stage != current:
            state = replace(state, stage=stage.value, stage_changed_at=event.occurred_at)
    change = CHANGES.get(event.type)
    if change is not None:
        state = replace(state, **change(state, event))
    return replace(
        state,
        **derived_columns(state.detail, state),
        head_position=event.position,
        head_hash=event.hash,
        late_events=state.late_events + (1 if event.late else 0),
        last_recorded_at=event.recorded_at,
    )


def case_state_replay(events: list[Happened]) -> CaseState:
    state = CaseState()
    for event in events:
        state = case_state_apply(state, event)
    return state
