"""Dates the journey sets: reviews after exit, and whether something is due. Plain Python."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

REVIEW_MONTHS = (6, 12)


class Due(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due soon"
    NOT_YET = "not yet due"


def reviews_due(exited_at: date) -> dict[int, date]:
    """The 6- and 12-month reviews' due dates, counted in calendar months from the exit."""
    return {months: exited_at + relativedelta(months=months) for months in REVIEW_MONTHS}


def due_status(due_at: date, *, done: bool, now: date, soon_days: int) -> Due:
    if done:
        return Due.DONE
    if due_at < now:
        return Due.OVERDUE
    if due_at <= now + timedelta(days=soon_days):
        return Due.DUE_SOON
    return Due.NOT_YET
