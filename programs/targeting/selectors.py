"""Reads of targeting-run results, always cut to the part of the run the user may see; the
run itself (the writes) is ``programs.targeting.services``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Substr
from django.http import Http404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from households import choices as c
from households.models import Household, Person
from programs.models import (
    Program,
    ProgramQuota,
    Recipient,
    RunHouseholdProgram,
    RunOverlap,
    RunPersonProgram,
    RunRecipientIssue,
    RunVillageCoverage,
    RunVillageStat,
    TargetingRun,
)
from programs.selectors import program_unit
from tkpk.access import codes_scope_q, region_lineage, user_region_codes
from tkpk.jobs import JobSubject
from tkpk.models import Job, Region
from tkpk.paging import by_id_expression
from tkpk.roles import Permission

STAT_FIELDS = [
    "eligible_households",
    "eligible_persons",
    "receiving_households",
    "receiving_persons",
    "exclusion_errors",
    "exclusion_persons",
    "inclusion_errors",
    "inclusion_persons",
    "recipient_rows",
    "not_in_registry",
    "duplicates",
    "deceased_or_moved",
    "entitlement",
]
# A program's four figures in each unit: figure (also the drill-down's ?jenis=) -> stored field.
UNIT_FIGURES = {
    "household": {
        "eligible": "eligible_households",
        "receiving": "receiving_households",
        "exclusion": "exclusion_errors",
        "inclusion": "inclusion_errors",
    },
    "person": {
        "eligible": "eligible_persons",
        "receiving": "receiving_persons",
        "exclusion": "exclusion_persons",
        "inclusion": "inclusion_persons",
    },
}
# The rows behind each figure: families in RunHouseholdProgram, persons (of a program whose
# unit is the person) in RunPersonProgram. The decile is the one stored with the run.
HOUSEHOLD_KINDS = {
    "eligible": Q(eligible=True),
    "receiving": Q(receives=True),
    "exclusion": Q(eligible=True, receives=False),
    "inclusion": Q(receives=True, welfare_decile__gte=7),
}
PERSON_KINDS = {
    "eligible": Q(eligible=True),
    "receiving": Q(enrolled=True),
    "exclusion": Q(eligible=True, enrolled=False),
    "inclusion": Q(enrolled=True, welfare_decile__gte=7),
}


def _codes(user: Any) -> list[str]:
    return user_region_codes(user, permission=Permission.VIEW_TARGETING)


def run_list(*, user: Any) -> QuerySet[TargetingRun]:
    """Runs over the user's regions, inside them, or over a region that contains them."""
    codes = _codes(user)
    above = {a for code in codes for a in region_lineage(code)[:-1]}
    return TargetingRun.objects.filter(
        codes_scope_q(codes, field="region__code") | Q(region__in=above)
    ).select_related("region", "created_by")


def run_get_for_user(*, user: Any, run_id: int) -> TargetingRun:
    try:
        return run_list(user=user).get(pk=run_id)
    except TargetingRun.DoesNotExist as exc:
        raise Http404 from exc


def run_job_subject(*, user: Any, job: Job) -> JobSubject | None:
    """The targeting run a job computes or exports from: its dashboard, or the list of
    households or persons an export was made of."""
    run_id = job.parameters.get("run_id")
    if not isinstance(run_id, int):
        return None
    try:
        run = run_get_for_user(user=user, run_id=run_id)
    except Http404:
        return None
    label = _("Analisis #%(id)s: %(region)s, %(date)s") % {
        "id": run.pk,
        "region": run.region.name,
        "date": date_format(run.reference_date, "j F Y"),
    }
    program, kind = job.parameters.get("program"), job.parameters.get("kind")
    if isinstance(program, str) and isinstance(kind, str):
        query = {"program": program, "jenis": kind}
        if (
            job.parameters.get("unit") == "household"
            and Program.objects.filter(code=program, target_unit=Program.TargetUnit.PERSON).exists()
        ):  # the families of a person program, whose list is of persons by default
            query["satuan"] = "keluarga"
        if job.parameters.get("region"):
            query["wilayah"] = str(job.parameters["region"])
        return JobSubject(
            label=f"{label} · {program}",
            url=reverse("programs:run-households", args=[run.pk]) + "?" + urlencode(query),
        )
    return JobSubject(label=label, url=reverse("programs:run-detail", args=[run.pk]))


