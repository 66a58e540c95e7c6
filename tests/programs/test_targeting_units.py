"""Issue 15: a targeting run counts in each program's own unit, and only people who exist on
the reference date. One test per point, each against figures a secretariat would quote."""

from __future__ import annotations

import csv
from datetime import date

from households.synthetic import synthetic_registry_write


def test_4_the_generator_writes_nobody_born_on_or_after_the_day_of_its_file(tmp_path):
    # A batch file is dated by the day it is made (in Jakarta time, WIB); uploaded between
    # 00:00 and 07:00 WIB its upload is still the day before in UTC, so a birth on the
    # file's own day reads as after the upload date there. About 1 person in 6,000 was
    # drawn born on that day (202 at regency scale).
    day = date(2026, 12, 2)
    villages = [f"35.05.01.{2000 + i}" for i in range(1, 21)]
    synthetic_registry_write(
        path=tmp_path / "f.csv", villages=villages, households=20_000, seed=2026, today=day
    )

    with (tmp_path / "f.csv").open(encoding="utf-8") as handle:
        births = [date.fromisoformat(row["tanggal_lahir"]) for row in csv.DictReader(handle)]
    assert len(births) > 60_000
    assert max(births) < day
