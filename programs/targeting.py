"""The targeting run: who qualifies, who receives, and where the two disagree.

Every step is one or a few ``INSERT ... SELECT`` statements over the registry and the
recipient lists, written into the run's own result tables (so runs can be compared), with
the rows and milliseconds of each step logged on the run. Eligibility SQL comes from the
criteria compiled to a Django queryset, so user input only ever reaches the database as
bound parameters. The same statements run on PostgreSQL and SQLite.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Household, Person
from programs.criteria import CriterionSet, criteria_q, criteria_validate
from programs.models import (
    Program,
    ProgramPeriod,
    RunHouseholdProgram,
    RunOverlap,
    RunRecipientIssue,
    RunVillageCoverage,
    RunVillageStat,
    TargetingRun,
)
from programs.selectors import eligibility_queryset, period_current, program_criteria, program_unit
from tkpk.access import region_lineage
from tkpk.bulk import analyze_if_large, bulk_session
from tkpk.models import Job, Region, User
from tkpk.services.audit import AuditAction, audit_record
from tkpk.services.jobs import job_create

logger = logging.getLogger(__name__)

RHP = RunHouseholdProgram._meta.db_table
ISSUES = RunRecipientIssue._meta.db_table
HOUSEHOLD = Household._meta.db_table
PERSON = Person._meta.db_table
RECIPIENT = "programs_recipient"

# Annual multiplier of a benefit paid at each frequency.
PER_YEAR = {"monthly": 12, "quarterly": 4, "yearly": 1, "once": 1, "": 1}
PER_PERSON_UNITS = {Program.BenefitUnit.PERSON, Program.BenefitUnit.PUPIL}


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
    steps = _Steps(run, progress, total=len(plan) + 4)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            bulk_session(cursor)
            _clear(run)
            for item in plan:
                started = time.perf_counter()
                rows = _program_rows(cursor, run, item)
                steps.record(
                    _("Layak dan penerima %(code)s") % {"code": item.program.code}, started, rows
                )
            analyze_if_large(cursor, RHP, rows=sum(s["rows"] for s in steps.log))
            started = time.perf_counter()
            rows = sum(_issues(cursor, run, item) for item in plan if item.period)
            steps.record(_("Ganda, meninggal, pindah, tak terdaftar"), started, rows)
            started = time.perf_counter()
            steps.record(_("Rekap per desa"), started, _village_stats(cursor, run))
            started = time.perf_counter()
            covered = _coverage(cursor, run, combination_programs(plan))
            steps.record(_("Cakupan kombinasi desil 1–4"), started, covered)
            started = time.perf_counter()
            overlaps = _overlap(cursor, run, [p.program.pk for p in plan])
            steps.record(_("Matriks tumpang tindih"), started, overlaps)
            TargetingRun.objects.filter(pk=run.pk).update(
                state=TargetingRun.State.DONE,
                finished_at=timezone.now(),
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


def _sql(queryset: QuerySet[Any]) -> tuple[str, list[Any]]:
    text, params = queryset.query.sql_with_params()
    return text, list(params)


def _program_rows(cursor: Any, run: TargetingRun, item: PlannedProgram) -> int:
    """One statement per program: the families that qualify (with their yearly entitlement)
    joined in full with the families its list pays, so nothing is updated afterwards."""
    eligible_sql, eligible_params = _eligible_sql(run, item)
    receipts_sql, receipts_params = _receipts_in_region_sql(run, item)
    cursor.execute(
        f"INSERT INTO {RHP} (run_id, program_id, household_id, village_id, eligible, receives,"
        " eligible_persons, recipient_rows, entitlement)"
        " SELECT %s, %s, COALESCE(e.hid, r.hid), COALESCE(e.vid, r.vid),"
        " e.hid IS NOT NULL, r.hid IS NOT NULL, COALESCE(e.persons, 0), COALESCE(r.n, 0),"
        " COALESCE(e.amount, 0)"
        f" FROM ({eligible_sql}) e FULL OUTER JOIN ({receipts_sql}) r ON r.hid = e.hid",
        [run.pk, item.program.pk, *eligible_params, *receipts_params],
    )
    return cursor.rowcount


NOTHING = "SELECT CAST(NULL AS BIGINT) AS hid, '' AS vid, 0 AS persons, 0 AS {last} WHERE 1 = 0"


def _eligible_sql(run: TargetingRun, item: PlannedProgram) -> tuple[str, list[Any]]:
    """(hid, vid, persons, amount) of the qualifying families, amount per year."""
    if item.criteria is None:
        return NOTHING.format(last="amount"), []
    program = item.program
    eligible = eligibility_queryset(
        criteria=item.criteria, unit=item.unit, day=run.reference_date, region=run.region_id
    ).order_by()
    if item.unit == "person":
        eligible = eligible.values(hid=F("household_id")).annotate(
            vid=F("household__village_id"), persons=Count("pk")
        )
    else:
        eligible = eligible.values(hid=F("pk"), vid=F("village_id"), persons=F("member_count"))
    eligible_sql, eligible_params = _sql(eligible)

    components = list(program.components.all())
    if components:
        parts, part_params = [], []
        for component in components:
            rule = criteria_validate(component.rule, member_only=True)
            members = Person.objects.filter(
                criteria_q(rule, unit="person", reference_date=run.reference_date),
                status=Person.Status.LIVING,
            )
            if item.unit == "person":  # a pupil's component only if the pupil qualifies
                members = members.filter(
                    criteria_q(item.criteria, unit="person", reference_date=run.reference_date)
                )
            text, params = _sql(
                members.order_by().values(hid=F("household_id"), amount=Value(component.amount))
            )
            parts.append(text)
            part_params.extend(params)
        cap = program.max_components or 1_000_000
        entitlement_sql, entitlement_params = _components_join(parts, part_params, cap)
        return (
            "SELECT e.hid, e.vid, e.persons, COALESCE(ent.total, 0) AS amount"
            f" FROM ({eligible_sql}) e LEFT JOIN ({entitlement_sql}) ent ON ent.hid = e.hid",
            [*eligible_params, *entitlement_params],
        )
    per_unit = (program.benefit_amount or 0) * PER_YEAR[program.benefit_frequency]
    amount = "e.persons * %s" if program.benefit_unit in PER_PERSON_UNITS else "%s"
    return (
        f"SELECT e.hid, e.vid, e.persons, {amount} AS amount FROM ({eligible_sql}) e",
        [per_unit, *eligible_params],
    )


def _components_join(parts: list[str], params: list[Any], cap: int) -> tuple[str, list[Any]]:
    """Per household: the sum of its members' component amounts, the largest ``cap`` only."""
    text = (
        "SELECT hid, SUM(amount) AS total FROM (SELECT c.hid, c.amount, ROW_NUMBER() OVER "
        "(PARTITION BY c.hid ORDER BY c.amount DESC) AS rank FROM ("
        + " UNION ALL ".join(parts)
        + ") c) ranked WHERE rank <= %s GROUP BY hid"
    )
    return text, [*params, cap]


