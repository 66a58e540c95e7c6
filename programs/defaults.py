"""The national programs every regency sees, with common published benefit values and
criteria: editable defaults, not law (DOMAIN.md, "Program catalogue facts").

Installed by a data migration and by ``catalogue_install_defaults``; a program already in
the catalogue is never overwritten, so a region's edits survive upgrades.
"""

from __future__ import annotations

from datetime import date
from typing import Any

POOR = {"field": "decile", "min": 1, "max": 4}
ATTENDING = {"field": "member_school", "values": ["masih_sekolah"]}


def _age(low: int, high: int | None = None) -> dict[str, Any]:
    return {"field": "member_age", "min": low, "max": high}


def _pupil(low: int, high: int) -> dict[str, Any]:
    return {"match": "all", "rules": [_age(low, high), ATTENDING]}


PKH_COMPONENTS = [
    ("hamil", "Ibu hamil", 3_000_000, {"match": "all", "rules": [{"field": "member_pregnant"}]}),
    ("anak_usia_dini", "Anak usia 0–6 tahun", 3_000_000, {"match": "all", "rules": [_age(0, 6)]}),
    ("sd", "Siswa SD (7–12 tahun)", 900_000, _pupil(7, 12)),
    ("smp", "Siswa SMP (13–15 tahun)", 1_500_000, _pupil(13, 15)),
    ("sma", "Siswa SMA (16–18 tahun)", 2_000_000, _pupil(16, 18)),
    (
        "disabilitas_berat",
        "Penyandang disabilitas berat",
        2_400_000,
        {"match": "all", "rules": [{"field": "member_disability", "values": ["berat"]}]},
    ),
    ("lansia", "Lanjut usia 60+", 2_400_000, {"match": "all", "rules": [_age(60)]}),
]
PIP_COMPONENTS = [
    ("sd", "Siswa SD (7–12 tahun)", 450_000, _pupil(7, 12)),
    ("smp", "Siswa SMP (13–15 tahun)", 750_000, _pupil(13, 15)),
    ("sma", "Siswa SMA (16–18 tahun)", 1_800_000, _pupil(16, 18)),
]

NATIONAL_PROGRAMS: list[dict[str, Any]] = [
    {
        "code": "PKH",
        "name": "Program Keluarga Harapan",
        "cluster": 1,
        "strategy": "reduce_expenditure",
        "target_unit": "household",
        "benefit_unit": "family",
        "benefit_frequency": "yearly",
        "max_components": 4,
        "implementing_agency": "Kementerian Sosial",
        "criteria": {
            "match": "all",
            "rules": [
                POOR,
                {
                    "match": "any",
                    "rules": [
                        {"field": "member_pregnant", "value": True},
                        _age(0, 6),
                        {"field": "member_school", "values": ["masih_sekolah"]},
                        {"field": "member_disability", "values": ["berat"]},
                        _age(60),
                    ],
                },
            ],
        },
        "components": PKH_COMPONENTS,
    },
    {
        "code": "BPNT",
        "name": "Program Sembako (BPNT)",
        "cluster": 1,
        "strategy": "reduce_expenditure",
        "target_unit": "household",
        "benefit_amount": 200_000,
        "benefit_unit": "family",
        "benefit_frequency": "monthly",
        "implementing_agency": "Kementerian Sosial",
        "criteria": {"match": "all", "rules": [POOR]},
    },
    {
        "code": "PBI-JKN",
        "name": "Penerima Bantuan Iuran JKN",
        "cluster": 1,
        "strategy": "reduce_expenditure",
        "target_unit": "person",
        "benefit_amount": 42_000,
        "benefit_unit": "person",
        "benefit_frequency": "monthly",
        "implementing_agency": "Kementerian Sosial / BPJS Kesehatan",
        "criteria": {"match": "all", "rules": [{"field": "decile", "min": 1, "max": 5}]},
    },
    {
        "code": "PIP",
        "name": "Program Indonesia Pintar",
        "cluster": 1,
        "strategy": "reduce_expenditure",
        "target_unit": "person",
        "benefit_unit": "pupil",
        "benefit_frequency": "yearly",
        "implementing_agency": "Kementerian Pendidikan Dasar dan Menengah",
        "criteria": {"match": "all", "rules": [POOR, _age(6, 21), ATTENDING]},
        "components": PIP_COMPONENTS,
    },
    {
        "code": "BLT-DESA",
        "name": "Bantuan Langsung Tunai Dana Desa",
        "cluster": 1,
        "strategy": "reduce_expenditure",
        "level": "village",
        "funding_source": "apbdes",
        "target_unit": "household",
        "benefit_amount": 300_000,
        "benefit_unit": "family",
        "benefit_frequency": "monthly",
        "implementing_agency": "Pemerintah desa",
        "criteria": {
            "match": "any",
            "rules": [{"field": "extreme_poor", "value": True}, {"field": "decile", "max": 1}],
        },
    },
    {
        "code": "RUTILAHU",
        "name": "Rehabilitasi Rumah Tidak Layak Huni",
        "cluster": 1,
        "strategy": "reduce_expenditure",
        "target_unit": "household",
        "benefit_amount": 20_000_000,
        "benefit_unit": "house",
        "benefit_frequency": "once",
        "implementing_agency": "Kementerian Sosial / Dinas Perumahan",
        "criteria": {"match": "all", "rules": [POOR, {"field": "unfit_housing", "value": True}]},
    },
    {
        "code": "KUBE",
        "name": "Kelompok Usaha Bersama",
        "cluster": 2,
        "strategy": "raise_income",
        "target_unit": "group",
        "benefit_amount": 20_000_000,
        "benefit_unit": "group",
        "benefit_frequency": "once",
        "implementing_agency": "Kementerian Sosial",
        "criteria": {"match": "all", "rules": [POOR, _age(18, 59)]},
    },
]


def catalogue_install_defaults(program_model: Any, component_model: Any) -> int:
    """Add the national programs missing from the catalogue; returns how many were added.

    Takes the model classes so the data migration can pass its historical models."""
    existing = set(program_model.objects.values_list("code", flat=True))
    added = 0
    for spec in NATIONAL_PROGRAMS:
        if spec["code"] in existing:
            continue
        fields = {k: v for k, v in spec.items() if k != "components"}
        fields.setdefault("level", "central")
        fields.setdefault("funding_source", "apbn")
        program = program_model.objects.create(active_from=date(2025, 1, 1), **fields)
        component_model.objects.bulk_create(
            component_model(
                program=program, code=code, label=label, amount=amount, rule=rule, position=i
            )
            for i, (code, label, amount, rule) in enumerate(spec.get("components", []))
        )
        added += 1
    return added
