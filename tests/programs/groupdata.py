"""Small registry persons and groups for the group and disbursement tests."""

from __future__ import annotations

import io
import itertools
from datetime import date

from django.utils import timezone
from PIL import Image

from households.models import Household, Person
from programs.models import Program, ProgramPeriod

_serial = itertools.count(1)


def resident(village: str, *, name: str = "Warga", status: str = "living") -> Person:
    """A living adult in a one-person household of ``village``; NIK and KK from the code."""
    n = next(_serial)
    prefix = village[:2] + village[3:5] + village[6:8]
    now = timezone.now()
    household = Household.objects.create(
        kk=f"{prefix}0101{n:06d}", village_id=village, created_at=now, updated_at=now
    )
    return Person.objects.create(
        household=household,
        nik=f"{prefix}120385{n:04d}",
        name=f"{name} {n}",
        name_search=f"{name.upper()} {n}",
        relation="kepala",
        sex="L",
        birth_date=date(1985, 3, 12),
        status=status,
        created_at=now,
        updated_at=now,
    )


def kube() -> Program:
    return Program.objects.get(code="KUBE")


def regional_program(code: str, owner: str, *, cluster: int = 3) -> Program:
    return Program.objects.create(
        code=code,
        name=f"KSM {code}",
        cluster=cluster,
        strategy="raise_income",
        level="regency",
        funding_source="apbd_regency",
        owner_region_id=owner,
        target_unit="group",
        active_from=date(2025, 1, 1),
    )


def period(program: Program, name: str = "2025", year: int = 2025) -> ProgramPeriod:
    return ProgramPeriod.objects.create(
        program=program, name=name, starts_on=date(year, 1, 1), ends_on=date(year, 12, 31)
    )


def jpeg(colour: str = "green") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, "JPEG")
    return out.getvalue()
