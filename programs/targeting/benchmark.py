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
from programs.models import Program, TargetingRun
from programs.selectors import eligibility_count
from programs.synthetic import recipients_generate
from programs.targeting.services import targeting_run_execute
from tkpk.models import Region, RoleAssignment, User
from tkpk.roles import Role

Report = Callable[[str, float, int], None]
DAY = date(2026, 6, 1)


def targeting_bench(*, regency_code: str, seed: int, report: Report) -> dict[str, Any]:
    regency = Region.objects.get(code=regency_code)
    user = _secretariat(regency)
    started = time.perf_counter()
    rows = recipients_generate(regency_code=regency_code, seed=seed)
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


def targeting_bare_sql(*, regency_code: str) -> int:
    """The run's results written by hand as plain SQL over the same tables: eligibility of
    the shipped criteria, receipts, the overlap matrix, errors and coverage by village, with
    the run's definitions: only people living and born by the reference date count, person
    programs per person (qualifies, enrolled) beside their families."""
    # A member who exists on the day: living and born by then.
    living = "m.household_id = h.id AND m.status = 'living' AND m.birth_date <= %(day)s"
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
    params["day"] = DAY
    persons = "h.member_count - COALESCE(u.n, 0)"  # a family's people on the day
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bare_unborn ON COMMIT DROP AS SELECT household_id, count(*)"
            " AS n FROM households_person WHERE status = 'living' AND birth_date > %(day)s"
            " GROUP BY 1",
            params,
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE bare_hp (program text, household_id bigint, village_id text,"
            " eligible boolean, receives boolean, persons int, enrolled int, excluded int)"
            " ON COMMIT DROP"
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE bare_pp (program text, person_id bigint, household_id bigint,"
            " village_id text, eligible boolean, enrolled boolean) ON COMMIT DROP"
        )
        for code, (unit, where) in eligible.items():
            if unit == "person":
                cursor.execute(
                    f"INSERT INTO bare_pp SELECT '{code}', p.id, h.id, h.village_id, TRUE, FALSE"
                    " FROM households_person p JOIN households_household h"
                    " ON h.id = p.household_id WHERE p.status = 'living'"
                    " AND p.birth_date <= %(day)s AND h.status = 'active'"
                    f" AND h.village_id LIKE %(region)s AND {where}",
                    params,
                )
            else:
                cursor.execute(
                    f"INSERT INTO bare_hp SELECT '{code}', h.id, h.village_id, TRUE, FALSE,"
                    f" {persons}, 0, 0 FROM households_household h LEFT JOIN bare_unborn u"
                    " ON u.household_id = h.id WHERE h.status = 'active'"
                    f" AND h.village_id LIKE %(region)s AND {persons} > 0 AND {where}",
                    params,
                )
            rows += cursor.rowcount
        born = "(p.id IS NULL OR p.birth_date <= %(day)s)"
        cursor.execute(
            "CREATE TEMPORARY TABLE bare_receipts ON COMMIT DROP AS"
            " SELECT pr.code AS program, COALESCE(p.household_id, r.household_id) AS household_id,"
            " count(*) AS n FROM programs_recipient r"
            " JOIN programs_program pr ON pr.id = r.program_id"
            " LEFT JOIN households_person p ON p.id = r.person_id WHERE r.status = 'active'"
            f" AND COALESCE(p.household_id, r.household_id) IS NOT NULL AND {born} GROUP BY 1, 2",
            params,
        )
        # Persons enrolled in the person programs: an active row naming them, on the day.
        cursor.execute(
            "CREATE TEMPORARY TABLE bare_enrolled ON COMMIT DROP AS"
            " SELECT DISTINCT pr.code AS program, p.id AS person_id, p.household_id,"
            " h.village_id FROM programs_recipient r"
            " JOIN programs_program pr ON pr.id = r.program_id AND pr.target_unit = 'person'"
            " JOIN households_person p ON p.id = r.person_id"
            " JOIN households_household h ON h.id = p.household_id"
            " WHERE r.status = 'active' AND p.status = 'living' AND p.birth_date <= %(day)s"
            " AND h.village_id LIKE %(region)s",
            params,
        )
        cursor.execute(
            "UPDATE bare_pp b SET enrolled = TRUE FROM bare_enrolled e"
            " WHERE e.program = b.program AND e.person_id = b.person_id"
        )
        cursor.execute(
            "INSERT INTO bare_pp SELECT e.program, e.person_id, e.household_id, e.village_id,"
            " FALSE, TRUE FROM bare_enrolled e WHERE NOT EXISTS (SELECT 1 FROM bare_pp b"
            " WHERE b.program = e.program AND b.person_id = e.person_id)"
        )
        cursor.execute(
            "INSERT INTO bare_hp SELECT program, household_id, village_id, bool_or(eligible),"
            " FALSE, sum(eligible::int), sum(enrolled::int), sum((eligible AND NOT enrolled)::int)"
            " FROM bare_pp GROUP BY 1, 2, 3"
        )
        cursor.execute(
            "UPDATE bare_hp b SET receives = TRUE FROM bare_receipts r"
            " WHERE r.program = b.program AND r.household_id = b.household_id"
        )
        cursor.execute(
            "INSERT INTO bare_hp SELECT r.program, r.household_id, h.village_id, FALSE, TRUE,"
            " 0, 0, 0 FROM bare_receipts r JOIN households_household h ON h.id = r.household_id"
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
        # Per village: families, and persons (of a person program: its persons; of a family
        # program: the members of the families counted).
        person_program = "b.program IN ('PBI-JKN', 'PIP')"
        receiving_persons = (
            f"CASE WHEN {person_program} THEN b.enrolled WHEN b.receives THEN {persons} ELSE 0 END"
        )
        cursor.execute(
            "SELECT b.program, b.village_id, sum((b.eligible AND NOT b.receives)::int),"
            f" sum(CASE WHEN {person_program} THEN b.excluded"
            " WHEN b.eligible AND NOT b.receives THEN b.persons ELSE 0 END),"
            " sum((b.receives AND h.welfare_decile >= 7)::int),"
            f" sum(CASE WHEN h.welfare_decile >= 7 THEN {receiving_persons} ELSE 0 END),"
            f" sum(b.eligible::int), sum(b.persons), sum(b.receives::int), sum({receiving_persons})"
            " FROM bare_hp b JOIN households_household h ON h.id = b.household_id"
            " LEFT JOIN bare_unborn u ON u.household_id = h.id GROUP BY 1, 2"
        )
        rows += len(cursor.fetchall())
        cursor.execute(
            "SELECT kind, count(*) FROM (SELECT CASE WHEN r.person_id IS NULL"
            " AND r.household_id IS NULL THEN 1 WHEN p.status <> 'living' THEN 2"
            " WHEN row_number() OVER (PARTITION BY r.program_id, r.nik ORDER BY r.id) > 1 THEN 3"
            " END AS kind FROM programs_recipient r LEFT JOIN households_person p"
            f" ON p.id = r.person_id WHERE r.status = 'active' AND {born}) s"
            " WHERE kind IS NOT NULL GROUP BY 1",
            params,
        )
        rows += sum(n for _, n in cursor.fetchall())
        cursor.execute(
            "SELECT h.village_id, count(*), sum((q.missing = 0)::int) FROM households_household h"
            " LEFT JOIN bare_unborn u ON u.household_id = h.id"
            " JOIN (SELECT household_id, sum((eligible AND NOT receives OR excluded > 0)::int)"
            " AS missing FROM bare_hp GROUP BY 1 HAVING bool_or(eligible)) q"
            f" ON q.household_id = h.id WHERE h.welfare_decile BETWEEN 1 AND 4 AND {persons} > 0"
            " GROUP BY 1"
        )
        rows += len(cursor.fetchall())
    return rows
