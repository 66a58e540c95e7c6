"""Forums (one meeting at one level for one region) and their attendance lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from musrenbang.models import Attendance, Forum, PlanningYear, Stage
from musrenbang.selectors import musrenbang_may_write
from musrenbang.services.common import (
    MANAGE,
    region_not_found,
    stage_of_kind,
    stage_require_open,
)
from tkpk.models import Agency, AuditAction, Region, User
from tkpk.roles import Permission
from tkpk.services.audit import audit_record

LEVEL_OF_REGION = {
    Region.Level.VILLAGE: Forum.Level.VILLAGE,
    Region.Level.DISTRICT: Forum.Level.DISTRICT,
    Region.Level.REGENCY: Forum.Level.REGENCY,
}
STAGE_OF_FORUM = {
    Forum.Level.VILLAGE: Stage.Kind.MUSDES,
    Forum.Level.DISTRICT: Stage.Kind.DISTRICT,
    Forum.Level.REGENCY: Stage.Kind.REGENCY,
}


@dataclass(frozen=True)
class ForumInput:
    region_code: str
    name: str
    held_on: date
    place: str
    chair: str = ""
    kind: str = Forum.Kind.GENERAL
    chair_nip: str = ""
    minutes_number: str = ""
    agency_id: int | None = None


def forum_create(*, user: User, planning_year: PlanningYear, data: ForumInput) -> Forum:
    """A forum in a region of the year's regency. Village forums are the Musdes stage's,
    thematic forums the thematic stage's, a Forum OPD the agency stage's."""
    region = Region.objects.filter(code=data.region_code).first()
    inside = region is not None and (
        region.code == planning_year.region_id
        or region.code.startswith(planning_year.region_id + ".")
    )
    may = region is not None and (
        musrenbang_may_write(user, region.code, permission=MANAGE)
        or (
            region.level == Region.Level.VILLAGE
            and musrenbang_may_write(user, region.code, permission=Permission.PROPOSE_MUSRENBANG)
        )
    )
    if region is None or not inside or not may or region.level not in LEVEL_OF_REGION:
        raise region_not_found("region", data.region_code)
    level = LEVEL_OF_REGION[Region.Level(region.level)]
    if data.kind == Forum.Kind.AGENCY:
        kind = Stage.Kind.AGENCY
    elif data.kind != Forum.Kind.GENERAL:
        kind = Stage.Kind.THEMATIC
    else:
        kind = STAGE_OF_FORUM[level]
    errors: dict[str, list[str]] = {}
    agency = None
    if data.kind == Forum.Kind.AGENCY:
        agency = Agency.objects.filter(
            pk=data.agency_id or 0, region_id=planning_year.region_id, kind=Agency.Kind.OPD
        ).first()
        if agency is None:
            errors["agency_id"] = [_("Forum OPD memerlukan perangkat daerah kabupaten ini.")]
    elif data.agency_id:
        errors["agency_id"] = [_("Hanya Forum OPD yang menyebut perangkat daerah.")]
    if not data.name.strip():
        errors["name"] = [_("Nama forum wajib diisi.")]
    if not data.place.strip():
        errors["place"] = [_("Tempat wajib diisi.")]
    if errors:
        raise ValidationError(errors)
    stage = stage_of_kind(planning_year, kind)
    stage_require_open(stage)
    with transaction.atomic():
        forum = Forum.objects.create(
            planning_year=planning_year,
            stage=stage,
            region=region,
            level=level,
            kind=data.kind,
            agency=agency,
            name=data.name.strip(),
            held_on=data.held_on,
            place=data.place.strip(),
            chair=data.chair.strip(),
            chair_nip=data.chair_nip.strip(),
            minutes_number=data.minutes_number.strip(),
            created_by=user,
        )
        audit_record(
            actor=user,
            action=AuditAction.MUSRENBANG_FORUM_CHANGED,
            target=forum,
            region_code=region.code,
            detail={"created": True},
        )
    return forum


def forum_require_unsigned(forum: Forum) -> None:
    """A forum whose signed berita acara is in has its results locked."""
    if forum.signed_minutes_at is not None:
        raise ValidationError(_("Berita acara forum ini sudah ditandatangani: hasilnya terkunci."))


def forum_may_write(*, user: Any, forum: Forum) -> bool:
    if musrenbang_may_write(user, forum.region_id, permission=MANAGE):
        return True
    return forum.level == Forum.Level.VILLAGE and musrenbang_may_write(
        user, forum.region_id, permission=Permission.PROPOSE_MUSRENBANG
    )


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    sex: str
    institution: str = ""
    element: str = Attendance.Element.OTHER
    has_disability: bool = False
    represents_poor: bool = False
    is_delegate: bool = False


def attendance_add(*, user: User, forum: Forum, attendees: list[AttendeeInput]) -> list[Attendance]:
    """Add people to a forum's attendance list: all of them or none, each row checked."""
    if not forum_may_write(user=user, forum=forum):
        raise ValidationError(_("Forum tidak ditemukan."))
    stage_require_open(forum.stage)
    forum_require_unsigned(forum)
    errors = []
    for i, a in enumerate(attendees, start=1):
        if not a.name.strip():
            errors.append(_("Baris %(row)s: nama kosong.") % {"row": i})
        if a.sex not in Attendance.Sex.values:
            errors.append(_("Baris %(row)s: jenis kelamin L atau P.") % {"row": i})
        if a.element not in Attendance.Element.values:
            errors.append(_("Baris %(row)s: unsur tidak dikenal.") % {"row": i})
    if not attendees:
        errors.append(_("Tidak ada peserta yang ditambahkan."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rows = Attendance.objects.bulk_create(
            Attendance(
                forum=forum,
                name=a.name.strip(),
                institution=a.institution.strip(),
                element=a.element,
                sex=a.sex,
                has_disability=a.has_disability,
                represents_poor=a.represents_poor,
                is_delegate=a.is_delegate,
            )
            for a in attendees
        )
    return rows
