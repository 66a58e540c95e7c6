"""Catalogue pages and the criteria builder."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from programs import services
from programs.criteria import FIELDS, criteria_describe, criteria_validate
from programs.criteria_form import (
    GROUPS,
    builder_from_criteria,
    builder_from_post,
    criteria_from_builder,
)
from programs.forms import ProgramCreateForm, ProgramForm
from programs.models import Program
from programs.selectors import (
    eligibility_count,
    program_criteria,
    program_get_for_user,
    program_list,
    program_unit,
)
from tkpk.access import user_region_codes
from tkpk.paging import id_from_text
from tkpk.roles import Permission
from tkpk.selectors.regions import user_root_regions
from tkpk.views.decorators import AuthenticatedRequest, role_required


@role_required(Permission.VIEW_PROGRAMS)
def program_list_view(request: AuthenticatedRequest) -> HttpResponse:
    programs = program_list(user=request.user)
    may_add = bool(user_region_codes(request.user, permission=Permission.MANAGE_PROGRAMS))
    return render(request, "programs/list.html", {"programs": programs, "may_add": may_add})


@role_required(Permission.VIEW_PROGRAMS)
def program_detail_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    program = program_get_for_user(user=request.user, code=code)
    criteria = program_criteria(program)
    return render(
        request,
        "programs/detail.html",
        {
            "program": program,
            "criteria_lines": criteria_describe(criteria) if criteria else [],
            "components": program.components.all(),
            "periods": program.periods.all(),
            "can_manage": services.program_can_manage(user=request.user, program=program),
        },
    )


@role_required(Permission.MANAGE_PROGRAMS)
def program_create_view(request: AuthenticatedRequest) -> HttpResponse:
    """A regional program: it may extend, complement or top up a national one."""
    regions = list(user_root_regions(user=request.user, permission=Permission.MANAGE_PROGRAMS))
    form = ProgramCreateForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            program = services.program_create(
                user=request.user,
                code=data["code"],
                owner_region=next(r for r in regions if r.code == data["owner_region"]),
                values=data,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Program %(code)s ditambahkan; atur kriterianya.") % {"code": program.code},
            )
            return redirect("programs:criteria", code=program.code)
    return render(request, "programs/edit.html", {"program": None, "form": form})


@role_required(Permission.MANAGE_PROGRAMS)
def program_edit_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    program = program_get_for_user(user=request.user, code=code)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        amounts = {
            component: value
            for key, value in request.POST.items()
            if key.startswith("komponen-")
            and (component := id_from_text(key.removeprefix("komponen-"))) is not None
        }
        try:
            with transaction.atomic():
                services.program_update(
                    user=request.user, program=program, values=form.cleaned_data
                )
                services.program_components_update(
                    user=request.user, program=program, amounts=amounts
                )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Program disimpan."))
            return redirect("programs:detail", code=program.code)
    program.refresh_from_db()
    return render(
        request,
        "programs/edit.html",
        {"program": program, "form": form, "components": program.components.all()},
    )


@role_required(Permission.MANAGE_PROGRAMS)
def program_criteria_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """The builder. Any change re-renders it with a live count (htmx); "Simpan" stores it."""
    program = program_get_for_user(user=request.user, code=code)
    if request.method == "POST":
        builder = builder_from_post(request.POST)
        if request.POST.get("add"):
            builder.with_blank_rows()
    else:
        builder = builder_from_criteria(program.criteria).with_blank_rows()
    data = criteria_from_builder(builder)
    problems: list[str] = []
    count = None
    known = set(Program.objects.values_list("code", flat=True))
    try:
        criteria = criteria_validate(data, known_programs=known)
    except ValidationError as exc:
        problems = exc.messages
    else:
        count = eligibility_count(
            criteria=criteria, unit=program_unit(program), day=date.today(), user=request.user
        )
        if request.method == "POST" and request.POST.get("save"):
            try:
                services.program_criteria_save(user=request.user, program=program, data=data)
            except ValidationError as exc:
                problems = exc.messages
            else:
                messages.success(request, _("Kriteria %(code)s disimpan.") % {"code": program.code})
                return redirect("programs:detail", code=program.code)
    if not any(row.field == "" for row in builder.rows):
        builder.with_blank_rows()
    context = {
        "program": program,
        "builder": builder,
        "fields": FIELDS.values(),
        "groups": GROUPS,
        "problems": problems,
        "count": count,
        "unit": program_unit(program),
        "programs": Program.objects.exclude(pk=program.pk).order_by("code"),
    }
    partial = request.headers.get("HX-Request") == "true"
    template = "programs/_criteria_form.html" if partial else "programs/criteria.html"
    return render(request, template, context)
