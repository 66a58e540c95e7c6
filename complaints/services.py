"""Writes: filing a complaint from any channel, moving it through its status flow, replies,
the household link and the registry correction it can open."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.attachments import MAX_FILES, attachment_store
from complaints.codes import code_new
from complaints.models import (
    DEADLINE_DAYS,
    REGISTRY_CATEGORIES,
    Attachment,
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    Status,
)
from complaints.selectors import (
    complaint_agency_choices,
    complaint_can_handle,
    complaint_can_manage,
    complaint_program_choices,
    public_root_code,
)
from households.corrections import correction_draft_create
from households.identifiers import identifier_digits, is_identifier
from households.models import CorrectionDraft, Household
from households.services import person_lookup
from programs.models import Program
from tkpk.access import user_can_see_region
from tkpk.attachments import CheckedFile, attachment_check
from tkpk.models import Agency, AuditAction, Region, User
from tkpk.roles import Permission
from tkpk.services.audit import audit_record

MAX_DESCRIPTION = 4000

# Markup anywhere in a text: an opening tag, a closing tag, a comment or a declaration.
# Everything is escaped on output anyway; refusing it tells a person why the text changed.
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]|javascript:", re.IGNORECASE)

# Who may move a complaint from one status to another: the secretariat triages, routes and
# closes; the agency it was routed to takes it up and settles it (the secretariat may too).
MANAGE, HANDLE = "manage", "handle"
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.RECEIVED, Status.VERIFIED): MANAGE,
    (Status.RECEIVED, Status.REJECTED): MANAGE,
    (Status.VERIFIED, Status.FORWARDED): MANAGE,
    (Status.VERIFIED, Status.REJECTED): MANAGE,
    (Status.FORWARDED, Status.FORWARDED): MANAGE,  # routed again to another agency
    (Status.FORWARDED, Status.IN_PROGRESS): HANDLE,
    (Status.IN_PROGRESS, Status.FORWARDED): MANAGE,
    (Status.IN_PROGRESS, Status.RESOLVED): HANDLE,
    (Status.IN_PROGRESS, Status.REJECTED): HANDLE,
    (Status.RESOLVED, Status.CLOSED): MANAGE,
    (Status.REJECTED, Status.CLOSED): MANAGE,
}
NEEDS_REPLY = frozenset({Status.RESOLVED, Status.REJECTED})


@dataclass(frozen=True)
class ComplaintInput:
    category: str
    village: str
    description: str
    program_code: str = ""  # a program catalogue code (PKH, BPNT...)
    nik: str = ""
    kk: str = ""
    reporter_name: str = ""
    reporter_contact: str = ""
    anonymous: bool = False
    channel: str = Channel.WEB
    lapor_reference: str = ""
    external_reference: str = ""


@dataclass(frozen=True)
class UploadedFile:
    name: str
    content: bytes


def has_markup(text: str) -> bool:
    return bool(_MARKUP.search(text or ""))


def markup_error() -> str:
    return _("Teks tidak boleh memuat kode HTML atau skrip (tanda < diikuti huruf).")


def complaint_input_errors(
    *, data: ComplaintInput, user: User | None
) -> tuple[dict[str, list[str]], Region | None, Program | None]:
    """Every problem with the input, by field, in the user's language; the village and the
    program it names."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if data.category not in Category.values:
        add("category", _("Pilih kategori pengaduan."))
    if data.channel not in Channel.values:
        add("channel", _("Kanal tidak dikenal."))
    elif data.channel == Channel.WEB and user is not None:
        add("channel", _("Pilih kanal tempat pengaduan diterima."))
    if data.channel == Channel.LAPOR and not data.lapor_reference.strip():
        add("lapor_reference", _("Tulis nomor pengaduan SP4N-LAPOR!."))
    description = data.description.strip()
    if len(description) < 10:
        add("description", _("Uraikan pengaduan paling sedikit 10 huruf."))
    elif len(description) > MAX_DESCRIPTION:
        add(
            "description",
            _("Uraian paling banyak %(n)s huruf (tertulis %(len)s).")
            % {"n": MAX_DESCRIPTION, "len": len(description)},
        )
    for field in ("nik", "kk"):
        value = identifier_digits(getattr(data, field))
        if value and not is_identifier(value):
            label = _("NIK") if field == "nik" else _("No. KK")
            add(
                field,
                _("%(label)s harus 16 angka (tertulis %(n)s karakter).")
                % {"label": label, "n": len(value)},
            )
    for field in ("reporter_name", "reporter_contact"):
        if len(getattr(data, field).strip()) > 100:
            add(field, _("Paling banyak 100 huruf."))
    if data.anonymous and (data.reporter_name.strip() or data.reporter_contact.strip()):
        add(
            "anonymous",
            _("Pengaduan anonim tidak memuat nama atau kontak; kosongkan keduanya."),
        )
    for field in (
        "description",
        "reporter_name",
        "reporter_contact",
        "lapor_reference",
        "external_reference",
    ):
        if has_markup(getattr(data, field)):
            add(field, markup_error())
    village = _village_for(code=data.village.strip(), user=user)
    program = None
    if data.program_code:
        program = (
            complaint_program_choices(region=village.code if village else public_root_code())
            .filter(code=data.program_code.strip())
            .first()
        )
        if program is None:
            add(
                "program_code",
                _("Program %(code)s tidak dikenal di wilayah ini.") % {"code": data.program_code},
            )
    if village is None:
        add(
            "village",
            _("Desa/kelurahan %(code)s tidak dikenal%(scope)s; pilih dari daftar.")
            % {
                "code": data.village.strip() or "—",
                "scope": _(" atau di luar wilayah Anda") if user is not None else "",
            },
        )
    return errors, village, program


