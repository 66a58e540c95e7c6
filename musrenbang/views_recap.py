"""The regency recap of a planning year: the page, and table T-D.4 as XLSX or CSV."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from musrenbang import selectors as sel
from musrenbang.recap import recap_csv, recap_xlsx, regency_recap
from musrenbang.views import musrenbang_required
from tkpk.models import AuditAction
from tkpk.services.audit import audit_record, request_ip
from tkpk.views.decorators import AuthenticatedRequest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@musrenbang_required
def recap_view(request: AuthenticatedRequest, year_id: int) -> HttpResponse:
    year = sel.planning_year_get_for_user(user=request.user, planning_year_id=year_id)
    return render(
        request,
        "musrenbang/recap.html",
        {"year": year, "recap": regency_recap(user=request.user, planning_year=year)},
    )


@musrenbang_required
def recap_download_view(request: AuthenticatedRequest, year_id: int, fmt: str) -> HttpResponse:
    year = sel.planning_year_get_for_user(user=request.user, planning_year_id=year_id)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    recap = regency_recap(user=request.user, planning_year=year)
    if fmt == "xlsx":
        response = HttpResponse(recap_xlsx(recap=recap), content_type=XLSX)
    else:
        response = HttpResponse(recap_csv(recap=recap), content_type="text/csv; charset=utf-8")
    name = f"T-D.4-RKPD-{year.year}-{year.region_id}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    audit_record(
        actor=request.user,
        action=AuditAction.MUSRENBANG_RECAP_EXPORTED,
        target=year,
        region_code=year.region_id,
        ip=request_ip(request),
        detail={"format": fmt, "rows": len(recap["td4"])},
    )
    return response
