from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import exports, services
from complaints.forms import (
    ComplaintFilterForm,
    ComplaintForm,
    OfficeComplaintForm,
    StatisticsFilterForm,
    TransitionForm,
)
from complaints.models import REGISTRY_CATEGORIES, Attachment, Status
from complaints.ratelimit import rate_limit_exceeded
from complaints.selectors import (
    OFFICE_PERMISSIONS,
    STATISTICS_PERMISSIONS,
    ComplaintFilters,
    StatisticsFilters,
    chain_selected,
    complaint_agency_choices,
    complaint_can_handle,
    complaint_can_manage,
    complaint_get_for_user,
    complaint_get_public,
    complaint_list,
    complaint_program_choices,
    complaint_public_timeline,
    complaint_statistics,
    complaint_suggested_agency,
    complaint_timeline,
    public_root_code,
    region_chain,
)
from households.selectors import household_may_open
from tkpk.access import user_can_see_region, user_permissions, user_region_codes
from tkpk.models import Agency
from tkpk.roles import Permission
from tkpk.services.audit import request_ip
from tkpk.views.decorators import AuthenticatedRequest, role_required

PER_PAGE = 25
# Inputs drawn outside the Django form (the village picker, the file input) carry their
# errors in their own lists.
OWN_ERROR_LISTS = {"attachments": "attachment_errors", "village": "village_errors"}


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


def _files(request: HttpRequest) -> list[services.UploadedFile]:
    # Each file is read at most one byte past the limit: a huge upload is refused, not kept.
    from complaints.attachments import MAX_BYTES

    return [
        services.UploadedFile(name=f.name or "", content=f.read(MAX_BYTES + 1))
        for f in request.FILES.getlist("lampiran")
        if f.name
    ]


def _apply_errors(form: Any, exc: ValidationError) -> None:
    for field, problems in exc.message_dict.items():
        target = field if field in form.fields else None
        if field in OWN_ERROR_LISTS:
            setattr(form, OWN_ERROR_LISTS[field], problems)
            continue
        for problem in problems:
            form.add_error(target, problem)


# The public side -------------------------------------------------------------------------


def complaint_public_form_view(request: HttpRequest) -> HttpResponse:
    root = public_root_code()
    data = request.POST if request.method == "POST" else None
    form = ComplaintForm(data, programs=complaint_program_choices(region=root))
    form.attachment_errors = form.village_errors = []  # type: ignore[attr-defined]
    status = 200
    if request.method == "POST":
        selected = chain_selected(
            [*request.POST.getlist("wilayah"), request.POST.get("village", "")]
        )
    else:
        selected = request.GET.get("desa", "").strip()
    if request.method == "POST" and "_wilayah" not in request.POST:
        if rate_limit_exceeded(
            scope="complaint-form",
            ident=request_ip(request) or "-",
            rate=settings.COMPLAINTS_SUBMIT_RATE,
        ):
            form.add_error(
                None,
                _(
                    "Terlalu banyak pengaduan dari alamat jaringan ini. Coba lagi nanti, atau "
                    "sampaikan pengaduan langsung ke kantor desa/kelurahan."
                ),
            )
            status = 429
        elif form.is_valid():
            if form.cleaned_data["website"]:
                form.add_error(
                    None, _("Pengaduan tidak dapat diterima. Muat ulang halaman lalu coba lagi.")
                )
                status = 400
            else:
                try:
                    complaint = services.complaint_file(
                        data=form.to_input(village=request.POST.get("village", "")),
                        files=_files(request),
                        ip=request_ip(request),
                    )
                except ValidationError as exc:
                    _apply_errors(form, exc)
                    status = 400
                else:
                    messages.success(
                        request,
                        _("Pengaduan Anda diterima. Simpan kode pelacakan %(code)s.")
                        % {"code": complaint.code},
                    )
                    return redirect("complaints:status", code=complaint.code)
        else:
            status = 400
    return render(
        request,
        "complaints/public/form.html",
        {
            "form": form,
            "chain": region_chain(root=root, selected=selected),
            "chain_root": root,
        },
        status=status,
    )


