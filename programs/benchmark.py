"""Targeting at regency scale, for ``make bench`` (PostgreSQL, after the registry phases).

Loads about 700,000 recipient rows over the synthetic registry (set-based), times a full
targeting run with the shipped national programs, the same results computed by bare SQL
written by hand (the ceiling), and the live count of the criteria builder.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import connection, transaction

from households.facts import years_before
from programs.criteria import criteria_validate
from programs.models import Program, ProgramPeriod, Recipient, TargetingRun
from programs.selectors import eligibility_count
from programs.targeting import targeting_run_execute
from tkpk.models import Region, RoleAssignment, User
from tkpk.roles import Role

Report = Callable[[str, float, int], None]
DAY = date(2026, 6, 1)

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


def targeting_bench(*, regency_code: str, seed: int, report: Report) -> dict[str, Any]:
    regency = Region.objects.get(code=regency_code)
    user = _secretariat(regency)
    started = time.perf_counter()
    rows = recipients_load(regency_code=regency_code, seed=seed)
    report("penerima: muat daftar (INSERT ... SELECT)", time.perf_counter() - started, rows)

    run = TargetingRun.objects.create(region=regency, reference_date=DAY, created_by=user)
    started = time.perf_counter()
    run = targeting_run_execute(run_id=run.pk)
    targeting_s = time.perf_counter() - started
    for step in run.steps:
        report(f"  penargetan: {step['step']}", step["ms"] / 1000, step["rows"])
    report("penargetan: seluruh analisis", targeting_s, sum(s["rows"] for s in run.steps))

    started = time.perf_counter()
    sql_rows = targeting_bare_sql(regency_code=regency_code)
    targeting_sql_s = time.perf_counter() - started
    report("penargetan: SQL polos yang sama (batas)", targeting_sql_s, sql_rows)

    pkh = criteria_validate(Program.objects.get(code="PKH").criteria)
    started = time.perf_counter()
    count = eligibility_count(criteria=pkh, unit="household", day=DAY, user=user)
    count_preview_s = time.perf_counter() - started
    report("kriteria: hitungan langsung PKH", count_preview_s, count.households)
    return {
        "recipient_rows": rows,
        "targeting_s": round(targeting_s, 2),
        "targeting_sql_s": round(targeting_sql_s, 2),
        "targeting_ratio": round(targeting_s / targeting_sql_s, 2) if targeting_sql_s else None,
        "count_preview_s": round(count_preview_s, 3),
        "targeting_steps": run.steps,
    }


def _secretariat(regency: Region) -> User:
    user, _ = User.objects.get_or_create(username="bench.sekretariat")
    RoleAssignment.objects.get_or_create(user=user, role=Role.SECRETARIAT, region=regency)
    return user


def recipients_load(*, regency_code: str, seed: int) -> int:
    """Recipient lists for period 2026 of each listed program, replacing earlier ones."""
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
            pick = f"mod(p.id * 7919 + {int(seed)} + {program.pk}, 100)"
            cursor.execute(
                "INSERT INTO programs_recipient (program_id, period_id, nik, kk, name, region_id,"
                " person_id, household_id, amount, status, source, created_at, updated_at)"
                " SELECT %s, %s, p.nik, h.kk, p.name, h.village_id, p.id, h.id, NULL, 'active',"
                " 'decree', now(), now()"
                " FROM households_person p JOIN households_household h ON h.id = p.household_id"
                f" WHERE {who} AND p.status = 'living' AND h.village_id LIKE %s AND CASE"
                f" WHEN {intended} THEN {pick} < %s ELSE {pick} < %s END",
                [program.pk, period.pk, regency_code + ".%", share, others],
            )
            total += cursor.rowcount
            cursor.execute(
                "INSERT INTO programs_recipient (program_id, period_id, nik, kk, name, region_id,"
                " person_id, household_id, amount, status, source, created_at, updated_at)"
                " SELECT %s, %s, lpad((9000000000000000 + g)::text, 16, '0'), '', 'Tidak dikenal',"
                " %s, NULL, NULL, NULL, 'active', 'decree', now(), now()"
                " FROM generate_series(1, %s) g",
                [program.pk, period.pk, regency_code, UNKNOWN_PER_LIST],
            )
            total += cursor.rowcount
        cursor.execute("ANALYZE programs_recipient")
    return total


def targeting_bare_sql(*, regency_code: str) -> int:
    """The run's results written by hand as plain SQL over the same tables: eligibility of
    the shipped criteria, receipts, the overlap matrix, errors and coverage by village."""
    living = "m.household_id = h.id AND m.status = 'living'"
    eligible = {
        "PKH": (
            "household",
            "h.welfare_decile BETWEEN 1 AND 4 AND EXISTS (SELECT 1 FROM households_person m"
            f" WHERE {living} AND (m.pregnant OR m.birth_date > %(b7)s"
            " OR m.school_attendance = 'masih_sekolah' OR m.disability = 'berat'"
            " OR m.birth_date <= %(b60)s))",
        ),
        "BPNT": ("household", "h.welfare_decile BETWEEN 1 AND 4"),
        "PBI-JKN": ("person", "h.welfare_decile BETWEEN 1 AND 5"),
        "PIP": (
            "person",
            "h.welfare_decile BETWEEN 1 AND 4 AND p.birth_date <= %(b6)s AND p.birth_date > %(b22)s"
            " AND p.school_attendance = 'masih_sekolah'",
        ),
        "BLT-DESA": ("household", "(h.extreme_poor OR h.welfare_decile <= 1)"),
        "RUTILAHU": (
            "household",
            "h.welfare_decile BETWEEN 1 AND 4 AND (h.roof = 'ijuk_rumbia' OR h.floor = 'tanah'"
            " OR h.wall = 'bambu')",
        ),
        "KUBE": (
            "household",
            "h.welfare_decile BETWEEN 1 AND 4 AND EXISTS (SELECT 1 FROM households_person m"
            f" WHERE {living} AND m.birth_date <= %(b18)s AND m.birth_date > %(b60)s)",
        ),
    }
    params: dict[str, Any] = {f"b{n}": years_before(DAY, n) for n in (6, 7, 18, 22, 60)}
    params["region"] = regency_code + ".%"
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bare_hp (program text, household_id bigint, village_id text,"
            " eligible boolean, receives boolean) ON COMMIT DROP"
        )
        for code, (unit, where) in eligible.items():
            if unit == "person":
                source = (
                    "SELECT DISTINCT h.id, h.village_id FROM households_person p JOIN"
                    " households_household h ON h.id = p.household_id WHERE p.status = 'living'"
                    f" AND h.status = 'active' AND h.village_id LIKE %(region)s AND {where}"
                )
            else:
                source = (
                    "SELECT h.id, h.village_id FROM households_household h WHERE"
                    f" h.status = 'active' AND h.village_id LIKE %(region)s AND {where}"
                )
            cursor.execute(
                f"INSERT INTO bare_hp SELECT '{code}', e.id, e.village_id, TRUE, FALSE"
                f" FROM ({source}) e",
                params,
            )
            rows += cursor.rowcount
        cursor.execute(
            "CREATE TEMPORARY TABLE bare_receipts ON COMMIT DROP AS"
            " SELECT pr.code AS program, COALESCE(p.household_id, r.household_id) AS household_id,"
            " count(*) AS n FROM programs_recipient r"
            " JOIN programs_program pr ON pr.id = r.program_id"
            " LEFT JOIN households_person p ON p.id = r.person_id WHERE r.status = 'active'"
            " AND COALESCE(p.household_id, r.household_id) IS NOT NULL GROUP BY 1, 2"
        )
        cursor.execute(
            "UPDATE bare_hp b SET receives = TRUE FROM bare_receipts r"
            " WHERE r.program = b.program AND r.household_id = b.household_id"
        )
        cursor.execute(
            "INSERT INTO bare_hp SELECT r.program, r.household_id, h.village_id, FALSE, TRUE"
            " FROM bare_receipts r JOIN households_household h ON h.id = r.household_id"
            " WHERE NOT EXISTS (SELECT 1 FROM bare_hp b WHERE b.program = r.program"
            " AND b.household_id = r.household_id)"
        )
        cursor.execute("ANALYZE bare_hp")
        cursor.execute(
            "SELECT a.program, b.program, count(*) FROM bare_hp a JOIN bare_hp b"
            " ON b.household_id = a.household_id AND a.program <= b.program"
            " WHERE a.receives AND b.receives GROUP BY 1, 2"
        )
        rows += len(cursor.fetchall())
        cursor.execute(
            "SELECT b.program, b.village_id, sum((b.eligible AND NOT b.receives)::int),"
            " sum((b.receives AND h.welfare_decile >= 7)::int), sum(b.eligible::int),"
            " sum(b.receives::int) FROM bare_hp b JOIN households_household h"
            " ON h.id = b.household_id GROUP BY 1, 2"
        )
        rows += len(cursor.fetchall())
        cursor.execute(
            "SELECT kind, count(*) FROM (SELECT CASE WHEN r.person_id IS NULL"
            " AND r.household_id IS NULL THEN 1 WHEN p.status <> 'living' THEN 2"
            " WHEN row_number() OVER (PARTITION BY r.program_id, r.nik ORDER BY r.id) > 1 THEN 3"
            " END AS kind FROM programs_recipient r LEFT JOIN households_person p"
            " ON p.id = r.person_id WHERE r.status = 'active') s WHERE kind IS NOT NULL GROUP BY 1"
        )
        rows += sum(n for _, n in cursor.fetchall())
        cursor.execute(
            "SELECT h.village_id, count(*), sum((q.missing = 0)::int) FROM households_household h"
            " JOIN (SELECT household_id, sum((eligible AND NOT receives)::int) AS missing"
            " FROM bare_hp GROUP BY 1 HAVING bool_or(eligible)) q ON q.household_id = h.id"
            " WHERE h.welfare_decile BETWEEN 1 AND 4 GROUP BY 1"
        )
        rows += len(cursor.fetchall())
    return rows
