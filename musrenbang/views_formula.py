"""The ceiling formula page of a planning year: base, pool, weights and the typed
indicators per district, with the registry's figures beside them; applying it sets every
district's ceiling with its inputs kept."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from musrenbang import selectors as sel
from musrenbang.forms import CeilingFormulaForm
from musrenbang.models import DistrictCeiling
from musrenbang.services.common import MANAGE, rupiah_parse
from musrenbang.services.formula import (
    INDICATORS,
    TYPED,
    FormulaInput,
    ceiling_formula_apply,
    formula_registry_inputs,
)
from musrenbang.views import musrenbang_required
from tkpk.models import Region
from tkpk.views.decorators import AuthenticatedRequest


@musrenbang_required
def ceiling_formula_view(request: AuthenticatedRequest, year_id: int) -> HttpResponse:
    year = sel.planning_year_get_for_user(user=request.user, planning_year_id=year_id)
    if not sel.musrenbang_may_write(request.user, year.region_id, permission=MANAGE):
        raise Http404
    registry = formula_registry_inputs(planning_year=year)
    ceilings = {c.district_id: c for c in DistrictCeiling.objects.filter(planning_year=year)}
    last: dict[str, Any] = next(
        (c.formula_inputs for c in ceilings.values() if "weights" in c.formula_inputs), {}
    )
    initial = {
        "pool": last.get("pool", ""),
        "base": last.get("base", ""),
        "other_label": last.get("other_label", ""),
        **{f"w_{k}": v for k, v in last.get("weights", {}).items()},
    }
    form = CeilingFormulaForm(request.POST or None, initial=initial)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        typed = {code: {k: request.POST.get(f"{k}-{code}", "") for k in TYPED} for code in registry}
        try:
            data = FormulaInput(
                pool=rupiah_parse(d["pool"]),
                base=rupiah_parse(d["base"]) if d["base"].strip() not in ("", "0") else 0,
                weights={k: d[f"w_{k}"] or 0 for k in INDICATORS},
                typed=typed,
                other_label=d["other_label"],
            )
            ceiling_formula_apply(user=request.user, planning_year=year, data=data)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Pagu indikatif semua kecamatan dihitung dari rumus."))
            return redirect("musrenbang:ceiling-formula", year_id=year.pk)
    elif request.method == "POST":
        errors = [_("Periksa isian rumus.")]
    names = dict(Region.objects.filter(code__in=registry).values_list("code", "name"))
    rows = []
    for code, known in registry.items():
        ceiling = ceilings.get(code)
        kept = ceiling.formula_inputs.get("inputs", {}) if ceiling else {}
        rows.append(
            {
                "code": code,
                "name": names[code],
                "known": known,
                "typed": {k: request.POST.get(f"{k}-{code}", kept.get(k, "")) for k in TYPED},
                "ceiling": ceiling,
            }
        )
    return render(
        request,
        "musrenbang/ceiling_formula.html",
        {"year": year, "form": form, "rows": rows, "errors": errors, "typed": TYPED},
        status=400 if errors else 200,
    )