def run_scope(*, user: Any, run: TargetingRun, region: str = "") -> list[str]:
    """Region roots to show: the run's region cut to the user's regions, then to ``region``
    when it lies inside them. Empty when ``region`` is outside what the user may see."""
    roots = []
    for code in _codes(user):
        if code == run.region_id or code.startswith(run.region_id + "."):
            roots.append(code)
        elif run.region_id.startswith(code + "."):
            roots.append(run.region_id)
    if region:
        inside = [r for r in roots if region == r or region.startswith(r + ".")]
        return [region] if inside else []
    return sorted(set(roots))


def _scoped(rows: QuerySet[Any], roots: list[str], field: str) -> QuerySet[Any]:
    return rows.filter(codes_scope_q(roots, field=field))


@dataclass
class ProgramSummary:
    """One program's totals. ``in_unit`` holds its four figures in the program's own unit
    (families, or persons for a program whose unit is the person); the recipient-row
    figures (not in the registry, duplicates, deceased or moved) count list rows."""

    program: Program
    totals: dict[str, int]
    quota: int | None = None

    @property
    def unit(self) -> str:
        return program_unit(self.program)

    @property
    def in_unit(self) -> dict[str, int]:
        return {figure: self.totals[name] for figure, name in UNIT_FIGURES[self.unit].items()}

    @property
    def coverage(self) -> float | None:
        """Share of those who qualify (in the program's unit) who receive it."""
        figures = self.in_unit
        if not figures["eligible"]:
            return None
        return 100 * (figures["eligible"] - figures["exclusion"]) / figures["eligible"]

    @property
    def quota_use(self) -> float | None:
        """A quota is set in the program's unit, like its list."""
        if not self.quota:
            return None
        return 100 * self.in_unit["receiving"] / self.quota


def run_summary(*, run: TargetingRun, roots: list[str]) -> list[ProgramSummary]:
    stats = (
        _scoped(RunVillageStat.objects.filter(run=run), roots, "village__code")
        .values("program_id")
        .annotate(**{name: Sum(name) for name in STAT_FIELDS})
    )
    by_program = {row["program_id"]: row for row in stats}
    periods = {
        code: entry.get("period", "") for code, entry in (run.criteria_snapshot or {}).items()
    }
    quotas = {
        (row["period__program__code"], row["period__name"]): row["total"]
        for row in ProgramQuota.objects.filter(period__program__code__in=periods, region__in=roots)
        .values("period__program__code", "period__name")
        .annotate(total=Sum("quota"))
        .order_by()
    }
    summaries = []
    for program in Program.objects.filter(code__in=periods).order_by("cluster", "code"):
        row = by_program.get(program.pk, {})
        totals = {name: row.get(name) or 0 for name in STAT_FIELDS}
        period = periods[program.code]
        quota = quotas.get((program.code, period)) if period else None
        summaries.append(ProgramSummary(program, totals, quota))
    return summaries


def run_overlap(*, run: TargetingRun, roots: list[str]) -> dict[str, Any]:
    """The matrix of households receiving each pair of programs, in the user's part."""
    if roots == [run.region_id]:
        pairs = {
            (o["program_a_id"], o["program_b_id"]): o["households"]
            for o in RunOverlap.objects.filter(run=run).values(
                "program_a_id", "program_b_id", "households"
            )
        }
    else:
        pairs = overlap_counts(run=run, roots=roots)
    programs = list(Program.objects.filter(code__in=(run.criteria_snapshot or {})).order_by("pk"))
    rows: list[dict[str, Any]] = []
    peak = 0
    for a in programs:
        cells = []
        for b in programs:
            key = (a.pk, b.pk) if a.pk <= b.pk else (b.pk, a.pk)
            households = pairs.get(key, 0)
            peak = max(peak, households)
            cells.append({"program": b, "households": households, "diagonal": a == b})
        rows.append({"program": a, "cells": cells})
    return {"programs": programs, "rows": rows, "peak": peak or 1}


