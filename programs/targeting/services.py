"""The targeting run: who qualifies, who receives, and where the two disagree.

Every step is one or a few ``INSERT ... SELECT`` statements over the registry and the
recipient lists, written into the run's own result tables (so runs can be compared), with
the rows and milliseconds of each step logged on the run. Eligibility SQL comes from the
criteria compiled to a Django queryset, so user input only ever reaches the database as
bound parameters. The same statements run on PostgreSQL and SQLite.

Only people who exist on the reference date count (living, born on or before it), in
eligibility, entitlement, receipts and every rollup. A program is counted in its own unit:
a family program by families; a person program (PBI-JKN, PIP) by persons, one row each in
``RunPersonProgram`` (qualifies, enrolled), with its families beside them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Household, Person
from programs.criteria import CriterionSet
from programs.entitlement import (
    eligible_households_sql,
    eligible_persons_queryset,
    sql_of,
    unborn_sql,
    with_entitlement,
)
from programs.models import (
    Program,
    ProgramPeriod,
    RunHouseholdProgram,
    RunOverlap,
    RunPersonProgram,
    RunRecipientIssue,
    RunVillageCoverage,
    RunVillageStat,
    TargetingRun,
)
from programs.models.targeting import RULES_VERSION
from programs.selectors import period_current, program_criteria, program_unit
from programs.targeting.selectors import overlap_pairs
from tkpk.access import region_lineage
from tkpk.bulk import analyze_if_large, bulk_session
from tkpk.models import AuditAction, Job, Region, User
from tkpk.services.audit import audit_record
from tkpk.services.jobs import job_create

logger = logging.getLogger(__name__)

RHP = RunHouseholdProgram._meta.db_table
RPP = RunPersonProgram._meta.db_table
ISSUES = RunRecipientIssue._meta.db_table
HOUSEHOLD = Household._meta.db_table
PERSON = Person._meta.db_table
RECIPIENT = "programs_recipient"
# Per family, its living members born after the reference date: written once per run (one
# pass over persons), then joined wherever a family's persons are counted.
UNBORN = "targeting_unborn"


@dataclass(frozen=True)
class PlannedProgram:
    program: Program
    criteria: CriterionSet | None
    unit: str
    period: ProgramPeriod | None


def targeting_run_request(*, user: User, region: Region, reference_date: date) -> TargetingRun:
    """Record a run and queue it as a background job."""
    with transaction.atomic():
        run = TargetingRun.objects.create(
            region=region, reference_date=reference_date, created_by=user
        )
        job = job_create(
            kind="targeting_run", user=user, region=region, parameters={"run_id": run.pk}
        )
        TargetingRun.objects.filter(pk=run.pk).update(job=job)
        run.job = job
    return run


def targeting_run_job(*, job: Job, progress: Callable[..., None]) -> str:
    targeting_run_execute(run_id=job.parameters["run_id"], progress=progress)
    return ""


def targeting_plan(*, reference_date: date, region_code: str) -> list[PlannedProgram]:
    """The programs a run covers: national ones and those of the region or above it."""
    ancestors = region_lineage(region_code)
    programs = Program.objects.filter(active_from__lte=reference_date).exclude(
        active_until__lt=reference_date
    )
    planned = []
    for program in programs.order_by("cluster", "code"):
        if program.owner_region_id and program.owner_region_id not in ancestors:
            continue
        planned.append(
            PlannedProgram(
                program=program,
                criteria=program_criteria(program),
                unit=program_unit(program),
                period=period_current(program=program, day=reference_date),
            )
        )
    return planned


class _Steps:
    """Times each step and keeps what it did for the run page and the benchmark."""

    def __init__(self, run: TargetingRun, progress: Callable[..., None] | None, total: int):
        self.run = run
        self.progress = progress
        self.total = total
        self.done = 0
        self.log: list[dict[str, Any]] = []

    def record(self, step: str, started: float, rows: int) -> None:
        ms = round((time.perf_counter() - started) * 1000)
        self.log.append({"step": step, "rows": rows, "ms": ms})
        logger.info(
            "targeting step", extra={"run": self.run.pk, "step": step, "rows": rows, "ms": ms}
        )
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total, step)


def targeting_run_execute(
    *, run_id: int, progress: Callable[..., None] | None = None
) -> TargetingRun:
    """Compute every result of the run in one transaction; rerunning replaces them."""
    run = TargetingRun.objects.select_related("region", "created_by").get(pk=run_id)
    TargetingRun.objects.filter(pk=run.pk).update(state=TargetingRun.State.RUNNING)
    plan = targeting_plan(reference_date=run.reference_date, region_code=run.region_id)
    steps = _Steps(run, progress, total=len(plan) + 5)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            bulk_session(cursor)
            _clear(run)
            started = time.perf_counter()
            steps.record(_("Lahir sesudah tanggal acuan"), started, _unborn(cursor, run))
            for item in plan:
                started = time.perf_counter()
                rows = _program_rows(cursor, run, item)
                steps.record(
                    _("Layak dan penerima %(code)s") % {"code": item.program.code}, started, rows
                )
            # Fresh statistics for the pages too: planned with the previous run's, a
            # regency's PBI-JKN drill-down took 5 s instead of 50 ms.
            result_rows = sum(s["rows"] for s in steps.log)
            analyze_if_large(cursor, RHP, rows=result_rows)
            analyze_if_large(cursor, RPP, rows=result_rows)
            started = time.perf_counter()
            rows = sum(_issues(cursor, run, item) for item in plan if item.period)
            steps.record(_("Ganda, meninggal, pindah, tak terdaftar"), started, rows)
            analyze_if_large(cursor, ISSUES, rows=rows)
            started = time.perf_counter()
            steps.record(_("Rekap per desa"), started, _village_stats(cursor, run))
            started = time.perf_counter()
            covered = _coverage(cursor, run, combination_programs(plan))
            steps.record(_("Cakupan kombinasi desil 1–4"), started, covered)
            started = time.perf_counter()
            overlaps = _overlap(cursor, run, [p.program.pk for p in plan])
            steps.record(_("Matriks tumpang tindih"), started, overlaps)
            cursor.execute(f"DROP TABLE {UNBORN}")
            TargetingRun.objects.filter(pk=run.pk).update(
                state=TargetingRun.State.DONE,
                finished_at=timezone.now(),
                rules_version=RULES_VERSION,
                steps=steps.log,
                criteria_snapshot={
                    p.program.code: {
                        "criteria": p.program.criteria,
                        "period": p.period.name if p.period else "",
                    }
                    for p in plan
                },
            )
            audit_record(
                actor=run.created_by,
                action=AuditAction.TARGETING_RUN,
                target=run,
                region_code=run.region_id,
                detail={"reference_date": run.reference_date.isoformat(), "steps": steps.log},
            )
    except Exception:
        TargetingRun.objects.filter(pk=run.pk).update(
            state=TargetingRun.State.FAILED, finished_at=timezone.now()
        )
        raise
    run.refresh_from_db()
    return run


def _clear(run: TargetingRun) -> None:
    for model in (
        RunHouseholdProgram,
        RunPersonProgram,
        RunRecipientIssue,
        RunVillageStat,
        RunVillageCoverage,
        RunOverlap,
    ):
        model.objects.filter(run=run).delete()


def _region_sql(column: str) -> str:
    return f"({column} = %s OR {column} LIKE %s)"


def _region_params(run: TargetingRun) -> list[str]:
    return [run.region_id, run.region_id + ".%"]


def _unborn(cursor: Any, run: TargetingRun) -> int:
    """The run's table of members born after its reference date. Created inside the run's
    transaction, so a failed run leaves none behind; a temporary table is the session's own."""
    cursor.execute(f"DROP TABLE IF EXISTS {UNBORN}")
    cursor.execute(f"CREATE TEMPORARY TABLE {UNBORN} (household_id BIGINT, n INTEGER)")
    text, params = unborn_sql(day=run.reference_date)
    cursor.execute(f"INSERT INTO {UNBORN} (household_id, n) {text}", params)
    rows = int(cursor.rowcount)
    analyze_if_large(cursor, UNBORN, rows=rows)
    return rows


