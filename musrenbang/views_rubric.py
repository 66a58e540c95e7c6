"""The scoring rubric page of a planning year: read by everyone in Musrenbang, edited by
its managers until scoring starts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from musrenbang import selectors as sel
from musrenbang.forms import CriterionFormSet, RubricForm
from musrenbang.services.common import MANAGE
from musrenbang.services.rubric import CriterionInput, rubric_scoring_started, rubric_update
from musrenbang.views import musrenbang_required
from tkpk.views.decorators import AuthenticatedRequest


def _initial(rubric: Any) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "name": c.name,
            "weight": c.weight,
            "automatic": c.automatic,
            **{f"d{i}": d for i, d in enumerate(c.descriptors, start=1)},
        }
        for c in rubric.criteria.all()
    ]


@musrenbang_required
def rubric_view(request: AuthenticatedRequest, year_id: int) -> HttpResponse:
    year = sel.planning_year_get_for_user(user=request.user, planning_year_id=year_id)
    rubric = year.rubric
    can_edit = sel.musrenbang_may_write(request.user, year.region_id, permission=MANAGE)
    scores = rubric_scoring_started(planning_year=year)
    if request.method == "POST" and not can_edit:
        raise Http404
    form = RubricForm(request.POST or None, initial={"name": rubric.name})
    formset = CriterionFormSet(request.POST or None, initial=_initial(rubric), prefix="k")
    errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        criteria = [
            CriterionInput(
                code=(f.cleaned_data.get("code") or "").strip(),
                name=f.cleaned_data.get("name") or "",
                weight=f.cleaned_data.get("weight") or 0,
                automatic=f.cleaned_data.get("automatic") or "",
                descriptors=[f.cleaned_data.get(f"d{i}") or "" for i in range(1, 6)],
            )
            for f in formset.forms
            if f.cleaned_data and not f.is_blank()
        ]
        try:
            rubric_update(
                user=request.user,
                planning_year=year,
                name=form.cleaned_data["name"],
                criteria=criteria,
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Rubrik penilaian tersimpan."))
            return redirect("musrenbang:rubric", year_id=year.pk)
    elif request.method == "POST":
        errors = [_("Periksa isian rubrik.")]
    return render(
        request,
        "musrenbang/rubric.html",
        {
            "year": year,
            "rubric": rubric,
            "criteria": list(rubric.criteria.all()),
            "form": form,
            "formset": formset,
            "errors": errors,
            "can_edit": can_edit and not scores,
            "scores": scores,
        },
        status=400 if errors else 200,
    )
