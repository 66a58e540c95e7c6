from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from tkpk.access import user_region_codes
from tkpk.models import Region
from tkpk.roles import Permission


class RunForm(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("Wilayah"))
    reference_date = forms.DateField(
        label=gettext_lazy("Tanggal acuan"),
        initial=date.today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = user_region_codes(user, permission=Permission.RUN_TARGETING)
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            (r.code, f"{r.code} {r.name}") for r in Region.objects.filter(code__in=codes)
        ]


class RunCompareForm(forms.Form):
    """Two finished runs of the user's regions; ``a`` is the earlier one by convention."""

    a = forms.TypedChoiceField(label=gettext_lazy("Analisis awal"), coerce=int)
    b = forms.TypedChoiceField(label=gettext_lazy("Dibanding dengan"), coerce=int)

    def __init__(self, *args: Any, runs: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [
            (
                run.pk,
                f"#{run.pk} · {run.region.name} · {date_format(run.reference_date, 'j F Y')}",
            )
            for run in runs
        ]
        for name in ("a", "b"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]
