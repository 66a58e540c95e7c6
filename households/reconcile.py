"""Set-based checks of a published batch against itself and the registry.

Rows arrive classified (``households.staging``); these checks only turn rows into rejected
ones, each with the column and the reason, so every statement writes just the rows it refuses.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from households.columns import HOUSEHOLD_FIELDS
from households.messages import MESSAGES
from households.models import VerificationBatch
from households.sql import BOOLEAN_HOUSEHOLD_FIELDS, HEADER_OF, HOUSEHOLD, PERSON, REGION, ROW
from tkpk.bulk import (
    analyze_if_large,
    sql_json_extend,
    sql_json_is_empty_array,
    sql_json_object,
)

logger = logging.getLogger(__name__)

ACCEPTED = "outcome <> 'rejected'"
# A row that moves a registered person to another KK.
MOVING = (
    "outcome = 'changed' AND person_household_id IS NOT NULL "
    "AND (household_id IS NULL OR household_id <> person_household_id)"
)


def batch_reconcile(*, batch: VerificationBatch, rows: int) -> dict[str, int]:
    """Reject the rows that conflict with other rows or the registry; return the counts."""
    b = batch.pk
    scope = batch.region_id
    with connection.cursor() as cursor:
        step = _Steps(cursor, batch_id=b, rows=rows)
        step.conflict(
            "nik",
            "nik_twice_in_batch",
            f"""
            nik <> '' AND nik IN (SELECT nik FROM {ROW} WHERE batch_id = %s AND nik <> ''
                                  GROUP BY nik HAVING COUNT(*) > 1)""",
            [b],
        )
        in_scope = [scope, scope + ".%"]
        step.conflicts(
            "row conflicts",
            [
                Conflict(
                    "kode_desa",
                    "village_unknown",
                    f"""village_code <> '' AND NOT EXISTS (
                        SELECT 1 FROM {REGION} AS v
                        WHERE v.code = {ROW}.village_code AND v.level = 4)""",
                ),
                Conflict(
                    "kode_desa",
                    "village_out_of_scope",
                    "village_code <> '' AND NOT (village_code = %s OR village_code LIKE %s)",
                    in_scope,
                ),
                Conflict(
                    "kode_desa",
                    "village_required_for_new_kk",
                    "village_code = '' AND household_id IS NULL AND nik <> ''",
                ),
                # Rows matched only inside the batch's region (``stage_publish``): a KK or
                # NIK that is taken elsewhere can be neither created nor used, and the row
                # learns that much and nothing else (not where, not whose).
                Conflict(
                    "no_kk",
                    "kk_unavailable",
                    f"""kk <> '' AND household_id IS NULL AND EXISTS (
                        SELECT 1 FROM {HOUSEHOLD} AS h WHERE h.kk = {ROW}.kk)""",
                ),
                Conflict(
                    "nik",
                    "nik_unavailable",
                    f"""action = 'baru' AND nik <> '' AND person_id IS NULL AND EXISTS (
                        SELECT 1 FROM {PERSON} AS p WHERE p.nik = {ROW}.nik)""",
                ),
                Conflict(
                    "nik",
                    "nik_in_other_kk",
                    """action = 'baru' AND person_id IS NOT NULL
                    AND (household_id IS NULL OR household_id <> person_household_id)""",
                ),
                Conflict(
                    "nik",
                    "nik_not_registered",
                    "action IN ('tetap', 'perbaikan', 'hapus') AND nik <> '' AND person_id IS NULL",
                ),
                Conflict(
                    "alasan_hapus",
                    "reason_on_head_row",
                    f"""action = 'hapus' AND removal_reason IN ('mampu', 'ganda') AND EXISTS (
                        SELECT 1 FROM {PERSON} AS p WHERE p.id = {ROW}.person_id
                        AND p.relation <> 'kepala')""",
                ),
            ],
        )
        _household_consistency(step, b)
        _reject_whole_households(step, b)
        _heads(step, b)
        _reject_whole_households(step, b)
        counts = _counts(cursor, b)
    logger.info("batch reconciled", extra={"batch_id": b, "steps_ms": step.timings, **counts})
    return counts


class _Steps:
    """Runs named statements and keeps their timings for the log."""

    def __init__(self, cursor: Any, *, batch_id: int, rows: int):
        self.cursor = cursor
        self.batch_id = batch_id
        self.rows = rows
        self.timings: dict[str, int] = {}

    def run(self, name: str, statement: str, params: list[Any]) -> int:
        started = time.monotonic()
        self.cursor.execute(statement, params)
        self.timings[name] = self.timings.get(name, 0) + int((time.monotonic() - started) * 1000)
        return self.cursor.rowcount

    def analyze(self, table: str) -> None:
        """Planner statistics for a table just filled, for large batches."""
        started = time.monotonic()
        analyze_if_large(self.cursor, table, rows=self.rows)
        self.timings[f"analyze {table}"] = int((time.monotonic() - started) * 1000)

    def conflict(
        self,
        header: str,
        code: str,
        where: str,
        params: Sequence[Any],
        *,
        message_params: Sequence[tuple[str, str]] = (),
    ) -> int:
        """One check (see ``Conflict``) as a statement of its own."""
        check = Conflict(header, code, where, params, message_params)
        return self.conflicts(f"conflict {header}: {code}", [check])

    def conflicts(self, name: str, checks: list[Conflict]) -> int:
        """Several checks in one pass over the batch: a row gets an entry for each check it
        fails, in the order given."""
        entries = " || ".join(
            f"(CASE WHEN {c.where} THEN {c.entry_sql()} ELSE '' END)" for c in checks
        )
        entry_params = [p for c in checks for p in c.params]
        failing = " OR ".join(f"({c.where})" for c in checks)
        return self.run(
            name,
            f"""UPDATE {ROW} SET outcome = 'rejected',
                       conflicts = {sql_json_extend("conflicts", entries)}
                WHERE batch_id = %s AND ({failing})""",
            [*entry_params, self.batch_id, *entry_params],
        )


@dataclass(frozen=True)
class Conflict:
    """A check that rejects the rows matching ``where`` (with ``params``) with the problem
    ``code`` about column ``header``; ``message_params`` are (name, SQL over the row) pairs."""

    header: str
    code: str
    where: str
    params: Sequence[Any] = ()
    message_params: Sequence[tuple[str, str]] = ()

    def entry_sql(self) -> str:
        """The problem as JSON text preceded by a comma (``sql_json_extend``'s entries)."""
        assert self.code in MESSAGES, self.code
        entry = {"column": self.header, "code": self.code}
        if not self.message_params:
            return f"',{json.dumps(entry, separators=(',', ':'))}'"
        pairs = [(key, f"'{value}'") for key, value in entry.items()]
        pairs.append(("params", sql_json_object(self.message_params)))
        return f"(',' || CAST({sql_json_object(pairs)} AS TEXT))"


def _household_consistency(step: _Steps, b: int) -> None:
    """Household columns repeat on every member row; they must agree within one KK."""
    fields = [*HOUSEHOLD_FIELDS, "village_code"]

    def comparable(field: str) -> str:
        if field in BOOLEAN_HOUSEHOLD_FIELDS:
            return f"(CASE WHEN {field} THEN 1 WHEN NOT {field} THEN 0 END)"
        return field

    # MIN <> MAX finds two different values (blanks aside) but keeps 44 copied values per KK;
    # grouping by all the columns first is cheap and leaves one variant for a KK whose rows
    # agree, so only KKs with several variants are compared.
    listed = ", ".join(fields)
    differ = " OR ".join(f"MIN({comparable(f)}) <> MAX({comparable(f)})" for f in fields)
    step.run(
        "household consistency",
        f"""
        WITH variants AS (
            SELECT kk, {listed} FROM {ROW} WHERE batch_id = %s AND kk <> ''
            GROUP BY kk, {listed})
        SELECT kk FROM variants
        WHERE kk IN (SELECT kk FROM variants GROUP BY kk HAVING COUNT(*) > 1)
        GROUP BY kk HAVING {differ}""",
        [b],
    )
    conflicting = [kk for (kk,) in step.cursor.fetchall()]
    if not conflicting:
        return
    placeholders = ", ".join(["%s"] * len(conflicting))
    for field in fields:
        header = HEADER_OF.get(field, "kode_desa")
        value = comparable(field)
        step.conflict(
            header,
            "household_values_differ",
            f"""
            {field} IS NOT NULL AND kk IN (
                SELECT kk FROM {ROW} WHERE batch_id = %s AND kk IN ({placeholders})
                GROUP BY kk HAVING MIN({value}) <> MAX({value}))""",
            [b, *conflicting],
        )


def _reject_whole_households(step: _Steps, b: int) -> None:
    """A household is taken or refused as a whole: one refused row refuses its KK."""
    step.conflict(
        "no_kk",
        "household_refused_together",
        f"""
        {ACCEPTED} AND kk IN (
            SELECT kk FROM {ROW} WHERE batch_id = %s AND outcome = 'rejected')""",
        [b],
    )


def _heads(step: _Steps, b: int) -> None:
    """After the batch, every household that still has living members has exactly one head."""
    step.run("heads: drop", "DROP TABLE IF EXISTS batch_heads", [])
    # The batch's accepted rows are read once (a CTE used three times is materialised).
    step.run(
        "heads: count",
        f"""
        CREATE TEMPORARY TABLE batch_heads AS
        WITH accepted AS (
            SELECT kk, person_id, household_id, person_household_id, outcome, action, relation
            FROM {ROW} WHERE batch_id = %s AND outcome <> 'rejected')
        SELECT kk, SUM(CASE WHEN relation = 'kepala' THEN 1 ELSE 0 END) AS heads
        FROM (
            SELECT a.kk AS kk, COALESCE(a.relation, (
                       SELECT p.relation FROM {PERSON} AS p WHERE p.id = a.person_id)) AS relation
            FROM accepted AS a WHERE a.action <> 'hapus'
            UNION ALL
            SELECT h.kk, p.relation
            FROM {PERSON} AS p JOIN {HOUSEHOLD} AS h ON h.id = p.household_id
            WHERE p.status = 'living' AND p.household_id IN (
                    SELECT household_id FROM accepted WHERE household_id IS NOT NULL
                    UNION
                    SELECT person_household_id FROM accepted WHERE {MOVING})
              AND NOT EXISTS (SELECT 1 FROM accepted AS a2 WHERE a2.person_id = p.id)
        ) AS m
        GROUP BY kk""",
        [b],
    )
    step.analyze("batch_heads")
    leaving = f"""
        SELECT kk FROM {ROW} WHERE batch_id = %s AND action = 'hapus'
        AND removal_reason IN ('mampu', 'ganda')"""
    step.conflict(
        "hubungan_keluarga",
        "no_head",
        f"""
        {ACCEPTED} AND kk IN (SELECT kk FROM batch_heads WHERE heads = 0)
        AND kk NOT IN ({leaving})""",
        [b],
    )
    step.conflict(
        "hubungan_keluarga",
        "two_heads",
        f"""
        {ACCEPTED} AND kk IN (SELECT kk FROM batch_heads WHERE heads > 1)
        AND kk NOT IN ({leaving})""",
        [b],
    )
    # A person moving to another KK is counted there; the KK they leave keeps its other
    # living members and must keep a head too (or get one in this batch, or leave whole).
    left_kk = f"(SELECT h.kk FROM {HOUSEHOLD} AS h WHERE h.id = {ROW}.person_household_id)"
    step.conflict(
        "hubungan_keluarga",
        "head_leaves_kk",
        f"""
        {ACCEPTED} AND {MOVING}
        AND {left_kk} IN (SELECT kk FROM batch_heads WHERE heads = 0)
        AND {left_kk} NOT IN ({leaving})""",
        [b],
        message_params=[("kk", left_kk)],
    )
    step.run("heads: drop", "DROP TABLE batch_heads", [])


def _counts(cursor: Any, b: int) -> dict[str, int]:
    """Rows per outcome and rows with warnings, in one pass."""
    cursor.execute(
        f"""
        SELECT outcome, COUNT(*),
               SUM(CASE WHEN NOT {sql_json_is_empty_array("warnings")} THEN 1 ELSE 0 END)
        FROM {ROW} WHERE batch_id = %s GROUP BY outcome""",
        [b],
    )
    per_outcome = cursor.fetchall()
    counts = {outcome: n for outcome, n, _ in per_outcome}
    counts["warnings"] = sum(warned for _, _, warned in per_outcome)
    return counts
