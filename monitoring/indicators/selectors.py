"""Reads of poverty indicators: the figures a user may see (their own regions', and their
province's and the country's for comparison), trends per indicator, uploaded files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from monitoring.indicators.catalogue import SPECS, period_order, region_level
from monitoring.models import Indicator, IndicatorBatch, IndicatorBatchRow, IndicatorValue
from monitoring.models.indicators import NATIONAL
from monitoring.scope import monitoring_roots, monitoring_scope_q
from tkpk.access import codes_scope_q, region_lineage
from tkpk.charts import Series, line_chart
from tkpk.jobs import JobSubject
from tkpk.models import Job, Region

PERIOD_SHORT = {
    "february": "Feb",
    "march": "Mar",
    "august": "Agu",
    "september": "Sep",
    "annual": "",
}


def indicator_scope_q(user: Any) -> Q:
    """The user's subtree, the regions above it and the country: published statistics,
    read for comparison."""
    roots = monitoring_roots(user)
    if not roots:
        return Q(pk__in=[])
    above = {code for root in roots for code in region_lineage(root)} | {NATIONAL}
    return codes_scope_q(roots, field="region_code") | Q(region_code__in=above)


def indicator_region_visible(*, user: Any, code: str) -> bool:
    roots = monitoring_roots(user)
    above = {c for root in roots for c in region_lineage(root)} | {NATIONAL}
    return bool(roots) and (
        code in above or any(code == r or code.startswith(r + ".") for r in roots)
    )


@dataclass(frozen=True)
class IndicatorFilters:
    region: str = ""
    indicator: str = ""
    period: str = ""
    year: int | None = None


def indicator_value_list(
    *, user: Any, filters: IndicatorFilters | None = None
) -> QuerySet[IndicatorValue]:
    filters = filters or IndicatorFilters()
    rows = IndicatorValue.objects.filter(indicator_scope_q(user))
    if filters.region:
        rows = rows.filter(region_code=filters.region)
    if filters.indicator:
        rows = rows.filter(indicator=filters.indicator)
    if filters.period:
        rows = rows.filter(period=filters.period)
    if filters.year:
        rows = rows.filter(year=filters.year)
    return rows.order_by("region_code", "indicator", "year", "period", "id")


def period_label(year: int, period: str) -> str:
    short = PERIOD_SHORT.get(period, "")
    return f"{_(short)} {year}" if short else str(year)


@dataclass
class IndicatorTrend:
    indicator: str
    label: str
    unit: str
    decimals: int
    categories: list[str]
    series: list[Series]
    sources: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)

    @property
    def chart(self) -> SafeString:
        return line_chart(
            categories=self.categories,
            series=self.series,
            title=f"{self.label} ({self.unit})",
            decimals=self.decimals,
        )


def region_names(codes: set[str]) -> dict[str, str]:
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    names[NATIONAL] = str(_("Indonesia"))
    return names


def comparison_codes(region_code: str) -> list[str]:
    """The region, its province (for a regency) and the country, in that order."""
    codes = [region_code]
    if region_level(region_code) == 5:
        codes.append(region_code[:2])
    if region_code != NATIONAL:
        codes.append(NATIONAL)
    return codes


def indicator_trends(*, user: Any, region_code: str) -> list[IndicatorTrend]:
    """Per indicator with figures for the region: its series beside its province's and the
    country's where those rows exist, over the union of their periods (one query)."""
    if not indicator_region_visible(user=user, code=region_code):
        raise Http404
    codes = comparison_codes(region_code)
    names = region_names(set(codes))
    rows = list(
        IndicatorValue.objects.filter(region_code__in=codes).values(
            "region_code", "indicator", "year", "period", "value", "source", "method_version"
        )
    )
    trends = []
    for indicator, label in Indicator.choices:
        spec = SPECS[indicator]
        compared = [region_code] if spec.head_count else codes
        mine = [r for r in rows if r["indicator"] == indicator and r["region_code"] in compared]
        if not any(r["region_code"] == region_code for r in mine):
            continue
        keys = sorted(
            {(r["year"], r["period"]) for r in mine}, key=lambda k: (k[0], period_order(k[1]))
        )
        values = {(r["region_code"], r["year"], r["period"]): r["value"] for r in mine}
        series = [
            Series(names.get(code, code), [values.get((code, y, p)) for y, p in keys])
            for code in compared
            if any(r["region_code"] == code for r in mine)
        ]
        trends.append(
            IndicatorTrend(
                indicator=indicator,
                label=str(label),
                unit=spec.unit,
                decimals=spec.decimals,
                categories=[period_label(y, p) for y, p in keys],
                series=series,
                sources=sorted({r["source"] for r in mine}),
                methods=sorted({r["method_version"] for r in mine if r["method_version"]}),
            )
        )
    return trends


def indicator_regions(*, user: Any) -> list[tuple[str, str]]:
    """Regions the user may pick for trends: provinces and regencies of their subtree."""
    rows = Region.objects.filter(
        monitoring_scope_q(user, field="code"),
        level__in=[Region.Level.PROVINCE, Region.Level.REGENCY],
    ).order_by("code")[:600]
    return [(r.code, f"{r.code} {r.name}") for r in rows]


# ---------------------------------------------------------------------------- uploaded files


def indicator_batch_list(*, user: Any) -> QuerySet[IndicatorBatch]:
    return (
        IndicatorBatch.objects.filter(monitoring_scope_q(user, field="region__code"))
        .select_related("region", "uploaded_by", "committed_by", "job")
        .order_by("-uploaded_at", "-id")
    )


def indicator_batch_get_for_user(*, user: Any, batch_id: int) -> IndicatorBatch:
    try:
        return indicator_batch_list(user=user).get(pk=batch_id)
    except IndicatorBatch.DoesNotExist as exc:
        raise Http404 from exc


def indicator_batch_rows(
    *, batch: IndicatorBatch, outcome: str = ""
) -> QuerySet[IndicatorBatchRow]:
    rows = IndicatorBatchRow.objects.filter(batch=batch)
    if outcome:
        rows = rows.filter(outcome=outcome)
    return rows.order_by("row_number")


def indicator_batch_job_subject(*, user: Any, job: Job) -> JobSubject | None:
    batch_id = job.parameters.get("batch_id")
    if not isinstance(batch_id, int):
        return None
    try:
        batch = indicator_batch_get_for_user(user=user, batch_id=batch_id)
    except Http404:
        return None
    return JobSubject(
        label=_("Unggahan indikator #%(id)s (%(name)s)")
        % {"id": batch.pk, "name": batch.original_name},
        url=reverse("monitoring:indicator-batch-detail", args=[batch.pk]),
    )
