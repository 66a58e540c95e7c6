from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Program, ProgramPeriod, Recipient
from programs.recipients.selectors import RecipientFilters, period_list


class _PeriodChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.starts_on:%d/%m/%Y} – {obj.ends_on:%d/%m/%Y})"


class RecipientFilterForm(forms.Form):
    periode = _PeriodChoice(
        label=_("Periode"), queryset=ProgramPeriod.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Semua")), *Recipient.Status.choices], required=False
    )
    wilayah = forms.RegexField(
        label=_("Kode wilayah (desa, kecamatan)"),
        regex=r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$",
        required=False,
        error_messages={"invalid": _("Tulis kode wilayah seperti 35.05.01.2001.")},
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["periode"].queryset = period_list(program=program)  # type: ignore[attr-defined]

    def filters(self) -> RecipientFilters:
        if not self.is_bound or not self.is_valid():
            return RecipientFilters()
        data = self.cleaned_data
        return RecipientFilters(
            period=data.get("periode"),
            status=data.get("status", ""),
            region=data.get("wilayah", ""),
        )


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=Recipient.Status.choices)
    reason = forms.CharField(label=_("Alasan"), max_length=300)


class EnrolForm(forms.Form):
    period = _PeriodChoice(label=_("Periode"), queryset=ProgramPeriod.objects.none())
    nik = forms.CharField(label=_("NIK"), max_length=16, required=False)
    kk = forms.CharField(label=_("No. KK"), max_length=16, required=False)
    name = forms.CharField(label=_("Nama"), max_length=100, required=False)
    village_code = forms.CharField(
        label=_("Kode desa/kelurahan"),
        max_length=13,
        required=False,
        help_text=_("Wajib bila penerima belum ada di registri."),
    )
    amount = forms.IntegerField(label=_("Nominal (Rp)"), min_value=0, required=False)

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = period_list(program=program)  # type: ignore[attr-defined]


class ListUploadForm(forms.Form):
    period = _PeriodChoice(label=_("Periode"), queryset=ProgramPeriod.objects.none())
    file = forms.FileField(
        label=_("Berkas daftar penerima (CSV atau XLSX)"),
        help_text=_("Kolom: nik atau no_kk, lalu nama, kode_desa, nominal bila ada."),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = period_list(program=program)  # type: ignore[attr-defined]


class PeriodForm(forms.Form):
    name = forms.CharField(label=_("Nama periode"), max_length=60)
    starts_on = forms.DateField(label=_("Mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Selesai"), widget=forms.DateInput(attrs={"type": "date"}))


class QuotaForm(forms.Form):
    region = forms.CharField(label=_("Kode wilayah"), max_length=13)
    quota = forms.IntegerField(label=_("Kuota (penerima aktif)"), min_value=0)
