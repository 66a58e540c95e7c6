from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from households.models import Household
from households.selectors import HouseholdFilters
from tkpk.apis.params import REGION_CODE

BOOL_CHOICES = [("", _("Semua")), ("ya", _("Ya")), ("tidak", _("Tidak"))]


class FlagCheckbox(forms.CheckboxInput):
    """Hands the field the word as sent (Django's checkbox turns any word into True)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name, False) if name in data else False


class FlagField(forms.BooleanField):
    """A checkbox filter. A browser sends "on"; an address typed by hand or an API call may
    say true/false, 1/0 or ya/tidak. Anything else is an error, not a silent "yes"."""

    widget = FlagCheckbox
    TRUE = frozenset({"on", "true", "1", "ya", "yes"})
    FALSE = frozenset({"", "off", "false", "0", "tidak", "no"})

    def to_python(self, value: object) -> bool:
        if isinstance(value, str):
            word = value.strip().lower()
            if word not in self.TRUE | self.FALSE:
                raise forms.ValidationError(_("Isi ya atau tidak."), code="invalid")
            return word in self.TRUE
        return super().to_python(value)


class HouseholdFilterForm(forms.Form):
    q = forms.CharField(label=_("NIK, No. KK atau nama"), required=False, max_length=100)
    wilayah = forms.CharField(
        label=_("Kode wilayah"), required=False, max_length=13, validators=[REGION_CODE]
    )
    desil_min = forms.IntegerField(label=_("Desil dari"), required=False, min_value=1, max_value=10)
    desil_max = forms.IntegerField(
        label=_("Desil sampai"), required=False, min_value=1, max_value=10
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *Household.Status.choices]
    )
    ekstrem = forms.ChoiceField(label=_("Miskin ekstrem"), required=False, choices=BOOL_CHOICES)
    rutilahu = FlagField(label=_("Rumah tidak layak (ALADIN)"), required=False)
    balita = FlagField(label=_("Ada anak 0–6"), required=False)
    usia_sekolah = FlagField(label=_("Ada usia sekolah 7–18"), required=False)
    lansia = FlagField(label=_("Ada lansia 60+"), required=False)
    disabilitas = FlagField(label=_("Ada penyandang disabilitas"), required=False)
    hamil = FlagField(label=_("Ada ibu hamil"), required=False)
    kriteria_bps = forms.IntegerField(
        label=_("Kriteria BPS paling sedikit"), required=False, min_value=0, max_value=14
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        low, high = data.get("desil_min"), data.get("desil_max")
        if low and high and low > high:
            raise forms.ValidationError(
                _("Desil awal harus lebih kecil atau sama dengan desil akhir.")
            )
        return data

    def filters(self) -> HouseholdFilters:
        if not self.is_bound or not self.is_valid():
            return HouseholdFilters()
        d = self.cleaned_data
        return HouseholdFilters(
            query=d["q"],
            region=d["wilayah"],
            decile_min=d["desil_min"],
            decile_max=d["desil_max"],
            status=d["status"],
            extreme_poor={"ya": True, "tidak": False}.get(d["ekstrem"]),
            unfit_housing=d["rutilahu"],
            with_children=d["balita"],
            with_school_age=d["usia_sekolah"],
            with_elderly=d["lansia"],
            with_disability=d["disabilitas"],
            with_pregnancy=d["hamil"],
            min_bps_criteria=d["kriteria_bps"],
        )


class BatchUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas batch (CSV atau XLSX)"),
        help_text=_("Gunakan templat batch. Maksimal 500 MB."),
    )


class MinutesForm(forms.Form):
    minutes = forms.FileField(
        label=_("Berita acara Musdes/Muskel yang ditandatangani (PDF, JPG atau PNG)")
    )
