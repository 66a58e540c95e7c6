"""Indicator pages: trends per region beside its province and the country, the figures,
a figure typed in, and uploaded files with their preview and commit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monitoring.indicators import selectors as sel
from monitoring.indicators import services as svc
from monitoring.indicators.forms import IndicatorUploadForm, IndicatorValueForm, TrendRegionForm
from monitoring.models import IndicatorBatchRow
from monitoring.scope import MANAGE, monitoring_may_manage, monitoring_roots
from monitoring.views import monitoring_required
from tkpk.access import user_permissions
from tkpk.services.audit import request_ip
from tkpk.tabular.selectors import uploaded_batch_rows_page
from tkpk.views.decorators import AuthenticatedRequest, role_required

ROWS_PER_PAGE = 100


@monitoring_required
def indicator_list_view(request: AuthenticatedRequest) -> HttpResponse:
    regions = sel.indicator_regions(user=request.user)
    form = TrendRegionForm(request.GET or None, regions=regions)
    code = regions[0][0] if regions else ""
    if form.is_bound and form.is_valid() and form.cleaned_data["wilayah"]:
        code = form.cleaned_data["wilayah"]
    trends = sel.indicator_trends(user=request.user, region_code=code) if code else []
    names = sel.region_names(set(sel.comparison_codes(code))) if code else {}
    return render(
        request,
        "monitoring/indicators/list.html",
        {
            "form": form,
            "region_code": code,
            "region_name": names.get(code, code),
            "trends": trends,
            "values": sel.indicator_value_list(
                user=request.user,
                filters=sel.IndicatorFilters(),
            ).filter(region_code__in=sel.comparison_codes(code))[:300]
            if code
            else [],
            "names": names,
            "can_manage": MANAGE in user_permissions(request.user),
        },
    )


@role_required(MANAGE)
def indicator_create_view(request: AuthenticatedRequest) -> HttpResponse:
    regions = sel.indicator_regions(user=request.user)
    initial = {
        "region": monitoring_roots(request.user)[0] if monitoring_roots(request.user) else ""
    }
    form = IndicatorValueForm(request.POST or None, initial=initial, regions=regions)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            counts = svc.indicator_values_store(
                user=request.user,
                values=[
                    svc.ValueInput(
                        region_code=d["region"].strip(),
                        indicator=d["indicator"],
                        year=d["year"],
                        period=d["period"],
                        value=d["value"],
                        source=d["source"],
                        method_version=d["method_version"],
                    )
                ],
                ip=request_ip(request),
            )
        except svc.RowsRefused as exc:
            fields = {
                "kode_wilayah": "region",
                "indikator": "indicator",
                "tahun": "year",
                "periode": "period",
                "nilai": "value",
                "sumber": "source",
                "versi_metode": "method_version",
            }
            for problem in exc.problems:
                form.add_error(fields.get(problem["column"]), problem["message"])
        except PermissionDenied:
            form.add_error(None, _("Anda tidak berwenang mencatat indikator."))
        else:
            if counts["unchanged"]:
                messages.info(request, _("Nilai itu sudah tercatat; tidak ada yang berubah."))
            else:
                messages.success(request, _("Nilai indikator tersimpan."))
            return redirect(f"{request.path}")
    return render(
        request,
        "monitoring/indicators/value_form.html",
        {"form": form, "regions": regions},
        status=400 if form.errors else 200,
    )


@monitoring_required
def batch_list_view(request: AuthenticatedRequest) -> HttpResponse:
    can_manage = MANAGE in user_permissions(request.user)
    form = IndicatorUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = svc.indicator_batch_upload(
                    user=request.user, upload=upload, filename=upload.name
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                return redirect("monitoring:indicator-batch-detail", batch_id=batch.pk)
    return render(
        request,
        "monitoring/indicators/batch_list.html",
        {
            "batches": sel.indicator_batch_list(user=request.user)[:100],
            "form": form,
            "can_manage": can_manage,
        },
        status=400 if form.errors else 200,
    )


@monitoring_required
def batch_detail_view(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = sel.indicator_batch_get_for_user(user=request.user, batch_id=batch_id)
    outcomes = IndicatorBatchRow.Outcome.choices
    default = IndicatorBatchRow.Outcome.REJECTED if batch.rows_rejected else ""
    outcome = request.GET.get("hasil", default)
    if outcome and outcome not in dict(outcomes):
        outcome = default
    page = uploaded_batch_rows_page(
        rows=sel.indicator_batch_rows(batch=batch, outcome=outcome),
        after=request.GET.get("setelah"),
        size=ROWS_PER_PAGE,
    )
    file_errors, file_warnings = svc.indicator_batch_file_messages(batch=batch)
    validated = batch.state == batch.State.VALIDATED
    return render(
        request,
        "monitoring/indicators/batch_detail.html",
        {
            "batch": batch,
            "page": page,
            "outcome": outcome,
            "outcomes": outcomes,
            "file_errors": file_errors,
            "file_warnings": file_warnings,
            "commit_failed": batch.job.error_for_user
            if validated and batch.job and batch.job.kind == "indicator_batch_commit"
            else "",
            "can_commit": monitoring_may_manage(request.user, batch.region_id),
        },
    )


@require_POST
@role_required(MANAGE)
def batch_commit_view(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = sel.indicator_batch_get_for_user(user=request.user, batch_id=batch_id)
    try:
        job = svc.indicator_batch_commit_request(
            batch=batch, user=request.user, ip=request_ip(request)
        )
    except svc.IndicatorBatchError as exc:
        messages.error(request, str(exc))
        return redirect("monitoring:indicator-batch-detail", batch_id=batch.pk)
    except PermissionDenied:
        messages.error(request, _("Anda tidak berwenang mengesahkan unggahan di wilayah ini."))
        return redirect("monitoring:indicator-batch-detail", batch_id=batch.pk)
    return redirect("jobs:detail", job_id=job.pk)
