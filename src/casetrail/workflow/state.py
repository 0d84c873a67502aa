"""A case's current state as a value, and how each event changes it. Plain Python.

The same functions update the state when an operation records events and
rebuild it from the chronology, so the two cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from casetrail.chronology.chain import GENESIS, REDACTION_EVENT


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
        )


def _case_opened(state: CaseState, event: Happened) -> CaseState:
    return replace(
        state,
        reference=event.payload["reference"],
        summary=event.payload["summary"],
        opened_at=event.occurred_at,
    )


def _payload_redacted(state: CaseState, event: Happened) -> CaseState:
    return replace(state, redactions=state.redactions + 1)


CHANGES: dict[str, Callable[[CaseState, Happened], CaseState]] = {
    "CaseOpened": _case_opened,
    REDACTION_EVENT: _payload_redacted,
}


def case_state_apply(state: CaseState, event: Happened) -> CaseState:
    """The state after one more event: its own change, then what every event moves."""
    change = CHANGES.get(event.type)
    if change is not None:
        state = change(state, event)
    return replace(
        state,
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
