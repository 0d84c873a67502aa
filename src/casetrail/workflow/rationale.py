"""Whether a decision's written rationale says something. Plain Python.

The review found rationale "not explicit"; a decision with an empty or token
rationale ("agreed", "see above", "n/a") is refused with the reason.
"""

from __future__ import annotations

import re

MIN_WORDS = 6
MIN_DISTINCT_WORDS = 4
TOKENS = frozenset(
    {
        "agreed",
        "as agreed",
        "as discussed",
        "discussed",
        "see above",
        "see notes",
        "n/a",
        "na",
        "none",
        "no concerns",
        "nfa",
        "no further action",
        "ok",
        "okay",
        "fine",
        "yes",
        "no",
        "as per panel",
        "panel decision",
        "tbc",
        "to follow",
        "same as before",
        "-",
        ".",
    }
)


def rationale_problems(text: str) -> list[str]:
    """What is wrong with a rationale, as sentences; empty when it will do."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return ["Enter the rationale for this decision"]
    if cleaned.lower().strip(" .!") in TOKENS:
        return [f"“{cleaned}” is not a rationale: say what was weighed and what decided it"]
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", cleaned.lower())
    if len(words) < MIN_WORDS or len(set(words)) < MIN_DISTINCT_WORDS:
        return [f"The rationale must explain the decision in at least {MIN_WORDS} words"]
    return []


def options_problems(options: list[str], chosen: str) -> list[str]:
    """A decision records the options considered: at least two, one of them the one chosen."""
    named = [option.strip() for option in options if option.strip()]
    problems = []
    if len(set(named)) < 2:
        problems.append("List at least two options that were considered")
    if chosen.strip() not in named:
        problems.append("The option chosen must be one of the options considered")
    return problems