def region_chain_view(request: HttpRequest) -> HttpResponse:
    """The village picker's selects, refilled when a level changes (public region data)."""
    root = request.GET.get("akar", "").strip()
    if root and not _is_region_code(root):
        raise Http404
    public = public_root_code()
    if public and not (root == public or root.startswith(public + ".")):
        root = public
    selected = chain_selected([*request.GET.getlist("wilayah"), request.GET.get("village", "")])
    return render(
        request,
        "complaints/_region_chain.html",
        {"chain": region_chain(root=root, selected=selected), "chain_root": root},
    )


def _is_region_code(code: str) -> bool:
    return all(part.isdigit() for part in code.split(".")) and len(code) <= 13


def complaint_track_view(request: HttpRequest) -> HttpResponse:
    code = services.code_normalise(request.GET.get("kode", ""))
    if not code:
        return redirect(reverse("complaints:form") + "#lacak")
    return redirect("complaints:status", code=code)


def complaint_status_view(request: HttpRequest, code: str) -> HttpResponse:
    if rate_limit_exceeded(
        scope="complaint-lookup",
        ident=request_ip(request) or "-",
        rate=settings.COMPLAINTS_LOOKUP_RATE,
    ):
        return render(request, "complaints/public/too_many.html", status=429)
    normalised = services.code_normalise(code)
    try:
        complaint = complaint_get_public(code=normalised)
    except Http404:
        return render(
            request, "complaints/public/unknown_code.html", {"code": normalised}, status=404
        )
    return render(
        request,
        "complaints/public/status.html",
        {"complaint": complaint, "steps": complaint_public_timeline(complaint=complaint)},
    )


# The back office ---------------------------------------------------------------------------


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
            "handler_without_agency": Permission.HANDLE_COMPLAINTS in granted
            and not any(a.agency_id for a in _assignments(request)),
        },
    )


def _assignments(request: AuthenticatedRequest) -> list[Any]:
    from tkpk.access import user_assignments

    return user_assignments(request.user)


@role_required(Permission.SUBMIT_COMPLAINTS)
def complaint_create_view(request: AuthenticatedRequest) -> HttpResponse:
    root = user_region_codes(request.user, permission=Permission.SUBMIT_COMPLAINTS)[0]
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
                files=_files(request),
                ip=request_ip(request),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
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
    manage = complaint_can_manage(user=user, complaint=complaint)
    handle = complaint_can_handle(user=user, complaint=complaint)
    actions = [
        {"status": to, "label": Status(to).label}
        for (frm, to) in services.TRANSITIONS
        if frm == complaint.status
        and services.transition_allowed(complaint=complaint, user=user, to_status=to)
    ]
    suggested = complaint_suggested_agency(complaint=complaint) if manage else None
    return {
        "complaint": complaint,
        "events": complaint_timeline(complaint=complaint),
        "attachments": complaint.attachments.all(),
        "actions": actions,
        "agencies": complaint_agency_choices(complaint=complaint) if manage else [],
        "suggested_agency": suggested,
        "can_act": manage or handle,
        "can_link": (manage or handle)
        and user_can_see_region(user, complaint.village_id, permission=Permission.VIEW_REGISTRY),
        "can_correct": (manage or handle) and complaint.category in REGISTRY_CATEGORIES,
        "can_reveal": bool(complaint.nik)
        and user_can_see_region(user, complaint.village_id, permission=Permission.VIEW_FULL_NIK),
        "can_view_household": complaint.household is not None
        and household_may_open(user=user, village_code=complaint.household.village_id),
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
    agency = None
    if d["agency"]:
        agency = Agency.objects.filter(pk=d["agency"]).first()
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
    try:
        attachment = Attachment.objects.get(pk=attachment_id)
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc
    complaint_get_for_user(user=request.user, complaint_id=attachment.complaint_id)
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
        if region and not any(
            user_can_see_region(request.user, region, permission=p) for p in STATISTICS_PERMISSIONS
        ):
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
