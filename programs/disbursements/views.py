"""Disbursement pages: every period with its flags, one page per period, realisation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.disbursements.forms import DisbursementActualForm, DisbursementPlanForm
from programs.disbursements.selectors import (
    disbursement_flags,
    disbursement_get_for_user,
    disbursement_list,
    disbursement_period_get_for_user,
    disbursement_periods,
    disbursement_state,
    user_can_report_actual,
)
from programs.disbursements.services import disbursement_actual_record, disbursement_plan
from programs.models import ProgramPeriod
from tkpk.access import user_permissions, user_region_codes
from tkpk.forms import errors_to_form
from tkpk.roles import Permission
from tkpk.services.audit import request_ip
from tkpk.views.decorators import AuthenticatedRequest, role_required


@role_required(Permission.VIEW_PROGRAMS)
def disbursement_list_view(request: AuthenticatedRequest) -> HttpResponse:
    periods = Paginator(disbursement_periods(user=request.user), 50).get_page(
        request.GET.get("hal")
    )
    return render(
        request,
        "programs/disbursements/list.html",
        {
            "page": periods,
            "disbursement_flags": disbursement_flags(user=request.user),
        },
    )


def _period_page(
    request: AuthenticatedRequest,
    period: ProgramPeriod,
    *,
    plan_form: DisbursementPlanForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    granted = user_permissions(request.user)
    rows = [
        (d, disbursement_state(d, today=today), user_can_report_actual(request.user, d))
        for d in disbursement_list(user=request.user, period=period, today=today)
    ]
    roots = user_region_codes(request.user, permission=Permission.MANAGE_PROGRAMS)
    return render(
        request,
        "programs/disbursements/period.html",
        {
            "period": period,
            "rows": rows,
            "disbursement_flags": disbursement_flags(user=request.user, period=period, today=today),
            "can_plan": Permission.MANAGE_PROGRAMS in granted,
            "plan_form": plan_form
            or DisbursementPlanForm(initial={"region": roots[0] if roots else ""}),
            "actual_form": DisbursementActualForm(initial={"actual_on": today}),
        },
        status=status,
    )


@role_required(Permission.VIEW_PROGRAMS)
def disbursement_period_view(request: AuthenticatedRequest, period_id: int) -> HttpResponse:
    period = disbursement_period_get_for_user(user=request.user, period_id=period_id)
    if request.method != "POST":
        return _period_page(request, period)
    if Permission.MANAGE_PROGRAMS not in user_permissions(request.user):
        return render(request, "tkpk/forbidden.html", status=403)
    form = DisbursementPlanForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            disbursement_plan(
                user=request.user,
                period=period,
                region_code=d["region"].strip(),
                stage=d["stage"],
                planned_on=d["planned_on"],
                planned_amount=d["planned_amount"],
                note=d["note"],
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Jadwal penyaluran tersimpan."))
            return redirect("disbursements:period", period_id=period.pk)
    return _period_page(request, period, plan_form=form, status=400)


@require_POST
@role_required(Permission.REPORT_REALIZATION)
def disbursement_actual_view(request: AuthenticatedRequest, disbursement_id: int) -> HttpResponse:
    disbursement = disbursement_get_for_user(user=request.user, disbursement_id=disbursement_id)
    if not user_can_report_actual(request.user, disbursement):
        raise Http404
    form = DisbursementActualForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            disbursement_actual_record(
                user=request.user,
                disbursement=disbursement,
                actual_on=d["actual_on"],
                actual_amount=d["actual_amount"],
                note=d["note"],
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
    if form.errors:
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(
            request,
            _("Realisasi %(stage)s tidak tersimpan: %(problems)s")
            % {"stage": disbursement.stage, "problems": " ".join(problems)},
        )
    else:
        messages.success(request, _("Realisasi penyaluran tersimpan."))
    return redirect("disbursements:period", period_id=disbursement.period_id)
