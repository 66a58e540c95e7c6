"""Synthetic recipient lists over the synthetic registry, for the benchmark and the demo.

One ``INSERT ... SELECT`` writes them all: a share of the decile 1-4 households (or their
members, for per-person programs), a few non-poor ones (inclusion errors to find) and a few
NIKs the registry does not know. The sample is a hash of the id and the seed, so the same
seed draws the same list, and a rerun adds nobody already listed for the period.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from households.models import Household, Person
from programs.models import Program, ProgramPeriod, Recipient
from programs.selectors import program_unit
from tkpk.bulk import analyze_if_large, bulk_session

logger = logging.getLogger(__name__)

RECIPIENT = Recipient._meta.db_table
PERSON = Person._meta.db_table
HOUSEHOLD = Household._meta.db_table
# A prime modulus for the sample hash: shares resolve to 1 in a million.
BUCKETS = 1_000_003


@dataclass(frozen=True)
class SyntheticRecipients:
    rows: int
    seconds: float


def recipients_generate_synthetic(
    *,
    period: ProgramPeriod,
    share: float = 0.6,
    nonpoor_share: float = 0.02,
    unknown_share: float = 0.01,
    seed: int = 2026,
    region_code: str = "",
) -> SyntheticRecipients:
    """List ``share`` of the poor (deciles 1-4), ``nonpoor_share`` of deciles 7-10 and, as
    NIKs unknown to the registry, ``unknown_share`` of the poor, in ``region_code``'s
    subtree (the whole registry when empty)."""
    started = time.monotonic()
    program: Program = period.program
    per_person = program_unit(program) == "person"
    now = timezone.now()
    # The sample: a multiplicative hash of the id, shifted by the seed.
    bucket = f"((%s + {{id}} * 2654435761) %% {BUCKETS})"
    names = ("nik", "kk", "name", "village_id", "person_id", "household_id")
    if per_person:
        base = (
            f"FROM {PERSON} p JOIN {HOUSEHOLD} h ON h.id = p.household_id"
            " WHERE p.status = 'living' AND h.status = 'active'"
        )
        unit_id = "p.id"
        altered = "SUBSTR(p.nik, 1, 12) || '9' || SUBSTR(p.nik, 14, 3)"
        known = ("p.nik", "h.kk", "p.name", "h.village_id", "p.id", "h.id")
        unknown = (
            altered,
            "''",
            "p.name",
            "h.village_id",
            "CAST(NULL AS BIGINT)",
            "CAST(NULL AS BIGINT)",
        )
        key = "r.nik = {}"
    else:
        base = f"FROM {HOUSEHOLD} h WHERE h.status = 'active'"
        unit_id = "h.id"
        altered = "SUBSTR(h.kk, 1, 12) || '9' || SUBSTR(h.kk, 14, 3)"
        known = ("''", "h.kk", "''", "h.village_id", "CAST(NULL AS BIGINT)", "h.id")
        unknown = (
            "''",
            altered,
            "''",
            "h.village_id",
            "CAST(NULL AS BIGINT)",
            "CAST(NULL AS BIGINT)",
        )
        key = "r.nik = '' AND r.kk = {}"
    identifier = 0 if per_person else 1
    region_sql, region_params = "", []
    if region_code:
        region_sql = " AND (h.village_id = %s OR h.village_id LIKE %s)"
        region_params = [region_code, region_code + ".%"]
    hashed = bucket.format(id=unit_id)

    def part(
        select: tuple[str, ...], deciles: str, threshold: float, salt: int
    ) -> tuple[str, list[Any]]:
        listed = key.format(select[identifier])
        return (
            "SELECT "
            + ", ".join(f"{expr} AS {name}" for expr, name in zip(select, names, strict=True))
            + f" {base} AND {deciles}{region_sql} AND {hashed} < %s"
            f" AND NOT EXISTS (SELECT 1 FROM {RECIPIENT} r WHERE r.period_id = %s AND {listed})",
            [*region_params, seed + salt, int(threshold * BUCKETS), period.pk],
        )

    parts = [
        part(known, "h.welfare_decile BETWEEN 1 AND 4", share, 0),
        part(known, "h.welfare_decile >= 7", nonpoor_share, 0),
        part(unknown, "h.welfare_decile BETWEEN 1 AND 4", unknown_share, 7919),
    ]
    union = " UNION ALL ".join(sql for sql, _ in parts)
    params: list[Any] = [program.pk, period.pk, now, now]
    for _sql, part_params in parts:
        params += part_params
    with transaction.atomic(), connection.cursor() as cursor:
        bulk_session(cursor)
        cursor.execute(
            f"INSERT INTO {RECIPIENT} (program_id, period_id, nik, kk, name, region_id,"
            " person_id, household_id, amount, status, source, batch_id, created_at, updated_at)"
            " SELECT %s, %s, u.nik, u.kk, u.name, u.village_id, u.person_id, u.household_id,"
            " NULL, 'active', 'decree', NULL, %s, %s"
            f" FROM ({union}) u",
            params,
        )
        rows = cursor.rowcount
        analyze_if_large(cursor, RECIPIENT, rows=rows)
    seconds = round(time.monotonic() - started, 2)
    logger.info(
        "synthetic recipients",
        extra={"program": program.code, "period": period.name, "rows": rows, "seconds": seconds},
    )
    return SyntheticRecipients(rows=rows, seconds=seconds)
