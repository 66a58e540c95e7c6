"""Applying a reconciled batch to the registry with set-based statements.

Called inside the commit transaction, after ``batch_reconcile``; every change lands in the
household's history (before, after, batch, user, time).
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.db import connection

from households.columns import HOUSEHOLD_FIELDS, PERSON_FIELDS
from households.facts import household_facts_refresh
from households.sql import (
    BLANKABLE_HOUSEHOLD_FIELDS,
    BLANKABLE_PERSON_FIELDS,
    CHANGE,
    HOUSEHOLD,
    PERSON,
    ROW,
    differs,
    household_aggregates,
)
from tkpk.bulk import quote, sql_json_object, staging_table

CHANGE_COLUMNS = (
    "household_id, person_id, kind, batch_id, row_number, changed_by_id, changed_at, before, after"
)
HOUSEHOLD_TRACKED = [*HOUSEHOLD_FIELDS, "village_id", "status"]
PERSON_TRACKED = [*PERSON_FIELDS, "household_id", "status"]


def batch_apply(*, batch_id: int, user_id: int, now: datetime) -> dict[str, int]:
    timings: dict[str, int] = {}
    with connection.cursor() as cursor:

        def run(name: str, statement: str, params: list[Any]) -> int:
            started = time.monotonic()
            cursor.execute(statement, params)
            timings[name] = int((time.monotonic() - started) * 1000)
            return cursor.rowcount

        meta = [batch_id, user_id, now]
        aggregates = household_aggregates("r")
        with staging_table(
            cursor,
            name="batch_household_values",
            columns=[
                ("household_id", "bigint"),
                ("kk", "varchar(16)"),
                ("village_code", "varchar(13)"),
                ("first_row", "integer"),
                *[(f, _sql_type(f)) for f in HOUSEHOLD_FIELDS],
            ],
        ) as values:
            run(
                "household values",
                f"""
                INSERT INTO {quote(values)} (household_id, kk, village_code, first_row,
                                              {", ".join(HOUSEHOLD_FIELDS)})
                SELECT MAX(r.household_id), r.kk, MAX(r.village_code), MIN(r.row_number),
                       {", ".join(expr for _, expr in aggregates)}
                FROM {ROW} AS r
                WHERE r.batch_id = %s AND r.outcome IN ('new', 'changed')
                GROUP BY r.kk""",
                [batch_id],
            )
            _households(run, values, meta, now)
        _persons(run, meta, now)
        _removals(run, meta, now)
        run(
            "touched households",
            f"""
            UPDATE {HOUSEHOLD} SET updated_at = %s
            WHERE id IN (SELECT household_id FROM {ROW}
                         WHERE batch_id = %s AND outcome IN ('new', 'changed', 'removed'))""",
            [now, batch_id],
        )
        household_facts_refresh(
            cursor=cursor,
            household_filter=f"""id IN (SELECT household_id FROM {ROW} WHERE batch_id = %s
                                 AND outcome IN ('new', 'changed', 'removed'))
                               OR id IN (SELECT p.household_id FROM {PERSON} AS p
                                 JOIN {ROW} AS r ON r.person_id = p.id WHERE r.batch_id = %s)""",
            params=[batch_id, batch_id],
        )
    return timings


def _households(run: Any, values: str, meta: list[Any], now: datetime) -> None:
    batch_id = meta[0]
    v = quote(values)
    fields = ", ".join(HOUSEHOLD_FIELDS)
    filled = ", ".join(_filled(f"v.{f}", f) for f in HOUSEHOLD_FIELDS)
    run(
        "new households",
        f"""
        INSERT INTO {HOUSEHOLD} (kk, village_id, {fields}, status, member_count, children_0_6,
            school_age_7_18, elderly_60_plus, disabled_members, pregnant_members,
            bps_criteria_met, created_at, updated_at)
        SELECT v.kk, v.village_code, {filled}, 'active', 0, 0, 0, 0, 0, 0, 0, %s, %s
        FROM {v} AS v WHERE v.household_id IS NULL
        ORDER BY v.village_code, v.kk""",
        [now, now],
    )
    run(
        "history: households created",
        f"""
        INSERT INTO {CHANGE} ({CHANGE_COLUMNS})
        SELECT h.id, NULL, 'household_created', %s, v.first_row, %s, %s, NULL,
               {_json("h", HOUSEHOLD_TRACKED)}
        FROM {v} AS v JOIN {HOUSEHOLD} AS h ON h.kk = v.kk WHERE v.household_id IS NULL""",
        meta,
    )
    run(
        "rows: new household ids",
        f"""
        UPDATE {ROW} SET household_id = h.id FROM {HOUSEHOLD} AS h
        WHERE {ROW}.batch_id = %s AND {ROW}.household_id IS NULL AND h.kk = {ROW}.kk
          AND {ROW}.outcome IN ('new', 'changed')""",
        [batch_id],
    )
    differs = _household_differs("h")
    after = _json_pairs(
        [(f, f"COALESCE(v.{f}, h.{f})") for f in HOUSEHOLD_FIELDS]
        + [("village_id", "v.village_code"), ("status", "h.status")]
    )
    run(
        "history: households changed",
        f"""
        INSERT INTO {CHANGE} ({CHANGE_COLUMNS})
        SELECT h.id, NULL, 'household_changed', %s, v.first_row, %s, %s,
               {_json("h", HOUSEHOLD_TRACKED)}, {after}
        FROM {v} AS v JOIN {HOUSEHOLD} AS h ON h.id = v.household_id
        WHERE {differs}""",
        meta,
    )
    assignments = ", ".join(f"{f} = COALESCE(v.{f}, {HOUSEHOLD}.{f})" for f in HOUSEHOLD_FIELDS)
    run(
        "households changed",
        f"""
        UPDATE {HOUSEHOLD} SET {assignments}, village_id = v.village_code
        FROM {v} AS v
        WHERE {HOUSEHOLD}.id = v.household_id AND ({_household_differs(HOUSEHOLD)})""",
        [],
    )


def _persons(run: Any, meta: list[Any], now: datetime) -> None:
    batch_id = meta[0]
    fields = ", ".join(PERSON_FIELDS)
    filled = ", ".join(_filled(f"r.{f}", f) for f in PERSON_FIELDS)
    run(
        "new persons",
        f"""
        INSERT INTO {PERSON} (household_id, nik, name_search, {fields}, status, created_at,
                              updated_at)
        SELECT r.household_id, r.nik, r.name_search, {filled}, 'living', %s, %s
        FROM {ROW} AS r WHERE r.batch_id = %s AND r.outcome = 'new'
        ORDER BY r.household_id""",
        [now, now, batch_id],
    )
    run(
        "rows: new person ids",
        f"""
        UPDATE {ROW} SET person_id = p.id FROM {PERSON} AS p
        WHERE {ROW}.batch_id = %s AND {ROW}.outcome = 'new' AND p.nik = {ROW}.nik""",
        [batch_id],
    )
    run(
        "history: members added",
        f"""
        INSERT INTO {CHANGE} ({CHANGE_COLUMNS})
        SELECT r.household_id, r.person_id, 'member_added', %s, r.row_number, %s, %s, NULL,
               {_json("p", PERSON_TRACKED)}
        FROM {ROW} AS r JOIN {PERSON} AS p ON p.id = r.person_id
        JOIN {HOUSEHOLD} AS h ON h.id = r.household_id
        WHERE r.batch_id = %s AND r.outcome = 'new' AND h.created_at < %s""",
        [*meta, batch_id, now],
    )
    differs = _person_differs("p")
    after = _json_pairs(
        [(f, f"COALESCE(r.{f}, p.{f})") for f in PERSON_FIELDS]
        + [("household_id", "r.household_id"), ("status", "'living'")]
    )
    run(
        "history: members changed",
        f"""
        INSERT INTO {CHANGE} ({CHANGE_COLUMNS})
        SELECT r.household_id, p.id, 'member_changed', %s, r.row_number, %s, %s,
               {_json("p", PERSON_TRACKED)}, {after}
        FROM {ROW} AS r JOIN {PERSON} AS p ON p.id = r.person_id
        WHERE r.batch_id = %s AND r.outcome = 'changed' AND ({differs})""",
        [*meta, batch_id],
    )
    assignments = ", ".join(f"{f} = COALESCE(r.{f}, {PERSON}.{f})" for f in PERSON_FIELDS)
    run(
        "members changed",
        f"""
        UPDATE {PERSON} SET {assignments},
               name_search = COALESCE(r.name_search, {PERSON}.name_search),
               household_id = r.household_id, status = 'living', updated_at = %s
        FROM {ROW} AS r
        WHERE r.batch_id = %s AND r.outcome = 'changed' AND {PERSON}.id = r.person_id
          AND ({_person_differs(PERSON)})""",
        [now, batch_id],
    )


def _removals(run: Any, meta: list[Any], now: datetime) -> None:
    batch_id = meta[0]
    person_status = "CASE r.removal_reason WHEN 'meninggal' THEN 'deceased' ELSE 'moved' END"
    run(
        "history: members removed",
        f"""
        INSERT INTO {CHANGE} ({CHANGE_COLUMNS})
        SELECT p.household_id, p.id, 'member_removed', %s, r.row_number, %s, %s,
               {_json_pairs([("status", "p.status")])},
               {_json_pairs([("status", person_status), ("reason", "r.removal_reason")])}
        FROM {ROW} AS r JOIN {PERSON} AS p ON p.id = r.person_id
        WHERE r.batch_id = %s AND r.outcome = 'removed'
          AND r.removal_reason NOT IN ('mampu', 'ganda')""",
        [*meta, batch_id],
    )
    run(
        "members removed",
        f"""
        UPDATE {PERSON} SET status = {person_status}, updated_at = %s
        FROM {ROW} AS r
        WHERE r.batch_id = %s AND r.outcome = 'removed' AND {PERSON}.id = r.person_id
          AND r.removal_reason NOT IN ('mampu', 'ganda')""",
        [now, batch_id],
    )
    household_status = "CASE r.removal_reason WHEN 'mampu' THEN 'not_poor' ELSE 'duplicate' END"
    run(
        "history: households leaving",
        f"""
        INSERT INTO {CHANGE} ({CHANGE_COLUMNS})
        SELECT h.id, NULL, 'household_status', %s, r.row_number, %s, %s,
               {_json_pairs([("status", "h.status")])},
               {_json_pairs([("status", household_status), ("reason", "r.removal_reason")])}
        FROM {ROW} AS r JOIN {HOUSEHOLD} AS h ON h.id = r.household_id
        WHERE r.batch_id = %s AND r.outcome = 'removed'
          AND r.removal_reason IN ('mampu', 'ganda')""",
        [*meta, batch_id],
    )
    run(
        "households leaving",
        f"""
        UPDATE {HOUSEHOLD} SET status = {household_status}
        FROM {ROW} AS r
        WHERE r.batch_id = %s AND r.outcome = 'removed' AND {HOUSEHOLD}.id = r.household_id
          AND r.removal_reason IN ('mampu', 'ganda')""",
        [batch_id],
    )
    emptied = f"""
        {HOUSEHOLD}.status = 'active'
        AND {HOUSEHOLD}.id IN (SELECT household_id FROM {ROW}
                               WHERE batch_id = %s AND outcome = 'removed')
        AND NOT EXISTS (SELECT 1 FROM {PERSON} AS p
                        WHERE p.household_id = {HOUSEHOLD}.id AND p.status = 'living')"""
    all_deceased = f"""CASE WHEN EXISTS (SELECT 1 FROM {PERSON} AS p
        WHERE p.household_id = {HOUSEHOLD}.id AND p.status <> 'deceased')
        THEN 'moved' ELSE 'deceased' END"""
    run(
        "history: households emptied",
        f"""
        INSERT INTO {CHANGE} ({CHANGE_COLUMNS})
        SELECT {HOUSEHOLD}.id, NULL, 'household_status', %s, NULL, %s, %s,
               {_json_pairs([("status", f"{HOUSEHOLD}.status")])},
               {_json_pairs([("status", all_deceased)])}
        FROM {HOUSEHOLD} WHERE {emptied}""",
        [*meta, batch_id],
    )
    run(
        "households emptied",
        f"""
        UPDATE {HOUSEHOLD} SET status = {all_deceased} WHERE {emptied}""",
        [batch_id],
    )


def _household_differs(household: str) -> str:
    """The batch's values for a KK (alias ``v``) differ from the registry's household."""
    return " OR ".join(
        [differs(f"v.{f}", f"{household}.{f}") for f in HOUSEHOLD_FIELDS]
        + [f"v.village_code <> {household}.village_id"]
    )


def _person_differs(person: str) -> str:
    """A batch row (alias ``r``) changes the registry's person."""
    return " OR ".join(
        [differs(f"r.{f}", f"{person}.{f}") for f in PERSON_FIELDS]
        + [f"r.household_id <> {person}.household_id", f"{person}.status <> 'living'"]
    )


def _filled(expression: str, field: str) -> str:
    """NULL from the batch becomes the registry's 'not known' value for NOT NULL columns."""
    if field in BLANKABLE_HOUSEHOLD_FIELDS or field in BLANKABLE_PERSON_FIELDS:
        return f"COALESCE({expression}, '')"
    if field == "extreme_poor" or field in ("chronic_illness", "pregnant"):
        return f"COALESCE({expression}, FALSE)"
    if field == "disability":
        return f"COALESCE({expression}, 'tidak')"
    return expression


def _json(alias: str, fields: list[str]) -> str:
    return _json_pairs([(f, f"{alias}.{f}") for f in fields])


def _json_pairs(pairs: list[tuple[str, str]]) -> str:
    return sql_json_object(pairs)


def _sql_type(field: str) -> str:
    from households.models import BatchRow

    return BatchRow._meta.get_field(field).db_type(connection) or "text"
