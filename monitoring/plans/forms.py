"""Forms of the plan pages: they adapt input (rupiah typed the Indonesian way); the
services check it."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring.models import Plan, SubActivity
from monitoring.models.plans import Cluster, Funding, Strategy
from monitoring.plans.services import AllocationInput, SubActivityInput
from musrenbang.models import Proposal
from tkpk.models import Agency
from tkpk.money import rupiah_amount


def decimal_read(text: str, *, label: str) -> Decimal:
    """A quantity typed the Indonesian way: "1.250,5" or "1250,5" or "1250.5"."""
    cleaned = text.strip().replace(" ", "")
    if cleaned == "":
        return Decimal(0)
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(
            _("%(label)s: '%(text)s' bukan angka.") % {"label": label, "text": text}
        ) from None
    if not value.is_finite():
        raise ValidationError(
            _("%(label)s: '%(text)s' bukan angka.") % {"label": label, "text": text}
        )
    if abs(value) >= Decimal("1e12"):
        raise ValidationError(_("%(label)s: angka terlalu besar.") % {"label": label})
    return value.quantize(Decimal("0.01"))


class PlanForm(forms.Form):
    region = forms.ChoiceField(label=gettext_lazy("Wilayah"))
    first_year = forms.IntegerField(label=gettext_lazy("Tahun awal RPKD"), min_value=2000)
    title = forms.CharField(label=gettext_lazy("Judul"), max_length=200, required=False)

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = regions  # type: ignore[attr-defined]


class PriorityForm(forms.Form):
    number = forms.IntegerField(label=gettext_lazy("Nomor"), min_value=1, max_value=99)
    name = forms.CharField(label=gettext_lazy("Prioritas"), max_length=300)
    strategy = forms.ChoiceField(label=gettext_lazy("Strategi"), choices=Strategy.choices)
    cluster = forms.TypedChoiceField(
        label=gettext_lazy("Klaster"), choices=Cluster.choices, coerce=int
    )


class ProgramForm(forms.Form):
    priority = forms.TypedChoiceField(label=gettext_lazy("Prioritas"), coerce=int)
    code = forms.CharField(label=gettext_lazy("Kode program"), max_length=40)
    name = forms.CharField(label=gettext_lazy("Nama program"), max_length=300)
    catalogue_code = forms.CharField(
        label=gettext_lazy("Kode program di katalog (boleh kosong)"), max_length=20, required=False
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].choices = [(p.pk, str(p)) for p in plan.priorities.all()]  # type: ignore[attr-defined]


class ActivityForm(forms.Form):
    program = forms.TypedChoiceField(label=gettext_lazy("Program"), coerce=int)
    code = forms.CharField(label=gettext_lazy("Kode kegiatan"), max_length=40)
    name = forms.CharField(label=gettext_lazy("Nama kegiatan"), max_length=300)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [(p.pk, str(p)) for p in plan.programs.all()]  # type: ignore[attr-defined]


class RatForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Tahun RAT"), min_value=2000)


class LocationPickForm(forms.Form):
    sub_activity = forms.TypedChoiceField(label=gettext_lazy("Sub kegiatan"), coerce=int)
    codes = forms.MultipleChoiceField(
        label=gettext_lazy("Desa/kelurahan"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, plan: Plan, villages: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub_activity"].choices = [(s.pk, str(s)) for s in plan.sub_activities.all()]  # type: ignore[attr-defined]
        self.fields["codes"].choices = villages  # type: ignore[attr-defined]


class SubActivityForm(forms.Form):
    """One target field per plan year and one budget field per year and funding source."""

    code = forms.CharField(label=gettext_lazy("Kode sub kegiatan"), max_length=40)
    name = forms.CharField(label=gettext_lazy("Nama sub kegiatan"), max_length=300)
    indicator = forms.CharField(label=gettext_lazy("Indikator"), max_length=300)
    unit = forms.CharField(label=gettext_lazy("Satuan"), max_length=40)
    baseline = forms.CharField(
        label=gettext_lazy("Baseline (tahun sebelum rencana)"), required=False
    )
    agency = forms.TypedChoiceField(
        label=gettext_lazy("Perangkat daerah penanggung jawab"), coerce=int
    )
    donor = forms.CharField(
        label=gettext_lazy("Pemberi dana non-pemerintah (wajib bila ada dana non-pemerintah)"),
        max_length=200,
        required=False,
    )
    locations = forms.CharField(
        label=gettext_lazy("Lokasi prioritas (kode kecamatan/desa, pisahkan dengan koma)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    proposals = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Usulan Musrenbang yang disepakati"), coerce=int, required=False
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        agencies = Agency.objects.filter(kind=Agency.Kind.OPD, region_id=plan.region_id).order_by(
            "name"
        )
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]  # type: ignore[attr-defined]
        proposals = Proposal.objects.filter(
            status=Proposal.Status.ACCEPTED, planning_year__region_id=plan.region_id
        ).order_by("-planning_year__year", "title")[:500]
        self.fields["proposals"].choices = [  # type: ignore[attr-defined]
            (p.pk, f"{p.title} ({p.village_id})") for p in proposals
        ]
        for year in plan.years:
            self.fields[f"target_{year}"] = forms.CharField(
                label=_("Target %(year)s") % {"year": year}, required=False
            )
            for source, label in Funding.choices:
                self.fields[f"budget_{year}_{source}"] = forms.CharField(
                    label=_("Pagu %(year)s %(source)s (Rp)") % {"year": year, "source": label},
                    required=False,
                )

    @property
    def grid(self) -> list[dict[str, Any]]:
        """Rows of the budget table: a year, its target field and one field per source."""
        return [
            {
                "year": year,
                "target": self[f"target_{year}"],
                "budget": [self[f"budget_{year}_{s}"] for s in Funding.values],
            }
            for year in self.plan.years
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in list(self.fields):
            value = data.get(name)
            if name.startswith("budget_") and value:
                try:
                    data[name] = rupiah_amount(value)
                except ValidationError as exc:
                    self.add_error(name, exc)
            elif (name.startswith("target_") or name == "baseline") and value:
                try:
                    data[name] = decimal_read(value, label=str(self.fields[name].label))
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data

    def to_input(self) -> SubActivityInput:
        d = self.cleaned_data
        targets = {
            year: d[f"target_{year}"]
            for year in self.plan.years
            if d.get(f"target_{year}") not in (None, "")
        }
        allocations = [
            AllocationInput(
                year=year, source=source, amount=d[f"budget_{year}_{source}"], donor=d["donor"]
            )
            for year in self.plan.years
            for source in Funding.values
            if d.get(f"budget_{year}_{source}") not in (None, "")
        ]
        codes = [c.strip() for c in re.split(r"[,\s]+", d.get("locations") or "") if c.strip()]
        return SubActivityInput(
            code=d["code"],
            name=d["name"],
            indicator=d["indicator"],
            unit=d["unit"],
            baseline=d.get("baseline") or Decimal(0),
            agency_id=d["agency"],
            targets=targets,
            allocations=allocations,
            location_codes=codes,
            proposal_ids=d.get("proposals") or [],
        )


def sub_activity_initial(sub: SubActivity) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "code": sub.code,
        "name": sub.name,
        "indicator": sub.indicator,
        "unit": sub.unit,
        "baseline": sub.baseline,
        "agency": sub.agency_id,
        "locations": ", ".join(sub.locations.values_list("region_id", flat=True)),
        "proposals": list(sub.proposals.values_list("pk", flat=True)),
    }
    for t in sub.targets.all():
        initial[f"target_{t.year}"] = t.value
    for a in sub.allocations.all():
        initial[f"budget_{a.year}_{a.source}"] = a.amount
        if a.donor:
            initial["donor"] = a.donor
    return initial
