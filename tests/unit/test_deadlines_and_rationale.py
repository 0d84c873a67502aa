"""Review dates count calendar months from exit; decisions need a real rationale and options."""

from datetime import UTC, datetime, timedelta

import pytest

from casetrail.workflow.deadlines import Due, due_status, reviews_due
from casetrail.workflow.rationale import options_problems, rationale_problems

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def test_reviews_fall_six_and_twelve_calendar_months_after_exit():
    due = reviews_due(datetime(2026, 8, 31, 9, 0, tzinfo=UTC))
    assert due == {
        6: datetime(2027, 2, 28, 9, 0, tzinfo=UTC),
        12: datetime(2027, 8, 31, 9, 0, tzinfo=UTC),
    }


@pytest.mark.parametrize(
    ("due_in_days", "done", "expected"),
    [
        (-1, False, Due.OVERDUE),
        (0.5, False, Due.DUE_SOON),
        (30, False, Due.DUE_SOON),
        (31, False, Due.NOT_YET),
        (-100, True, Due.DONE),
    ],
)
def test_due_status(due_in_days, done, expected):
    due_at = NOW + timedelta(days=due_in_days)
    assert due_status(due_at, done=done, now=NOW, soon_days=30) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "Agreed", "see above.", "N/A", "No further action", "Risk low."]
)
def test_empty_or_token_rationales_are_refused(text):
    assert rationale_problems(text) != []


def test_a_repeated_word_is_not_a_rationale():
    assert rationale_problems("low low low low low low low") != []


def test_an_explicit_rationale_is_accepted():
    assert (
        rationale_problems(
            "Two sessions delivered; mentor reports engagement and the school sees no concerns."
        )
        == []
    )


def test_options_considered_must_include_the_choice_and_an_alternative():
    assert options_problems(["Exit", "Continue support"], "Exit") == []
    assert options_problems(["Exit"], "Exit") == ["List at least two options that were considered"]
    assert options_problems(["Exit", "Continue"], "Refer elsewhere") == [
        "The option chosen must be one of the options considered"
    ]
