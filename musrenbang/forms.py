"""Forms of the Musrenbang pages: they adapt input; the services check it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from musrenbang.models import (
    Attendance,
    Criterion,
    FieldOfAffairs,
    Forum,
    PlanningYear,
    Proposal,
)
from musrenbang.selectors import musrenbang_scope_q
from programs.models import Program
from tkpk.models import Agency, Region

BLANK = [("", "—")]


class PlanningYearForm(forms.Form):
    region = forms.CharField(label=_("Kabupaten/kota"), max_length=13)
    year = forms.IntegerField(label=_("Tahun RKPD yang direncanakan"), min_value=2000)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regencies = Region.objects.filter(
            musrenbang_scope_q(user, field="code"), level=Region.Level.REGENCY
        ).order_by("code")
        self.fields["region"].widget = forms.Select(choices=[(r.code, r.name) for r in regencies])


def _villages(user: Any, planning_year: PlanningYear) -> list[tuple[str, str]]:
    rows = Region.objects.filter(
        musrenbang_scope_q(user, field="code"),
        level=Region.Level.VILLAGE,
        code__startswith=planning_year.region_id + ".",
    ).order_by("code")
    return [(r.code, f"{r.code} {r.name}") for r in rows]


class ForumForm(forms.Form):
    region = forms.CharField(label=_("Wilayah forum (desa, kecamatan atau kabupaten)"))
    kind = forms.ChoiceField(label=_("Jenis"), choices=Forum.Kind.choices)
    agency = forms.IntegerField(label=_("Perangkat daerah (hanya Forum OPD)"), required=False)
    name = forms.CharField(label=_("Nama forum"), max_length=200)
    held_on = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Tempat"), max_length=200)
    chair = forms.CharField(label=_("Pimpinan sidang"), max_length=150, required=False)
    chair_nip = forms.CharField(label=_("NIP pimpinan sidang"), max_length=30, required=False)
    minutes_number = forms.CharField(label=_("Nomor berita acara"), max_length=100, required=False)

    def __init__(self, *args: Any, user: Any, planning_year: PlanningYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(
            musrenbang_scope_q(user, field="code"),
            code__startswith=planning_year.region_id,
            level__gte=Region.Level.REGENCY,
        ).order_by("code")[:2000]
        self.fields["region"].widget = forms.Select(
            choices=[(r.code, f"{r.code} {r.name}") for r in regions]
        )
        agencies = Agency.objects.filter(region_id=planning_year.region_id, kind=Agency.Kind.OPD)
        self.fields["agency"].widget = forms.Select(
            choices=BLANK + [(a.pk, a.name) for a in agencies]
        )


class AttendeeForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150)
    institution = forms.CharField(label=_("Lembaga/instansi"), max_length=200, required=False)
    element = forms.ChoiceField(label=_("Unsur"), choices=Attendance.Element.choices)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Attendance.Sex.choices)
    has_disability = forms.BooleanField(label=_("Penyandang disabilitas"), required=False)
    represents_poor = forms.BooleanField(label=_("Mewakili rumah tangga miskin"), required=False)
    is_delegate = forms.BooleanField(label=_("Delegasi ke tingkat berikutnya"), required=False)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Judul usulan"), max_length=200)
    problem = forms.CharField(
        label=_("Masalah yang dijawab"), widget=forms.Textarea(attrs={"rows": 3})
    )
    village = forms.CharField(label=_("Desa/kelurahan"), max_length=13)
    rt = forms.CharField(label=_("RT"), max_length=3, required=False)
    rw = forms.CharField(label=_("RW"), max_length=3, required=False)
    latitude = forms.DecimalField(label=_("Lintang (boleh kosong)"), required=False)
    longitude = forms.DecimalField(label=_("Bujur (boleh kosong)"), required=False)
    is_physical = forms.BooleanField(label=_("Usulan fisik (infrastruktur)"), required=False)
    field_of_affairs = forms.ChoiceField(label=_("Bidang urusan"), choices=FieldOfAffairs.choices)
    cluster = forms.TypedChoiceField(
        label=_("Klaster program"),
        choices=BLANK + list(Program.Cluster.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    strategy = forms.ChoiceField(
        label=_("Strategi"), choices=BLANK + list(Program.Strategy.choices), required=False
    )
    volume = forms.CharField(label=_("Volume"), max_length=20)
    unit = forms.CharField(label=_("Satuan"), max_length=30)
    estimated_cost = forms.CharField(
        label=_("Perkiraan biaya (Rp)"),
        max_length=30,
        help_text=_("Contoh: 1.500.000 atau 1.500.000,00"),
    )
    beneficiaries = forms.IntegerField(label=_("Jumlah penerima manfaat"), min_value=0)
    beneficiary_kind = forms.ChoiceField(
        label=_("Jenis penerima manfaat"), choices=Proposal.BeneficiaryKind.choices
    )
    forum = forms.IntegerField(label=_("Forum pengusul"), required=False)
    rank_in_forum = forms.IntegerField(label=_("Peringkat di forum"), required=False, min_value=1)
    agency = forms.IntegerField(label=_("Perangkat daerah penanggung jawab"), required=False)
    repeats = forms.IntegerField(
        label=_("Mengulang usulan tahun sebelumnya (nomor usulan, boleh kosong)"),
        required=False,
        min_value=1,
        help_text=_("Nomor usulan tahun lalu untuk kebutuhan yang sama."),
    )

    def __init__(self, *args: Any, user: Any, planning_year: PlanningYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].widget = forms.Select(choices=_villages(user, planning_year))
        forums = Forum.objects.filter(
            musrenbang_scope_q(user, field="region__code"), planning_year=planning_year
        ).order_by("held_on", "id")
        self.fields["forum"].widget = forms.Select(choices=BLANK + [(f.pk, f.name) for f in forums])
        agencies = Agency.objects.filter(region_id=planning_year.region_id, kind=Agency.Kind.OPD)
        self.fields["agency"].widget = forms.Select(
            choices=BLANK + [(a.pk, a.name) for a in agencies]
        )


class ProposalEditForm(ProposalForm):
    amendment_reason = forms.CharField(
        label=_("Alasan perubahan (wajib bila tahapnya sudah ditutup)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProposalFilterForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun perencanaan"), required=False)
    desa = forms.CharField(label=_("Kode wilayah"), required=False, max_length=13)
    status = forms.ChoiceField(
        label=_("Status"), choices=BLANK + list(Proposal.Status.choices), required=False
    )


class CeilingForm(forms.Form):
    amount = forms.CharField(
        label=_("Pagu indikatif kecamatan (Rp)"),
        max_length=30,
        help_text=_("Contoh: 2.500.000.000"),
    )
    base = forms.CharField(label=_("Masukan rumus: pagu dasar (Rp)"), required=False)
    note = forms.CharField(label=_("Catatan rumus"), required=False, max_length=500)


class ProposalUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas usulan (CSV atau XLSX)"),
        help_text=_("Gunakan templat; satu baris untuk satu usulan."),
    )
    forum = forms.IntegerField(label=_("Forum pengusul (boleh kosong)"), required=False)

    def __init__(self, *args: Any, user: Any, planning_year: PlanningYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        forums = Forum.objects.filter(
            musrenbang_scope_q(user, field="region__code"), planning_year=planning_year
        ).order_by("held_on", "id")
        self.fields["forum"].widget = forms.Select(choices=BLANK + [(f.pk, f.name) for f in forums])


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Daftar hadir (CSV atau XLSX)"),
        help_text=_("Kolom: nama, lembaga, unsur, jenis_kelamin, disabilitas, mewakili_miskin."),
    )


class MinutesSignedForm(forms.Form):
    scan = forms.FileField(
        label=_("Pindaian berita acara bertanda tangan (PDF, JPG atau PNG, paling besar 5 MB)")
    )


class CriterionForm(forms.Form):
    code = forms.CharField(label=_("Kode"), max_length=30, required=False)
    name = forms.CharField(label=_("Kriteria"), max_length=200, required=False)
    weight = forms.IntegerField(label=_("Bobot (%)"), required=False)
    automatic = forms.ChoiceField(
        label=_("Cara penilaian"), choices=Criterion.Automatic.choices, required=False
    )
    d1 = forms.CharField(label=_("Skor 1"), max_length=200, required=False)
    d2 = forms.CharField(label=_("Skor 2"), max_length=200, required=False)
    d3 = forms.CharField(label=_("Skor 3"), max_length=200, required=False)
    d4 = forms.CharField(label=_("Skor 4"), max_length=200, required=False)
    d5 = forms.CharField(label=_("Skor 5"), max_length=200, required=False)

    def is_blank(self) -> bool:
        d = self.cleaned_data
        return not any(d.get(k) for k in ("code", "name", "weight", "d1", "d2", "d3", "d4", "d5"))


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, max_num=20)


class RubricForm(forms.Form):
    name = forms.CharField(label=_("Nama rubrik"), max_length=200)


class CeilingFormulaForm(forms.Form):
    pool = forms.CharField(
        label=_("Pagu yang dibagi ke semua kecamatan (Rp)"),
        max_length=30,
        help_text=_("Contoh: 25.000.000.000"),
    )
    base = forms.CharField(
        label=_("Pagu dasar setiap kecamatan (Rp)"), max_length=30, required=False
    )
    w_population = forms.IntegerField(label=_("Bobot jumlah penduduk (%)"), required=False)
    w_poor_households = forms.IntegerField(
        label=_("Bobot rumah tangga desil 1-4 dari registri (%)"), required=False
    )
    w_area = forms.IntegerField(label=_("Bobot luas wilayah (%)"), required=False)
    w_villages = forms.IntegerField(label=_("Bobot jumlah desa/kelurahan (%)"), required=False)
    w_other = forms.IntegerField(label=_("Bobot indikator lain (%)"), required=False)
    other_label = forms.CharField(
        label=_("Nama indikator lain (mis. indeks pendidikan terbalik)"),
        max_length=100,
        required=False,
    )
