"""Applying a validated batch to the registry with set-based statements.

Called inside the commit transaction. Rows carry what validation found (outcome, the person
and household they matched); targets are looked up by KK and NIK, so households created here
are found by the statements that follow. Every change lands in the household's history
(before, after, batch, user, time).
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from households.columns import HOUSEHOLD_FIELDS, PERSON_FIELDS
from households.facts import bps_criteria_sql, household_facts_refresh, member_facts_sql
from households.models import BatchRow
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
from tkpk.bulk import (
    analyze_if_large,
    indexes_rebuilt,
    rebuild_worthwhile,
    sql_json_object,
    staging_table,
    work_mem_raised,
)

CHANGE_COLUMNS = (
    "household_id, person_id, kind, batch_id, row_number, changed_by_id, changed_at, before, after"
)
HOUSEHOLD_TRACKED = [*HOUSEHOLD_FIELDS, "village_id", "status"]
PERSON_TRACKED = [*PERSON_FIELDS, "household_id", "status"]
VALUES = "batch_household_values"
TOUCHED = "batch_touched_households"
APPLIED = "('new', 'changed')"


def batch_apply(*, batch_id: int, user_id: int, now: datetime, new_rows: int = 0) -> dict[str, int]:
    """``new_rows``: the batch's new people, to decide whether rebuilding indexes pays."""
    timings: dict[str, int] = {}
    aggregates, age_params = member_facts_sql(today=timezone.localdate(now))
    with connection.cursor() as cursor:

        def run(name: str, statement: str, params: list[Any]) -> None:
            started = time.monotonic()
            cursor.execute(statement, params)
            timings[name] = int((time.monotonic() - started) * 1000)

        meta = [batch_id, user_id, now]
        with staging_table(cursor, name=VALUES, columns=_values_columns(aggregates)):
            # The rows of one KK: the household's values and, for a household made only of
            # new people, its derived facts (counted here instead of read back afterwards).
            members = f"""
                SELECT r.kk, r.household_id, r.village_code, r.row_number, r.outcome,
                       {", ".join(f"r.{f}" for f in HOUSEHOLD_FIELDS)}, r.birth_date,
                       COALESCE(r.disability, 'tidak') AS disability,
                       COALESCE(r.pregnant, FALSE) AS pregnant, r.relation,
                       COALESCE(r.occupation, '') AS occupation,
                       COALESCE(r.education, '') AS education
                FROM {ROW} AS r WHERE r.batch_id = %s AND r.outcome IN {APPLIED}"""
            with work_mem_raised(cursor):
                run(
                    "household values",
                    f"""
                    INSERT INTO {VALUES} (household_id, kk, village_code, first_row, all_new,
                                          {", ".join(HOUSEHOLD_FIELDS)},
                                          {", ".join(name for name, _ in aggregates)})
                    SELECT MAX(m.household_id), m.kk, MAX(m.village_code), MIN(m.row_number),
                           MIN(CASE WHEN m.outcome = 'new' THEN 1 ELSE 0 END),
                           {", ".join(expr for _, expr in household_aggregates("m"))},
                           {", ".join(expr for _, expr in aggregates)}
                    FROM ({members}) AS m
                    GROUP BY m.kk""",
                    [*age_params, batch_id],
                )
                grouped = cursor.rowcount
            analyze_if_large(cursor, VALUES, rows=grouped)
            cursor.execute(f"SELECT COUNT(*), COUNT(household_id) FROM {VALUES}")
            households, registered = cursor.fetchone()
            new_households = households - registered
            rebuilt = [
                table
                for table, adding in [
                    (HOUSEHOLD, new_households),
                    (PERSON, new_rows),
                    (CHANGE, new_households),
                ]
                if rebuild_worthwhile(cursor, table, adding=adding)
            ]
            started = time.monotonic()
            with indexes_rebuilt(cursor, tables=rebuilt):
                timings["indexes dropped"] = int((time.monotonic() - started) * 1000)
                _households(run, meta, now, registered=registered)
                _persons(run, meta, now, registered=registered)
                _removals(run, meta, now)
                started = time.monotonic()
            if rebuilt:
                timings["indexes rebuilt"] = int((time.monotonic() - started) * 1000)
            # One list of the households this batch touched: a single IN over it is a hash
            # semi-join, where OR-ed subqueries would be evaluated row by row. Households
            # made only of new people already have their facts.
            with staging_table(cursor, name=TOUCHED, columns=[("id", "bigint")]):
                run(
                    "touched households",
                    f"""
                    INSERT INTO {TOUCHED} (id)
                    SELECT h.id FROM {HOUSEHOLD} AS h
                    WHERE h.kk IN (SELECT kk FROM {VALUES}
                                   WHERE household_id IS NOT NULL OR all_new = 0)
                    UNION SELECT household_id FROM {ROW}
                          WHERE batch_id = %s AND outcome = 'removed'
                            AND household_id IS NOT NULL
                    UNION SELECT person_household_id FROM {ROW}
                          WHERE batch_id = %s AND outcome = 'changed'
                            AND person_household_id IS NOT NULL""",
                    [batch_id] * 2,
                )
                analyze_if_large(cursor, TOUCHED, rows=cursor.rowcount)
                run(
                    "updated_at",
                    f"""
                    UPDATE {HOUSEHOLD} SET updated_at = %s
                    WHERE created_at < %s AND id IN (SELECT id FROM {TOUCHED})""",
                    [now, now],
                )
                started = time.monotonic()
                household_facts_refresh(
                    cursor=cursor,
                    household_filter=f"id IN (SELECT id FROM {TOUCHED})",
                    today=timezone.localdate(now),
                )
                timings["facts"] = int((time.monotonic() - started) * 1000)
    return timings


