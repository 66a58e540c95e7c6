"""The leader's dashboard: one region's figures from every module, each a grouped query.

Each part is plain data (numbers, codes, names) that the page draws and a test compares with
an independent count; a part the user's roles do not open is None. Queries do not grow with
the registry or the number of districts: deciles per district are one GROUP BY, the latest
run's figures come from its stored rollups, complaints and proposals one aggregate each.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from complaints.models import OPEN_STATUSES
from complaints.selectors import STATISTICS_PERMISSIONS, StatisticsFilters, statistics_scope
from households.models import Household
from monitoring.coordination.selectors import follow_up_list, overdue_q
from monitoring.evaluation.selectors import budget_realisation_by_agency_and_source
from monitoring.indicators.selectors import indicator_trends
from monitoring.models import FollowUp, Plan
from monitoring.scope import monitoring_may_read, monitoring_roots
from musrenbang.models import PlanningYear, Proposal
from programs.targeting.selectors import run_summary
from reports.selectors import region_latest_run
from tkpk.access import codes_scope_q, user_can_see_region
from tkpk.models import Region

DECILES = list(range(1, 11))


def dashboard_region(*, user: Any, region_code: str = "") -> Region:
    """The region asked for (or the user's first), if the user reads monitoring there; 404
    otherwise, the same for a region that does not exist."""
    code = region_code or next(iter(monitoring_roots(user)), "")
    region = Region.objects.filter(code=code).first()
    if region is None or not monitoring_may_read(user, region.code):
        raise Http404
    return region


# ---------------------------------------------------------------------------- LP2KD deadline


@dataclass(frozen=True)
class Lp2kdDeadline:
    year: int  # the fiscal year reported on
    due_on: date
    days_left: int  # negative once it has passed

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def lp2kd_due_on(*, year: int, level: int) -> date:
    """Guideline 002, III.6: a regency or city reports within one month after the fiscal
    year (31 January), a province within two (the end of February)."""
    if level == Region.Level.PROVINCE:
        return date(year + 1, 2, calendar.monthrange(year + 1, 2)[1])
    return date(year + 1, 1, 31)


def lp2kd_deadline(*, level: int, today: date) -> Lp2kdDeadline:
    """The next deadline on or after today: last year's report until 31 January (end of
    February for a province), then this year's."""
    due = lp2kd_due_on(year=today.year - 1, level=level)
    year = today.year - 1 if today <= due else today.year
    due = lp2kd_due_on(year=year, level=level)
    return Lp2kdDeadline(year=year, due_on=due, days_left=(due - today).days)


# ---------------------------------------------------------------------------- parts


def _child_length(code: str) -> int:
    return {2: 5, 5: 8, 8: 13}.get(len(code), 13)


def deciles_by_area(*, region_code: str) -> list[dict[str, Any]]:
    """Active households per area one level down (districts of a regency) and decile, with
    those without a decile apart: one grouped query."""
    length = _child_length(region_code)
    rows = (
        Household.objects.filter(
            codes_scope_q([region_code], field="village__code"), status=Household.Status.ACTIVE
        )
        .annotate(area=Substr("village_id", 1, length))
        .values("area", "welfare_decile")
        .annotate(n=Count("id"))
        .order_by()
    )
    areas: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = areas.setdefault(
            row["area"], {"code": row["area"], "deciles": dict.fromkeys(DECILES, 0), "unknown": 0}
        )
        if row["welfare_decile"] is None:
            entry["unknown"] += row["n"]
        else:
            entry["deciles"][row["welfare_decile"]] += row["n"]
    names = dict(Region.objects.filter(code__in=areas).values_list("code", "name"))
    result = []
    for code in sorted(areas):
        entry = areas[code]
        deciles = entry["deciles"]
        result.append(
            {
                "code": code,
                "name": names.get(code, code),
                "deciles": [deciles[d] for d in DECILES],
                "deciles_1_4": sum(deciles[d] for d in range(1, 5)),
                "unknown": entry["unknown"],
                "total": sum(deciles.values()) + entry["unknown"],
            }
        )
    return result


def targeting_part(*, user: Any, region_code: str) -> dict[str, Any] | None:
    run = region_latest_run(user=user, region_code=region_code)
    if run is None:
        return None
    programs = []
    for summary in run_summary(run=run, roots=[region_code]):
        figures = summary.in_unit
        programs.append(
            {
                "code": summary.program.code,
                "name": summary.program.name,
                "unit": summary.unit,
                "eligible": figures["eligible"],
                "receiving": figures["receiving"],
                "exclusion": figures["exclusion"],
                "inclusion": figures["inclusion"],
                "coverage": None if summary.coverage is None else round(summary.coverage, 1),
            }
        )
    return {"id": run.pk, "reference_date": run.reference_date, "programs": programs}


