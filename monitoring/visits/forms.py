"""Forms of the field-visit pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.models import FieldVisit, Recommendation
from programs.groups.forms import MultipleFileField, MultipleFileInput
from tkpk.forms import DATE

BLANK = [("", "—")]


class VisitForm(forms.Form):
    region = forms.CharField(label=_("Lokasi (kode desa, kecamatan atau kabupaten)"), max_length=13)
    sub_activity = forms.TypedChoiceField(
        label=_("Sub kegiatan yang dipantau (boleh kosong)"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    visited_on = forms.DateField(label=_("Tanggal kunjungan"), widget=DATE)
    monitor_kind = forms.ChoiceField(label=_("Pemantau"), choices=FieldVisit.Monitor.choices)
    monitor_name = forms.CharField(label=_("Nama pemantau/lembaga"), max_length=200)
    findings = forms.CharField(label=_("Temuan"), widget=forms.Textarea(attrs={"rows": 4}))
    recommendations = forms.CharField(
        label=_("Rekomendasi (satu per baris)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = MultipleFileField(
        label=_("Foto"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPG, PNG atau WebP, paling besar 8 MB per foto, paling banyak 10."),
    )

    def __init__(self, *args: Any, sub_activities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub_activity"].choices = BLANK + sub_activities  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Recommendation.Status.choices)
    follow_up = forms.CharField(
        label=_("Tindak lanjut"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
