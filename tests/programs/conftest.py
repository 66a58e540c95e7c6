from __future__ import annotations

from datetime import date

import pytest

from households.synthetic import synthetic_registry_import
from programs.models import Program, ProgramPeriod

DAY = date(2026, 6, 1)


@pytest.fixture
def registry(people, tmp_path):
    """A synthetic Blitar registry loaded through the batch pipeline (about 1,000 people)."""
    synthetic_registry_import(regency_code="35.05", households=300, seed=11, workdir=tmp_path)


@pytest.fixture
def period():
    def _period(code: str) -> ProgramPeriod:
        return ProgramPeriod.objects.create(
            program=Program.objects.get(code=code),
            name="2026",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )

    return _period