def _village_for(*, code: str, user: User | None) -> Region | None:
    village = Region.objects.filter(code=code, level=Region.Level.VILLAGE).first()
    if village is None:
        return None
    if user is None:
        root = public_root_code()
        if root and not (code == root or code.startswith(root + ".")):
            return None
    elif not user_can_see_region(user, code, permission=Permission.SUBMIT_COMPLAINTS):
        return None
    return village


def complaint_file(
    *,
    data: ComplaintInput,
    user: User | None = None,
    files: Iterable[UploadedFile] = (),
    ip: str | None = None,
) -> Complaint:
    """File a complaint from the public form (``user`` None), an operator or an agency's
    system. Either everything is stored (complaint, first timeline entry, attachments) or
    nothing is, and a ``ValidationError`` names each field and reason."""
    errors, village, program = complaint_input_errors(data=data, user=user)
    checked: list[CheckedFile] = []
    uploads = list(files)
    if len(uploads) > MAX_FILES:
        errors.setdefault("attachments", []).append(
            _("Paling banyak %(n)s lampiran.") % {"n": MAX_FILES}
        )
    for upload in uploads[:MAX_FILES]:
        try:
            checked.append(attachment_check(name=upload.name, content=upload.content))
        except ValidationError as exc:
            errors.setdefault("attachments", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    assert village is not None
    if user is not None and data.external_reference:
        existing = Complaint.objects.filter(
            created_by=user, external_reference=data.external_reference.strip()
        ).first()
        if existing is not None:
            return existing

    written: list[Path] = []
    try:
        with transaction.atomic():
            complaint = _complaint_create(data=data, user=user, village=village, program=program)
            for item in checked:
                path = attachment_store(item)
                written.append(path)
                Attachment.objects.create(
                    complaint=complaint,
                    path=str(path.relative_to(settings.PRIVATE_MEDIA_ROOT)),
                    original_name=item.name,
                    content_type=item.content_type,
                    size=len(item.content),
                    sha256=item.sha256,
                )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return complaint


def _complaint_create(
    *, data: ComplaintInput, user: User | None, village: Region, program: Program | None
) -> Complaint:
    now = timezone.now()
    anonymous = data.anonymous
    for _attempt in range(5):
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    code=code_new(),
                    category=data.category,
                    program=program,
                    village=village,
                    description=data.description.strip(),
                    nik=identifier_digits(data.nik),
                    kk=identifier_digits(data.kk),
                    reporter_name="" if anonymous else data.reporter_name.strip(),
                    reporter_contact="" if anonymous else data.reporter_contact.strip(),
                    anonymous=anonymous,
                    channel=data.channel,
                    lapor_reference=data.lapor_reference.strip(),
                    external_reference=data.external_reference.strip(),
                    created_by=user,
                    received_at=now,
                    due_at=now + timedelta(days=DEADLINE_DAYS[data.category]),
                    updated_at=now,
                )
        except IntegrityError:
            # A code drawn twice (one in 10^12) or a concurrent retry of the same reference.
            if data.external_reference and user is not None:
                found = Complaint.objects.filter(
                    created_by=user, external_reference=data.external_reference.strip()
                ).first()
                if found is not None:
                    return found
            continue
        ComplaintEvent.objects.create(
            complaint=complaint, from_status="", to_status=Status.RECEIVED, actor=user, at=now
        )
        return complaint
    raise RuntimeError("no free tracking code after 5 attempts")