@dataclass
class AreaRow:
    """One region's counts: ``totals`` of the chosen program (or summed over all programs),
    ``by_unit`` summed over the family programs ("household") and the person programs
    ("person") separately, so that families and persons are never added together."""

    code: str
    name: str
    totals: dict[str, int] = field(default_factory=dict)
    coverage: dict[str, int] = field(default_factory=dict)
    by_unit: dict[str, dict[str, int]] = field(default_factory=dict)
    unit: str = "household"  # the chosen program's

    @property
    def figures(self) -> dict[str, int]:
        """The chosen program's four figures in its own unit."""
        return self.by_unit.get(self.unit, {})

    @property
    def coverage_share(self) -> float | None:
        qualifying = self.coverage.get("qualifying_households") or 0
        return 100 * self.coverage.get("fully_covered", 0) / qualifying if qualifying else None


def _child_length(code: str) -> int:
    """Length of the codes one level below ``code``: 35 -> 35.05 -> 35.05.01 -> village."""
    return {2: 5, 5: 8, 8: 13}.get(len(code), 13)


def run_breakdown(*, run: TargetingRun, root: str, program: Program | None) -> list[AreaRow]:
    """One row per region directly below ``root`` (districts of a regency, villages of a
    district), with the program's counts (or all programs') and decile 1-4 coverage."""
    length = _child_length(root)
    stats = _scoped(RunVillageStat.objects.filter(run=run), [root], "village__code")
    if program is not None:
        stats = stats.filter(program=program)
    person = Q(program__target_unit=Program.TargetUnit.PERSON)
    by_area = {
        row["area"]: row
        for row in stats.annotate(area=Substr("village_id", 1, length))
        .values("area")
        .annotate(
            # before the totals, whose names shadow the fields summed here
            **{
                f"{unit}_{figure}": Sum(name, filter=person if unit == "person" else ~person)
                for unit, figures in UNIT_FIGURES.items()
                for figure, name in figures.items()
            },
            **{name: Sum(name) for name in STAT_FIELDS},
        )
    }
    coverage = {
        row["area"]: row
        for row in _scoped(RunVillageCoverage.objects.filter(run=run), [root], "village__code")
        .annotate(area=Substr("village_id", 1, length))
        .values("area")
        .annotate(
            poor_households=Sum("poor_households"),
            qualifying_households=Sum("qualifying_households"),
            fully_covered=Sum("fully_covered"),
            receiving_nothing=Sum("receiving_nothing"),
        )
    }
    names = dict(
        Region.objects.filter(code__in=set(by_area) | set(coverage)).values_list("code", "name")
    )
    return [
        AreaRow(
            code=code,
            name=names.get(code, code),
            totals={name: (by_area.get(code) or {}).get(name) or 0 for name in STAT_FIELDS},
            coverage=coverage.get(code, {}),
            by_unit={
                unit: {
                    figure: (by_area.get(code) or {}).get(f"{unit}_{figure}") or 0
                    for figure in figures
                }
                for unit, figures in UNIT_FIGURES.items()
            },
            unit=program_unit(program) if program else "household",
        )
        for code in sorted(set(by_area) | set(coverage))
    ]


def run_coverage(*, run: TargetingRun, roots: list[str]) -> dict[str, int]:
    return _scoped(RunVillageCoverage.objects.filter(run=run), roots, "village__code").aggregate(
        poor_households=Sum("poor_households"),
        qualifying_households=Sum("qualifying_households"),
        fully_covered=Sum("fully_covered"),
        receiving_nothing=Sum("receiving_nothing"),
    )