def batch_still_applies(*, batch_id: int, scope: str) -> bool:
    """Whether what validation matched still holds inside ``scope``: a KK or NIK the batch
    creates is still free, and every household and person it changes is still where it was
    and inside the region. A batch of another region may have committed in between.

    Each condition is a join of the rows it concerns (found by the batch/outcome index), so
    the planner may hash-join a large batch with the registry instead of probing row by row.
    """
    inside = "({v} = %s OR {v} LIKE %s)"
    in_scope = [scope, f"{scope}.%"]
    rows = f"{ROW} AS r WHERE r.batch_id = %s AND r.outcome IN "
    checks: list[tuple[str, list[Any]]] = [
        (  # a village outside the region
            f"SELECT 1 FROM {rows} ('new', 'changed') AND NOT {inside.format(v='r.village_code')}",
            [batch_id, *in_scope],
        ),
        (  # a KK the batch would create, taken meanwhile
            f"SELECT 1 FROM {rows} ('new', 'changed') AND r.household_id IS NULL "
            f"AND EXISTS (SELECT 1 FROM {HOUSEHOLD} AS h WHERE h.kk = r.kk)",
            [batch_id],
        ),
        (  # a NIK the batch would create, taken meanwhile
            f"SELECT 1 FROM {rows} ('new') "
            f"AND EXISTS (SELECT 1 FROM {PERSON} AS p WHERE p.nik = r.nik)",
            [batch_id],
        ),
        (  # a household the batch changes, renumbered or gone out of the region
            f"SELECT 1 FROM {rows} ('new', 'changed', 'removed') AND r.household_id IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {HOUSEHOLD} AS h WHERE h.id = r.household_id "
            f"AND h.kk = r.kk AND {inside.format(v='h.village_id')})",
            [batch_id, *in_scope],
        ),
        (  # a person the batch changes, moved meanwhile
            f"SELECT 1 FROM {rows} ('changed', 'removed') AND r.person_id IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {PERSON} AS p "
            f"JOIN {HOUSEHOLD} AS h ON h.id = p.household_id "
            f"WHERE p.id = r.person_id AND p.household_id = r.person_household_id "
            f"AND {inside.format(v='h.village_id')})",
            [batch_id, *in_scope],
        ),
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + " OR ".join(f"EXISTS ({check})" for check, _ in checks),
            [p for _, params in checks for p in params],
        )
        row = cursor.fetchone()
    return not (row and row[0])


