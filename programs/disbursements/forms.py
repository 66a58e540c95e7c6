from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tkpk.forms import DATE


class DisbursementPlanForm(forms.Form):
    region = forms.CharField(
        label=_("Kode wilayah"),
        max_length=13,
        help_text=_("Kabupaten/kota, kecamatan atau desa penerima, misalnya 35.05.01."),
    )
    stage = forms.CharField(label=_("Tahap"), max_length=60)
    planned_on = forms.DateField(label=_("Rencana tanggal"), widget=DATE)
    planned_amount = forms.IntegerField(label=_("Rencana nominal (Rp)"), min_value=1)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)


class DisbursementActualForm(forms.Form):
    actual_on = forms.DateField(label=_("Tanggal realisasi"), widget=DATE)
    actual_amount = forms.IntegerField(label=_("Nominal realisasi (Rp)"), min_value=1)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)
