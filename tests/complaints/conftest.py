from __future__ import annotations

from dataclasses import dataclass

import pytest

from complaints.models import Complaint
from complaints.services import ComplaintInput, complaint_file
from tests.personas import BLITAR, JEMBER, Cast, person
from tkpk.models import Agency, User
from tkpk.roles import Role

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% bukti\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@dataclass
class Office:
    """Agencies and their officers beside the shared cast."""

    dinsos_blitar: Agency
    dinkes_blitar: Agency
    dinsos_jember: Agency
    dinsos_officer: User  # handles complaints routed to Dinas Sosial Blitar
    dinkes_officer: User  # an officer of another Blitar agency
    jember_officer: User


@pytest.fixture
def office(people: Cast) -> Office:
    dinsos = Agency.objects.create(
        code="dinsos", name="Dinas Sosial Blitar", kind="opd", region_id=BLITAR
    )
    dinkes = Agency.objects.create(
        code="dinkes", name="Dinas Kesehatan Blitar", kind="opd", region_id=BLITAR
    )
    dinsos_jember = Agency.objects.create(
        code="dinsos", name="Dinas Sosial Jember", kind="opd", region_id=JEMBER
    )
    return Office(
        dinsos_blitar=dinsos,
        dinkes_blitar=dinkes,
        dinsos_jember=dinsos_jember,
        dinsos_officer=person("petugas.dinsos", Role.AGENCY_OFFICER, BLITAR, agency=dinsos),
        dinkes_officer=person("petugas.dinkes", Role.AGENCY_OFFICER, BLITAR, agency=dinkes),
        jember_officer=person("petugas.jember", Role.AGENCY_OFFICER, JEMBER, agency=dinsos_jember),
    )


def valid_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "category": "not_registered",
        "program_code": "PKH",
        "village": "35.05.01.2001",
        "description": "Keluarga Pak Sumarno miskin tetapi tidak pernah terdata.",
        "nik": "",
        "kk": "",
        "reporter_name": "Siti",
        "reporter_contact": "0812 3456 7890",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def filed(regions):
    """File a complaint through the service (the public form's path unless ``user``)."""

    def _filed(
        *, village: str = "35.05.01.2001", category: str = "not_registered", user=None, **kw
    ) -> Complaint:
        return complaint_file(
            data=ComplaintInput(
                category=category,
                village=village,
                description=kw.pop("description", "Bantuan PKH tidak sampai sejak Maret."),
                channel=kw.pop("channel", "web" if user is None else "phone"),
                **kw,
            ),
            user=user,
        )

    return _filed