def _households(run: Any, meta: list[Any], now: datetime, *, registered: int) -> None:
    """``registered``: how many of the batch's households are already in the registry (none
    on a first import, where the statements about them would only scan for nothing)."""
    fields = ", ".join(HOUSEHOLD_FIELDS)
    filled = ", ".join(f"{_filled(f'v.{f}', f)} AS {f}" for f in HOUSEHOLD_FIELDS)

    def fact(name: str) -> str:
        return f"(CASE WHEN n.all_new = 1 THEN n.{name} ELSE 0 END)"

    run(
        "new households",
        f"""
        INSERT INTO {HOUSEHOLD} (kk, village_id, {fields}, status, member_count, children_0_6,
            school_age_7_18, elderly_60_plus, disabled_members, pregnant_members,
            bps_criteria_met, created_at, updated_at)
        SELECT n.kk, n.village_code, {fields}, 'active', {fact("members")}, {fact("children")},
               {fact("school_age")}, {fact("elderly")}, {fact("disabled")}, {fact("pregnant")},
               (CASE WHEN n.all_new = 1 THEN {bps_criteria_sql("n", "n")} ELSE 0 END), %s, %s
        FROM (SELECT v.kk, v.village_code, v.all_new, v.members, v.children, v.school_age,
                     v.elderly, v.disabled, v.pregnant, v.head_occupation, v.head_education,
                     {filled}
              FROM {VALUES} AS v WHERE v.household_id IS NULL) AS n
        ORDER BY n.village_code, n.kk""",
        [now, now],
    )
    # A new household's first state is its batch rows (batch and row are recorded): copying
    # it into JSON for 350,000 households would double the cost of an import.
    run(
        "history: households created",
        f"""
        INSERT INTO {CHANGE} ({CHANGE_COLUMNS})
        SELECT h.id, NULL, 'household_created', %s, v.first_row, %s, %s, NULL, NULL
        FROM {VALUES} AS v JOIN {HOUSEHOLD} AS h ON h.kk = v.kk
        WHERE v.household_id IS NULL""",
        meta,
    )
    if not registered:
        return
    after = sql_json_object(
        [(f, f"COALESCE(v.{f}, h.{f})") for f in HOUSEHOLD_FIELDS]
        + [("village_id", "v.village_code"), ("status", "h.status")]
    )
    run(
        "history: households changed",
        f"""
        INSERT INTO {CHANGE} ({CHANGE_COLUMNS})
        SELECT h.id, NULL, 'household_changed', %s, v.first_row, %s, %s,
               {_json("h", HOUSEHOLD_TRACKED)}, {after}
        FROM {VALUES} AS v JOIN {HOUSEHOLD} AS h ON h.id = v.household_id
        WHERE {_household_differs("h")}""",
        meta,
    )
    assignments = ", ".join(f"{f} = COALESCE(v.{f}, {HOUSEHOLD}.{f})" for f in HOUSEHOLD_FIELDS)
    run(
        "households changed",
        f"""
        UPDATE {HOUSEHOLD} SET {assignments}, village_id = v.village_code, updated_at = %s
        FROM {VALUES} AS v
        WHERE {HOUSEHOLD}.id = v.household_id AND ({_household_differs(HOUSEHOLD)})""",
        [now],
    )


