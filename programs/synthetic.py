"""Synthetic recipient lists over the (synthetic) registry, for the demo and the benchmark.

Lists are drawn set-based (one INSERT ... SELECT per program), deterministic for a seed, and
disagree with the registry the way real decree lists do: most intended families are listed,
some are not (exclusion errors), a few well-off ones are (inclusion errors), and some listed
NIKs are unknown to the registry.
"""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction

from programs.models import Program, ProgramPeriod, Recipient

# Share (per cent) of each program's intended families or people put on its list, and of
# everyone else (inclusion errors). Chosen so the lists add up to about 700,000 rows.
RECIPIENT_LISTS = [
    # code, unit, who is intended (SQL over h and p), intended %, others %
    ("PBI-JKN", "person", "h.welfare_decile <= 5", 72, 4),
    ("BPNT", "household", "h.welfare_decile <= 4", 75, 2),
    ("PKH", "household", "h.welfare_decile <= 4 AND h.children_0_6 + h.school_age_7_18 > 0", 60, 1),
    ("PIP", "person", "h.welfare_decile <= 4 AND p.school_attendance = 'masih_sekolah'", 65, 1),
    ("BLT-DESA", "household", "h.extreme_poor", 70, 0),
    (
        "RUTILAHU",
        "household",
        "h.welfare_decile <= 4 AND (h.floor = 'tanah' OR h.wall = 'bambu')",
        10,
        0,
    ),
]
UNKNOWN_PER_LIST = 1_000  # listed NIKs the registry does not know


def recipients_generate(*, regency_code: str, seed: int, unknown: int = UNKNOWN_PER_LIST) -> int:
    """Recipient lists for period 2026 of each listed program over the registry of
    ``regency_code``, replacing earlier ones; deterministic for a seed."""
    total = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for code, unit, intended, share, others in RECIPIENT_LISTS:
            program = Program.objects.get(code=code)
            period, _ = ProgramPeriod.objects.get_or_create(
                program=program,
                name="2026",
                defaults={"starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31)},
            )
            Recipient.objects.filter(period=period).delete()
            # One row per family (its head) or per person; a hash of the id picks who is listed.
            who = "p.relation = 'kepala'" if unit == "household" else "TRUE"
            pick = f"((p.id * 7919 + {int(seed)} + {program.pk}) % 100)"
            cursor.execute(
                "INSERT INTO programs_recipient (program_id, period_id, nik, kk, name, region_id,"
                " person_id, household_id, amount, status, source, created_at, updated_at)"
                " SELECT %s, %s, p.nik, h.kk, p.name, h.village_id, p.id, h.id, NULL, 'active',"
                " 'decree', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP"
                " FROM households_person p JOIN households_household h ON h.id = p.household_id"
                f" WHERE {who} AND p.status = 'living' AND h.village_id LIKE %s AND CASE"
                f" WHEN {intended} THEN {pick} < %s ELSE {pick} < %s END",
                [program.pk, period.pk, regency_code + ".%", share, others],
            )
            total += cursor.rowcount
            cursor.execute(
                "INSERT INTO programs_recipient (program_id, period_id, nik, kk, name, region_id,"
                " person_id, household_id, amount, status, source, created_at, updated_at)"
                " WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < %s)"
                " SELECT %s, %s, CAST(9000000000000000 + n AS TEXT), '', 'Tidak dikenal', %s,"
                " NULL, NULL, NULL, 'active', 'decree', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP"
                " FROM g",
                [unknown, program.pk, period.pk, regency_code],
            )
            total += cursor.rowcount
        cursor.execute("ANALYZE programs_recipient")
    return total
