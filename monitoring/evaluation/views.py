"""Evaluation pages: target against realisation by a chosen dimension, and the funding-source
view (planned against realised per cluster and source)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from monitoring.evaluation.forms import EvaluationFilterForm
from monitoring.evaluation.selectors import (
    ABSORPTION_GAP_FROM_QUARTER,
    ABSORPTION_GAP_PERCENT,
    absorption_gap,
    evaluation_rows,
    evaluation_total,
    funding_by_cluster,
)
from monitoring.models import Plan
from tkpk.access import region_scope_q, user_region_codes
from tkpk.models import Region
from tkpk.roles import Permission
from tkpk.views.decorators import AuthenticatedRequest, role_required

READ = Permission.VIEW_PROGRAMS
ROWS_PER_PAGE = 200


def _filters(request: AuthenticatedRequest) -> tuple[EvaluationFilterForm, dict[str, Any]]:
    roots = user_region_codes(request.user, permission=READ)
    regions = [
        (r.code, f"{r.code} {r.name}")
        for r in Region.objects.filter(code__in=roots).order_by("code")
    ]
    form = EvaluationFilterForm(request.GET or None, regions=regions)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    region = data.get("wilayah") or (roots[0] if roots else "")
    latest = (
        Plan.objects.filter(
            region_scope_q(request.user, field="region__code", permission=READ),
            kind=Plan.Kind.RAT,
        )
        .order_by("-first_year")
        .values_list("first_year", flat=True)
        .first()
    )
    return form, {
        "region": region,
        "year": data.get("tahun") or latest or timezone.localdate().year,
        "quarter": data.get("triwulan") or 4,
        "by": data.get("per") or "agency",
    }


@role_required(READ)
def evaluation_view(request: AuthenticatedRequest) -> HttpResponse:
    form, f = _filters(request)
    rows = evaluation_rows(
        user=request.user, region=f["region"], year=f["year"], quarter=f["quarter"], by=f["by"]
    )
    # A regency's RAT holds thousands of sub-activities: the page shows them a few hundred
    # at a time, under totals of them all.
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("hal"))
    flagged = [
        (row, absorption_gap(planned=row.planned, realised=row.realised, quarter=f["quarter"]))
        for row in page.object_list
    ]
    return render(
        request,
        "monitoring/evaluation/evaluation.html",
        {
            "form": form,
            "f": f,
            "rows": flagged,
            "page": page,
            "total": evaluation_total(rows, by=f["by"]),
            "gap_percent": ABSORPTION_GAP_PERCENT,
            "gap_quarter": ABSORPTION_GAP_FROM_QUARTER,
        },
    )


@role_required(READ)
def funding_view(request: AuthenticatedRequest) -> HttpResponse:
    form, f = _filters(request)
    table = funding_by_cluster(
        user=request.user, region=f["region"], year=f["year"], quarter=f["quarter"]
    )
    return render(
        request, "monitoring/evaluation/funding.html", {"form": form, "f": f, "table": table}
    )