def _persons(run: Any, meta: list[Any], now: datetime, *, registered: int) -> None:
    batch_id = meta[0]
    fields = ", ".join(PERSON_FIELDS)
    filled = ", ".join(_filled(f"r.{f}", f) for f in PERSON_FIELDS)
    run(
        "new persons",
        f"""
        INSERT INTO {PERSON} (household_id, nik, name_search, {fields}, status, created_at,
                              updated_at)
        SELECT h.id, r.nik, r.name_search, {filled}, 'living', %s, %s
        FROM {ROW} AS r JOIN {HOUSEHOLD} AS h ON h.kk = r.kk
        WHERE r.batch_id = %s AND r.outcome = 'new'
        ORDER BY h.id""",
        [now, now, batch_id],
    )
    if registered:  # new people joining a registered household
        run(
            "history: members added",
            f"""
            INSERT INTO {CHANGE} ({CHANGE_COLUMNS})
            SELECT p.household_id, p.id, 'member_added', %s, r.row_number, %s, %s, NULL,
                   {_json("p", PERSON_TRACKED)}
            FROM {ROW} AS r JOIN {PERSON} AS p ON p.nik = r.nik
            WHERE r.batch_id = %s AND r.outcome = 'new' AND r.household_id IS NOT NULL""",
            [*meta, batch_id],
        )
    after = sql_json_object(
        [(f, f"COALESCE(r.{f}, p.{f})") for f in PERSON_FIELDS]
        + [("household_id", "h.id"), ("status", "'living'")]
    )
    run(
        "history: members changed",
        f"""
        INSERT INTO {CHANGE} ({CHANGE_COLUMNS})
        SELECT h.id, p.id, 'member_changed', %s, r.row_number, %s, %s,
               {_json("p", PERSON_TRACKED)}, {after}
        FROM {ROW} AS r JOIN {PERSON} AS p ON p.id = r.person_id
        JOIN {HOUSEHOLD} AS h ON h.kk = r.kk
        WHERE r.batch_id = %s AND r.outcome = 'changed' AND ({_person_differs("p")})""",
        [*meta, batch_id],
    )
    assignments = ", ".join(f"{f} = COALESCE(t.{f}, {PERSON}.{f})" for f in PERSON_FIELDS)
    run(
        "members changed",
        f"""
        UPDATE {PERSON} SET {assignments},
               name_search = COALESCE(t.name_search, {PERSON}.name_search),
               household_id = t.target_household_id, status = 'living', updated_at = %s
        FROM (SELECT r.*, h.id AS target_household_id
              FROM {ROW} AS r JOIN {HOUSEHOLD} AS h ON h.kk = r.kk
              WHERE r.batch_id = %s AND r.outcome = 'changed') AS t
        WHERE {PERSON}.id = t.person_id AND ({_person_differs(PERSON, row="t")})""",
        [now, batch_id],
    )