def _receipts_sql() -> str:
    """Active recipient rows of a program period, by the household they belong to now (a
    recipient matched by NIK follows the person when they move)."""
    return (
        f"SELECT COALESCE(p.household_id, r.household_id) AS hid, COUNT(*) AS n"
        f" FROM {RECIPIENT} r LEFT JOIN {PERSON} p ON p.id = r.person_id"
        " WHERE r.program_id = %s AND r.period_id = %s AND r.status = 'active'"
        " AND COALESCE(p.household_id, r.household_id) IS NOT NULL"
        " GROUP BY COALESCE(p.household_id, r.household_id)"
    )


def _receipts_in_region_sql(run: TargetingRun, item: PlannedProgram) -> tuple[str, list[Any]]:
    """(hid, vid, n) of the families in the run's region that the program's list pays."""
    if item.period is None:
        return NOTHING.format(last="n"), []
    return (
        f"SELECT x.hid, h.village_id AS vid, x.n FROM ({_receipts_sql()}) x"
        f" JOIN {HOUSEHOLD} h ON h.id = x.hid WHERE {_region_sql('h.village_id')}",
        [item.program.pk, item.period.pk, *_region_params(run)],
    )


def _issues(cursor: Any, run: TargetingRun, item: PlannedProgram) -> int:
    """Recipient rows that should not be paid as they stand: unknown to the registry,
    listed twice, deceased, moved away, or well-off (decile 7 and above)."""
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
        f" AND {_region_sql('COALESCE(h.village_id, r.region_id)')}"
        ") s WHERE s.kind IS NOT NULL",
        [run.pk, item.program.pk, item.program.pk, item.period.pk, *_region_params(run)],
    )
    return cursor.rowcount


