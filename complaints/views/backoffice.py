"""The back office: the staff's list, recording a complaint, its page and the steps taken
on it, its attachments, and the figures for the LP2KD."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import exports, services
from complaints.forms import (
    ComplaintFilterForm,
    OfficeComplaintForm,
    StatisticsFilterForm,
    TransitionForm,
)
from complaints.models import Status
from complaints.selectors import (
    OFFICE_PERMISSIONS,
    STATISTICS_PERMISSIONS,
    ComplaintFilters,
    StatisticsFilters,
    agency_get,
    attachment_get_for_user,
    chain_selected,
    complaint_abilities,
    complaint_agency_choices,
    complaint_get_for_user,
    complaint_handler_without_agency,
    complaint_list,
    complaint_program_choices,
    complaint_statistics,
    complaint_suggested_agency,
    complaint_timeline,
    office_root_code,
    region_chain,
    statistics_region_visible,
)
from complaints.views.common import apply_errors, uploaded_files
from tkpk.access import user_permissions
from tkpk.roles import Permission
from tkpk.services.audit import request_ip
from tkpk.views.decorators import AuthenticatedRequest, role_required

PER_PAGE = 25


def any_permission(permissions: frozenset[str]) -> Callable[..., Any]:
    """Like ``role_required`` for a view open to any of several permissions."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @role_required()
        @wraps(view)
        def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not permissions & user_permissions(request.user):
                return render(request, "tkpk/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@any_permission(OFFICE_PERMISSIONS)
def complaint_list_view(request: AuthenticatedRequest) -> HttpResponse:
    form = ComplaintFilterForm(request.GET or None)
    filters = ComplaintFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = ComplaintFilters(
            query=d["q"], status=d["status"], category=d["category"], overdue=d["overdue"]
        )
    page = Paginator(complaint_list(user=request.user, filters=filters), PER_PAGE).get_page(
        request.GET.get("hal")
    )
    granted = user_permissions(request.user)
    querystring = request.GET.copy()
    querystring.pop("hal", None)
    return render(
        request,
        "complaints/office/list.html",
        {
            "form": form,
            "page": page,
            "querystring": querystring.urlencode(),
            "can_record": Permission.SUBMIT_COMPLAINTS in granted,
            "can_see_statistics": bool(STATISTICS_PERMISSIONS & granted),
            "handler_without_agency": complaint_handler_without_agency(user=request.user),
        },
    )


@role_required(Permission.SUBMIT_COMPLAINTS)
def complaint_create_view(request: AuthenticatedRequest) -> HttpResponse:
    root = office_root_code(user=request.user)
    form = OfficeComplaintForm(
        request.POST or None, programs=complaint_program_choices(region=root)
    )
    form.attachment_errors = form.village_errors = []  # type: ignore[attr-defined]
    village = request.POST.get("village", "") if request.method == "POST" else ""
    if len(root.split(".")) == 4:
        village = root
    selected = (
        chain_selected([*request.POST.getlist("wilayah"), village])
        if request.method == "POST"
        else ""
    )
    if request.method == "POST" and "_wilayah" not in request.POST and form.is_valid():
        try:
            complaint = services.complaint_file(
                data=form.to_input(village=village, channel=form.cleaned_data["channel"]),
                user=request.user,
                files=uploaded_files(request),
                ip=request_ip(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Pengaduan %(code)s dicatat.") % {"code": complaint.code})
            return redirect("complaints:detail", complaint_id=complaint.pk)
    return render(
        request,
        "complaints/office/new.html",
        {
            "form": form,
            "chain": region_chain(root=root, selected=selected),
            "chain_root": root,
            "fixed_village": village if len(root.split(".")) == 4 else "",
        },
        status=400 if request.method == "POST" and "_wilayah" not in request.POST else 200,
    )


@any_permission(OFFICE_PERMISSIONS)
def complaint_detail_view(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    complaint = complaint_get_for_user(user=request.user, complaint_id=complaint_id)
    return render(request, "complaints/office/detail.html", _detail_context(request, complaint))


def _detail_context(
    request: AuthenticatedRequest, complaint: Any, form: TransitionForm | None = None
) -> dict[str, Any]:
    user = request.user
    may = complaint_abilities(user=user, complaint=complaint)
    actions = [
        {"status": to, "label": Status(to).label}
        for (frm, to) in services.TRANSITIONS
        if frm == complaint.status
        and services.transition_allowed(complaint=complaint, user=user, to_status=to)
    ]
    suggested = complaint_suggested_agency(complaint=complaint) if may.manage else None
    return {
        "complaint": complaint,
        "events": complaint_timeline(complaint=complaint),
        "attachments": complaint.attachments.all(),
        "actions": actions,
        "agencies": complaint_agency_choices(complaint=complaint) if may.manage else [],
        "suggested_agency": suggested,
        "can_act": may.manage or may.handle,
        "can_link": may.link,
        "can_correct": may.correct,
        "can_reveal": may.reveal,
        "can_view_household": may.view_household,
        "transition_form": form,
        "overdue": complaint.is_overdue(timezone.now()),
    }


@require_POST
@any_permission(OFFICE_PERMISSIONS)
def complaint_transition_view(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    complaint = complaint_get_for_user(user=request.user, complaint_id=complaint_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih tindakan yang tersedia."))
        return redirect("complaints:detail", complaint_id=complaint.pk)
    d = form.cleaned_data
    agency = agency_get(agency_id=d["agency"])
    if d["to_status"] == complaint.status and d["to_status"] != Status.FORWARDED:
        return _act_on(
            request,
            complaint,
            lambda: services.complaint_reply(
                complaint=complaint, user=request.user, reply=d["reply"], note=d["note"]
            ),
            success=_("Balasan terkirim ke halaman pelacakan."),
        )
    return _act_on(
        request,
        complaint,
        lambda: services.complaint_transition(
            complaint=complaint,
            user=request.user,
            to_status=d["to_status"],
            note=d["note"],
            reply=d["reply"],
            agency=agency,
        ),
        success=_("Status pengaduan menjadi %(status)s.")
        % {"status": Status(d["to_status"]).label},
    )


def _act_on(
    request: AuthenticatedRequest, complaint: Any, action: Callable[[], object], *, success: str
) -> HttpResponse:
    """Run one back-office action on a complaint: its success or its reasons become messages
    on the complaint page; a step the user may not take answers 403."""
    try:
        action()
    except PermissionDenied:
        return render(request, "tkpk/forbidden.html", status=403)
    except ValidationError as exc:
        for problem in exc.messages:
            messages.error(request, problem)
    else:
        messages.success(request, success)
    return redirect("complaints:detail", complaint_id=complaint.pk)


@require_POST
@any_permission(OFFICE_PERMISSIONS)
def complaint_household_view(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    complaint = complaint_get_for_user(user=request.user, complaint_id=complaint_id)
    return _act_on(
        request,
        complaint,
        lambda: services.complaint_household_link(
            complaint=complaint,
            user=request.user,
            identifier=request.POST.get("nomor", ""),
            ip=request_ip(request),
        ),
        success=_("Pengaduan dihubungkan ke rumah tangga di registri."),
    )


@require_POST
@any_permission(OFFICE_PERMISSIONS)
def complaint_correction_view(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    complaint = complaint_get_for_user(user=request.user, complaint_id=complaint_id)
    return _act_on(
        request,
        complaint,
        lambda: services.complaint_correction_open(
            complaint=complaint, user=request.user, ip=request_ip(request)
        ),
        success=_("Draf koreksi registri dibuat; operator desa melihatnya di daftar koreksi."),
    )


@require_POST
@any_permission(OFFICE_PERMISSIONS)
def complaint_nik_view(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    complaint = complaint_get_for_user(user=request.user, complaint_id=complaint_id)
    try:
        nik = services.complaint_nik_reveal(
            complaint=complaint, user=request.user, ip=request_ip(request)
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    return render(request, "complaints/office/_nik.html", {"nik": nik})


@any_permission(OFFICE_PERMISSIONS)
def attachment_view(request: AuthenticatedRequest, attachment_id: int) -> FileResponse:
    attachment = attachment_get_for_user(user=request.user, attachment_id=attachment_id)
    root = settings.PRIVATE_MEDIA_ROOT.resolve()
    path = (settings.PRIVATE_MEDIA_ROOT / attachment.path).resolve()
    if not path.is_relative_to(root) or not path.exists():
        raise Http404
    inline = attachment.content_type.startswith("image/")
    response = FileResponse(
        path.open("rb"),
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _statistics_filters(
    request: AuthenticatedRequest,
) -> tuple[StatisticsFilterForm, StatisticsFilters]:
    form = StatisticsFilterForm(request.GET or None)
    filters = StatisticsFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        region = d["wilayah"].strip()
        if region and not statistics_region_visible(user=request.user, region=region):
            form.add_error(
                "wilayah", _("Wilayah %(code)s di luar wilayah Anda.") % {"code": region}
            )
        else:
            filters = StatisticsFilters(date_from=d["dari"], date_to=d["sampai"], region=region)
    return form, filters


@any_permission(STATISTICS_PERMISSIONS)
def statistics_view(request: AuthenticatedRequest) -> HttpResponse:
    form, filters = _statistics_filters(request)
    return render(
        request,
        "complaints/office/statistics.html",
        {
            "form": form,
            "stats": complaint_statistics(user=request.user, filters=filters),
            "querystring": request.GET.urlencode(),
        },
    )


@any_permission(STATISTICS_PERMISSIONS)
def statistics_export_view(request: AuthenticatedRequest) -> HttpResponse:
    _form, filters = _statistics_filters(request)
    content = exports.statistics_xlsx(user=request.user, filters=filters)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="statistik-pengaduan.xlsx"'
    return response