def _unborn_table() -> tuple[str, list[Any]]:
    return f"SELECT household_id, n FROM {UNBORN}", []


def _program_rows(cursor: Any, run: TargetingRun, item: PlannedProgram) -> int:
    """One statement per program (a person program writes its persons first): the families
    that qualify (with their persons and yearly entitlement) joined in full with the families
    its list pays, so nothing is updated afterwards."""
    rows = _person_rows(cursor, run, item) if item.unit == "person" else 0
    eligible_sql, eligible_params = _eligible_sql(run, item)
    receipts_sql, receipts_params = _receipts_in_region_sql(run, item)
    if item.unit == "person":
        receiving, excluded = "COALESCE(e.enrolled, 0)", "COALESCE(e.excluded, 0)"
    else:  # the members of a family that receives, or that qualifies and receives nothing
        receiving = "COALESCE(r.members, 0)"
        excluded = "CASE WHEN r.hid IS NULL THEN COALESCE(e.persons, 0) ELSE 0 END"
    cursor.execute(
        f"INSERT INTO {RHP} (run_id, program_id, household_id, village_id, welfare_decile,"
        " eligible, receives, eligible_persons, receiving_persons, excluded_persons,"
        " recipient_rows, entitlement)"
        " SELECT %s, %s, COALESCE(e.hid, r.hid), COALESCE(e.vid, r.vid),"
        " COALESCE(e.decile, r.decile), COALESCE(e.persons, 0) > 0, r.hid IS NOT NULL,"
        f" COALESCE(e.persons, 0), {receiving}, {excluded}, COALESCE(r.n, 0),"
        " COALESCE(e.amount, 0)"
        f" FROM ({eligible_sql}) e FULL OUTER JOIN ({receipts_sql}) r ON r.hid = e.hid",
        [run.pk, item.program.pk, *eligible_params, *receipts_params],
    )
    return rows + int(cursor.rowcount)


