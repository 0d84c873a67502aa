"""A case taken from referral to closure by the operations, and what its state says at each step."""

from __future__ import annotations

import pytest

from casetrail.chronology.verification import log_verify
from casetrail.workflow.rebuild import cases_rebuild_check
from casetrail.workflow.stages import Stage

STOPS = [
    ("receive", Stage.REFERRED),
    ("screen", Stage.SCREENING),
    ("adopt", Stage.ADOPTED),
    ("panel", Stage.PANEL),
    ("support", Stage.SUPPORT),
    ("exit", Stage.EXITED),
    ("review_6", Stage.REVIEWED_6),
    ("review_12", Stage.REVIEWED_12),
    ("close", Stage.CLOSED),
]


@pytest.mark.parametrize(("upto", "stage"), STOPS)
def test_each_step_leaves_the_case_at_its_stage(case_at, upto, stage):
    case = case_at(upto)
    assert case.stage == stage


def test_a_whole_journey_verifies_and_rebuilds_to_the_same_state(case_at, cast):
    case = case_at("close")
    assert case.reference.startswith("CT-")
    assert (case.sessions_planned, case.sessions_delivered, case.needs_unplanned) == (2, 2, 0)
    assert case.review_6_done_on
    assert case.review_12_done_on
    assert case.owner_id == cast.caseworker.pk
    assert f"|a{cast.provider.agency_id}|" in case.involved
    assert log_verify().problem is None
    assert cases_rebuild_check() == []
