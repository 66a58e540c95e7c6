"""Field-visit pages: the list, recording a visit with photos, its detail with the
recommendations' follow-up, the photos."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monitoring.models import FieldVisit, Recommendation
from monitoring.plans.selectors import MANAGE, sub_activity_list
from monitoring.visits.forms import FollowUpForm, VisitForm
from monitoring.visits.selectors import (
    recommendation_get_for_user,
    visit_get_for_user,
    visit_list,
    visit_photo_get_for_user,
)
from monitoring.visits.services import VisitInput, recommendation_follow_up, visit_record
from programs.groups.photos import visit_photos_check
from tkpk.access import user_can_see_region, user_permissions
from tkpk.forms import errors_to_form
from tkpk.roles import Permission
from tkpk.services.audit import request_ip
from tkpk.views.decorators import AuthenticatedRequest, role_required

VISITS_SHOWN = 200


@role_required(Permission.VIEW_PROGRAMS)
def visit_list_view(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "monitoring/visits/list.html",
        {
            "visits": visit_list(user=request.user)[:VISITS_SHOWN],
            "can_manage": MANAGE in user_permissions(request.user),
        },
    )


@role_required(MANAGE)
def visit_create_view(request: AuthenticatedRequest) -> HttpResponse:
    subs = sub_activity_list(user=request.user, permission=MANAGE).order_by("plan_id", "code")[:500]
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        sub_activities=[(s.pk, f"{s.plan} · {s.code} {s.name}") for s in subs],
        initial={"visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            photos = visit_photos_check(
                (f.name or "foto", f) for f in request.FILES.getlist("photos")
            )
            visit = visit_record(
                user=request.user,
                data=VisitInput(
                    region_code=d["region"].strip(),
                    sub_activity_id=d["sub_activity"],
                    visited_on=d["visited_on"],
                    monitor_kind=d["monitor_kind"],
                    monitor_name=d["monitor_name"],
                    findings=d["findings"],
                    recommendations=d["recommendations"].splitlines(),
                ),
                photos=photos,
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Kunjungan pemantauan tercatat."))
            return redirect("visits:detail", visit_id=visit.pk)
    status = 400 if form.errors else 200
    return render(request, "monitoring/visits/form.html", {"form": form}, status=status)


def _detail(request: AuthenticatedRequest, visit: FieldVisit, status: int = 200) -> HttpResponse:
    return render(
        request,
        "monitoring/visits/detail.html",
        {
            "visit": visit,
            "photos": visit.photos.all(),
            "recommendations": visit.recommendations.select_related("updated_by"),
            "can_manage": user_can_see_region(request.user, visit.region_id, permission=MANAGE),
            "statuses": Recommendation.Status.choices,
        },
        status=status,
    )


@role_required(Permission.VIEW_PROGRAMS)
def visit_detail_view(request: AuthenticatedRequest, visit_id: int) -> HttpResponse:
    return _detail(request, visit_get_for_user(user=request.user, visit_id=visit_id))


@require_POST
@role_required(MANAGE)
def recommendation_update_view(
    request: AuthenticatedRequest, recommendation_id: int
) -> HttpResponse:
    recommendation = recommendation_get_for_user(
        user=request.user, recommendation_id=recommendation_id, permission=MANAGE
    )
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            recommendation_follow_up(
                user=request.user,
                recommendation=recommendation,
                status=form.cleaned_data["status"],
                follow_up=form.cleaned_data["follow_up"],
                ip=request_ip(request),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return _detail(request, recommendation.visit, status=400)
        messages.success(request, _("Tindak lanjut tersimpan."))
        return redirect("visits:detail", visit_id=recommendation.visit_id)
    messages.error(request, _("Pilih status tindak lanjut."))
    return _detail(request, recommendation.visit, status=400)


@role_required(Permission.VIEW_PROGRAMS)
def visit_photo_view(request: AuthenticatedRequest, photo_id: int) -> FileResponse:
    photo = visit_photo_get_for_user(user=request.user, photo_id=photo_id)
    response = FileResponse(
        (settings.PRIVATE_MEDIA_ROOT / photo.file_path).open("rb"),
        content_type=photo.content_type,
    )
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