def _person_rows(cursor: Any, run: TargetingRun, item: PlannedProgram) -> int:
    """A person program's persons: those who qualify joined in full with those its list
    enrols (an active row naming them, living and born by the reference date, whatever
    their family's state), in the run's region."""
    eligible_params: list[Any] = []
    if item.criteria is None:
        eligible_sql = NOTHING_PERSONS
    else:
        eligible_sql, eligible_params = sql_of(
            eligible_persons_queryset(
                criteria=item.criteria, day=run.reference_date, region=run.region_id
            ).values(
                pid=F("pk"),
                hid=F("household_id"),
                vid=F("household__village_id"),
                decile=F("household__welfare_decile"),
            )
        )
    if item.period is None:
        enrolled_sql, enrolled_params = NOTHING_PERSONS, []
    else:
        enrolled_sql = (
            "SELECT DISTINCT p.id AS pid, p.household_id AS hid, h.village_id AS vid,"
            f" h.welfare_decile AS decile FROM {RECIPIENT} r"
            f" JOIN {PERSON} p ON p.id = r.person_id JOIN {HOUSEHOLD} h ON h.id = p.household_id"
            " WHERE r.program_id = %s AND r.period_id = %s AND r.status = 'active'"
            f" AND p.status = 'living' AND p.birth_date <= %s AND {_region_sql('h.village_id')}"
        )
        enrolled_params = [
            item.program.pk,
            item.period.pk,
            run.reference_date,
            *_region_params(run),
        ]
    cursor.execute(
        f"INSERT INTO {RPP} (run_id, program_id, person_id, household_id, village_id,"
        " welfare_decile, eligible, enrolled)"
        " SELECT %s, %s, COALESCE(e.pid, r.pid), COALESCE(e.hid, r.hid), COALESCE(e.vid, r.vid),"
        " COALESCE(e.decile, r.decile), e.pid IS NOT NULL, r.pid IS NOT NULL"
        f" FROM ({eligible_sql}) e FULL OUTER JOIN ({enrolled_sql}) r ON r.pid = e.pid",
        [run.pk, item.program.pk, *eligible_params, *enrolled_params],
    )
    # No ANALYZE here: the next statement reads these rows through a hashed aggregate and a
    # FULL JOIN (hash or merge only), which stale statistics cannot turn into a loop.
    return int(cursor.rowcount)


