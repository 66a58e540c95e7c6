"""Forms of the realisation pages: they adapt input (rupiah and quantities typed the
Indonesian way, NIK/KK lists, evidence files); the services check it."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.models import Allocation, Report, SubActivity
from monitoring.models.plans import Funding
from monitoring.plans.forms import decimal_read
from monitoring.realisation.services import BENEFICIARY_LIMIT, Beneficiaries, ReportInput
from programs.groups.forms import MultipleFileField, MultipleFileInput
from tkpk.attachments import CheckedFile, attachment_check
from tkpk.money import rupiah_amount

COUNTS = ("male", "female", "disabled", "children", "adults", "elderly")


class ReportForm(forms.Form):
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Triwulan"), choices=[(q, q) for q in range(1, 5)], coerce=int
    )
    physical = forms.CharField(label=gettext_lazy("Realisasi fisik triwulan ini"))
    physical_note = forms.CharField(
        label=gettext_lazy("Catatan realisasi fisik (wajib bila melebihi target)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    named = forms.CharField(
        label=gettext_lazy("Penerima menurut nama: NIK orang atau No. KK keluarga, satu per baris"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Bila diisi, jumlah menurut jenis kelamin, disabilitas dan umur dihitung dari registri."
        ),
    )
    male = forms.IntegerField(
        label=gettext_lazy("Penerima laki-laki"),
        min_value=0,
        max_value=BENEFICIARY_LIMIT,
        initial=0,
    )
    female = forms.IntegerField(
        label=gettext_lazy("Penerima perempuan"),
        min_value=0,
        max_value=BENEFICIARY_LIMIT,
        initial=0,
    )
    disabled = forms.IntegerField(
        label=gettext_lazy("Penerima penyandang disabilitas"),
        min_value=0,
        max_value=BENEFICIARY_LIMIT,
        initial=0,
    )
    children = forms.IntegerField(
        label=gettext_lazy("Anak (0-17)"), min_value=0, max_value=BENEFICIARY_LIMIT, initial=0
    )
    adults = forms.IntegerField(
        label=gettext_lazy("Dewasa (18-59)"), min_value=0, max_value=BENEFICIARY_LIMIT, initial=0
    )
    elderly = forms.IntegerField(
        label=gettext_lazy("Lansia (60+)"), min_value=0, max_value=BENEFICIARY_LIMIT, initial=0
    )
    problems = forms.CharField(
        label=gettext_lazy("Masalah yang dihadapi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up = forms.CharField(
        label=gettext_lazy("Tindak lanjut"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = MultipleFileField(
        label=gettext_lazy("Berkas bukti (foto atau PDF)"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )

    def __init__(
        self, *args: Any, sub_activity: SubActivity, correction: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        year = sub_activity.plan.first_year
        self.sources = list(
            Allocation.objects.filter(sub_activity=sub_activity, year=year)
            .values_list("source", flat=True)
            .order_by("source")
        )
        for source in self.sources:
            self.fields[f"spent_{source}"] = forms.CharField(
                label=_("Realisasi keuangan %(source)s (Rp)") % {"source": Funding(source).label},
                required=False,
                help_text=_("Contoh: 1.500.000 atau 1.500.000,00"),
            )
        if correction:
            self.fields["quarter"].disabled = True
            self.fields["correction_reason"] = forms.CharField(
                label=_("Alasan koreksi"), widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("physical") is not None:
            try:
                data["physical"] = decimal_read(
                    data["physical"], label=str(self.fields["physical"].label)
                )
            except ValidationError as exc:
                self.add_error("physical", exc)
        for source in self.sources:
            try:
                data[f"spent_{source}"] = rupiah_amount(data.get(f"spent_{source}"))
            except ValidationError as exc:
                self.add_error(f"spent_{source}", exc)
        checked: list[CheckedFile] = []
        for upload in data.get("evidence") or []:
            try:
                checked.append(attachment_check(name=upload.name or "", content=upload.read()))
            except ValidationError as exc:
                self.add_error("evidence", exc)
        data["checked_evidence"] = checked
        return data

    def to_input(self) -> ReportInput:
        d = self.cleaned_data
        lines = [x for x in re.split(r"[\s,;]+", d.get("named") or "") if x]
        return ReportInput(
            physical=d["physical"],
            physical_note=d.get("physical_note") or "",
            spending={s: d[f"spent_{s}"] for s in self.sources if d.get(f"spent_{s}")},
            beneficiaries=Beneficiaries(**{k: d.get(k) or 0 for k in COUNTS}),
            named=lines,
            problems=d.get("problems") or "",
            follow_up=d.get("follow_up") or "",
            evidence=d["checked_evidence"],
        )


def report_initial(report: Report) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "quarter": report.quarter,
        "physical": report.physical,
        "physical_note": report.physical_note,
        "problems": report.problems,
        "follow_up": report.follow_up,
        "named": "\n".join(report.named.values_list("person__nik", flat=True)),
    }
    initial.update({k: getattr(report, k) for k in COUNTS})
    for s in report.spending.all():
        initial[f"spent_{s.source}"] = s.amount
    return initial


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Keputusan"),
        choices=[("accept", gettext_lazy("Terima")), ("return", gettext_lazy("Kembalikan"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Alasan dikembalikan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeadlineForm(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("Wilayah"))
    deadline_days = forms.IntegerField(
        label=gettext_lazy("Batas laporan (hari setelah triwulan berakhir)"),
        min_value=0,
        max_value=90,
    )

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]
