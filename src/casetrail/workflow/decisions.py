"""The options a decision form offers at each decision point. Plain Python.

A decision records the options considered (these, and any others written in)
and the one chosen, so a reader can see what else was weighed (F7).
"""

from __future__ import annotations

SCREENING = {
    "adopt": "Adopt: take the case to the Channel panel",
    "not_adopt": "Do not adopt: no further action under Channel",
    "refer_elsewhere": "Refer to other services instead",
}
EXIT = {
    "exit": "Exit from Channel support",
    "continue": "Continue support under the current plan",
    "revise": "Revise the support plan",
    "refer_elsewhere": "Refer to other services",
}
REVIEW = {
    "no_further_concern": "No further concern: the review is complete",
    "reopen": "Renewed concern: reopen the case",
}


def options_considered(chosen: str, ticked: list[str], written: str) -> list[str]:
    """The chosen option first, then those ticked, then any written in (one a line), once each."""
    named = [chosen, *ticked, *(line.strip() for line in written.splitlines())]
    return list(dict.fromkeys(option.strip() for option in named if option.strip()))