NOTHING_PERSONS = (
    "SELECT CAST(NULL AS BIGINT) AS pid, CAST(NULL AS BIGINT) AS hid, '' AS vid,"
    " CAST(NULL AS INTEGER) AS decile WHERE 1 = 0"
)
NOTHING = (
    "SELECT CAST(NULL AS BIGINT) AS hid, '' AS vid, CAST(NULL AS INTEGER) AS decile,"
    " 0 AS persons, 0 AS enrolled, 0 AS excluded, 0 AS amount WHERE 1 = 0"
)


def _eligible_sql(run: TargetingRun, item: PlannedProgram) -> tuple[str, list[Any]]:
    """(hid, vid, decile, persons, enrolled, excluded, amount) per family: those that
    qualify, and for a person program also those with only enrolled persons (persons 0)."""
    if item.criteria is None and item.unit != "person":
        return NOTHING, []
    day = run.reference_date
    if item.unit == "person":
        eligible, enrolled = _flag("eligible"), _flag("enrolled")
        base: tuple[str, list[Any]] = (
            "SELECT household_id AS hid, village_id AS vid, welfare_decile AS decile,"
            f" SUM({eligible}) AS persons, SUM({enrolled}) AS enrolled,"
            f" SUM({_flag('eligible AND NOT enrolled')}) AS excluded"
            f" FROM {RPP} WHERE run_id = %s AND program_id = %s"
            " GROUP BY household_id, village_id, welfare_decile",
            [run.pk, item.program.pk],
        )
        if item.criteria is None:  # enrolled persons only: nobody qualifies, nothing is owed
            return f"SELECT b.*, 0 AS amount FROM ({base[0]}) b", base[1]
        extra: tuple[str, ...] = ("enrolled", "excluded")
    else:
        assert item.criteria is not None
        households, params = eligible_households_sql(
            criteria=item.criteria, day=day, unborn=_unborn_table(), region=run.region_id
        )
        base = (f"SELECT e.*, 0 AS enrolled, 0 AS excluded FROM ({households}) e", params)
        extra = ("enrolled", "excluded")
    return with_entitlement(
        base, program=item.program, criteria=item.criteria, unit=item.unit, day=day, extra=extra
    )


def _receipts_sql() -> str:
    """Active recipient rows of a program period, by the household they belong to now (a
    recipient matched by NIK follows the person when they move). A row naming a person born
    after the reference date pays nobody on that date."""
    return (
        f"SELECT COALESCE(p.household_id, r.household_id) AS hid, COUNT(*) AS n"
        f" FROM {RECIPIENT} r LEFT JOIN {PERSON} p ON p.id = r.person_id"
        " WHERE r.program_id = %s AND r.period_id = %s AND r.status = 'active'"
        " AND COALESCE(p.household_id, r.household_id) IS NOT NULL"
        " AND (p.id IS NULL OR p.birth_date <= %s)"
        " GROUP BY COALESCE(p.household_id, r.household_id)"
    )


