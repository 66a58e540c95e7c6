"""Realisation pages: the list with late and missing reports flagged, the agency officer's
report form, the secretariat's review, corrections of accepted reports, evidence files."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monitoring.models import Report
from monitoring.plans.selectors import MANAGE
from monitoring.realisation import services
from monitoring.realisation.forms import DeadlineForm, ReportForm, ReviewForm, report_initial
from monitoring.realisation.selectors import (
    evidence_get_for_user,
    realisation_overdue,
    report_get_for_user,
    report_list,
    reportable_sub_activities,
)
from tkpk.access import region_scope_q, user_can_see_region, user_permissions
from tkpk.forms import errors_to_form
from tkpk.models import Region
from tkpk.roles import Permission
from tkpk.services.audit import request_ip
from tkpk.views.decorators import AuthenticatedRequest, role_required

REPORTS_SHOWN = 300


@role_required(Permission.VIEW_PROGRAMS)
def report_list_view(request: AuthenticatedRequest) -> HttpResponse:
    perms = user_permissions(request.user)
    return render(
        request,
        "monitoring/realisation/list.html",
        {
            "overdue": realisation_overdue(user=request.user),
            "can_manage": MANAGE in perms,
            "reports": report_list(user=request.user)[:REPORTS_SHOWN],
            "reportable": reportable_sub_activities(user=request.user).order_by("plan_id", "code")
            if Permission.REPORT_REALIZATION in perms
            else [],
        },
    )


def _sub_for_reporting(request: AuthenticatedRequest, sub_activity_id: int):  # type: ignore[no-untyped-def]
    sub = reportable_sub_activities(user=request.user).filter(pk=sub_activity_id).first()
    if sub is None or not services.user_may_report(user=request.user, sub_activity=sub):
        raise Http404
    return sub


@role_required(Permission.REPORT_REALIZATION)
def report_create_view(request: AuthenticatedRequest, sub_activity_id: int) -> HttpResponse:
    sub = _sub_for_reporting(request, sub_activity_id)
    form = ReportForm(request.POST or None, request.FILES or None, sub_activity=sub)
    if request.method == "POST" and form.is_valid():
        try:
            report, outcome = services.realisation_submit(
                user=request.user,
                sub_activity=sub,
                year=sub.plan.first_year,
                quarter=form.cleaned_data["quarter"],
                data=form.to_input(),
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if outcome == services.Outcome.UNCHANGED:
                messages.info(
                    request, _("Laporan ini sudah tercatat persis sama; tidak ada yang berubah.")
                )
            else:
                messages.success(request, _("Laporan realisasi terkirim ke sekretariat."))
            return redirect("realisation:detail", report_id=report.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "monitoring/realisation/form.html",
        {"form": form, "sub": sub, "report": None},
        status=status,
    )


@role_required(Permission.VIEW_PROGRAMS)
def report_detail_view(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, report_id=report_id)
    return _detail(request, report)


def _detail(
    request: AuthenticatedRequest, report: Report, review_form: ReviewForm | None = None
) -> HttpResponse:
    region = report.sub_activity.plan.region_id
    return render(
        request,
        "monitoring/realisation/detail.html",
        {
            "report": report,
            "spending": report.spending.all(),
            "evidence": report.evidence.all(),
            "corrections": report.corrections.select_related("made_by"),
            "can_review": user_can_see_region(request.user, region, permission=MANAGE)
            and report.status == Report.Status.SUBMITTED,
            "can_report": services.user_may_report(
                user=request.user, sub_activity=report.sub_activity
            ),
            "review_form": review_form or ReviewForm(),
        },
        status=400 if review_form is not None else 200,
    )


@require_POST
@role_required(MANAGE)
def report_review_view(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    report = report_get_for_user(user=request.user, report_id=report_id)
    if not user_can_see_region(request.user, report.sub_activity.plan.region_id, permission=MANAGE):
        raise Http404
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.realisation_review(
                user=request.user,
                report=report,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Keputusan atas laporan tersimpan."))
            return redirect("realisation:detail", report_id=report.pk)
    return _detail(request, report, review_form=form)


@role_required(Permission.REPORT_REALIZATION)
def report_edit_view(request: AuthenticatedRequest, report_id: int) -> HttpResponse:
    """Resubmit a returned or waiting report; an accepted one only as a correction with a
    reason."""
    report = report_get_for_user(user=request.user, report_id=report_id)
    sub = _sub_for_reporting(request, report.sub_activity_id)
    correction = report.status == Report.Status.ACCEPTED
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        sub_activity=sub,
        correction=correction,
        initial=report_initial(report),
    )
    if request.method == "POST" and form.is_valid():
        try:
            report, outcome = services.realisation_submit(
                user=request.user,
                sub_activity=sub,
                year=report.year,
                quarter=report.quarter,
                data=form.to_input(),
                correction_reason=form.cleaned_data.get("correction_reason", ""),
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if outcome == services.Outcome.UNCHANGED:
                messages.info(request, _("Tidak ada yang berubah."))
            else:
                messages.success(request, _("Laporan realisasi tersimpan."))
            return redirect("realisation:detail", report_id=report.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "monitoring/realisation/form.html",
        {"form": form, "sub": sub, "report": report, "correction": correction},
        status=status,
    )


@role_required(Permission.VIEW_PROGRAMS)
def evidence_view(request: AuthenticatedRequest, evidence_id: int) -> FileResponse:
    evidence = evidence_get_for_user(user=request.user, evidence_id=evidence_id)
    response = FileResponse(
        (settings.PRIVATE_MEDIA_ROOT / evidence.file_path).open("rb"),
        content_type=evidence.content_type,
    )
    response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(MANAGE)
def deadline_view(request: AuthenticatedRequest) -> HttpResponse:
    """The region's reporting deadline, in days after each quarter ends."""
    regions = list(
        Region.objects.filter(
            region_scope_q(request.user, field="code", permission=MANAGE),
            level__lte=Region.Level.REGENCY,
        ).order_by("code")[:100]
    )
    form = DeadlineForm(
        request.POST or None, regions=[(r.code, f"{r.code} {r.name}") for r in regions]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reporting_setting_set(
                user=request.user,
                region_code=form.cleaned_data["region"],
                days=form.cleaned_data["deadline_days"],
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Batas laporan tersimpan."))
            return redirect("realisation:deadline")
    current = [(r, services.deadline_days(region_code=r.code)) for r in regions]
    return render(
        request,
        "monitoring/realisation/deadline.html",
        {"form": form, "current": current},
        status=400 if form.errors else 200,
    )
