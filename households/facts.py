"""Derived household facts kept in SQL: size, vulnerable members, BPS poverty criteria.

Ages are compared through birth-date thresholds computed once, so the same statement runs
on PostgreSQL and SQLite and uses plain date comparisons.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.utils import timezone

from households.sql import HOUSEHOLD, PERSON


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# The BPS 14 criteria of a poor household, as SQL over the household row ``h`` and ``f``, the
# aggregate of its living members (members, head_occupation, head_education). A household
# meeting 9 or more is commonly classed poor.
BPS_CRITERIA = [
    "{h}.floor_area_m2 IS NOT NULL AND {f}.members > 0 AND {h}.floor_area_m2 < 8 * {f}.members",
    "{h}.floor IN ('tanah', 'bambu', 'kayu_murah')",
    "{h}.wall IN ('bambu', 'tembok_tanpa_plester')",
    "{h}.sanitation IN ('bersama', 'umum', 'tidak_ada')",
    "{h}.lighting = 'tidak_ada'",
    "{h}.water_source IN ('sumur_tak_terlindung', 'sungai', 'hujan')",
    "{h}.cooking_fuel IN ('kayu_bakar', 'arang', 'minyak_tanah')",
    "{h}.protein_weekly_or_less",
    "{h}.one_clothing_set_yearly",
    "{h}.meals_per_day IS NOT NULL AND {h}.meals_per_day <= 2",
    "{h}.cannot_afford_clinic",
    "{f}.head_occupation IN ('buruh_tani', 'nelayan', 'buruh') OR {h}.head_income_under_600k",
    "{f}.head_education IN ('tidak_sekolah', 'tidak_tamat_sd', 'sd')",
    "NOT {h}.has_saleable_asset",
]


def bps_criteria_sql(household: str, facts: str = "f") -> str:
    return " + ".join(
        f"(CASE WHEN {c.format(h=household, f=facts)} THEN 1 ELSE 0 END)" for c in BPS_CRITERIA
    )


def member_facts_sql(*, today: date) -> tuple[list[tuple[str, str]], list[Any]]:
    """(name, aggregate) over living members ``m`` with birth_date, disability, pregnant,
    relation, occupation, education; and their parameters, in order."""
    born_after_7 = years_before(today, 7)
    born_after_19 = years_before(today, 19)
    born_by_60 = years_before(today, 60)
    return [
        ("members", "COUNT(*)"),
        ("children", "SUM(CASE WHEN m.birth_date > %s THEN 1 ELSE 0 END)"),
        (
            "school_age",
            "SUM(CASE WHEN m.birth_date <= %s AND m.birth_date > %s THEN 1 ELSE 0 END)",
        ),
        ("elderly", "SUM(CASE WHEN m.birth_date <= %s THEN 1 ELSE 0 END)"),
        ("disabled", "SUM(CASE WHEN m.disability <> 'tidak' THEN 1 ELSE 0 END)"),
        ("pregnant", "SUM(CASE WHEN m.pregnant THEN 1 ELSE 0 END)"),
        ("head_occupation", "MAX(CASE WHEN m.relation = 'kepala' THEN m.occupation END)"),
        ("head_education", "MAX(CASE WHEN m.relation = 'kepala' THEN m.education END)"),
    ], [born_after_7, born_after_7, born_after_19, born_by_60]


def household_facts_refresh(
    *,
    cursor: Any = None,
    household_filter: str = "1 = 1",
    params: list[Any] | None = None,
    today: date | None = None,
) -> int:
    """Recompute the derived facts of the households matching ``household_filter``
    (SQL over the household table, with ``params``)."""
    aggregates, age_params = member_facts_sql(today=today or timezone.localdate())
    params = params or []
    members = f"""
        SELECT m.household_id, {", ".join(f"{expr} AS {name}" for name, expr in aggregates)}
        FROM {PERSON} AS m WHERE m.status = 'living' AND m.household_id IN (
            SELECT id FROM {HOUSEHOLD} WHERE {household_filter})
        GROUP BY m.household_id"""
    own = cursor is None
    cursor = cursor or connection.cursor()
    try:
        cursor.execute(
            f"""
            UPDATE {HOUSEHOLD} SET member_count = f.members, children_0_6 = f.children,
                school_age_7_18 = f.school_age, elderly_60_plus = f.elderly,
                disabled_members = f.disabled, pregnant_members = f.pregnant,
                bps_criteria_met = {bps_criteria_sql(HOUSEHOLD)}
            FROM ({members}) AS f
            WHERE {HOUSEHOLD}.id = f.household_id""",
            [*age_params, *params],
        )
        updated = cursor.rowcount
        cursor.execute(
            f"""
            UPDATE {HOUSEHOLD} SET member_count = 0, children_0_6 = 0, school_age_7_18 = 0,
                elderly_60_plus = 0, disabled_members = 0, pregnant_members = 0
            WHERE ({household_filter}) AND member_count > 0 AND NOT EXISTS (
                SELECT 1 FROM {PERSON} AS p
                WHERE p.household_id = {HOUSEHOLD}.id AND p.status = 'living')""",
            params,
        )
        return updated
    finally:
        if own:
            cursor.close()
