"""Forms of the indicator pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.models import Indicator, PeriodKind


class IndicatorValueForm(forms.Form):
    region = forms.CharField(label=_("Kode wilayah (00 untuk Indonesia)"), max_length=13)
    indicator = forms.ChoiceField(label=_("Indikator"), choices=Indicator.choices)
    year = forms.IntegerField(label=_("Tahun"), min_value=1990, max_value=2100)
    period = forms.ChoiceField(label=_("Periode"), choices=PeriodKind.choices)
    value = forms.CharField(
        label=_("Nilai"),
        max_length=40,
        help_text=_("Desimal dengan koma atau titik (9,85); rupiah boleh bertitik (512.345)."),
    )
    source = forms.CharField(label=_("Sumber"), max_length=200)
    method_version = forms.CharField(
        label=_("Versi metode"),
        max_length=100,
        required=False,
        help_text=_(
            "Untuk kemiskinan ekstrem: garis yang dipakai (US$1,90 PPP 2011 sampai 2023, "
            "US$2,15 PPP 2017 sejak 2025); kosong = bawaan tahun itu."
        ),
    )

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].widget = forms.TextInput(attrs={"list": "region-codes"})
        self.regions = regions


class IndicatorUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        help_text=_(
            "Kolom: kode_wilayah, indikator, tahun, periode, nilai, sumber, dan versi_metode "
            "bila ada. Satu baris untuk satu angka."
        ),
    )


class TrendRegionForm(forms.Form):
    wilayah = forms.ChoiceField(label=_("Wilayah"), required=False)

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wilayah"].choices = regions  # type: ignore[attr-defined]