def run_households(
    *, run: TargetingRun, roots: list[str], program: Program, kind: str
) -> QuerySet[Household]:
    """The households behind a number: by name (the head) and address."""
    rows = _scoped(
        RunHouseholdProgram.objects.filter(run=run, program=program), roots, "village__code"
    ).filter(HOUSEHOLD_KINDS[kind])
    head = Person.objects.filter(household=OuterRef("pk"), relation=c.Relation.HEAD).order_by(
        Case(When(status=Person.Status.LIVING, then=0), default=1), "id"
    )
    entitlement = RunHouseholdProgram.objects.filter(
        run=run, program=program, household=OuterRef("pk")
    )
    return (
        Household.objects.filter(pk__in=rows.values("household_id"))
        .select_related("village__parent")
        .annotate(
            head_name=Subquery(head.values("name")[:1]),
            head_nik=Subquery(head.values("nik")[:1]),
            entitlement=Subquery(entitlement.values("entitlement")[:1]),
        )
    )


def run_figure_total(
    *, run: TargetingRun, roots: list[str], program: Program, kind: str, unit: str
) -> int:
    """The stored figure that a drill-down lists the rows of (the dashboard's number): its
    page says how many without counting tens of thousands of result rows again."""
    stored = UNIT_FIGURES[unit][kind]
    totals = _scoped(
        RunVillageStat.objects.filter(run=run, program=program), roots, "village__code"
    ).aggregate(total=Sum(stored))
    return totals["total"] or 0


def run_rows_ordering(*, run: TargetingRun, roots: list[str]) -> tuple[Any, ...]:
    """The id order of a drill-down (see ``keyset_page``): for a part of the run's region,
    the rows found through the region's index are sorted, rather than the id index walked
    past every region before it (1.8 s for the last district of a regency)."""
    return ("id",) if roots == [run.region_id] else (by_id_expression(),)


def run_persons(
    *, run: TargetingRun, roots: list[str], program: Program, kind: str
) -> QuerySet[Person]:
    """The persons behind a person count of a program whose unit is the person."""
    rows = _scoped(
        RunPersonProgram.objects.filter(run=run, program=program), roots, "village__code"
    ).filter(PERSON_KINDS[kind])
    return Person.objects.filter(pk__in=rows.values("person_id")).select_related(
        "household__village__parent"
    )


# The dashboard's "deceased or moved" figure counts both kinds; its list shows both.
ISSUE_GROUPS = {
    "deceased_or_moved": [RunRecipientIssue.Kind.DECEASED, RunRecipientIssue.Kind.MOVED],
}


def run_recipient_issues(
    *, run: TargetingRun, roots: list[str], program: Program, kind: str
) -> QuerySet[Recipient]:
    issues = _scoped(
        RunRecipientIssue.objects.filter(
            run=run, program=program, kind__in=ISSUE_GROUPS.get(kind, [kind])
        ),
        roots,
        "region__code",
    )
    return Recipient.objects.filter(pk__in=issues.values("recipient_id")).select_related(
        "region", "person", "household"
    )


def run_village_stats(*, run: TargetingRun, roots: list[str]) -> QuerySet[RunVillageStat]:
    return _scoped(RunVillageStat.objects.filter(run=run), roots, "village__code").select_related(
        "program"
    )


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
    where = " OR ".join(["(village_id = %s OR village_id LIKE %s)"] * len(roots))
    table = RunHouseholdProgram._meta.db_table
    region_params = [v for root in roots for v in (root, root + ".%")]
    cursor.execute(
        f"SELECT mask, COUNT(*) FROM (SELECT household_id, SUM(CASE program_id {bits} ELSE 0 END)"
        f" AS mask FROM {table} WHERE run_id = %s AND receives AND ({where})"
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
