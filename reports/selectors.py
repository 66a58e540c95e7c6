"""Key figures of a region: the numbers the secretariat and the leader look at first.

Each figure is one grouped statement over stored columns (a household's member count and
decile are kept on the household row; a run's results per village are stored), filtered by
the region's code prefix, which the tables' prefix indexes serve: the number of queries does
not grow with the registry, and no row is looped over in Python. The result is plain data
(numbers, codes, names) that a page renders and a test compares with an independent count.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from complaints.models import OPEN_STATUSES, Complaint
from households.models import Household, VerificationBatch
from households.selectors import registry_version
from programs.models import RunVillageCoverage, RunVillageStat, TargetingRun
from programs.targeting.selectors import UNIT_FIGURES
from tkpk.access import codes_scope_q, region_lineage, user_can_see_region
from tkpk.roles import Permission

# Who reads a region's figures: registry and targeting readers, and whoever downloads the
# LP2KD reports (the leader, agency officers). Which parts they see follows the same rules.
FIGURE_PERMISSIONS = frozenset(
    {Permission.VIEW_REGISTRY, Permission.VIEW_TARGETING, Permission.DOWNLOAD_REPORTS}
)
COMPLAINT_PERMISSIONS = frozenset({Permission.MANAGE_COMPLAINTS, Permission.DOWNLOAD_REPORTS})
BATCH_PERMISSIONS = frozenset(
    {Permission.VIEW_REGISTRY, Permission.APPROVE_BATCH, Permission.DOWNLOAD_REPORTS}
)
# Each program's headline figures in its own unit (families, or persons for a program whose
# unit is the person): never added across units.
HEADLINE_FIGURES = UNIT_FIGURES


def _holds(user: Any, code: str, permissions: frozenset[str]) -> bool:
    return any(user_can_see_region(user, code, permission=p) for p in permissions)


def region_figures_visible(*, user: Any, region_code: str) -> bool:
    return _holds(user, region_code, FIGURE_PERMISSIONS)


def _households(code: str) -> Any:
    return Household.objects.filter(
        codes_scope_q([code], field="village__code"), status=Household.Status.ACTIVE
    )


def _registry_counts() -> dict[str, Any]:
    return {
        "households": Count("id"),
        "people": Sum("member_count"),
        "deciles_1_4": Count("id", filter=Q(welfare_decile__lte=4)),
        "extreme_poor": Count("id", filter=Q(extreme_poor=True)),
    }


# A region's registry counts change only when a batch commits (every change writes the
# household's history), so they are kept per region under the newest history row's id: a
# page of key figures reads one cache entry instead of aggregating a regency's 350,000
# households (about 100 ms each time at the benchmark's scale). The time limit bounds what
# a change outside the history (the nightly recount of members) leaves unseen.
REGISTRY_COUNTS_SECONDS = 300


def _registry_cached(name: str, region_code: str, compute: Callable[[], Any]) -> Any:
    key = f"region-registry:{name}:{region_code}:{registry_version()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, REGISTRY_COUNTS_SECONDS)
    return found


def _open_complaints() -> dict[str, Any]:
    return {
        "open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
        "overdue": Count("id", filter=Q(status__in=OPEN_STATUSES, due_at__lt=timezone.now())),
    }


def region_latest_run(*, user: Any, region_code: str) -> TargetingRun | None:
    """The newest finished run that covers the whole region (run over it or a region above)."""
    if not user_can_see_region(user, region_code, permission=Permission.VIEW_TARGETING):
        return None
    return (
        TargetingRun.objects.filter(
            state=TargetingRun.State.DONE, region__in=region_lineage(region_code)
        )
        .order_by("-reference_date", "-created_at", "-id")
        .first()
    )


def region_key_figures(*, user: Any, region_code: str) -> dict[str, Any]:
    """Households, people, deciles 1-4 and extreme poor (active households), open and
    overdue complaints, batches waiting for approval and the latest targeting run's headline
    figures, for one region the user may see (404 otherwise, as for a missing one). A part
    the user's roles do not cover is None."""
    if not _holds(user, region_code, FIGURE_PERMISSIONS):
        raise Http404
    registry = _registry_cached(
        "totals", region_code, lambda: _households(region_code).aggregate(**_registry_counts())
    )
    registry = {**registry, "people": registry["people"] or 0}
    figures: dict[str, Any] = {
        "region": region_code,
        "registry": registry,
        "complaints": None,
        "batches_waiting": None,
        "run": None,
    }
    if _holds(user, region_code, COMPLAINT_PERMISSIONS):
        figures["complaints"] = Complaint.objects.filter(
            codes_scope_q([region_code], field="village__code")
        ).aggregate(**_open_complaints())
    if _holds(user, region_code, BATCH_PERMISSIONS):
        figures["batches_waiting"] = VerificationBatch.objects.filter(
            codes_scope_q([region_code], field="region__code"),
            state=VerificationBatch.State.VALIDATED,
        ).count()
    run = region_latest_run(user=user, region_code=region_code)
    if run is not None:
        figures["run"] = _run_headline(run=run, region_code=region_code)
    return figures


