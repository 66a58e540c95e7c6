"""When an LP2KD is due (seed 002, III.6): a regency's or city's at most one month after the
fiscal year ends (31 January), a province's at most two months after (end of February)."""

from __future__ import annotations

from datetime import date, timedelta

from tkpk.models import Region


def report_deadline(*, level: int, year: int) -> date:
    if level == Region.Level.PROVINCE:
        return date(year + 1, 3, 1) - timedelta(days=1)
    return date(year + 1, 1, 31)


def report_days_left(*, level: int, year: int, today: date) -> int:
    """Days until the deadline; negative once it has passed."""
    return (report_deadline(level=level, year=year) - today).days
