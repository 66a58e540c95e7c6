"""Pages of the TKPK's composition, rakor and follow-ups: thin views over the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monitoring.coordination import selectors as sel
from monitoring.coordination import services as svc
from monitoring.coordination.forms import (
    AttendeeForm,
    DecisionsForm,
    DecreeForm,
    FollowUpFilterForm,
    FollowUpForm,
    FollowUpStatusForm,
    MeetingForm,
    MemberForm,
    member_initial,
)
from monitoring.models import FollowUp, Meeting, TkpkDecree
from monitoring.scope import MANAGE, monitoring_may_manage
from monitoring.views import errors_to_form, monitoring_required
from tkpk.access import user_permissions
from tkpk.roles import Permission
from tkpk.views.decorators import AuthenticatedRequest, role_required

# ---------------------------------------------------------------------------- the TKPK


@monitoring_required
def decree_list_view(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "monitoring/coordination/decree_list.html",
        {
            "decrees": sel.decree_list(user=request.user),
            "today": timezone.localdate(),
            "can_manage": MANAGE in user_permissions(request.user),
        },
    )


@role_required(MANAGE)
def decree_create_view(request: AuthenticatedRequest) -> HttpResponse:
    form = DecreeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            decree = svc.decree_create(
                user=request.user,
                data=svc.DecreeInput(
                    region_code=d["region"],
                    sk_number=d["sk_number"],
                    sk_date=d["sk_date"],
                    term_start=d["term_start"],
                    term_end=d["term_end"],
                    note=d["note"],
                ),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("SK TKPK tersimpan; isi susunan keanggotaannya."))
            return redirect("monitoring:decree-detail", decree_id=decree.pk)
    return render(
        request,
        "monitoring/coordination/decree_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _decree_page(
    request: AuthenticatedRequest, decree: TkpkDecree, form: MemberForm | None = None
) -> HttpResponse:
    can_manage = monitoring_may_manage(request.user, decree.region_id)
    return render(
        request,
        "monitoring/coordination/decree_detail.html",
        {
            "decree": decree,
            "seats": sel.decree_composition(decree=decree),
            "missing": sel.decree_missing_seats(decree=decree),
            "today": timezone.localdate(),
            "can_manage": can_manage,
            "form": form or MemberForm(region_code=decree.region_id),
        },
        status=400 if form is not None and form.errors else 200,
    )


@monitoring_required
def decree_detail_view(request: AuthenticatedRequest, decree_id: int) -> HttpResponse:
    return _decree_page(request, sel.decree_get_for_user(user=request.user, decree_id=decree_id))


@require_POST
@role_required(MANAGE)
def member_add_view(request: AuthenticatedRequest, decree_id: int) -> HttpResponse:
    decree = sel.decree_get_for_user(user=request.user, decree_id=decree_id)
    form = MemberForm(request.POST, region_code=decree.region_id)
    if form.is_valid():
        try:
            svc.member_add(user=request.user, decree=decree, data=_member_input(form))
        except ValidationError as exc:
            errors_to_form(form, exc, {"agency_id": "agency"})
        else:
            messages.success(request, _("Anggota ditambahkan."))
            return redirect("monitoring:decree-detail", decree_id=decree.pk)
    if not form.errors:
        form.add_error(None, _("Periksa isian."))
    return _decree_page(request, decree, form)


def _member_input(form: MemberForm) -> svc.MemberInput:
    d = form.cleaned_data
    return svc.MemberInput(
        position=d["position"],
        name=d["name"],
        title=d["title"],
        element=d["element"],
        institution=d["institution"],
        agency_id=d["agency"],
        group=d["group"],
    )


@role_required(MANAGE)
def member_edit_view(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    member = sel.member_get_for_user(user=request.user, member_id=member_id)
    decree = member.decree
    if not monitoring_may_manage(request.user, decree.region_id):
        raise Http404
    form = MemberForm(
        request.POST or None, region_code=decree.region_id, initial=member_initial(member)
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.member_update(user=request.user, member=member, data=_member_input(form))
        except ValidationError as exc:
            errors_to_form(form, exc, {"agency_id": "agency"})
        else:
            messages.success(request, _("Data anggota diperbarui."))
            return redirect("monitoring:decree-detail", decree_id=decree.pk)
    return render(
        request,
        "monitoring/coordination/member_form.html",
        {"form": form, "member": member, "decree": decree},
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------------------- rakor


@monitoring_required
def meeting_list_view(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "monitoring/coordination/meeting_list.html",
        {
            "meetings": sel.meeting_list(user=request.user),
            "can_manage": MANAGE in user_permissions(request.user),
        },
    )


@role_required(MANAGE)
def meeting_create_view(request: AuthenticatedRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting = svc.meeting_create(
                user=request.user,
                data=svc.MeetingInput(
                    region_code=d["region"],
                    title=d["title"],
                    held_on=d["held_on"],
                    place=d["place"],
                    chair=d["chair"],
                    agenda=d["agenda"],
                    decisions=d["decisions"],
                ),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Rapat koordinasi tersimpan."))
            return redirect("monitoring:meeting-detail", meeting_id=meeting.pk)
    return render(
        request,
        "monitoring/coordination/meeting_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _meeting_page(
    request: AuthenticatedRequest,
    meeting: Meeting,
    *,
    attendee_form: AttendeeForm | None = None,
    follow_up_form: FollowUpForm | None = None,
    decisions_form: DecisionsForm | None = None,
) -> HttpResponse:
    region = meeting.region_id
    today = timezone.localdate()
    follow_ups = list(sel.meeting_follow_ups(meeting=meeting))
    attendees = list(sel.meeting_attendees(meeting=meeting))
    failed = any(
        f is not None and f.errors for f in (attendee_form, follow_up_form, decisions_form)
    )
    return render(
        request,
        "monitoring/coordination/meeting_detail.html",
        {
            "meeting": meeting,
            "attendees": attendees,
            "women": sum(1 for a in attendees if a.sex == "P"),
            "follow_ups": follow_ups,
            "overdue": sum(1 for f in follow_ups if f.is_overdue(today)),
            "today": today,
            "can_manage": monitoring_may_manage(request.user, region),
            "attendee_form": attendee_form or AttendeeForm(region_code=region),
            "follow_up_form": follow_up_form or FollowUpForm(region_code=region),
            "decisions_form": decisions_form
            or DecisionsForm(initial={"decisions": meeting.decisions}),
        },
        status=400 if failed else 200,
    )


@monitoring_required
def meeting_detail_view(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    return _meeting_page(
        request, sel.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    )


@require_POST
@role_required(MANAGE)
def attendee_add_view(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    meeting = sel.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    form = AttendeeForm(request.POST, region_code=meeting.region_id)
    if form.is_valid():
        d = form.cleaned_data
        try:
            svc.attendees_add(
                user=request.user,
                meeting=meeting,
                attendees=[
                    svc.AttendeeInput(
                        name=d["name"],
                        sex=d["sex"],
                        institution=d["institution"],
                        agency_id=d["agency"],
                    )
                ],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Peserta ditambahkan ke daftar hadir."))
            return redirect("monitoring:meeting-detail", meeting_id=meeting.pk)
    return _meeting_page(request, meeting, attendee_form=form)


@require_POST
@role_required(MANAGE)
def decisions_set_view(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    meeting = sel.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    form = DecisionsForm(request.POST)
    if form.is_valid():
        try:
            svc.meeting_decisions_set(
                user=request.user, meeting=meeting, decisions=form.cleaned_data["decisions"]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Keputusan rapat tersimpan."))
            return redirect("monitoring:meeting-detail", meeting_id=meeting.pk)
    return _meeting_page(request, meeting, decisions_form=form)


def _follow_up_input(form: FollowUpForm) -> svc.FollowUpInput:
    d = form.cleaned_data
    return svc.FollowUpInput(
        action=d["action"],
        owner_id=d["owner"],
        due_on=d["due_on"],
        status=d["status"],
        note=d["note"],
    )


@require_POST
@role_required(MANAGE)
def follow_up_add_view(request: AuthenticatedRequest, meeting_id: int) -> HttpResponse:
    meeting = sel.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    form = FollowUpForm(request.POST, region_code=meeting.region_id)
    if form.is_valid():
        try:
            svc.follow_up_add(user=request.user, meeting=meeting, data=_follow_up_input(form))
        except ValidationError as exc:
            errors_to_form(form, exc, {"owner_id": "owner"})
        else:
            messages.success(request, _("Tindak lanjut ditambahkan."))
            return redirect("monitoring:meeting-detail", meeting_id=meeting.pk)
    return _meeting_page(request, meeting, follow_up_form=form)


# ---------------------------------------------------------------------------- follow-ups


@monitoring_required
def follow_up_list_view(request: AuthenticatedRequest) -> HttpResponse:
    form = FollowUpFilterForm(request.GET or None)
    filters = sel.FollowUpFilters()
    if form.is_bound and form.is_valid():
        filters = sel.FollowUpFilters(
            overdue=form.cleaned_data["terlambat"], status=form.cleaned_data["status"]
        )
    return render(
        request,
        "monitoring/coordination/follow_up_list.html",
        {
            "form": form,
            "follow_ups": sel.follow_up_list(user=request.user, filters=filters)[:500],
            "today": timezone.localdate(),
        },
    )


def _follow_up_page(
    request: AuthenticatedRequest,
    follow_up: FollowUp,
    *,
    form: FollowUpForm | None = None,
    status_form: FollowUpStatusForm | None = None,
) -> HttpResponse:
    region = follow_up.meeting.region_id
    can_manage = monitoring_may_manage(request.user, region)
    # The owner agency's officer updates the status; the secretariat edits everything.
    owner_may_update = (
        not can_manage and sel.owned_follow_ups(user=request.user).filter(pk=follow_up.pk).exists()
    )
    initial: dict[str, Any] = {
        "action": follow_up.action,
        "owner": follow_up.owner_id,
        "due_on": follow_up.due_on,
        "status": follow_up.status,
        "note": follow_up.note,
    }
    failed = any(f is not None and f.errors for f in (form, status_form))
    return render(
        request,
        "monitoring/coordination/follow_up_form.html",
        {
            "follow_up": follow_up,
            "form": form or FollowUpForm(initial=initial, region_code=region),
            "status_form": status_form
            or FollowUpStatusForm(initial={"status": follow_up.status, "note": follow_up.note}),
            "can_manage": can_manage,
            "owner_may_update": owner_may_update,
            "overdue": follow_up.is_overdue(timezone.localdate()),
        },
        status=400 if failed else 200,
    )


@monitoring_required
def follow_up_edit_view(request: AuthenticatedRequest, follow_up_id: int) -> HttpResponse:
    follow_up: FollowUp = sel.follow_up_get_for_user(user=request.user, follow_up_id=follow_up_id)
    if request.method != "POST":
        return _follow_up_page(request, follow_up)
    if not monitoring_may_manage(request.user, follow_up.meeting.region_id):
        return render(request, "tkpk/forbidden.html", status=403)
    form = FollowUpForm(request.POST, region_code=follow_up.meeting.region_id)
    if form.is_valid():
        try:
            svc.follow_up_update(
                user=request.user, follow_up=follow_up, data=_follow_up_input(form)
            )
        except ValidationError as exc:
            errors_to_form(form, exc, {"owner_id": "owner"})
        else:
            messages.success(request, _("Tindak lanjut diperbarui."))
            return redirect("monitoring:meeting-detail", meeting_id=follow_up.meeting_id)
    return _follow_up_page(request, follow_up, form=form)


@require_POST
@role_required(Permission.REPORT_REALIZATION)
def follow_up_status_view(request: AuthenticatedRequest, follow_up_id: int) -> HttpResponse:
    """The owner agency's officer sets the status of a follow-up (and a note)."""
    follow_up = sel.owned_follow_up_get_for_user(user=request.user, follow_up_id=follow_up_id)
    form = FollowUpStatusForm(request.POST)
    if form.is_valid():
        try:
            svc.follow_up_status_set(
                user=request.user,
                follow_up=follow_up,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Status tindak lanjut diperbarui."))
            return redirect("monitoring:follow-up-edit", follow_up_id=follow_up.pk)
    return _follow_up_page(request, follow_up, status_form=form)
