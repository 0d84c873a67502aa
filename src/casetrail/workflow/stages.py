"""The Channel journey as one table: the stages a case passes through and what moves it.

Plain Python. Every operation on a case names a step; `step_target` answers
where that step takes a case from its current stage, or why it cannot.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    REFERRED = "referred"
    SCREENING = "screening"
    NOT_ADOPTED = "not_adopted"
    ADOPTED = "adopted"
    PANEL = "panel"
    SUPPORT = "support"
    EXITED = "exited"
    REVIEWED_6 = "reviewed_6"
    REVIEWED_12 = "reviewed_12"
    CLOSED = "closed"
    REFERRED_ELSEWHERE = "referred_elsewhere"
    CONSENT_DECLINED = "consent_declined"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.REFERRED: "Referred",
    Stage.SCREENING: "Screening",
    Stage.NOT_ADOPTED: "Not adopted",
    Stage.ADOPTED: "Adopted",
    Stage.PANEL: "At panel",
    Stage.SUPPORT: "Support",
    Stage.EXITED: "Exited",
    Stage.REVIEWED_6: "6-month review done",
    Stage.REVIEWED_12: "12-month review done",
    Stage.CLOSED: "Closed",
    Stage.REFERRED_ELSEWHERE: "Referred to other services",
    Stage.CONSENT_DECLINED: "Consent declined or withdrawn",
}

# Stages from which nothing more happens unless the case is reopened.
ENDED = frozenset(
    {Stage.NOT_ADOPTED, Stage.CLOSED, Stage.REFERRED_ELSEWHERE, Stage.CONSENT_DECLINED}
)
OPEN = frozenset(Stage) - ENDED
# From adoption until exit the panel owns the case; these are the stages of support.
WITH_PANEL = frozenset({Stage.PANEL, Stage.SUPPORT})
AFTER_EXIT = frozenset({Stage.EXITED, Stage.REVIEWED_6, Stage.REVIEWED_12})


class Step(StrEnum):
    RECEIVE_REFERRAL = "receive_referral"
    START_SCREENING = "start_screening"
    ADOPT = "adopt"
    NOT_ADOPT = "not_adopt"
    REFER_ELSEWHERE = "refer_elsewhere"
    REQUEST_CONSULTATION = "request_consultation"
    ANSWER_CONSULTATION = "answer_consultation"
    WAIVE_REFERRER_CONSULTATION = "waive_referrer_consultation"
    HOLD_PANEL = "hold_panel"
    RECORD_CONSENT = "record_consent"
    DECLINE_CONSENT = "decline_consent"
    RECORD_ASSESSMENT = "record_assessment"
    PLAN_INTERVENTION = "plan_intervention"
    START_SUPPORT = "start_support"
    ASSESS_SESSION_RISK = "assess_session_risk"
    RECORD_SESSION = "record_session"
    EXPLAIN_GAP = "explain_gap"
    DECIDE_EXIT = "decide_exit"
    EXIT = "exit"
    RECORD_REVIEW_6 = "record_review_6"
    RECORD_REVIEW_12 = "record_review_12"
    REOPEN = "reopen"
    CLOSE = "close"
    RECORD_NOTE = "record_note"
    FIND_PERSON_MATCHES = "find_person_matches"
    DECIDE_PERSON_MATCH = "decide_person_match"
    OVERRIDE_GUARD = "override_guard"


def _stay(stages) -> dict[Stage | None, Stage]:
    return {stage: stage for stage in stages}


# step -> {stage it may start from: stage it leaves the case in}. None: no case yet.
TRANSITIONS: dict[Step, dict[Stage | None, Stage]] = {
    Step.RECEIVE_REFERRAL: {None: Stage.REFERRED},
    Step.START_SCREENING: {Stage.REFERRED: Stage.SCREENING},
    Step.ADOPT: {Stage.SCREENING: Stage.ADOPTED},
    Step.NOT_ADOPT: {Stage.SCREENING: Stage.NOT_ADOPTED},
    Step.REFER_ELSEWHERE: dict.fromkeys(
        (Stage.SCREENING, Stage.ADOPTED, Stage.PANEL, Stage.SUPPORT), Stage.REFERRED_ELSEWHERE
    ),
    Step.REQUEST_CONSULTATION: _stay(OPEN),
    Step.ANSWER_CONSULTATION: _stay(OPEN),
    Step.WAIVE_REFERRER_CONSULTATION: _stay(WITH_PANEL),
    Step.HOLD_PANEL: {Stage.ADOPTED: Stage.PANEL, **_stay(WITH_PANEL | AFTER_EXIT)},
    Step.RECORD_CONSENT: _stay(WITH_PANEL),
    Step.DECLINE_CONSENT: dict.fromkeys(WITH_PANEL, Stage.CONSENT_DECLINED),
    Step.RECORD_ASSESSMENT: _stay({Stage.ADOPTED} | WITH_PANEL | AFTER_EXIT),
    Step.PLAN_INTERVENTION: _stay(WITH_PANEL),
    Step.START_SUPPORT: {Stage.PANEL: Stage.SUPPORT},
    Step.ASSESS_SESSION_RISK: _stay(WITH_PANEL),
    Step.RECORD_SESSION: _stay({Stage.SUPPORT}),
    Step.EXPLAIN_GAP: _stay(WITH_PANEL),
    Step.DECIDE_EXIT: _stay(WITH_PANEL),
    Step.EXIT: dict.fromkeys(WITH_PANEL, Stage.EXITED),
    Step.RECORD_REVIEW_6: {Stage.EXITED: Stage.REVIEWED_6},
    Step.RECORD_REVIEW_12: {Stage.REVIEWED_6: Stage.REVIEWED_12},
    Step.REOPEN: dict.fromkeys(ENDED | AFTER_EXIT, Stage.SCREENING),
    Step.CLOSE: {Stage.REVIEWED_12: Stage.CLOSED},
    Step.RECORD_NOTE: _stay(Stage),
    # Who the person is may be settled at any stage: a later import can find an earlier record.
    Step.FIND_PERSON_MATCHES: _stay(Stage),
    Step.DECIDE_PERSON_MATCH: _stay(Stage),
    Step.OVERRIDE_GUARD: _stay(OPEN),
}


class StepRefused(Exception):
    """A step that the case's stage does not allow; the message says what would."""

    def __init__(self, step: Step, stage: Stage | None):
        self.step, self.stage = step, stage
        starts = [start for start in (None, *Stage) if start in TRANSITIONS[step]]
        allowed = ", ".join("a new case" if start is None else start.label for start in starts)
        where = "a case that does not exist yet" if stage is None else f"a case at {stage.label}"
        super().__init__(
            f"Cannot {step.value.replace('_', ' ')} on {where}; allowed from: {allowed}"
        )


def step_target(step: Step, stage: Stage | None) -> Stage:
    """The stage this step leaves the case in, or StepRefused if the table does not allow it."""
    try:
        return TRANSITIONS[step][stage]
    except KeyError:
        raise StepRefused(step, stage) from None


def steps_allowed(stage: Stage | None) -> list[Step]:
    return [step for step, moves in TRANSITIONS.items() if stage in moves]