def transition_allowed(*, complaint: Complaint, user: User, to_status: str) -> bool:
    who = TRANSITIONS.get((complaint.status, to_status))
    if who is None:
        return False
    if complaint_can_manage(user=user, complaint=complaint):
        return True
    return who == HANDLE and complaint_can_handle(user=user, complaint=complaint)


def complaint_transition(
    *,
    complaint: Complaint,
    user: User,
    to_status: str,
    note: str = "",
    reply: str = "",
    agency: Agency | None = None,
) -> ComplaintEvent:
    """Move the complaint one step; the step is recorded with who, when, note and reply."""
    note, reply = note.strip(), reply.strip()
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if not transition_allowed(complaint=locked, user=user, to_status=to_status):
            if (locked.status, to_status) not in TRANSITIONS:
                raise ValidationError(
                    _("Pengaduan berstatus %(now)s tidak dapat diubah menjadi %(to)s.")
                    % {
                        "now": locked.get_status_display(),
                        "to": Status(to_status).label if to_status in Status.values else to_status,
                    }
                )
            raise PermissionDenied
        errors: dict[str, list[str]] = {}
        if to_status == Status.FORWARDED:
            if agency is None:
                errors["agency"] = [_("Pilih instansi tujuan.")]
            elif not complaint_agency_choices(complaint=locked).filter(pk=agency.pk).exists():
                errors["agency"] = [_("Instansi ini tidak melayani wilayah pengaduan.")]
        if to_status in NEEDS_REPLY and not reply:
            errors["reply"] = [_("Tulis jawaban untuk pelapor: apa yang dilakukan atau alasannya.")]
        for field, text in (("note", note), ("reply", reply)):
            if has_markup(text):
                errors.setdefault(field, []).append(markup_error())
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        event = ComplaintEvent.objects.create(
            complaint=locked,
            from_status=locked.status,
            to_status=to_status,
            actor=user,
            at=now,
            agency=agency if to_status == Status.FORWARDED else None,
            note=note,
            reply=reply,
        )
        fields: dict[str, Any] = {"status": to_status, "updated_at": now}
        if to_status == Status.FORWARDED:
            fields["agency"] = agency
        if to_status == Status.RESOLVED:
            fields["resolved_at"] = now
        Complaint.objects.filter(pk=locked.pk).update(**fields)
    complaint.refresh_from_db()
    return event


def complaint_reply(*, complaint: Complaint, user: User, reply: str, note: str = "") -> None:
    """A message to the complainant (shown on the public page) without a status change."""
    if not (
        complaint_can_manage(user=user, complaint=complaint)
        or complaint_can_handle(user=user, complaint=complaint)
    ):
        raise PermissionDenied
    reply, note = reply.strip(), note.strip()
    if not reply:
        raise ValidationError({"reply": [_("Tulis balasan untuk pelapor.")]})
    for field, text in (("note", note), ("reply", reply)):
        if has_markup(text):
            raise ValidationError({field: [markup_error()]})
    now = timezone.now()
    with transaction.atomic():
        ComplaintEvent.objects.create(
            complaint=complaint,
            from_status=complaint.status,
            to_status=complaint.status,
            actor=user,
            at=now,
            note=note,
            reply=reply,
        )
        Complaint.objects.filter(pk=complaint.pk).update(updated_at=now)


