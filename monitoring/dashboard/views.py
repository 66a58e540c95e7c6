"""The leader's dashboard page."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from monitoring.dashboard.selectors import dashboard_region, dashboard_snapshot
from monitoring.scope import monitoring_roots
from monitoring.views import monitoring_required
from tkpk.charts import Series, bar_chart, stacked_bar_chart
from tkpk.models import Region
from tkpk.views.decorators import AuthenticatedRequest


def dashboard_charts(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot's charts as SVG, drawn by the one chart module (pages and PDFs)."""
    charts: dict[str, Any] = {}
    if snapshot["poverty_trend"] is not None:
        charts["poverty"] = snapshot["poverty_trend"].chart
    if snapshot["poor_count_trend"] is not None:
        charts["poor_count"] = snapshot["poor_count_trend"].chart
    areas = snapshot["deciles"]
    if areas:
        charts["deciles"] = stacked_bar_chart(
            categories=[a["name"] for a in areas],
            series=[
                *[
                    Series(_("Desil %(d)s") % {"d": d}, [a["deciles"][d - 1] for a in areas])
                    for d in (1, 2, 3, 4)
                ],
                Series(_("Desil 5–10"), [sum(a["deciles"][4:]) for a in areas]),
                Series(_("Tanpa desil"), [a["unknown"] for a in areas]),
            ],
            title=_("Rumah tangga menurut desil per wilayah"),
        )
    targeting = snapshot["targeting"]
    if targeting and targeting["programs"]:
        charts["coverage"] = bar_chart(
            bars=[(p["code"], p["coverage"]) for p in targeting["programs"]],
            title=_("Cakupan program (%)"),
            decimals=0,
        )
    return charts


@monitoring_required
def dashboard_view(request: AuthenticatedRequest) -> HttpResponse:
    region = dashboard_region(user=request.user, region_code=request.GET.get("wilayah", ""))
    snapshot = dashboard_snapshot(user=request.user, region=region)
    roots = Region.objects.filter(code__in=monitoring_roots(request.user)).order_by("code")
    return render(
        request,
        "monitoring/dashboard/dashboard.html",
        {"d": snapshot, "charts": dashboard_charts(snapshot), "roots": roots},
    )