def musrenbang_part(*, region_code: str) -> dict[str, Any] | None:
    """The newest planning year of the region (or of the regency above a district)."""
    year = (
        PlanningYear.objects.filter(region_id__in=[region_code, region_code[:5]])
        .order_by("-year")
        .first()
    )
    if year is None:
        return None
    figures = Proposal.objects.filter(
        codes_scope_q([region_code], field="village__code"), planning_year=year
    ).aggregate(
        proposals=Count("id"),
        accepted=Count("id", filter=Q(status=Proposal.Status.ACCEPTED)),
        reserve=Count("id", filter=Q(status=Proposal.Status.RESERVE)),
        rejected=Count("id", filter=Q(status=Proposal.Status.REJECTED)),
        physical=Count("id", filter=Q(is_physical=True)),
        accepted_cost=Sum("estimated_cost", filter=Q(status=Proposal.Status.ACCEPTED)),
    )
    return {"year": year.year, "id": year.pk, **{k: v or 0 for k, v in figures.items()}}


def complaints_part(*, user: Any, region_code: str, today: date) -> dict[str, Any] | None:
    """Complaints of the region, through the complaints module's own scope (whoever reads
    its statistics); None for a user who does not."""
    if not any(
        user_can_see_region(user, region_code, permission=p) for p in STATISTICS_PERMISSIONS
    ):
        return None
    now = timezone.now()
    return statistics_scope(user=user, filters=StatisticsFilters(region=region_code)).aggregate(
        received=Count("id"),
        received_this_year=Count("id", filter=Q(received_at__year=today.year)),
        resolved=Count("id", filter=Q(resolved_at__isnull=False)),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_at__lt=now)),
    )


def follow_ups_part(*, user: Any, region_code: str, today: date) -> dict[str, Any]:
    rows = follow_up_list(user=user, today=today).filter(
        codes_scope_q([region_code], field="meeting__region__code")
    )
    counts = rows.aggregate(
        total=Count("id"),
        open=Count("id", filter=~Q(status=FollowUp.Status.DONE)),
        overdue=Count("id", filter=overdue_q(today)),
    )
    return {**counts, "overdue_rows": list(rows.filter(overdue_q(today))[:5])}


def dashboard_budget_realisation(
    *, user: Any, region_code: str, year: int
) -> dict[str, Any] | None:
    """The year's planned and realised money per agency and funding source (accepted reports
    only), with the totals; None when nothing is planned or spent in the year."""
    rows = budget_realisation_by_agency_and_source(user=user, region=region_code, year=year)
    if not rows:
        return None
    planned = sum((r["planned"] for r in rows), Decimal(0))
    realised = sum((r["realised"] for r in rows), Decimal(0))
    return {
        "year": year,
        "rows": rows,
        "planned": planned,
        "realised": realised,
        "absorption_percent": round(realised * 100 / planned, 1) if planned else None,
    }


def dashboard_budget_year(*, region_code: str, today: date) -> int:
    """The newest RAT year of the region not after this year, else this year: in January,
    while last year's LP2KD is written and before this year's RAT exists, the leader still
    sees last year's money rather than an empty card."""
    year = (
        Plan.objects.filter(
            codes_scope_q([region_code], field="region__code"),
            kind=Plan.Kind.RAT,
            first_year__lte=today.year,
        )
        .order_by("-first_year")
        .values_list("first_year", flat=True)
        .first()
    )
    return year or today.year


def dashboard_snapshot(*, user: Any, region: Region, today: date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    trends = {t.indicator: t for t in indicator_trends(user=user, region_code=region.code)}
    return {
        "region": {"code": region.code, "name": region.name, "level": region.level},
        "poverty_trend": trends.get("p0"),
        "poor_count_trend": trends.get("poor_count"),
        "deciles": deciles_by_area(region_code=region.code),
        "targeting": targeting_part(user=user, region_code=region.code),
        "musrenbang": musrenbang_part(region_code=region.code),
        "complaints": complaints_part(user=user, region_code=region.code, today=today),
        "follow_ups": follow_ups_part(user=user, region_code=region.code, today=today),
        "budget": dashboard_budget_realisation(
            user=user,
            region_code=region.code,
            year=dashboard_budget_year(region_code=region.code, today=today),
        ),
        "lp2kd": lp2kd_deadline(level=region.level, today=today),
    }
