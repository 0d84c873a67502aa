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