def _receipts_in_region_sql(run: TargetingRun, item: PlannedProgram) -> tuple[str, list[Any]]:
    """(hid, vid, decile, n, members) of the families in the run's region that the program's
    list pays; members: those living and born by the reference date."""
    if item.period is None:
        return (
            "SELECT CAST(NULL AS BIGINT) AS hid, '' AS vid, CAST(NULL AS INTEGER) AS decile,"
            " 0 AS n, 0 AS members WHERE 1 = 0",
            [],
        )
    return (
        "SELECT x.hid, h.village_id AS vid, h.welfare_decile AS decile, x.n,"
        " CASE WHEN h.member_count > COALESCE(u.n, 0) THEN h.member_count - COALESCE(u.n, 0)"
        " ELSE 0 END AS members"
        f" FROM ({_receipts_sql()}) x JOIN {HOUSEHOLD} h ON h.id = x.hid"
        f" LEFT JOIN {UNBORN} u ON u.household_id = x.hid WHERE {_region_sql('h.village_id')}",
        [item.program.pk, item.period.pk, run.reference_date, *_region_params(run)],
    )


def _issues(cursor: Any, run: TargetingRun, item: PlannedProgram) -> int:
    """Recipient rows that should not be paid as they stand: unknown to the registry,
    listed twice, deceased, moved away, or well-off (decile 7 and above). Rows naming a
    person born after the reference date are not rows of that date."""
    assert item.period is not None
    # A household listed twice is a duplicate only where the family is the unit.
    same_household = (
        "1"
        if item.unit == "person"
        else "ROW_NUMBER() OVER (PARTITION BY COALESCE(p.household_id, r.household_id)"
        " ORDER BY r.id)"
    )
    cursor.execute(
        f"INSERT INTO {ISSUES} (run_id, program_id, recipient_id, region_id, kind)"
        " SELECT %s, %s, s.id, s.region_id, s.kind FROM ("
        " SELECT r.id, COALESCE(h.village_id, r.region_id) AS region_id, CASE"
        "  WHEN r.person_id IS NULL AND r.household_id IS NULL THEN 'not_in_registry'"
        "  WHEN p.status = 'deceased' OR h.status = 'deceased' THEN 'deceased'"
        "  WHEN p.status = 'moved' OR h.status IN ('moved', 'duplicate') THEN 'moved'"
        "  WHEN (r.nik <> '' AND ROW_NUMBER() OVER (PARTITION BY r.nik ORDER BY r.id) > 1)"
        f"   OR (COALESCE(p.household_id, r.household_id) IS NOT NULL AND {same_household} > 1)"
        "   THEN 'duplicate'"
        "  WHEN h.welfare_decile >= 7 THEN 'well_off'"
        "  END AS kind"
        f" FROM {RECIPIENT} r LEFT JOIN {PERSON} p ON p.id = r.person_id"
        f" LEFT JOIN {HOUSEHOLD} h ON h.id = COALESCE(p.household_id, r.household_id)"
        " WHERE r.program_id = %s AND r.period_id = %s AND r.status = 'active'"
        " AND (p.id IS NULL OR p.birth_date <= %s)"
        f" AND {_region_sql('COALESCE(h.village_id, r.region_id)')}"
        ") s WHERE s.kind IS NOT NULL",
        [
            run.pk,
            item.program.pk,
            item.program.pk,
            item.period.pk,
            run.reference_date,
            *_region_params(run),
        ],
    )
    return cursor.rowcount


