"""The catalogue: shipped national programs, regional programs added and edited in the UI."""

from __future__ import annotations

from django.urls import reverse

from programs.models import Program
from tkpk.models import AuditEntry


def _regional(**changes):
    data = {
        "code": "sembako-blitar",
        "owner_region": "35.05",
        "name": "Sembako Daerah Blitar",
        "cluster": "1",
        "strategy": "reduce_expenditure",
        "level": "regency",
        "funding_source": "apbd_regency",
        "target_unit": "household",
        "benefit_amount": "100000",
        "benefit_unit": "family",
        "benefit_frequency": "monthly",
        "national_relation": "tops_up",
        "national_program": str(Program.objects.get(code="BPNT").pk),
        "active_from": "2026-01-01",
    }
    data.update(changes)
    return data


def test_national_programs_ship_with_their_criteria_and_pkh_components(regions):
    codes = set(Program.objects.values_list("code", flat=True))
    assert {"PKH", "BPNT", "PBI-JKN", "PIP", "BLT-DESA", "RUTILAHU", "KUBE"} <= codes
    pkh = Program.objects.get(code="PKH")
    assert pkh.max_components == 4
    assert sorted(c.amount for c in pkh.components.all()) == [
        900_000,
        1_500_000,
        2_000_000,
        2_400_000,
        2_400_000,
        3_000_000,
        3_000_000,
    ]


def test_secretariat_adds_a_regional_top_up_of_a_national_program(people, login):
    client = login(people.blitar_secretariat)
    response = client.post(reverse("programs:create"), _regional())
    assert response.status_code == 302
    program = Program.objects.get(code="SEMBAKO-BLITAR")
    assert program.owner_region_id == "35.05" and program.national_program.code == "BPNT"
    assert AuditEntry.objects.filter(action="program_changed", object_id=str(program.pk)).exists()
    # Jember's secretariat does not see it.
    assert (
        login(people.jember_secretariat)
        .get(reverse("programs:detail", args=["SEMBAKO-BLITAR"]))
        .status_code
        == 404
    )


def test_bad_program_details_are_refused_with_reasons(people, login):
    client = login(people.blitar_secretariat)
    cases = [
        (_regional(funding_source="non_government"), "sebutkan pemberi dananya"),
        (_regional(national_program=""), "harus menyebut program nasional itu"),
        (_regional(code="PKH"), "Kode program PKH sudah dipakai"),
        (_regional(active_until="2025-01-01"), "lebih awal dari tanggal mulai"),
        (_regional(owner_region="35.09"), "owner_region"),
    ]
    for data, reason in cases:
        response = client.post(reverse("programs:create"), data)
        assert response.status_code == 200
        body = response.content.decode()
        assert reason in body or "Pilih pilihan yang valid" in body, reason
    assert not Program.objects.filter(code="SEMBAKO-BLITAR").exists()


def test_editing_a_program_is_audited_and_closed_to_operators(people, login):
    program = Program.objects.get(code="BPNT")
    data = {
        k: v
        for k, v in _regional().items()
        if k not in ("code", "owner_region", "national_relation", "national_program")
    }
    data.update(
        name="Program Sembako", benefit_amount="220000", level="central", funding_source="apbn"
    )
    response = login(people.blitar_secretariat).post(reverse("programs:edit", args=["BPNT"]), data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.benefit_amount == 220_000
    entry = AuditEntry.objects.get(action="program_changed", object_id=str(program.pk))
    assert entry.detail["changed"]["benefit_amount"] == ["200000", "220000"]
    assert (
        login(people.blitar_social_operator)
        .get(reverse("programs:edit", args=["BPNT"]))
        .status_code
        == 403
    )


def test_pkh_component_amounts_are_editable_defaults(people, login):
    pkh = Program.objects.get(code="PKH")
    elderly = pkh.components.get(code="lansia")
    data = {
        "name": pkh.name,
        "cluster": "1",
        "strategy": pkh.strategy,
        "level": pkh.level,
        "funding_source": pkh.funding_source,
        "target_unit": pkh.target_unit,
        "benefit_unit": pkh.benefit_unit,
        "benefit_frequency": pkh.benefit_frequency,
        "max_components": "4",
        "max_components_per_person": "1",
        "active_from": "2025-01-01",
        f"komponen-{elderly.pk}": "2.600.000",
    }
    client = login(people.blitar_secretariat)
    assert client.post(reverse("programs:edit", args=["PKH"]), data).status_code == 302
    elderly.refresh_from_db()
    assert elderly.amount == 2_600_000

    # A component id that is no plain number is not one of ours ("²" passes isdigit()).
    tampered = {**data, "komponen-²": "1"}
    assert client.post(reverse("programs:edit", args=["PKH"]), tampered).status_code == 302

    data[f"komponen-{elderly.pk}"] = "banyak"
    response = client.post(reverse("programs:edit", args=["PKH"]), data)
    assert "besaran harus bilangan bulat rupiah" in response.content.decode()
    elderly.refresh_from_db()
    assert elderly.amount == 2_600_000
