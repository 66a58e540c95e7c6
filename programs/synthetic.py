"""Synthetic recipient lists for every national family program, for the demo and the
benchmark: period 2026 of each, drawn by ``recipients_generate_synthetic``."""

from __future__ import annotations

from datetime import date

from programs.models import Program, ProgramPeriod
from programs.recipients.synthetic import recipients_generate_synthetic

# Share of each program's poor (deciles 1-4) families or people that its list holds, chosen
# so that the lists of a 1.2-million-person regency add up to about 700,000 rows; every list
# also holds 2% of the well-off (inclusion errors) and NIKs the registry does not know.
LIST_SHARES = {
    "PBI-JKN": 0.6,
    "BPNT": 0.55,
    "PKH": 0.35,
    "PIP": 0.08,
    "BLT-DESA": 0.1,
    "RUTILAHU": 0.03,
}


def recipients_generate(*, regency_code: str, seed: int, unknown_share: float = 0.01) -> int:
    """Period 2026 lists of the programs above; a rerun adds nobody already listed."""
    rows = 0
    for code, share in LIST_SHARES.items():
        period, _ = ProgramPeriod.objects.get_or_create(
            program=Program.objects.get(code=code),
            name="2026",
            defaults={"starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31)},
        )
        rows += recipients_generate_synthetic(
            period=period,
            share=share,
            nonpoor_share=0.02,
            unknown_share=unknown_share,
            seed=seed,
            region_code=regency_code,
        ).rows
    return rows