def complaint_household_link(
    *, complaint: Complaint, user: User, identifier: str, ip: str | None
) -> Any:
    """Link the household whose NIK or KK is ``identifier`` (the complaint's own when
    blank). The registry search is audited like any NIK search."""
    if not (
        complaint_can_manage(user=user, complaint=complaint)
        or complaint_can_handle(user=user, complaint=complaint)
    ):
        raise PermissionDenied
    number = identifier_digits(identifier or complaint.nik or complaint.kk)
    if not is_identifier(number):
        raise ValidationError(_("Tulis NIK atau No. KK 16 angka untuk dicari di registri."))
    household = Household.objects.filter(kk=number).select_related("village").first()
    if household is not None and not user_can_see_region(
        user, household.village_id, permission=Permission.VIEW_REGISTRY
    ):
        household = None
    if household is None:
        try:
            person = person_lookup(user=user, nik=number, ip=ip)
        except Http404:
            raise ValidationError(
                _("NIK atau No. KK %(masked)s tidak ada di registri wilayah Anda.")
                % {"masked": number[:4] + "*" * 12}
            ) from None
        household = person.household
    Complaint.objects.filter(pk=complaint.pk).update(household=household, updated_at=timezone.now())
    complaint.refresh_from_db()
    return household


def complaint_correction_open(*, complaint: Complaint, user: User, ip: str | None) -> Any:
    """One click: a draft registry correction for the village operator. Clicking again
    returns the same draft."""
    if not (
        complaint_can_manage(user=user, complaint=complaint)
        or complaint_can_handle(user=user, complaint=complaint)
    ):
        raise PermissionDenied
    if complaint.category not in REGISTRY_CATEGORIES:
        raise ValidationError(
            _("Koreksi registri hanya untuk pengaduan miskin tidak terdaftar atau data salah.")
        )
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if locked.correction_id:
            return CorrectionDraft.objects.get(pk=locked.correction_id)
        kind = (
            CorrectionDraft.Kind.NEW
            if locked.category == Category.NOT_REGISTERED and locked.household_id is None
            else CorrectionDraft.Kind.CORRECTION
        )
        # The draft carries the family the complaint is about, as reported (its NIK and KK);
        # the complaint does not record that family's name, and the reporter's name is not
        # theirs (a neighbour often reports): the operator fills the name with the family.
        draft = correction_draft_create(
            village=locked.village,
            household=locked.household,
            kind=kind,
            nik=locked.nik,
            kk=locked.kk or (locked.household.kk if locked.household else ""),
            name="",
            source=_("Pengaduan %(code)s") % {"code": locked.code},
            note=locked.description,
            user=user,
            ip=ip,
        )
        Complaint.objects.filter(pk=locked.pk).update(correction=draft, updated_at=timezone.now())
        ComplaintEvent.objects.create(
            complaint=locked,
            from_status=locked.status,
            to_status=locked.status,
            actor=user,
            at=timezone.now(),
            note=_("Draf koreksi registri dibuat untuk operator desa."),
        )
    complaint.refresh_from_db()
    return draft


def complaint_nik_reveal(*, complaint: Complaint, user: User, ip: str | None) -> str:
    if not user_can_see_region(user, complaint.village_id, permission=Permission.VIEW_FULL_NIK):
        raise PermissionDenied
    audit_record(
        actor=user,
        action=AuditAction.NIK_VIEWED,
        target=complaint,
        object_label=f"{complaint.code} {complaint.nik[:4]}************",
        region_code=complaint.village_id,
        ip=ip,
    )
    return complaint.nik
