"""Writes of the TKPK's composition, its rakor, attendance and follow-ups.

Every write checks the user's region on both sides: the object's region (the decree's or
the meeting's) and whatever the input names (the region of a new decree or meeting, the
agency owning a follow-up). Anything outside reads like something that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.coordination.selectors import owned_follow_ups
from monitoring.models import FollowUp, Meeting, MeetingAttendee, TkpkDecree, TkpkMember
from monitoring.scope import monitoring_may_manage
from tkpk.models import Agency, AuditAction, Region, User
from tkpk.services.audit import audit_record

TEAM_LEVELS = (Region.Level.PROVINCE, Region.Level.REGENCY)


def _region_not_found(field: str, code: str) -> ValidationError:
    return ValidationError(
        {field: [_("Wilayah %(code)s tidak ditemukan.") % {"code": code or "—"}]}
    )


def _team_region(*, user: User, code: str, field: str = "region") -> Region:
    """A province or regency/city where the user manages monitoring, else "not found"."""
    region = Region.objects.filter(code=code, level__in=TEAM_LEVELS).first()
    if region is None or not monitoring_may_manage(user, region.code):
        raise _region_not_found(field, code)
    return region


def _agency_of(region_code: str, agency_id: int | None, field: str) -> Agency | None:
    """An agency of the region itself, or "not found" (another region's agency included)."""
    if not agency_id:
        return None
    agency = Agency.objects.filter(pk=agency_id, region_id=region_code).first()
    if agency is None:
        raise ValidationError({field: [_("Perangkat daerah tidak ditemukan di wilayah ini.")]})
    return agency


def _text(value: str, field: str, message: str, errors: dict[str, list[str]]) -> str:
    value = (value or "").strip()
    if not value:
        errors.setdefault(field, []).append(message)
    return value


# ---------------------------------------------------------------------------- decree


@dataclass(frozen=True)
class DecreeInput:
    region_code: str
    sk_number: str
    sk_date: date
    term_start: date
    term_end: date
    note: str = ""


def decree_create(*, user: User, data: DecreeInput) -> TkpkDecree:
    region = _team_region(user=user, code=data.region_code)
    errors: dict[str, list[str]] = {}
    sk_number = _text(data.sk_number, "sk_number", _("Nomor SK wajib diisi."), errors)
    if data.term_end < data.term_start:
        errors["term_end"] = [_("Masa berlaku berakhir sebelum dimulai.")]
    if data.sk_date > data.term_end:
        errors.setdefault("sk_date", []).append(_("SK ditetapkan setelah masa berlakunya habis."))
    if sk_number and TkpkDecree.objects.filter(region=region, sk_number=sk_number).exists():
        errors.setdefault("sk_number", []).append(
            _("SK nomor %(sk)s sudah tercatat untuk wilayah ini.") % {"sk": sk_number}
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        decree = TkpkDecree.objects.create(
            region=region,
            sk_number=sk_number,
            sk_date=data.sk_date,
            term_start=data.term_start,
            term_end=data.term_end,
            note=data.note.strip(),
            created_by=user,
        )
        audit_record(
            actor=user,
            action=AuditAction.TKPK_DECREE_CHANGED,
            target=decree,
            region_code=region.code,
            detail={"created": True, "sk_number": sk_number},
        )
    return decree


@dataclass(frozen=True)
class MemberInput:
    position: str
    name: str
    title: str
    element: str = TkpkMember.Element.GOVERNMENT
    institution: str = ""
    agency_id: int | None = None
    group: str = ""


def _member_checked(
    *, decree: TkpkDecree, data: MemberInput, member: TkpkMember | None = None
) -> dict[str, Any]:
    """The seat's values, or every reason it cannot be taken. Seats held by one person
    (chair, secretary...) refuse a second; the agency must be one of the decree's region."""
    errors: dict[str, list[str]] = {}
    name = _text(data.name, "name", _("Nama wajib diisi."), errors)
    title = _text(data.title, "title", _("Jabatan wajib diisi."), errors)
    if data.position not in TkpkMember.Position.values:
        errors["position"] = [_("Kedudukan tidak dikenal.")]
    if data.element not in TkpkMember.Element.values:
        errors["element"] = [_("Unsur tidak dikenal.")]
    group = data.group.strip()
    if data.position in TkpkMember.GROUP_SEATS and not group:
        errors["group"] = [_("Sebutkan kelompok pengelola program atau pokja-nya.")]
    taken = decree.members.filter(position=data.position)
    if member is not None:
        taken = taken.exclude(pk=member.pk)
    if data.position in TkpkMember.SINGLE_SEATS and taken.exists():
        errors.setdefault("position", []).append(
            _("Kedudukan %(position)s sudah terisi dalam SK ini.")
            % {"position": TkpkMember.Position(data.position).label}
        )
    try:
        agency = _agency_of(decree.region_id, data.agency_id, "agency_id")
    except ValidationError as exc:
        errors.update(exc.message_dict)
        agency = None
    if errors:
        raise ValidationError(errors)
    return {
        "position": data.position,
        "element": data.element,
        "name": name,
        "title": title,
        "institution": data.institution.strip() or (agency.name if agency else ""),
        "agency": agency,
        "group": group,
    }


def member_add(*, user: User, decree: TkpkDecree, data: MemberInput) -> TkpkMember:
    """A seat of the decree."""
    if not monitoring_may_manage(user, decree.region_id):
        raise ValidationError(_("SK TKPK tidak ditemukan."))
    values = _member_checked(decree=decree, data=data)
    try:
        with transaction.atomic():
            member = TkpkMember.objects.create(decree=decree, **values)
            audit_record(
                actor=user,
                action=AuditAction.TKPK_DECREE_CHANGED,
                target=decree,
                region_code=decree.region_id,
                detail={"member_added": values["name"], "position": data.position},
            )
    except IntegrityError as exc:  # two people took the same seat at the same moment
        raise ValidationError(
            {"position": [_("Kedudukan ini baru saja diisi orang lain; muat ulang halaman.")]}
        ) from exc
    return member


def _member_state(member: TkpkMember) -> dict[str, Any]:
    return {
        "position": member.position,
        "element": member.element,
        "name": member.name,
        "title": member.title,
        "institution": member.institution,
        "agency": member.agency_id,
        "group": member.group,
    }


def member_update(*, user: User, member: TkpkMember, data: MemberInput) -> TkpkMember:
    """Change a seat of the decree (a new name, position or agency): the decree's region must
    be the user's, and so must the new agency's. The audit keeps before and after."""
    decree = member.decree
    if not monitoring_may_manage(user, decree.region_id):
        raise ValidationError(_("Anggota TKPK tidak ditemukan."))
    values = _member_checked(decree=decree, data=data, member=member)
    try:
        with transaction.atomic():
            locked = TkpkMember.objects.select_for_update().get(pk=member.pk)
            before = _member_state(locked)
            for name, value in values.items():
                setattr(locked, name, value)
            after = _member_state(locked)
            if after == before:
                return locked
            locked.save()
            audit_record(
                actor=user,
                action=AuditAction.TKPK_DECREE_CHANGED,
                target=decree,
                region_code=decree.region_id,
                detail={"member_changed": locked.pk, "before": before, "after": after},
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"position": [_("Kedudukan ini baru saja diisi orang lain; muat ulang halaman.")]}
        ) from exc
    return locked


# ---------------------------------------------------------------------------- rakor


@dataclass(frozen=True)
class MeetingInput:
    region_code: str
    title: str
    held_on: date
    place: str
    agenda: str
    chair: str = ""
    decisions: str = ""


def meeting_create(*, user: User, data: MeetingInput, today: date | None = None) -> Meeting:
    region = _team_region(user=user, code=data.region_code)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    title = _text(data.title, "title", _("Judul rapat wajib diisi."), errors)
    place = _text(data.place, "place", _("Tempat wajib diisi."), errors)
    agenda = _text(data.agenda, "agenda", _("Agenda wajib diisi."), errors)
    if data.decisions.strip() and data.held_on > today:
        errors["decisions"] = [_("Rapat yang belum berlangsung belum punya keputusan.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            region=region,
            decree=TkpkDecree.objects.filter(
                region=region, term_start__lte=data.held_on, term_end__gte=data.held_on
            )
            .order_by("-term_start")
            .first(),
            title=title,
            held_on=data.held_on,
            place=place,
            chair=data.chair.strip(),
            agenda=agenda,
            decisions=data.decisions.strip(),
            created_by=user,
        )
        audit_record(
            actor=user,
            action=AuditAction.MEETING_CHANGED,
            target=meeting,
            region_code=region.code,
            detail={"created": True, "held_on": data.held_on.isoformat()},
        )
    return meeting


def meeting_decisions_set(*, user: User, meeting: Meeting, decisions: str) -> Meeting:
    if not monitoring_may_manage(user, meeting.region_id):
        raise ValidationError(_("Rapat tidak ditemukan."))
    with transaction.atomic():
        before = meeting.decisions
        meeting.decisions = decisions.strip()
        meeting.save(update_fields=["decisions"])
        audit_record(
            actor=user,
            action=AuditAction.MEETING_CHANGED,
            target=meeting,
            region_code=meeting.region_id,
            detail={"decisions_before": before[:500], "decisions": meeting.decisions[:500]},
        )
    return meeting


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    sex: str
    institution: str = ""
    agency_id: int | None = None


def attendees_add(
    *, user: User, meeting: Meeting, attendees: list[AttendeeInput]
) -> list[MeetingAttendee]:
    """All of them or none; each row's problem names the row."""
    if not monitoring_may_manage(user, meeting.region_id):
        raise ValidationError(_("Rapat tidak ditemukan."))
    errors: list[str] = []
    agencies = {
        a.pk: a
        for a in Agency.objects.filter(
            region_id=meeting.region_id, pk__in=[a.agency_id for a in attendees if a.agency_id]
        )
    }
    for i, a in enumerate(attendees, start=1):
        if not a.name.strip():
            errors.append(_("Baris %(row)s, kolom nama: wajib diisi.") % {"row": i})
        if a.sex not in MeetingAttendee.Sex.values:
            errors.append(_("Baris %(row)s, kolom jenis kelamin: isi L atau P.") % {"row": i})
        if a.agency_id and a.agency_id not in agencies:
            errors.append(
                _("Baris %(row)s, kolom perangkat daerah: tidak ditemukan di wilayah ini.")
                % {"row": i}
            )
    if not attendees:
        errors.append(_("Tidak ada peserta yang ditambahkan."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rows = MeetingAttendee.objects.bulk_create(
            MeetingAttendee(
                meeting=meeting,
                name=a.name.strip(),
                sex=a.sex,
                agency=agencies.get(a.agency_id or 0),
                institution=a.institution.strip()
                or (agencies[a.agency_id].name if a.agency_id else ""),
            )
            for a in attendees
        )
        audit_record(
            actor=user,
            action=AuditAction.MEETING_CHANGED,
            target=meeting,
            region_code=meeting.region_id,
            detail={"attendees_added": len(rows)},
        )
    return rows


# ---------------------------------------------------------------------------- follow-ups


@dataclass(frozen=True)
class FollowUpInput:
    action: str
    owner_id: int | None
    due_on: date
    status: str = FollowUp.Status.OPEN
    note: str = ""


def _follow_up_checked(meeting: Meeting, data: FollowUpInput) -> tuple[str, Agency]:
    errors: dict[str, list[str]] = {}
    action = _text(data.action, "action", _("Tindak lanjut wajib diisi."), errors)
    if data.status not in FollowUp.Status.values:
        errors["status"] = [_("Status tidak dikenal.")]
    if data.due_on < meeting.held_on:
        errors["due_on"] = [_("Batas waktu sebelum tanggal rapat.")]
    owner = None
    if not data.owner_id:
        errors["owner_id"] = [_("Pilih perangkat daerah penanggung jawab.")]
    else:
        try:
            owner = _agency_of(meeting.region_id, data.owner_id, "owner_id")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors or owner is None:
        raise ValidationError(errors)
    return action, owner


def follow_up_add(
    *, user: User, meeting: Meeting, data: FollowUpInput, today: date | None = None
) -> FollowUp:
    if not monitoring_may_manage(user, meeting.region_id):
        raise ValidationError(_("Rapat tidak ditemukan."))
    action, owner = _follow_up_checked(meeting, data)
    today = today or timezone.localdate()
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            meeting=meeting,
            action=action,
            owner=owner,
            due_on=data.due_on,
            status=data.status,
            done_on=today if data.status == FollowUp.Status.DONE else None,
            note=data.note.strip(),
            updated_by=user,
        )
        audit_record(
            actor=user,
            action=AuditAction.FOLLOW_UP_CHANGED,
            target=follow_up,
            region_code=meeting.region_id,
            detail={"created": True, "owner": owner.code, "due_on": data.due_on.isoformat()},
        )
    return follow_up


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def follow_up_update(
    *, user: User, follow_up: FollowUp, data: FollowUpInput, today: date | None = None
) -> FollowUp:
    """Change a follow-up: its meeting must be in the user's region, and the new owner an
    agency of that meeting's region. Marking it done dates it; reopening clears the date."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().select_related("meeting").get(pk=follow_up.pk)
        if not monitoring_may_manage(user, locked.meeting.region_id):
            raise ValidationError(_("Tindak lanjut tidak ditemukan."))
        action, owner = _follow_up_checked(locked.meeting, data)
        before = {
            "action": locked.action,
            "owner": locked.owner_id,
            "due_on": locked.due_on,
            "status": locked.status,
            "note": locked.note,
        }
        locked.action, locked.owner, locked.due_on = action, owner, data.due_on
        locked.note = data.note.strip()
        if data.status == FollowUp.Status.DONE and locked.status != FollowUp.Status.DONE:
            locked.done_on = today
        elif data.status != FollowUp.Status.DONE:
            locked.done_on = None
        locked.status = data.status
        locked.updated_by = user
        locked.save()
        after = {
            "action": locked.action,
            "owner": locked.owner_id,
            "due_on": locked.due_on,
            "status": locked.status,
            "note": locked.note,
        }
        changed = {
            k: [_jsonable(before[k]), _jsonable(after[k])] for k in after if before[k] != after[k]
        }
        if changed:
            audit_record(
                actor=user,
                action=AuditAction.FOLLOW_UP_CHANGED,
                target=locked,
                region_code=locked.meeting.region_id,
                detail={"changed": changed},
            )
    return locked


def follow_up_status_set(
    *, user: User, follow_up: FollowUp, status: str, note: str, today: date | None = None
) -> FollowUp:
    """An agency officer brings a follow-up their agency owns up to date: its status and
    note, nothing else. Another agency's or another region's follow-up reads "not found"
    (checked again under the lock). Marking it done dates it; reopening clears the date."""
    today = today or timezone.localdate()
    if status not in FollowUp.Status.values:
        raise ValidationError({"status": [_("Status tidak dikenal.")]})
    with transaction.atomic():
        locked = (
            owned_follow_ups(user=user).select_for_update(of=("self",)).filter(pk=follow_up.pk)
        ).first()
        if locked is None:
            raise ValidationError(_("Tindak lanjut tidak ditemukan."))
        before = {"status": locked.status, "note": locked.note}
        if status == FollowUp.Status.DONE and locked.status != FollowUp.Status.DONE:
            locked.done_on = today
        elif status != FollowUp.Status.DONE:
            locked.done_on = None
        locked.status = status
        locked.note = note.strip()
        after = {"status": locked.status, "note": locked.note}
        if after == before:
            return locked
        locked.updated_by = user
        locked.save()
        audit_record(
            actor=user,
            action=AuditAction.FOLLOW_UP_CHANGED,
            target=locked,
            region_code=locked.meeting.region_id,
            detail={"changed": {k: [before[k], after[k]] for k in after if before[k] != after[k]}},
        )
    return locked
