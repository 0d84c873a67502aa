"""The transition table: every step tried from every stage (and from no case at all)."""

import pytest

from casetrail.workflow.stages import (
    ENDED,
    TRANSITIONS,
    Stage,
    Step,
    StepRefused,
    step_target,
    steps_allowed,
)

# The journey the issue describes, as (step, from, to); everything else is refused.
EXPECTED_MOVES = {
    (Step.RECEIVE_REFERRAL, None, Stage.REFERRED),
    (Step.START_SCREENING, Stage.REFERRED, Stage.SCREENING),
    (Step.ADOPT, Stage.SCREENING, Stage.ADOPTED),
    (Step.NOT_ADOPT, Stage.SCREENING, Stage.NOT_ADOPTED),
    (Step.HOLD_PANEL, Stage.ADOPTED, Stage.PANEL),
    (Step.START_SUPPORT, Stage.PANEL, Stage.SUPPORT),
    (Step.EXIT, Stage.PANEL, Stage.EXITED),
    (Step.EXIT, Stage.SUPPORT, Stage.EXITED),
    (Step.RECORD_REVIEW_6, Stage.EXITED, Stage.REVIEWED_6),
    (Step.RECORD_REVIEW_12, Stage.REVIEWED_6, Stage.REVIEWED_12),
    (Step.CLOSE, Stage.REVIEWED_12, Stage.CLOSED),
    *(
        (Step.REFER_ELSEWHERE, stage, Stage.REFERRED_ELSEWHERE)
        for stage in (Stage.SCREENING, Stage.ADOPTED, Stage.PANEL, Stage.SUPPORT)
    ),
    *(
        (Step.DECLINE_CONSENT, stage, Stage.CONSENT_DECLINED)
        for stage in (Stage.PANEL, Stage.SUPPORT)
    ),
    *(
        (Step.REOPEN, stage, Stage.SCREENING)
        for stage in (*ENDED, Stage.EXITED, Stage.REVIEWED_6, Stage.REVIEWED_12)
    ),
}
# The steps that keep a case where it is, and the stages each is allowed at.
OPEN = {stage for stage in Stage if stage not in ENDED}
WITH_PANEL = {Stage.PANEL, Stage.SUPPORT}
AFTER_EXIT = {Stage.EXITED, Stage.REVIEWED_6, Stage.REVIEWED_12}
EXPECTED_STAYS = {
    Step.REQUEST_CONSULTATION: OPEN,
    Step.ANSWER_CONSULTATION: OPEN,
    Step.WAIVE_REFERRER_CONSULTATION: WITH_PANEL,
    Step.HOLD_PANEL: WITH_PANEL | AFTER_EXIT,
    Step.RECORD_CONSENT: WITH_PANEL,
    Step.RECORD_ASSESSMENT: {Stage.ADOPTED} | WITH_PANEL | AFTER_EXIT,
    Step.PLAN_INTERVENTION: WITH_PANEL,
    Step.ASSESS_SESSION_RISK: WITH_PANEL,
    Step.RECORD_SESSION: {Stage.SUPPORT},
    Step.EXPLAIN_GAP: WITH_PANEL,
    Step.DECIDE_EXIT: WITH_PANEL,
    Step.RECORD_NOTE: set(Stage),
    Step.FIND_PERSON_MATCHES: set(Stage),
    Step.DECIDE_PERSON_MATCH: set(Stage),
    Step.OVERRIDE_GUARD: OPEN,
}
STARTS = [None, *Stage]


@pytest.mark.parametrize("start", STARTS, ids=lambda stage: str(stage))
@pytest.mark.parametrize("step", list(Step))
def test_every_step_from_every_stage(step, start):
    moves = {begin: end for s, begin, end in EXPECTED_MOVES if s == step}
    if start in moves:
        assert step_target(step, start) == moves[start]
    elif start in EXPECTED_STAYS.get(step, set()):
        assert step_target(step, start) == start
    else:
        with pytest.raises(StepRefused):
            step_target(step, start)


def test_the_table_holds_nothing_the_journey_does_not():
    for step, moves in TRANSITIONS.items():
        for start, end in moves.items():
            assert (step, start, end) in EXPECTED_MOVES or (
                start == end and start in EXPECTED_STAYS[step]
            ), (step, start, end)


def test_a_closed_case_can_only_be_reopened_noted_or_its_person_settled():
    assert set(steps_allowed(Stage.CLOSED)) == {
        Step.REOPEN,
        Step.RECORD_NOTE,
        Step.FIND_PERSON_MATCHES,
        Step.DECIDE_PERSON_MATCH,
    }


def test_a_refusal_says_where_the_step_is_allowed():
    with pytest.raises(StepRefused) as refusal:
        step_target(Step.EXIT, Stage.SCREENING)
    assert str(refusal.value) == (
        "Cannot exit on a case at Screening; allowed from: At panel, Support"
    )


def test_nothing_but_a_referral_starts_a_case():
    assert steps_allowed(None) == [Step.RECEIVE_REFERRAL]
