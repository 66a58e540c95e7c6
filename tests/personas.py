"""Named people the tests speak about, like healthchecks' Alice, Bob and Charlie."""

from __future__ import annotations

from dataclasses import dataclass

from tkpk.models import Agency, RoleAssignment, User
from tkpk.roles import Role
from tkpk.services.api_tokens import api_token_issue

PASSWORD = "sandi-uji-yang-panjang"

BLITAR = "35.05"
BLITAR_DISTRICT = "35.05.01"  # Wonodadi
JATEN = "35.05.01.2001"  # a desa in Wonodadi
OTHER_BLITAR_VILLAGE = "35.05.02.2001"
JEMBER = "35.09"
PADOMASAN = "35.09.01.2001"  # a desa in Jember


def person(
    username: str,
    role: str | None = None,
    region: str | None = None,
    *,
    agency: Agency | None = None,
) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=username)
    if role:
        RoleAssignment.objects.create(user=user, role=role, region_id=region, agency=agency)
    return user


@dataclass
class Cast:
    blitar_secretariat: User
    blitar_social_operator: User
    jaten_village_operator: User
    blitar_auditor: User
    blitar_leader: User
    jember_secretariat: User
    jember_auditor: User
    jember_social_operator: User
    outsider: User
    bpjs_blitar: User
    bpjs_blitar_key: str
    blitar_agency_officer: User


def cast() -> Cast:
    bpjs = person("bpjs.blitar", Role.API_CLIENT, BLITAR)
    _, key = api_token_issue(assignment=bpjs.role_assignments.get(), name="uji", actor=None)
    return Cast(
        blitar_secretariat=person("sekretariat.blitar", Role.SECRETARIAT, BLITAR),
        blitar_social_operator=person("dinsos.blitar", Role.SOCIAL_OPERATOR, BLITAR),
        jaten_village_operator=person("operator.jaten", Role.VILLAGE_OPERATOR, JATEN),
        blitar_auditor=person("auditor.blitar", Role.AUDITOR, BLITAR),
        blitar_leader=person("bupati.blitar", Role.LEADER, BLITAR),
        jember_secretariat=person("sekretariat.jember", Role.SECRETARIAT, JEMBER),
        jember_auditor=person("auditor.jember", Role.AUDITOR, JEMBER),
        jember_social_operator=person("dinsos.jember", Role.SOCIAL_OPERATOR, JEMBER),
        outsider=person("tanpa.peran"),
        bpjs_blitar=bpjs,
        bpjs_blitar_key=key,
        blitar_agency_officer=person("opd.blitar", Role.AGENCY_OFFICER, BLITAR),
    )
