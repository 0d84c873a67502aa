"""Verification reads every stored time exactly, to the microsecond, on both databases."""

from datetime import UTC, datetime

import pytest

from casetrail.chronology.verification import log_verify
from casetrail.workflow.operations.referral import referral_receive
from casetrail.workflow.scenarios import sample_referral


@pytest.mark.parametrize("microsecond", [0, 1, 499_999, 999_499, 999_700, 999_999])
def test_a_record_made_at_any_fraction_of_a_second_verifies(caseworker, microsecond):
    # SQLite's strftime rounds to milliseconds: .9997 s once read as the next second.
    now = datetime(2026, 11, 26, 10, 0, 0, microsecond, tzinfo=UTC)
    referral_receive(by=caseworker, referral=sample_referral(caseworker), now=now)
    verification = log_verify()
    assert verification.problem is None
    assert verification.events == 1
