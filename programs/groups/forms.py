from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.groups.schedule import DEFAULT_GRACE_MONTHS, DEFAULT_INSTALMENTS
from programs.groups.selectors import group_programs
from programs.models import Program
from tkpk.access import region_scope_q
from tkpk.forms import DATE
from tkpk.models import Region
from tkpk.roles import Permission

NIKS_HELP = _("Satu NIK 16 angka per baris. NIK dicari di registri dan pencariannya dicatat.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; their content is checked by the service."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return super().clean(data, initial)


class GroupForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())
    village = forms.ChoiceField(label=_("Desa/kelurahan"))
    name = forms.CharField(label=_("Nama kelompok"), max_length=120)
    business = forms.CharField(label=_("Jenis usaha"), max_length=200)
    stimulus_amount = forms.IntegerField(label=_("Dana stimulan (Rp)"), min_value=0, initial=0)
    loan_amount = forms.IntegerField(label=_("Pinjaman bergulir (Rp)"), min_value=0, initial=0)
    disbursed_on = forms.DateField(label=_("Tanggal pencairan"), required=False, widget=DATE)
    grace_months = forms.IntegerField(
        label=_("Masa tenggang (bulan)"), min_value=0, max_value=24, initial=DEFAULT_GRACE_MONTHS
    )
    instalments = forms.IntegerField(
        label=_("Jumlah angsuran bulanan"), min_value=1, max_value=60, initial=DEFAULT_INSTALMENTS
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = group_programs(user=user)  # type: ignore[attr-defined]
        villages = (
            Region.objects.filter(
                region_scope_q(user, field="code", permission=Permission.MANAGE_GROUPS),
                level=Region.Level.VILLAGE,
            )
            .select_related("parent")
            .order_by("parent__name", "name")
        )
        self.fields["village"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((v.code, f"{v.parent.name if v.parent else ''} – {v.name}") for v in villages),
        ]


class GroupCreateForm(GroupForm):
    niks = forms.CharField(
        label=_("NIK anggota"), widget=forms.Textarea(attrs={"rows": 5}), help_text=NIKS_HELP
    )


class MembersForm(forms.Form):
    niks = forms.CharField(
        label=_("NIK anggota baru"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NIKS_HELP,
    )


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Tanggal bayar"), widget=DATE)
    amount = forms.IntegerField(label=_("Nominal (Rp)"), min_value=1)
    note = forms.CharField(label=_("Catatan"), max_length=200, required=False)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Tanggal kunjungan"), widget=DATE)
    business_running = forms.TypedChoiceField(
        label=_("Usaha masih berjalan?"),
        choices=[("ya", _("Ya")), ("tidak", _("Tidak"))],
        coerce=lambda v: v == "ya",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Catatan kunjungan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Apa yang dilihat: ternak, barang dagangan, pembukuan, anggota yang hadir."),
    )
    photos = MultipleFileField(
        label=_("Foto bukti"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPG, PNG atau WebP, paling besar 8 MB per foto, paling banyak 10."),
    )


class GroupFilterForm(forms.Form):
    q = forms.CharField(label=_("Nama kelompok"), required=False, max_length=100)
    program = forms.CharField(label=_("Kode program"), required=False, max_length=20)
    wilayah = forms.CharField(label=_("Kode wilayah"), required=False, max_length=13)
    tanda = forms.ChoiceField(
        label=_("Tanda"),
        required=False,
        choices=[
            ("", _("Semua kelompok")),
            ("tunggakan", _("Menunggak angsuran")),
            ("tanpa_bukti", _("Kunjungan tanpa bukti")),
        ],
    )
