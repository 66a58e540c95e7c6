"""A Blitar planning year for RKPD 2027, proposals and a small registry to score them on."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from households.models import Household, Person
from musrenbang.models import PlanningYear, Proposal
from musrenbang.services import ProposalInput, planning_year_create, proposal_create
from tests.personas import BLITAR, JATEN

WONODADI = "35.05.01"
OTHER_WONODADI_VILLAGE = "35.05.01.2002"


@pytest.fixture
def year(people) -> PlanningYear:
    return planning_year_create(user=people.blitar_secretariat, region_code=BLITAR, year=2027)


def proposal_input(**overrides: Any) -> ProposalInput:
    values: dict[str, Any] = {
        "title": "Pelatihan menjahit ibu rumah tangga miskin",
        "problem": "Banyak ibu dari keluarga desil 1-2 tanpa penghasilan.",
        "village_code": JATEN,
        "is_physical": False,
        "field_of_affairs": "manpower",
        "volume": "20",
        "unit": "orang",
        "estimated_cost": "15.000.000,00",
        "beneficiaries": 20,
        "beneficiary_kind": "person",
        "rt": "002",
        "rw": "001",
    }
    values.update(overrides)
    return ProposalInput(**values)


@pytest.fixture
def propose(people, year):
    def _propose(user=None, **overrides: Any) -> Proposal:
        return proposal_create(
            user=user or people.jaten_village_operator,
            planning_year=year,
            data=proposal_input(**overrides),
        )

    return _propose


_serial = iter(range(1, 10**6))


def household(village: str, *, decile: int | None, members: list[dict[str, Any]] = (), **kw: Any):
    """A household straight into the registry tables (the import is tested elsewhere)."""
    n = next(_serial)
    now = timezone.now()
    village_digits = village.replace(".", "")
    h = Household.objects.create(
        kk=f"{village_digits[:6]}{n:010d}",
        village_id=village,
        welfare_decile=decile,
        created_at=now,
        updated_at=now,
        **kw,
    )
    for i, m in enumerate(members or [{}]):
        Person.objects.create(
            household=h,
            nik=f"{village_digits[:6]}{n:08d}{i:02d}",
            name=m.get("name", "Warga"),
            name_search="WARGA",
            relation="kepala" if i == 0 else "anak",
            sex=m.get("sex", "L"),
            birth_date=m.get("birth_date", date(1980, 1, 1)),
            school_attendance=m.get("school_attendance", ""),
            disability=m.get("disability", "tidak"),
            created_at=now,
            updated_at=now,
        )
    return h


def money(value: str) -> Decimal:
    return Decimal(value)