def _removals(run: Any, meta: list[Any], now: datetime) -> None:
    batch_id = meta[0]
    person_status = "CASE r.removal_reason WHEN 'meninggal' THEN 'deceased' ELSE 'moved' END"
    member_reasons = "r.removal_reason NOT IN ('mampu', 'ganda')"
    run(
        "history: members removed",
        f"""
        INSERT INTO {CHANGE} ({CHANGE_COLUMNS})
        SELECT p.household_id, p.id, 'member_removed', %s, r.row_number, %s, %s,
               {sql_json_object([("status", "p.status")])},
               {sql_json_object([("status", person_status), ("reason", "r.removal_reason")])}
        FROM {ROW} AS r JOIN {PERSON} AS p ON p.id = r.person_id
        WHERE r.batch_id = %s AND r.outcome = 'removed' AND {member_reasons}""",
        [*meta, batch_id],
    )
    run(
        "members removed",
        f"""
        UPDATE {PERSON} SET status = {person_status}, updated_at = %s
        FROM {ROW} AS r
        WHERE r.batch_id = %s AND r.outcome = 'removed' AND {PERSON}.id = r.person_id
          AND {member_reasons}""",
        [now, batch_id],
    )
    household_status = "CASE r.removal_reason WHEN 'mampu' THEN 'not_poor' ELSE 'duplicate' END"
    run(
        "history: households leaving",
        f"""
        INSERT INTO {CHANGE} ({CHANGE_COLUMNS})
        SELECT h.id, NULL, 'household_status', %s, r.row_number, %s, %s,
               {sql_json_object([("status", "h.status")])},
               {sql_json_object([("status", household_status), ("reason", "r.removal_reason")])}
        FROM {ROW} AS r JOIN {HOUSEHOLD} AS h ON h.id = r.household_id
        WHERE r.batch_id = %s AND r.outcome = 'removed' AND NOT ({member_reasons})""",
        [*meta, batch_id],
    )
    run(
        "households leaving",
        f"""
        UPDATE {HOUSEHOLD} SET status = {household_status}, updated_at = %s
        FROM {ROW} AS r
        WHERE r.batch_id = %s AND r.outcome = 'removed' AND {HOUSEHOLD}.id = r.household_id
          AND NOT ({member_reasons})""",
        [now, batch_id],
    )
    emptied = f"""
        {HOUSEHOLD}.status = 'active'
        AND {HOUSEHOLD}.id IN (
            SELECT household_id FROM {ROW} WHERE batch_id = %s AND outcome = 'removed'
            UNION SELECT person_household_id FROM {ROW}
                  WHERE batch_id = %s AND outcome = 'changed')
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
               {sql_json_object([("status", f"{HOUSEHOLD}.status")])},
               {sql_json_object([("status", all_deceased)])}
        FROM {HOUSEHOLD} WHERE {emptied}""",
        [*meta, batch_id, batch_id],
    )
    run(
        "households emptied",
        f"""
        UPDATE {HOUSEHOLD} SET status = {all_deceased}, updated_at = %s WHERE {emptied}""",
        [now, batch_id, batch_id],
    )


def _household_differs(household: str) -> str:
    """The batch's values for a KK (alias ``v``) differ from the registry's household."""
    return " OR ".join(
        [differs(f"v.{f}", f"{household}.{f}") for f in HOUSEHOLD_FIELDS]
        + [f"v.village_code <> {household}.village_id"]
    )


def _person_differs(person: str, *, row: str = "r") -> str:
    """A batch row changes the registry's person (values, household or status)."""
    return " OR ".join(
        [differs(f"{row}.{f}", f"{person}.{f}") for f in PERSON_FIELDS]
        + [f"{row}.changed_fields LIKE '%%no_kk,%%'", f"{person}.status <> 'living'"]
    )


def _filled(expression: str, field: str) -> str:
    """NULL from the batch becomes the registry's 'not known' value for NOT NULL columns."""
    if field in BLANKABLE_HOUSEHOLD_FIELDS or field in BLANKABLE_PERSON_FIELDS:
        return f"COALESCE({expression}, '')"
    if field in ("extreme_poor", "chronic_illness", "pregnant"):
        return f"COALESCE({expression}, FALSE)"
    if field == "disability":
        return f"COALESCE({expression}, 'tidak')"
    return expression


def _json(alias: str, fields: list[str]) -> str:
    return sql_json_object([(f, f"{alias}.{f}") for f in fields])


def _values_columns(aggregates: list[tuple[str, str]]) -> list[tuple[str, str]]:
    def sql_type(field: str) -> str:
        return BatchRow._meta.get_field(field).db_type(connection) or "text"

    return [
        ("household_id", "bigint"),
        ("kk", "varchar(16)"),
        ("village_code", "varchar(13)"),
        ("first_row", "integer"),
        ("all_new", "integer"),
        *[(f, sql_type(f)) for f in HOUSEHOLD_FIELDS],
        *[
            (name, "varchar(30)" if name.startswith("head_") else "integer")
            for name, _ in aggregates
        ],
    ]
