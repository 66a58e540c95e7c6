"""The public village page: no login (the address a village puts on its notice board)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from musrenbang.public import (
    public_village_get,
    public_village_proposals,
    public_village_years,
)


class YearForm(forms.Form):
    tahun = forms.IntegerField(
        label=_("Tahun RKPD"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("Tahun ditulis dengan angka, misalnya 2027.")},
    )


def public_village_view(request: HttpRequest, code: str) -> HttpResponse:
    village = public_village_get(code=code)
    years = list(public_village_years(village=village))
    form = YearForm(request.GET or None)
    chosen = years[0] if years else None
    status = 200
    if form.is_bound:
        if form.is_valid() and form.cleaned_data["tahun"]:
            chosen = next((y for y in years if y.year == form.cleaned_data["tahun"]), None)
        elif form.errors:
            status = 400
    return render(
        request,
        "musrenbang/public_village.html",
        {
            "village": village,
            "years": years,
            "chosen": chosen,
            "form": form,
            "proposals": (
                public_village_proposals(village=village, planning_year=chosen) if chosen else []
            ),
        },
        status=status,
    )
