from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import Category, Channel, Status
from complaints.services import ComplaintInput


class ComplaintForm(forms.Form):
    """The public form. The village comes from the region picker (``village``)."""

    category = forms.ChoiceField(
        label=_("Apa yang ingin Anda adukan?"), choices=Category.choices, widget=forms.RadioSelect
    )
    program_code = forms.ChoiceField(
        label=_("Program bantuan (bila ada)"),
        required=False,
        choices=[],
    )
    description = forms.CharField(
        label=_("Uraian pengaduan"),
        help_text=_("Apa yang terjadi, kapan, di mana. Paling sedikit 10 huruf."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
    )
    nik = forms.CharField(
        label=_("NIK yang diadukan (bila ada)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    kk = forms.CharField(
        label=_("No. KK (bila ada)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    anonymous = forms.BooleanField(
        label=_("Kirim tanpa nama (anonim)"),
        required=False,
        help_text=_("Anda tetap dapat mengikuti pengaduan dengan kode pelacakan."),
    )
    reporter_name = forms.CharField(
        label=_("Nama Anda (boleh kosong)"), required=False, max_length=200
    )
    reporter_contact = forms.CharField(
        label=_("Nomor HP/WhatsApp atau surel (boleh kosong)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    # The honeypot: hidden from people, filled by bots that fill every field.
    website = forms.CharField(required=False, label=_("Jangan diisi"))

    def __init__(self, *args: Any, programs: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["program_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("— tidak tahu / tidak terkait program —")),
            *[(p.code, f"{p.code} – {p.name}") for p in programs],
        ]

    def to_input(self, *, village: str, channel: str = Channel.WEB) -> ComplaintInput:
        d = self.cleaned_data
        return ComplaintInput(
            category=d["category"],
            village=village,
            description=d["description"],
            program_code=d["program_code"],
            nik=d["nik"],
            kk=d["kk"],
            reporter_name=d["reporter_name"],
            reporter_contact=d["reporter_contact"],
            anonymous=d["anonymous"],
            channel=channel,
            lapor_reference=d.get("lapor_reference", ""),
        )


OFFICE_CHANNELS = [(c.value, c.label) for c in Channel if c not in (Channel.WEB, Channel.API)]


class OfficeComplaintForm(ComplaintForm):
    """An operator records a complaint received by phone, SMS, WhatsApp, in person or from
    SP4N-LAPOR!."""

    channel = forms.ChoiceField(label=_("Diterima melalui"), choices=OFFICE_CHANNELS)
    lapor_reference = forms.CharField(
        label=_("Nomor pengaduan SP4N-LAPOR!"), required=False, max_length=40
    )
    field_order = ["channel", "lapor_reference"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        self.fields["category"].label = _("Kategori")
        self.fields["reporter_name"].label = _("Nama pelapor")
        self.fields["reporter_contact"].label = _("Kontak pelapor")
        self.fields["nik"].label = _("NIK")
        self.fields["kk"].label = _("No. KK")
        self.fields["anonymous"].label = _("Pelapor minta dirahasiakan (anonim)")


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=Status.choices, widget=forms.HiddenInput)
    agency = forms.IntegerField(required=False)
    note = forms.CharField(
        label=_("Catatan internal"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reply = forms.CharField(
        label=_("Balasan untuk pelapor (tampil di halaman publik)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ComplaintFilterForm(forms.Form):
    q = forms.CharField(label=_("Kode pelacakan atau nomor rujukan"), required=False, max_length=60)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua")), *Status.choices]
    )
    category = forms.ChoiceField(
        label=_("Kategori"), required=False, choices=[("", _("Semua")), *Category.choices]
    )
    overdue = forms.BooleanField(label=_("Hanya yang lewat batas waktu"), required=False)


class StatisticsFilterForm(forms.Form):
    dari = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    wilayah = forms.CharField(label=_("Kode wilayah"), required=False, max_length=13)

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("dari"), data.get("sampai")
        if start and end and start > end:
            raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        return data
