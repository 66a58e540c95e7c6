"""Group pages: list with arrears and evidence flags, detail, members, repayments, visits."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.groups.forms import (
    GroupCreateForm,
    GroupFilterForm,
    GroupForm,
    MembersForm,
    PaymentForm,
    VisitForm,
)
from programs.groups.photos import visit_photos_check
from programs.groups.schedule import months_after
from programs.groups.selectors import (
    VISIT_INTERVAL_MONTHS,
    GroupFilters,
    group_flags,
    group_get_for_user,
    group_list,
    group_member_get_for_user,
    group_members,
    group_repayment_summary,
    group_repayments,
    group_visits,
    no_evidence_q,
    reused_photo_ids,
    visit_photo_get_for_user,
)
from programs.groups.services import (
    GroupInput,
    group_create,
    group_member_remove,
    group_members_add,
    group_payment_record,
    group_update,
    group_visit_record,
    nik_lines,
)
from programs.models import Group
from tkpk.access import user_can_see_region, user_permissions
from tkpk.forms import errors_to_form
from tkpk.roles import Permission
from tkpk.services.audit import request_ip
from tkpk.views.decorators import AuthenticatedRequest, role_required

GROUPS_PER_PAGE = 50


@role_required(Permission.VIEW_PROGRAMS)
def group_list_view(request: AuthenticatedRequest) -> HttpResponse:
    form = GroupFilterForm(request.GET or None)
    filters = GroupFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = GroupFilters(
            program=d["program"].strip().upper(),
            region=d["wilayah"].strip(),
            flag=d["tanda"],
            query=d["q"],
        )
    today = timezone.localdate()
    groups = group_list(user=request.user, filters=filters, today=today)
    page = Paginator(groups, GROUPS_PER_PAGE).get_page(request.GET.get("hal"))
    everything = group_list(user=request.user, today=today)
    return render(
        request,
        "programs/groups/list.html",
        {
            "form": form,
            "page": page,
            "rows": [(g, group_flags(g, today=today)) for g in page],
            "arrears_count": everything.filter(Q(arrears_amount__gt=0)).count(),
            "no_evidence_count": everything.filter(
                no_evidence_q(cutoff=months_after(today, -VISIT_INTERVAL_MONTHS))
            ).count(),
            "can_manage": Permission.MANAGE_GROUPS in _perms(request),
        },
    )


def _perms(request: AuthenticatedRequest) -> set[str]:
    return user_permissions(request.user)


def _group_input(form: GroupForm) -> GroupInput:
    d = form.cleaned_data
    return GroupInput(
        program=d["program"],
        village_code=d["village"],
        name=d["name"],
        business=d["business"],
        stimulus_amount=d["stimulus_amount"],
        loan_amount=d["loan_amount"],
        disbursed_on=d["disbursed_on"],
        grace_months=d["grace_months"],
        instalments=d["instalments"],
    )


@role_required(Permission.MANAGE_GROUPS)
def group_create_view(request: AuthenticatedRequest) -> HttpResponse:
    form = GroupCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            group = group_create(
                user=request.user,
                data=_group_input(form),
                niks=nik_lines(form.cleaned_data["niks"]),
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Kelompok tersimpan."))
            return redirect("groups:detail", group_id=group.pk)
    return render(request, "programs/groups/form.html", {"form": form, "group": None})


@role_required(Permission.MANAGE_GROUPS)
def group_edit_view(request: AuthenticatedRequest, group_id: int) -> HttpResponse:
    group = group_get_for_user(
        user=request.user, group_id=group_id, permission=Permission.MANAGE_GROUPS
    )
    initial = {
        "program": group.program_id,
        "village": group.village_id,
        "name": group.name,
        "business": group.business,
        "stimulus_amount": group.stimulus_amount,
        "loan_amount": group.loan_amount,
        "disbursed_on": group.disbursed_on,
        "grace_months": group.grace_months,
        "instalments": group.instalments,
    }
    form = GroupForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            group_update(
                user=request.user, group=group, data=_group_input(form), ip=request_ip(request)
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Kelompok tersimpan."))
            return redirect("groups:detail", group_id=group.pk)
    return render(request, "programs/groups/form.html", {"form": form, "group": group})


def _detail(
    request: AuthenticatedRequest,
    group: Group,
    *,
    members_form: MembersForm | None = None,
    payment_form: PaymentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    can_manage = user_can_see_region(
        request.user, group.village_id, permission=Permission.MANAGE_GROUPS
    )
    return render(
        request,
        "programs/groups/detail.html",
        {
            "group": group,
            "flags": group_flags(group, today=today),
            "members": group_members(group=group),
            "repayments": group_repayments(group=group, today=today),
            "summary": group_repayment_summary(group=group, today=today),
            "payments": group.payments.select_related("recorded_by").order_by("-paid_on", "-id"),
            "visits": group_visits(group=group),
            "reused": reused_photo_ids(group=group),
            "can_manage": can_manage,
            "members_form": members_form or MembersForm(),
            "payment_form": payment_form or PaymentForm(initial={"paid_on": today}),
        },
        status=status,
    )


@role_required(Permission.VIEW_PROGRAMS)
def group_detail_view(request: AuthenticatedRequest, group_id: int) -> HttpResponse:
    return _detail(request, group_get_for_user(user=request.user, group_id=group_id))


@require_POST
@role_required(Permission.MANAGE_GROUPS)
def group_members_add_view(request: AuthenticatedRequest, group_id: int) -> HttpResponse:
    group = group_get_for_user(
        user=request.user, group_id=group_id, permission=Permission.MANAGE_GROUPS
    )
    form = MembersForm(request.POST)
    if form.is_valid():
        try:
            added = group_members_add(
                user=request.user,
                group=group,
                niks=nik_lines(form.cleaned_data["niks"]),
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("%(n)s anggota ditambahkan.") % {"n": len(added)})
            return redirect("groups:detail", group_id=group.pk)
    return _detail(request, group, members_form=form, status=400)


@require_POST
@role_required(Permission.MANAGE_GROUPS)
def group_member_remove_view(
    request: AuthenticatedRequest, group_id: int, member_id: int
) -> HttpResponse:
    group = group_get_for_user(
        user=request.user, group_id=group_id, permission=Permission.MANAGE_GROUPS
    )
    member = group_member_get_for_user(user=request.user, group=group, member_id=member_id)
    group_member_remove(user=request.user, member=member, ip=request_ip(request))
    messages.success(request, _("Anggota dikeluarkan dari kelompok."))
    return redirect("groups:detail", group_id=group.pk)


@require_POST
@role_required(Permission.MANAGE_GROUPS)
def group_payment_view(request: AuthenticatedRequest, group_id: int) -> HttpResponse:
    group = group_get_for_user(
        user=request.user, group_id=group_id, permission=Permission.MANAGE_GROUPS
    )
    form = PaymentForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            group_payment_record(
                user=request.user,
                group=group,
                paid_on=d["paid_on"],
                amount=d["amount"],
                note=d["note"],
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Pembayaran angsuran tercatat."))
            return redirect("groups:detail", group_id=group.pk)
    return _detail(request, group, payment_form=form, status=400)


@role_required(Permission.MANAGE_GROUPS)
def group_visit_view(request: AuthenticatedRequest, group_id: int) -> HttpResponse:
    group = group_get_for_user(
        user=request.user, group_id=group_id, permission=Permission.MANAGE_GROUPS
    )
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        initial={"visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            photos = visit_photos_check(
                (f.name or "foto", f) for f in request.FILES.getlist("photos")
            )
            group_visit_record(
                user=request.user,
                group=group,
                visited_on=d["visited_on"],
                notes=d["notes"],
                business_running=d["business_running"],
                photos=photos,
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Kunjungan tercatat."))
            return redirect("groups:detail", group_id=group.pk)
    status = 400 if form.errors else 200
    return render(
        request, "programs/groups/visit.html", {"form": form, "group": group}, status=status
    )


@role_required(Permission.VIEW_PROGRAMS)
def group_photo_view(request: AuthenticatedRequest, photo_id: int) -> FileResponse:
    photo = visit_photo_get_for_user(user=request.user, photo_id=photo_id)
    response = FileResponse(
        (settings.PRIVATE_MEDIA_ROOT / photo.file_path).open("rb"),
        content_type=photo.content_type,
    )
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