def _run_headline(*, run: TargetingRun, region_code: str) -> dict[str, Any]:
    scope = codes_scope_q([region_code], field="village__code")
    fields = {name for figures in HEADLINE_FIGURES.values() for name in figures.values()}
    totals: list[Mapping[str, Any]] = list(
        RunVillageStat.objects.filter(scope, run=run)
        .values("program__code", "program__target_unit")
        .annotate(**{name: Sum(name) for name in sorted(fields)})
        .order_by("program__code")
    )
    programs = []
    for row in totals:
        unit = "person" if row["program__target_unit"] == "person" else "household"
        figures = {k: row[name] or 0 for k, name in HEADLINE_FIGURES[unit].items()}
        programs.append({"program": row["program__code"], "unit": unit, **figures})
    coverage = RunVillageCoverage.objects.filter(scope, run=run).aggregate(
        poor_households=Sum("poor_households"),
        qualifying_households=Sum("qualifying_households"),
        fully_covered=Sum("fully_covered"),
        receiving_nothing=Sum("receiving_nothing"),
    )
    return {
        "id": run.pk,
        "reference_date": run.reference_date,
        "programs": programs,
        # families excluded from (or wrongly paid by) a family program, persons for a person
        # program; summed over programs, so one excluded twice counts twice
        **{
            figure: {
                unit: sum(p[figure] for p in programs if p["unit"] == unit)
                for unit in HEADLINE_FIGURES
            }
            for figure in ("exclusion", "inclusion")
        },
        "coverage": {k: v or 0 for k, v in coverage.items()},
    }


def _child_length(code: str) -> int:
    """Length of the codes one level below: 35 -> 35.05 -> 35.05.01 -> 35.05.01.2001."""
    return {2: 5, 5: 8, 8: 13}.get(len(code), 13)


def region_child_figures(*, user: Any, region_code: str) -> dict[str, dict[str, Any]]:
    """Per region directly below (districts of a regency, villages of a district), keyed by
    code: the registry counts, open complaints and, from the latest run, the decile 1-4
    households receiving no program. Empty for a user whose roles read no figures there."""
    if not _holds(user, region_code, FIGURE_PERMISSIONS):
        return {}
    length = _child_length(region_code)
    rows: dict[str, dict[str, Any]] = {}

    def merge(row: Mapping[str, Any]) -> None:
        values = dict(row)
        rows.setdefault(values.pop("area"), {}).update(values)

    areas = _registry_cached(
        "areas",
        region_code,
        lambda: list(
            _households(region_code)
            .annotate(area=Substr("village_id", 1, length))
            .values("area")
            .annotate(**_registry_counts())
            .order_by()
        ),
    )
    for row in areas:
        merge({**row, "people": row["people"] or 0})
    if _holds(user, region_code, COMPLAINT_PERMISSIONS):
        for row in (
            Complaint.objects.filter(codes_scope_q([region_code], field="village__code"))
            .annotate(area=Substr("village_id", 1, length))
            .values("area")
            .annotate(**_open_complaints())
            .order_by()
        ):
            merge(row)
    run = region_latest_run(user=user, region_code=region_code)
    if run is not None:
        for row in (
            RunVillageCoverage.objects.filter(
                codes_scope_q([region_code], field="village__code"), run=run
            )
            .annotate(area=Substr("village_id", 1, length))
            .values("area")
            .annotate(poor=Sum("poor_households"), receiving_nothing=Sum("receiving_nothing"))
            .order_by()
        ):
            merge(row)
    return rows
