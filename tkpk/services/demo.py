"""The demo regency: standard agencies and one login per role."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from tkpk.models import Agency, ApiToken, Region, RoleAssignment, User
from tkpk.roles import Role
from tkpk.services.api_tokens import api_token_issue

DEMO_PASSWORD = "demo-tkpk-2026"  # noqa: S105 - printed for the local demo on purpose

# (code, name, kind): the OPD every regency has, and the external agencies that call the API.
STANDARD_AGENCIES = [
    ("bappeda", "Bappeda", Agency.Kind.OPD),
    ("dinsos", "Dinas Sosial", Agency.Kind.OPD),
    ("dinkes", "Dinas Kesehatan", Agency.Kind.OPD),
    ("disdik", "Dinas Pendidikan", Agency.Kind.OPD),
    ("pupr", "Dinas Pekerjaan Umum dan Penataan Ruang", Agency.Kind.OPD),
    ("dinkop", "Dinas Koperasi dan Usaha Mikro", Agency.Kind.OPD),
    ("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa", Agency.Kind.OPD),
    ("inspektorat", "Inspektorat", Agency.Kind.OPD),
    ("bpjs-kesehatan", "BPJS Kesehatan", Agency.Kind.EXTERNAL),
    ("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", Agency.Kind.OPD),
    ("kemensos", "Kementerian Sosial", Agency.Kind.EXTERNAL),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    region: str
    agency: str


def agencies_ensure_standard(*, region: Region) -> dict[str, Agency]:
    existing = {a.code: a for a in Agency.objects.filter(region=region)}
    missing = [
        Agency(code=code, name=name, kind=kind, region=region)
        for code, name, kind in STANDARD_AGENCIES
        if code not in existing
    ]
    Agency.objects.bulk_create(missing)
    return {a.code: a for a in Agency.objects.filter(region=region)}


def demo_regency_setup(*, regency_code: str) -> tuple[list[DemoLogin], str]:
    """Idempotent: reruns reset the demo passwords and issue a fresh demo API key."""
    regency = Region.objects.get(code=regency_code, level=Region.Level.REGENCY)
    village = (
        Region.objects.filter(code__startswith=regency_code + ".", level=4).order_by("code").first()
    )
    if village is None:
        raise ValueError(f"regency {regency_code} has no villages loaded")
    with transaction.atomic():
        agencies = agencies_ensure_standard(region=regency)
        people = [
            ("sekretariat", "Sekretariat TKPK", Role.SECRETARIAT, regency, "bappeda"),
            ("dinsos", "Operator Dinas Sosial", Role.SOCIAL_OPERATOR, regency, "dinsos"),
            (
                "operator.desa",
                f"Operator Desa {village.name}",
                Role.VILLAGE_OPERATOR,
                village,
                None,
            ),
            ("opd.pendidikan", "Petugas Dinas Pendidikan", Role.AGENCY_OFFICER, regency, "disdik"),
            ("pimpinan", "Bupati", Role.LEADER, regency, None),
            ("auditor", "Auditor Inspektorat", Role.AUDITOR, regency, "inspektorat"),
            ("api.bpjs", "Sistem BPJS Kesehatan", Role.API_CLIENT, regency, "bpjs-kesehatan"),
        ]
        logins = []
        for username, full_name, role, region, agency_code in people:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name = full_name
            user.set_password(DEMO_PASSWORD)
            user.save()
            agency = agencies[agency_code] if agency_code else None
            assignment, _ = RoleAssignment.objects.update_or_create(
                user=user, role=role, region=region, defaults={"agency": agency}
            )
            logins.append(
                DemoLogin(username, str(role.label), str(region), agency.name if agency else "")
            )
            if role == Role.API_CLIENT:
                api_assignment = assignment
        ApiToken.objects.filter(assignment=api_assignment, name="demo").delete()
        _, key = api_token_issue(assignment=api_assignment, name="demo", actor=None)
    return logins, key