def _flag(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def _village_stats(cursor: Any, run: TargetingRun) -> int:
    """Per village and program, every count in both units (the decile the family had when
    the run was made is on its row: no join back to the registry)."""
    well_off = "x.welfare_decile >= 7"
    households = (
        f"SELECT x.program_id, x.village_id, {_flag('x.eligible')} AS eh, x.eligible_persons AS ep,"
        f" {_flag('x.receives')} AS rh, x.receiving_persons AS rp,"
        f" {_flag('x.eligible AND NOT x.receives')} AS ex, x.excluded_persons AS xp,"
        f" {_flag(f'x.receives AND {well_off}')} AS inc,"
        f" CASE WHEN {well_off} THEN x.receiving_persons ELSE 0 END AS ip,"
        " x.recipient_rows AS rr, 0 AS nir, 0 AS dup, 0 AS dm, x.entitlement AS ent"
        f" FROM {RHP} x WHERE x.run_id = %s"
    )
    not_in_registry = _flag("i.kind = 'not_in_registry'")
    duplicate = _flag("i.kind = 'duplicate'")
    gone = _flag("i.kind IN ('deceased', 'moved')")
    issues = (
        f"SELECT i.program_id, i.region_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, {not_in_registry},"
        f" {duplicate}, {gone}, 0 FROM {ISSUES} i WHERE i.run_id = %s"
    )
    cursor.execute(
        f"INSERT INTO {RunVillageStat._meta.db_table} (run_id, program_id, village_id,"
        " eligible_households, eligible_persons, receiving_households, receiving_persons,"
        " exclusion_errors, exclusion_persons, inclusion_errors, inclusion_persons,"
        " recipient_rows, not_in_registry, duplicates, deceased_or_moved, entitlement)"
        " SELECT %s, program_id, village_id, SUM(eh), SUM(ep), SUM(rh), SUM(rp), SUM(ex),"
        " SUM(xp), SUM(inc), SUM(ip), SUM(rr), SUM(nir), SUM(dup), SUM(dm), SUM(ent)"
        f" FROM ({households} UNION ALL {issues}) s GROUP BY program_id, village_id",
        [run.pk, run.pk, run.pk],
    )
    return int(cursor.rowcount)


def combination_programs(plan: list[PlannedProgram]) -> list[int]:
    """The family-based combination a poor household should receive together (guideline:
    Sembako + PKH + PBI-JKN + PIP ...): cluster 1 programs with a recurring benefit; group
    programs and one-off help such as house repair are counted on their own."""
    return [
        p.program.pk
        for p in plan
        if p.program.cluster == Program.Cluster.FAMILY
        and p.program.benefit_frequency != Program.Frequency.ONCE
    ]


def _coverage(cursor: Any, run: TargetingRun, programs: list[int]) -> int:
    """Decile 1-4 families that exist on the reference date; a program is missing where a
    person it is owed to goes without (a family program: the family receives nothing; a
    person program: a member who qualifies is not enrolled)."""
    if not programs:
        return 0
    within = ", ".join(["%s"] * len(programs))
    per_household = (
        f"SELECT household_id, MAX({_flag('eligible')}) AS qualifies,"
        f" SUM({_flag('excluded_persons > 0')}) AS missing,"
        f" SUM({_flag('receives')}) AS received"
        f" FROM {RHP} WHERE run_id = %s AND program_id IN ({within}) GROUP BY household_id"
    )
    cursor.execute(
        f"INSERT INTO {RunVillageCoverage._meta.db_table} (run_id, village_id, poor_households,"
        " qualifying_households, fully_covered, receiving_nothing)"
        " SELECT %s, h.village_id, COUNT(*), SUM(COALESCE(q.qualifies, 0)),"
        f" SUM({_flag('q.qualifies = 1 AND q.missing = 0')}),"
        f" SUM({_flag('q.qualifies = 1 AND q.received = 0')})"
        f" FROM {HOUSEHOLD} h LEFT JOIN ({per_household}) q ON q.household_id = h.id"
        f" LEFT JOIN {UNBORN} u ON u.household_id = h.id"
        " WHERE h.status = 'active' AND h.welfare_decile BETWEEN 1 AND 4"
        f" AND h.member_count > COALESCE(u.n, 0) AND {_region_sql('h.village_id')}"
        " GROUP BY h.village_id",
        [run.pk, run.pk, *programs, *_region_params(run)],
    )
    return int(cursor.rowcount)


def _overlap(cursor: Any, run: TargetingRun, programs: list[int]) -> int:
    pairs = overlap_pairs(cursor, run=run, roots=[run.region_id], programs=programs)
    RunOverlap.objects.bulk_create(
        RunOverlap(run=run, program_a_id=a, program_b_id=b, households=n)
        for (a, b), n in pairs.items()
    )
    return len(pairs)
