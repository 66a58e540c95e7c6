"""Set-based checks of a staged batch against itself and the registry, and the outcome of
every row: new, changed, removed, unchanged or rejected. Safe to run again at any time; the
commit runs it once more inside its transaction so it applies exactly what it checked."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from households.columns import HOUSEHOLD_FIELDS
from households.models import VerificationBatch
from households.sql import (
    HEADER_OF,
    HOUSEHOLD,
    PERSON,
    REGION,
    ROW,
    changed_list,
    household_pairs,
    person_pairs,
)
from tkpk.bulk import sql_json_append, sql_json_object

logger = logging.getLogger(__name__)

HOUSEHOLD_REASONS = ("mampu", "ganda")


def batch_reconcile(*, batch: VerificationBatch) -> dict[str, int]:
    """Classify every row of the batch; returns the counts per outcome."""
    b = batch.pk
    scope = batch.region_id
    with connection.cursor() as cursor:
        step = _Steps(cursor, batch_id=b)
        step.run(
            "reset",
            f"""
            UPDATE {ROW} SET outcome = CASE WHEN CAST(errors AS TEXT) = '[]' THEN 'pending'
                                            ELSE 'rejected' END,
                   conflicts = {_empty_json()}, person_id = NULL, household_id = NULL,
                   changed_fields = ''
            WHERE batch_id = %s""",
            [b],
        )
        step.analyze(ROW)
        step.run(
            "match persons",
            f"""
            UPDATE {ROW} SET person_id = p.id FROM {PERSON} AS p
            WHERE {ROW}.batch_id = %s AND p.nik = {ROW}.nik""",
            [b],
        )
        step.run(
            "match households",
            f"""
            UPDATE {ROW} SET household_id = h.id FROM {HOUSEHOLD} AS h
            WHERE {ROW}.batch_id = %s AND h.kk = {ROW}.kk""",
            [b],
        )
        step.run(
            "village from registry",
            f"""
            UPDATE {ROW} SET village_code = h.village_id FROM {HOUSEHOLD} AS h
            WHERE {ROW}.batch_id = %s AND {ROW}.village_code = '' AND h.id = {ROW}.household_id""",
            [b],
        )

        step.conflict(
            "nik",
            _("NIK muncul lebih dari sekali dalam batch ini"),
            f"""
            nik <> '' AND nik IN (SELECT nik FROM {ROW} WHERE batch_id = %s AND nik <> ''
                                  GROUP BY nik HAVING COUNT(*) > 1)""",
            [b],
        )
        step.conflict(
            "kode_desa",
            _("kode desa tidak ada dalam daftar wilayah Kemendagri"),
            f"""
            village_code <> '' AND NOT EXISTS (
                SELECT 1 FROM {REGION} AS v WHERE v.code = {ROW}.village_code AND v.level = 4)""",
            [],
        )
        step.conflict(
            "kode_desa",
            _("desa ini di luar wilayah kerja Anda"),
            """
            village_code <> '' AND NOT (village_code = %s OR village_code LIKE %s)""",
            [scope, scope + ".%"],
        )
        step.conflict(
            "kode_desa",
            _("wajib diisi untuk No. KK yang belum terdaftar"),
            """
            village_code = '' AND household_id IS NULL AND nik <> ''""",
            [],
        )
        step.conflict(
            "nik",
            _("NIK ini terdaftar di desa di luar wilayah kerja Anda"),
            f"""
            person_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM {PERSON} AS p JOIN {HOUSEHOLD} AS h ON h.id = p.household_id
                WHERE p.id = {ROW}.person_id
                  AND NOT (h.village_id = %s OR h.village_id LIKE %s))""",
            [scope, scope + ".%"],
        )
        step.conflict(
            "nik",
            _("NIK sudah terdaftar pada KK lain; pindahkan dengan aksi perbaikan"),
            f"""action = 'baru' AND person_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM {PERSON} AS p JOIN {HOUSEHOLD} AS h ON h.id = p.household_id
                WHERE p.id = {ROW}.person_id AND h.kk <> {ROW}.kk)""",
            [],
        )
        step.conflict(
            "nik",
            _("NIK belum ada di registri; gunakan aksi baru"),
            """
            action IN ('tetap', 'perbaikan', 'hapus') AND nik <> '' AND person_id IS NULL""",
            [],
        )
        step.conflict(
            "alasan_hapus",
            _(
                "alasan mampu atau ganda berlaku untuk seluruh rumah tangga; tulis pada baris "
                "kepala keluarga"
            ),
            f"""
            action = 'hapus' AND removal_reason IN ('mampu', 'ganda') AND EXISTS (
                SELECT 1 FROM {PERSON} AS p WHERE p.id = {ROW}.person_id
                AND p.relation <> 'kepala')""",
            [],
        )
        _household_consistency(step, b)
        _reject_whole_households(step, b)
        _heads(step, b)
        _reject_whole_households(step, b)
        _classify(step, b)
        step.analyze(ROW)
        counts = _counts(cursor, b)
    logger.info("batch reconciled", extra={"batch_id": b, "steps_ms": step.timings, **counts})
    return counts


class _Steps:
    """Runs named statements and keeps their timings for the log."""

    def __init__(self, cursor: Any, *, batch_id: int):
        self.cursor = cursor
        self.batch_id = batch_id
        self.timings: dict[str, int] = {}

    def run(self, name: str, statement: str, params: list[Any]) -> int:
        started = time.monotonic()
        self.cursor.execute(statement, params)
        self.timings[name] = int((time.monotonic() - started) * 1000)
        return self.cursor.rowcount

    def analyze(self, table: str) -> None:
        """Statistics for the outcomes just written, so the next statements get hash joins
        for a large batch and index lookups for a small one (PostgreSQL only)."""
        if connection.vendor == "postgresql":
            self.run(f"analyze {table}", f"ANALYZE {table}", [])

    def conflict(self, header: str, message: str, where: str, params: list[Any]) -> int:
        """Reject the rows matching ``where`` with ``message`` about column ``header``."""
        entry = sql_json_object([("column", "CAST(%s AS TEXT)"), ("message", "CAST(%s AS TEXT)")])
        return self.run(
            f"conflict {header}: {message[:30]}",
            f"""UPDATE {ROW} SET outcome = 'rejected',
                       conflicts = {sql_json_append("conflicts", entry)}
                WHERE batch_id = %s AND ({where})""",
            [header, message, self.batch_id, *params],
        )


def _empty_json() -> str:
    return "'[]'::jsonb" if connection.vendor == "postgresql" else "'[]'"


def _household_consistency(step: _Steps, b: int) -> None:
    """Household columns repeat on every member row; they must agree within one KK."""
    distinct_any = " OR ".join(
        f"COUNT(DISTINCT {f}) > 1" for f in [*HOUSEHOLD_FIELDS, "village_code"]
    )
    step.cursor.execute(
        f"SELECT kk FROM {ROW} WHERE batch_id = %s AND kk <> '' GROUP BY kk HAVING {distinct_any}",
        [b],
    )
    conflicting = [kk for (kk,) in step.cursor.fetchall()]
    if not conflicting:
        return
    placeholders = ", ".join(["%s"] * len(conflicting))
    for field in [*HOUSEHOLD_FIELDS, "village_code"]:
        header = HEADER_OF.get(field, "kode_desa")
        step.conflict(
            header,
            _("berbeda dengan baris lain yang ber-No. KK sama"),
            f"""
            {field} IS NOT NULL AND kk IN (
                SELECT kk FROM {ROW} WHERE batch_id = %s AND kk IN ({placeholders})
                GROUP BY kk HAVING COUNT(DISTINCT {field}) > 1)""",
            [b, *conflicting],
        )


def _reject_whole_households(step: _Steps, b: int) -> None:
    """A household is taken or refused as a whole: one refused row refuses its KK."""
    step.conflict(
        "no_kk",
        _("ditolak karena baris lain dengan No. KK yang sama ditolak"),
        f"""
        outcome = 'pending' AND kk IN (
            SELECT kk FROM {ROW} WHERE batch_id = %s AND outcome = 'rejected')""",
        [b],
    )


def _heads(step: _Steps, b: int) -> None:
    """After the batch, every household that still has living members has exactly one head."""
    step.run("heads: drop", "DROP TABLE IF EXISTS batch_heads", [])
    step.run("heads: count", f"""
        CREATE TEMPORARY TABLE batch_heads AS
        SELECT kk, SUM(CASE WHEN relation = 'kepala' THEN 1 ELSE 0 END) AS heads
        FROM (
            SELECT r.kk AS kk, COALESCE(r.relation, p.relation) AS relation
            FROM {ROW} AS r LEFT JOIN {PERSON} AS p ON p.id = r.person_id
            WHERE r.batch_id = %s AND r.outcome = 'pending' AND r.action <> 'hapus'
            UNION ALL
            SELECT h.kk, p.relation
            FROM {PERSON} AS p JOIN {HOUSEHOLD} AS h ON h.id = p.household_id
            WHERE p.status = 'living' AND p.household_id IN (
                    SELECT household_id FROM {ROW}
                    WHERE batch_id = %s AND outcome = 'pending' AND household_id IS NOT NULL)
              AND NOT EXISTS (
                    SELECT 1 FROM {ROW} AS r2
                    WHERE r2.batch_id = %s AND r2.person_id = p.id AND r2.outcome = 'pending')
        ) AS m
        GROUP BY kk""", [b, b, b])
    step.analyze("batch_heads")
    leaving = f"""
        SELECT kk FROM {ROW} WHERE batch_id = %s AND action = 'hapus'
        AND removal_reason IN ('mampu', 'ganda')"""
    step.conflict("hubungan_keluarga", _(
        "KK ini tidak memiliki kepala keluarga (kepala dihapus atau meninggal?); tetapkan "
        "kepala keluarga baru dengan aksi perbaikan"), f"""
        outcome = 'pending' AND kk IN (SELECT kk FROM batch_heads WHERE heads = 0)
        AND kk NOT IN ({leaving})""", [b])
    step.conflict("hubungan_keluarga", _("KK ini memiliki lebih dari satu kepala keluarga"), f"""
        outcome = 'pending' AND kk IN (SELECT kk FROM batch_heads WHERE heads > 1)
        AND kk NOT IN ({leaving})""", [b])
    step.run("heads: drop", "DROP TABLE batch_heads", [])


def _classify(step: _Steps, b: int) -> None:
    household_diff = changed_list(household_pairs(ROW, "h")) + (
        f" || (CASE WHEN {ROW}.village_code <> h.village_id THEN 'kode_desa,' ELSE '' END)"
    )
    step.run(
        "household differences",
        f"""
        UPDATE {ROW} SET changed_fields = {household_diff}
        FROM {HOUSEHOLD} AS h
        WHERE {ROW}.batch_id = %s AND {ROW}.outcome = 'pending' AND h.id = {ROW}.household_id
          AND ({household_diff}) <> ''""",
        [b],
    )
    person_diff = changed_list(person_pairs(ROW, "p")) + (
        f" || (CASE WHEN {ROW}.household_id IS NULL OR {ROW}.household_id <> p.household_id "
        f"THEN 'no_kk,' ELSE '' END)"
        f" || (CASE WHEN {ROW}.action <> 'hapus' AND p.status <> 'living' "
        f"THEN 'status,' ELSE '' END)"
    )
    step.run(
        "person differences",
        f"""
        UPDATE {ROW} SET changed_fields = {ROW}.changed_fields || {person_diff}
        FROM {PERSON} AS p
        WHERE {ROW}.batch_id = %s AND {ROW}.outcome = 'pending' AND p.id = {ROW}.person_id
          AND ({person_diff}) <> ''""",
        [b],
    )
    step.run(
        "outcome",
        f"""
        UPDATE {ROW} SET outcome = CASE
            WHEN action = 'hapus' AND removal_reason IN ('mampu', 'ganda') THEN
                CASE WHEN EXISTS (SELECT 1 FROM {HOUSEHOLD} AS h
                                  WHERE h.id = {ROW}.household_id AND h.status = 'active')
                     THEN 'removed' ELSE 'unchanged' END
            WHEN action = 'hapus' THEN
                CASE WHEN EXISTS (SELECT 1 FROM {PERSON} AS p
                                  WHERE p.id = {ROW}.person_id AND p.status = 'living')
                     THEN 'removed' ELSE 'unchanged' END
            WHEN person_id IS NULL THEN 'new'
            WHEN action = 'tetap' THEN 'unchanged'
            WHEN changed_fields <> '' THEN 'changed'
            ELSE 'unchanged' END
        WHERE batch_id = %s AND outcome = 'pending'""",
        [b],
    )


def _counts(cursor: Any, b: int) -> dict[str, int]:
    cursor.execute(f"SELECT outcome, COUNT(*) FROM {ROW} WHERE batch_id = %s GROUP BY outcome", [b])
    counts = {outcome: n for outcome, n in cursor.fetchall()}
    cursor.execute(
        f"SELECT COUNT(*) FROM {ROW} WHERE batch_id = %s AND CAST(warnings AS TEXT) <> '[]'", [b]
    )
    counts["warnings"] = cursor.fetchone()[0]
    return counts
