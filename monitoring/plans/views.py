"""Plan pages: the list, an RPKD or RAT with its tree, adding priorities, programs,
activities and sub-activities, building a RAT, picking priority locations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monitoring.models import Activity
from monitoring.plans import services
from monitoring.plans.forms import (
    ActivityForm,
    LocationPickForm,
    PlanForm,
    PriorityForm,
    ProgramForm,
    RatForm,
    SubActivityForm,
    sub_activity_initial,
)
from monitoring.plans.selectors import (
    MANAGE,
    location_suggestions,
    plan_get_for_user,
    plan_list,
    plan_may_manage,
    plan_tree,
    sub_activity_get_for_user,
)
from tkpk.access import region_scope_q, user_permissions
from tkpk.forms import errors_to_form
from tkpk.models import Region
from tkpk.roles import Permission
from tkpk.services.audit import request_ip
from tkpk.views.decorators import AuthenticatedRequest, role_required


@role_required(Permission.VIEW_PROGRAMS)
def plan_list_view(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "monitoring/plans/list.html",
        {
            "plans": plan_list(user=request.user).order_by("region_id", "-first_year", "kind"),
            "can_manage": MANAGE in user_permissions(request.user),
        },
    )


def _manage_regions(request: AuthenticatedRequest) -> list[tuple[str, str]]:
    rows = Region.objects.filter(
        region_scope_q(request.user, field="code", permission=MANAGE),
        level__lte=Region.Level.REGENCY,
    ).order_by("code")[:100]
    return [(r.code, f"{r.code} {r.name}") for r in rows]


@role_required(MANAGE)
def plan_create_view(request: AuthenticatedRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, regions=_manage_regions(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            plan = services.plan_create(
                user=request.user,
                region_code=d["region"],
                first_year=d["first_year"],
                title=d["title"],
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("RPKD tersimpan."))
            return redirect("plans:detail", plan_id=plan.pk)
    status = 400 if form.errors else 200
    return render(request, "monitoring/plans/form.html", {"form": form}, status=status)


def _detail(request: AuthenticatedRequest, plan_id: int, **forms: object) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    can_manage = plan_may_manage(user=request.user, plan=plan)
    context = {
        "plan": plan,
        "tree": plan_tree(plan=plan),
        "can_manage": can_manage,
        "priority_form": PriorityForm(),
        "program_form": ProgramForm(plan=plan),
        "activity_form": ActivityForm(plan=plan),
        "rat_form": RatForm(initial={"year": plan.first_year + 1}),
        "action_plans": plan.action_plans.all(),
    }
    context.update(forms)
    status = 400 if forms else 200
    return render(request, "monitoring/plans/detail.html", context, status=status)


@role_required(Permission.VIEW_PROGRAMS)
def plan_detail_view(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    return _detail(request, plan_id)


@require_POST
@role_required(MANAGE)
def priority_add_view(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id, permission=MANAGE)
    form = PriorityForm(request.POST)
    if form.is_valid():
        try:
            services.priority_add(
                user=request.user, plan=plan, ip=request_ip(request), **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Prioritas tersimpan."))
            return redirect("plans:detail", plan_id=plan.pk)
    return _detail(request, plan.pk, priority_form=form)


@require_POST
@role_required(MANAGE)
def program_add_view(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id, permission=MANAGE)
    form = ProgramForm(request.POST, plan=plan)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.plan_program_add(
                user=request.user,
                priority=plan.priorities.get(pk=d["priority"]),
                code=d["code"],
                name=d["name"],
                catalogue_code=d["catalogue_code"],
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Program tersimpan."))
            return redirect("plans:detail", plan_id=plan.pk)
    return _detail(request, plan.pk, program_form=form)


@require_POST
@role_required(MANAGE)
def activity_add_view(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id, permission=MANAGE)
    form = ActivityForm(request.POST, plan=plan)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.activity_add(
                user=request.user,
                program=plan.programs.get(pk=d["program"]),
                code=d["code"],
                name=d["name"],
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Kegiatan tersimpan."))
            return redirect("plans:detail", plan_id=plan.pk)
    return _detail(request, plan.pk, activity_form=form)


@require_POST
@role_required(MANAGE)
def rat_create_view(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id, permission=MANAGE)
    form = RatForm(request.POST)
    if form.is_valid():
        try:
            rat = services.rat_create(
                user=request.user, rpkd=plan, year=form.cleaned_data["year"], ip=request_ip(request)
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("RAT dibuat dari RPKD."))
            return redirect("plans:detail", plan_id=rat.pk)
    return _detail(request, plan.pk, rat_form=form)


def _sub_activity_form(
    request: AuthenticatedRequest, *, activity: Activity, sub_activity_id: int | None
) -> HttpResponse:
    plan = activity.program.plan
    sub = (
        sub_activity_get_for_user(
            user=request.user, sub_activity_id=sub_activity_id, permission=MANAGE
        )
        if sub_activity_id is not None
        else None
    )
    initial = sub_activity_initial(sub) if sub is not None else {}
    form = SubActivityForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sub_activity_save(
                user=request.user,
                activity=activity,
                sub_activity=sub,
                data=form.to_input(),
                ip=request_ip(request),
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Sub kegiatan tersimpan."))
            return redirect("plans:detail", plan_id=plan.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "monitoring/plans/sub_activity_form.html",
        {"form": form, "plan": plan, "activity": activity, "sub": sub},
        status=status,
    )


@role_required(MANAGE)
def sub_activity_create_view(request: AuthenticatedRequest, activity_id: int) -> HttpResponse:
    activity = (
        Activity.objects.filter(
            region_scope_q(request.user, field="program__plan__region__code", permission=MANAGE),
            pk=activity_id,
        )
        .select_related("program__plan__region")
        .first()
    )
    if activity is None:
        raise Http404
    return _sub_activity_form(request, activity=activity, sub_activity_id=None)


@role_required(MANAGE)
def sub_activity_edit_view(request: AuthenticatedRequest, sub_activity_id: int) -> HttpResponse:
    sub = sub_activity_get_for_user(
        user=request.user, sub_activity_id=sub_activity_id, permission=MANAGE
    )
    return _sub_activity_form(request, activity=sub.activity, sub_activity_id=sub.pk)


@role_required(MANAGE)
def location_suggest_view(request: AuthenticatedRequest, plan_id: int) -> HttpResponse:
    """The registry's ranked villages; the secretariat ticks some and adds them to a
    sub-activity's priority locations."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id, permission=MANAGE)
    rows = location_suggestions(plan=plan)
    villages = [(r.code, r.code) for r in rows]
    form = LocationPickForm(request.POST or None, plan=plan, villages=villages)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        sub = plan.sub_activities.filter(pk=d["sub_activity"]).first()
        try:
            if sub is None:
                raise ValidationError({"sub_activity": [_("Sub kegiatan tidak ditemukan.")]})
            added = services.locations_add(
                user=request.user, sub_activity=sub, codes=d["codes"], ip=request_ip(request)
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("%(n)s lokasi prioritas ditambahkan.") % {"n": added})
            return redirect("plans:detail", plan_id=plan.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "monitoring/plans/locations.html",
        {"plan": plan, "rows": rows, "form": form},
        status=status,
    )