def _flag(condition: str) -> str:
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def _village_stats(cursor: Any, run: TargetingRun) -> int:
    households = (
        f"SELECT x.program_id, x.village_id, {_flag('x.eligible')} AS eh, x.eligible_persons AS ep,"
        f" {_flag('x.receives')} AS rh, {_flag('x.eligible AND NOT x.receives')} AS ex,"
        f" {_flag('x.receives AND h.welfare_decile >= 7')} AS inc, x.recipient_rows AS rr,"
        " 0 AS nir, 0 AS dup, 0 AS dm, x.entitlement AS ent"
        f" FROM {RHP} x JOIN {HOUSEHOLD} h ON h.id = x.household_id WHERE x.run_id = %s"
    )
    not_in_registry = _flag("i.kind = 'not_in_registry'")
    duplicate = _flag("i.kind = 'duplicate'")
    gone = _flag("i.kind IN ('deceased', 'moved')")
    issues = (
        f"SELECT i.program_id, i.region_id, 0, 0, 0, 0, 0, 0, {not_in_registry}, {duplicate},"
        f" {gone}, 0 FROM {ISSUES} i WHERE i.run_id = %s"
    )
    cursor.execute(
        f"INSERT INTO {RunVillageStat._meta.db_table} (run_id, program_id, village_id,"
        " eligible_households, eligible_persons, receiving_households, exclusion_errors,"
        " inclusion_errors, recipient_rows, not_in_registry, duplicates, deceased_or_moved,"
        " entitlement)"
        " SELECT %s, program_id, village_id, SUM(eh), SUM(ep), SUM(rh), SUM(ex), SUM(inc),"
        " SUM(rr), SUM(nir), SUM(dup), SUM(dm), SUM(ent)"
        f" FROM ({households} UNION ALL {issues}) s GROUP BY program_id, village_id",
        [run.pk, run.pk, run.pk],
    )
    return cursor.rowcount


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
    if not programs:
        return 0
    within = ", ".join(["%s"] * len(programs))
    per_household = (
        f"SELECT household_id, MAX({_flag('eligible')}) AS qualifies,"
        f" SUM({_flag('eligible AND NOT receives')}) AS missing,"
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
        " WHERE h.status = 'active' AND h.welfare_decile BETWEEN 1 AND 4"
        f" AND {_region_sql('h.village_id')} GROUP BY h.village_id",
        [run.pk, run.pk, *programs, *_region_params(run)],
    )
    return cursor.rowcount


def _overlap(cursor: Any, run: TargetingRun, programs: list[int]) -> int:
    pairs = overlap_pairs(cursor, run=run, roots=[run.region_id], programs=programs)
    RunOverlap.objects.bulk_create(
        RunOverlap(run=run, program_a_id=a, program_b_id=b, households=n)
        for (a, b), n in pairs.items()
    )
    return len(pairs)


def overlap_pairs(
    cursor: Any, *, run: TargetingRun, roots: list[str], programs: list[int]
) -> dict[tuple[int, int], int]:
    """Households receiving each pair of programs (a <= b; a = b: receiving a), within
    ``roots``. Each household's programs become one bit mask and the database counts the
    masks (a few dozen rows); the pairs are summed from those, instead of a self-join of
    every receipt (4.3 s at regency scale)."""
    programs = sorted(programs)
    if not programs or not roots:
        return {}
    bits = " ".join("WHEN %s THEN %s" for _ in programs)
    bit_params: list[Any] = [v for i, pk in enumerate(programs) for v in (pk, 1 << i)]
    where = " OR ".join([_region_sql("village_id")] * len(roots))
    region_params = [v for root in roots for v in (root, root + ".%")]
    cursor.execute(
        f"SELECT mask, COUNT(*) FROM (SELECT household_id, SUM(CASE program_id {bits} ELSE 0 END)"
        f" AS mask FROM {RHP} WHERE run_id = %s AND receives AND ({where})"
        " GROUP BY household_id) m GROUP BY mask",
        [*bit_params, run.pk, *region_params],
    )
    pairs: dict[tuple[int, int], int] = {}
    for mask, households in cursor.fetchall():
        held = [pk for i, pk in enumerate(programs) if mask & (1 << i)]
        for x, a in enumerate(held):
            for b in held[x:]:
                pairs[(a, b)] = pairs.get((a, b), 0) + households
    return pairs


def overlap_counts(*, run: TargetingRun, roots: list[str]) -> dict[tuple[int, int], int]:
    """The overlap matrix over part of a run's region (a user who sees only some districts)."""
    programs = list(
        Program.objects.filter(code__in=run.criteria_snapshot or {}).values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        return overlap_pairs(cursor, run=run, roots=roots, programs=programs)
