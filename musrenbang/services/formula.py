"""The indicative ceilings of a year's districts from a formula the region configures: a
base amount for every district plus shares of what is left of the pool, weighted by
population, poor households in the registry, area, number of villages and one other
indicator the region names (PLANNING.md section 3: Banyuwangi's PIK, Flores Timur's
Perbup 10/2016). Each district's inputs, the totals, the weights and its share are kept
beside its amount, so the result can be recomputed by hand."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households.models import Household
from musrenbang.models import DistrictCeiling, PlanningYear
from musrenbang.selectors import musrenbang_may_write
from musrenbang.services.ceilings import district_ceiling_set
from musrenbang.services.common import MANAGE, region_not_found
from tkpk.models import Region, User

INDICATORS = {
    "population": gettext_lazy("Jumlah penduduk"),
    "poor_households": gettext_lazy("Rumah tangga desil 1-4 (registri)"),
    "area": gettext_lazy("Luas wilayah (km²)"),
    "villages": gettext_lazy("Jumlah desa/kelurahan"),
    "other": gettext_lazy("Indikator lain"),
}
# Typed per district by the region; the other two come from the registry and the regions.
TYPED = ("population", "area", "other")
RULE = "base + (pool - base * districts) * sum(weight_k * x_k / total_k) / 100"


@dataclass(frozen=True)
class FormulaInput:
    pool: int
    base: int
    weights: dict[str, int]
    # district code -> {"population": ..., "area": ..., "other": ...} (typed, Indonesian)
    typed: dict[str, dict[str, str]]
    other_label: str = ""


def indicator_parse(text: str | int | Decimal) -> Decimal:
    """A non-negative figure as typed in Indonesia ("12.345", "1.250,5", blank = 0)."""
    cleaned = str(text).strip().replace(" ", "")
    if not cleaned:
        return Decimal(0)
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") > 1 or (cleaned.count(".") == 1 and len(cleaned.split(".")[1]) == 3):
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValidationError(_("'%(text)s' bukan angka.") % {"text": text}) from exc
    if not value.is_finite() or value < 0:
        raise ValidationError(_("'%(text)s' bukan angka yang tidak negatif.") % {"text": text})
    return value


def formula_registry_inputs(*, planning_year: PlanningYear) -> dict[str, dict[str, int]]:
    """Poor households (deciles 1-4, active) and villages per district: two grouped queries."""
    regency = planning_year.region_id
    poor = {
        row["village__parent_id"]: row["n"]
        for row in Household.objects.filter(
            village__code__startswith=regency + ".", status=Household.Status.ACTIVE
        )
        .values("village__parent_id")
        .annotate(n=Count("id", filter=Q(welfare_decile__lte=4)))
        .order_by()
    }
    villages = {
        row["parent_id"]: row["n"]
        for row in Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=regency + ".")
        .values("parent_id")
        .annotate(n=Count("code"))
        .order_by()
    }
    districts = Region.objects.filter(parent_id=regency, level=Region.Level.DISTRICT).order_by(
        "code"
    )
    return {
        d.code: {"poor_households": poor.get(d.code, 0), "villages": villages.get(d.code, 0)}
        for d in districts
    }


def formula_compute(
    *, pool: int, base: int, weights: dict[str, int], inputs: dict[str, dict[str, Decimal]]
) -> dict[str, tuple[int, Decimal]]:
    """District code -> (amount, share in %), rounded down to the rupiah."""
    codes = sorted(inputs)
    totals = {k: sum((inputs[c][k] for c in codes), Decimal(0)) for k in INDICATORS}
    left = Decimal(pool - base * len(codes))
    result = {}
    for code in codes:
        share = sum(
            (
                Decimal(weights[k]) * inputs[code][k] / totals[k]
                for k in INDICATORS
                if weights.get(k) and totals[k]
            ),
            Decimal(0),
        )
        amount = base + int((left * share / 100).to_integral_value(rounding=ROUND_FLOOR))
        result[code] = (amount, share)
    return result


def ceiling_formula_apply(
    *, user: User, planning_year: PlanningYear, data: FormulaInput
) -> list[DistrictCeiling]:
    """Every district's ceiling from the formula, all or none; every problem at once."""
    if not musrenbang_may_write(user, planning_year.region_id, permission=MANAGE):
        raise region_not_found("region", planning_year.region_id)
    registry = formula_registry_inputs(planning_year=planning_year)
    errors: list[str] = []
    weights = {k: data.weights.get(k, 0) for k in INDICATORS}
    if any(w < 0 or w > 100 for w in weights.values()):
        errors.append(_("Setiap bobot antara 0 dan 100."))
    if sum(weights.values()) != 100:
        errors.append(
            _("Jumlah bobot harus 100, sekarang %(total)s.") % {"total": sum(weights.values())}
        )
    if data.pool <= 0:
        errors.append(_("Pagu yang dibagi harus lebih dari nol."))
    if data.base < 0:
        errors.append(_("Pagu dasar tidak boleh negatif."))
    if registry and data.base * len(registry) > data.pool:
        errors.append(
            _("Pagu dasar untuk %(n)s kecamatan melebihi pagu yang dibagi.") % {"n": len(registry)}
        )
    inputs: dict[str, dict[str, Decimal]] = {}
    names = dict(Region.objects.filter(code__in=registry).values_list("code", "name"))
    for code, known in registry.items():
        row: dict[str, Decimal] = {k: Decimal(v) for k, v in known.items()}
        for k in TYPED:
            try:
                row[k] = indicator_parse(data.typed.get(code, {}).get(k, ""))
            except ValidationError as exc:
                errors.append(
                    _("Kecamatan %(name)s, %(field)s: %(reason)s")
                    % {
                        "name": names[code],
                        "field": INDICATORS[k],
                        "reason": " ".join(exc.messages),
                    }
                )
                row[k] = Decimal(0)
        inputs[code] = row
    for k, w in weights.items():
        if w and inputs and not any(r[k] for r in inputs.values()):
            errors.append(
                _("%(field)s berbobot %(w)s%% tetapi kosong di semua kecamatan.")
                % {"field": INDICATORS[k], "w": w}
            )
    if errors:
        raise ValidationError(errors)
    amounts = formula_compute(pool=data.pool, base=data.base, weights=weights, inputs=inputs)
    totals = {k: str(sum(r[k] for r in inputs.values())) for k in INDICATORS}
    ceilings = []
    with transaction.atomic():
        for code, (amount, share) in amounts.items():
            snapshot: dict[str, Any] = {
                "rule": RULE,
                "pool": data.pool,
                "base": data.base,
                "weights": weights,
                "other_label": data.other_label,
                "inputs": {k: str(v) for k, v in inputs[code].items()},
                "totals": totals,
                "share_percent": str(share.quantize(Decimal("0.000001"))),
            }
            try:
                ceiling = district_ceiling_set(
                    user=user,
                    planning_year=planning_year,
                    district=Region.objects.get(code=code),
                    amount=amount,
                    formula_inputs=snapshot,
                )
            except ValidationError as exc:
                raise ValidationError(
                    _("Kecamatan %(name)s: %(reason)s")
                    % {"name": names[code], "reason": " ".join(exc.messages)}
                ) from exc
            ceilings.append(ceiling)
    return ceilings
