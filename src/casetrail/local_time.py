"""Where casetrail is used, in one place: the zone days are counted in. Plain Python.

Moments are stored in UTC; a day someone names (a review "on 15 June", an exit
today) is the day in this zone, or it would be the day before all summer.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

TIME_ZONE = "Europe/London"
LOCAL_ZONE = ZoneInfo(TIME_ZONE)


def local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_ZONE).date()
