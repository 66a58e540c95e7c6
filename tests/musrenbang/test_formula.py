"""Ceilings from the region's formula, against an independent computation with fractions."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from musrenbang.models import DistrictCeiling
from musrenbang.services.formula import FormulaInput, ceiling_formula_apply, indicator_parse
from tests.musrenbang.conftest import OTHER_WONODADI_VILLAGE, WONODADI, household
from tests.personas import BLITAR, JATEN
from tkpk.models import Region

POOL = 10_000_000_000
BASE = 100_000_000


def districts() -> list[str]:
    return list(
        Region.objects.filter(parent_id=BLITAR, level=3)
        .order_by("code")
        .values_list("code", flat=True)
    )


def reference(inputs: dict[str, dict[str, Fraction]], weights: dict[str, int]) -> dict[str, int]:
    left = POOL - BASE * len(inputs)
    totals = {k: sum(row[k] for row in inputs.values()) for k in weights}
    return {
        code: BASE
        + int(
            left
            * sum(Fraction(w) * row[k] / totals[k] for k, w in weights.items() if w and totals[k])
            / 100
            // 1
        )
        for code, row in inputs.items()
    }


def test_the_formula_sets_every_district_with_its_inputs_kept(people, year, login):
    for decile in (1, 2, 3):
        household(JATEN, decile=decile)
    household(OTHER_WONODADI_VILLAGE, decile=4)
    household(JATEN, decile=9)
    codes = districts()
    weights = {"population": 40, "poor_households": 30, "area": 10, "villages": 10, "other": 10}
    post = {
        "pool": "10.000.000.000",
        "base": "100.000.000",
        **{f"w_{k}": str(w) for k, w in weights.items()},
        "other_label": "Indeks pendidikan terbalik",
    }
    typed = {}
    for i, code in enumerate(codes, start=1):
        typed[code] = {"population": 10_000 * i, "area": Fraction(25, 2) + i, "other": i % 3}
        post[f"population-{code}"] = f"{10_000 * i:,}".replace(",", ".")
        post[f"area-{code}"] = f"{12 + i},5"
        post[f"other-{code}"] = str(i % 3)
    response = login(people.blitar_secretariat).post(
        reverse("musrenbang:ceiling-formula", args=[year.pk]), post
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    villages = {code: Region.objects.filter(parent_id=code, level=4).count() for code in codes}
    inputs = {
        code: {
            "population": Fraction(typed[code]["population"]),
            "poor_households": Fraction(4 if code == WONODADI else 0),
            "area": Fraction(typed[code]["area"]),
            "villages": Fraction(villages[code]),
            "other": Fraction(typed[code]["other"]),
        }
        for code in codes
    }
    expected = reference(inputs, weights)
    got = dict(
        DistrictCeiling.objects.filter(planning_year=year).values_list("district_id", "amount")
    )
    assert got == expected
    assert sum(got.values()) <= POOL
    snapshot = DistrictCeiling.objects.get(planning_year=year, district_id=WONODADI).formula_inputs
    assert snapshot["weights"] == weights
    assert snapshot["inputs"]["poor_households"] == "4"
    assert snapshot["pool"] == POOL and snapshot["base"] == BASE
    assert snapshot["other_label"] == "Indeks pendidikan terbalik"


def test_weights_and_inputs_are_checked_with_every_problem_named(people, year):
    codes = districts()
    with pytest.raises(ValidationError) as caught:
        ceiling_formula_apply(
            user=people.blitar_secretariat,
            planning_year=year,
            data=FormulaInput(
                pool=POOL,
                base=BASE,
                weights={"population": 50, "area": 40},
                typed={codes[0]: {"population": "abc"}},
            ),
        )
    messages = caught.value.messages
    assert "Jumlah bobot harus 100, sekarang 90." in messages
    assert any("Jumlah penduduk: 'abc' bukan angka." in m for m in messages)
    assert any("Luas wilayah (km²) berbobot 40% tetapi kosong" in m for m in messages)
    assert not DistrictCeiling.objects.exists()


def test_indonesian_figures_are_read_as_written():
    assert indicator_parse("12.345") == 12345
    assert indicator_parse("1.250,5") == Fraction(2501, 2)
    assert indicator_parse("2.5") == Fraction(5, 2)
    assert indicator_parse("") == 0
    with pytest.raises(ValidationError):
        indicator_parse("-3")


def test_only_managers_open_the_formula(people, year, login):
    url = reverse("musrenbang:ceiling-formula", args=[year.pk])
    assert login(people.jaten_village_operator).get(url).status_code == 404
    assert login(people.blitar_secretariat).get(url).status_code == 200
