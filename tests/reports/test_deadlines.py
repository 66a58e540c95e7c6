"""When an LP2KD is due: a regency's or city's by 31 January after the year, a province's by
the end of February (29 February in a leap year)."""

from __future__ import annotations

from datetime import date

from reports.lp2kd.deadlines import report_days_left, report_deadline
from tkpk.models import Region

REGENCY, PROVINCE = Region.Level.REGENCY, Region.Level.PROVINCE


def test_deadlines_follow_the_level_of_the_region():
    assert report_deadline(level=REGENCY, year=2026) == date(2027, 1, 31)
    assert report_deadline(level=PROVINCE, year=2026) == date(2027, 2, 28)
    assert report_deadline(level=PROVINCE, year=2027) == date(2028, 2, 29)


def test_days_left_turn_negative_once_overdue():
    assert report_days_left(level=REGENCY, year=2026, today=date(2026, 12, 2)) == 60
    assert report_days_left(level=REGENCY, year=2026, today=date(2027, 1, 31)) == 0
    assert report_days_left(level=REGENCY, year=2026, today=date(2027, 2, 3)) == -3
