"""The evaluation pages' filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

DIMENSION_CHOICES = [
    ("indicator", _("Indikator (sub kegiatan)")),
    ("activity", _("Kegiatan")),
    ("agency", _("Perangkat daerah")),
    ("cluster", _("Klaster")),
    ("source", _("Sumber dana")),
    ("location", _("Lokasi prioritas")),
]


class EvaluationFilterForm(forms.Form):
    wilayah = forms.ChoiceField(label=_("Wilayah"), required=False)
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    triwulan = forms.TypedChoiceField(
        label=_("Sampai triwulan"),
        choices=[(q, q) for q in range(1, 5)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    per = forms.ChoiceField(label=_("Menurut"), choices=DIMENSION_CHOICES, required=False)

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].choices = regions  # type: ignore[attr-defined]
