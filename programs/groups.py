"""Cluster 2 and 3 groups (KUBE, KSM): writes and reads.

A group's loan is repaid in instalments after a grace period (seed 004: 10 monthly
instalments after 2 months). Arrears and follow-up evidence are computed in SQL for the list,
so a group whose goats "died one by one" (seed 003) shows up without anyone reading notes.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Person
from programs.models import (
    Group,
    GroupMember,
    GroupPayment,
    GroupVisit,
    GroupVisitPhoto,
    Program,
    Repayment,
)
from programs.selectors import program_list
from tkpk.access import region_scope_q, user_can_see_region
from tkpk.models import Region, User
from tkpk.roles import Permission
from tkpk.services.audit import AuditAction, audit_record

GROUP_CLUSTERS = (Program.Cluster.COMMUNITY, Program.Cluster.ENTERPRISE)
DEFAULT_GRACE_MONTHS = 2
DEFAULT_INSTALMENTS = 10
VISIT_INTERVAL_MONTHS = 6
PHOTO_MAX_BYTES = 8 * 1024 * 1024
PHOTOS_PER_VISIT = 10
# Content signatures, never the file name: an .exe renamed .jpg starts with "MZ".
PHOTO_TYPES: list[tuple[bytes, str, str]] = [
    (b"\xff\xd8\xff", ".jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", ".png", "image/png"),
]
NIK_RE = re.compile(r"^\d{16}$")


# ---------------------------------------------------------------------------- schedule


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Instalment:
    number: int
    due_on: date
    amount: int


def repayment_schedule(
    *,
    loan_amount: int,
    disbursed_on: date,
    grace_months: int = DEFAULT_GRACE_MONTHS,
    instalments: int = DEFAULT_INSTALMENTS,
) -> list[Instalment]:
    """Equal monthly instalments after the grace period, the remainder on the last one so
    the instalments add up to the loan exactly. With a 2-month grace the first falls due 3
    months after disbursement and the tenth 12 months after it."""
    if loan_amount <= 0:
        return []
    share = loan_amount // instalments
    last = loan_amount - share * (instalments - 1)
    return [
        Instalment(
            number=n,
            due_on=months_after(disbursed_on, grace_months + n),
            amount=last if n == instalments else share,
        )
        for n in range(1, instalments + 1)
    ]


# ---------------------------------------------------------------------------- writes


@dataclass(frozen=True)
class GroupInput:
    program: Program
    village_code: str
    name: str
    business: str
    stimulus_amount: int = 0
    loan_amount: int = 0
    disbursed_on: date | None = None
    grace_months: int = DEFAULT_GRACE_MONTHS
    instalments: int = DEFAULT_INSTALMENTS


def group_programs(*, user: Any) -> QuerySet[Program]:
    """Programs a group can belong to: cluster 2 and 3 programs the user sees."""
    return program_list(user=user).filter(cluster__in=GROUP_CLUSTERS)


def _check_group_input(*, user: User, data: GroupInput, group: Group | None = None) -> Region:
    errors: dict[str, list[str]] = {}
    village = Region.objects.filter(code=data.village_code, level=Region.Level.VILLAGE).first()
    if village is None or not user_can_see_region(
        user, village.code, permission=Permission.MANAGE_GROUPS
    ):
        errors.setdefault("village", []).append(
            _("Desa/kelurahan %(code)s tidak ada di wilayah kerja Anda.")
            % {"code": data.village_code}
        )
    if not group_programs(user=user).filter(pk=data.program.pk).exists():
        errors.setdefault("program", []).append(
            _("Kelompok hanya untuk program klaster 2 atau 3 yang Anda kelola.")
        )
    owner = data.program.owner_region_id
    if (
        village is not None
        and owner
        and not (village.code == owner or village.code.startswith(owner + "."))
    ):
        errors.setdefault("village", []).append(
            _("Program %(program)s hanya berjalan di %(owner)s.")
            % {"program": data.program.code, "owner": data.program.owner_region}
        )
    if data.loan_amount and data.disbursed_on is None:
        errors.setdefault("disbursed_on", []).append(
            _("Pinjaman bergulir memerlukan tanggal pencairan: jadwal angsuran dihitung darinya.")
        )
    if not 1 <= data.instalments <= 60:
        errors.setdefault("instalments", []).append(_("Jumlah angsuran 1 sampai 60."))
    if data.grace_months > 24:
        errors.setdefault("grace_months", []).append(_("Masa tenggang paling lama 24 bulan."))
    duplicate = Group.objects.filter(
        program=data.program, village_id=data.village_code, name__iexact=data.name.strip()
    )
    if group is not None:
        duplicate = duplicate.exclude(pk=group.pk)
    if duplicate.exists():
        errors.setdefault("name", []).append(
            _("Sudah ada kelompok bernama '%(name)s' untuk program ini di desa tersebut.")
            % {"name": data.name.strip()}
        )
    if errors:
        raise ValidationError(errors)
    assert village is not None
    return village


def group_create(
    *, user: User, data: GroupInput, niks: Sequence[str] = (), ip: str | None = None
) -> Group:
    """Create a group with its members and, for a loan, its repayment schedule: all of it
    or nothing."""
    village = _check_group_input(user=user, data=data)
    with transaction.atomic():
        group = Group.objects.create(
            program=data.program,
            village=village,
            name=data.name.strip(),
            business=data.business.strip(),
            stimulus_amount=data.stimulus_amount,
            loan_amount=data.loan_amount,
            disbursed_on=data.disbursed_on,
            grace_months=data.grace_months,
            instalments=data.instalments,
            created_by=user,
        )
        _schedule_write(group)
        if niks:
            group_members_add(user=user, group=group, niks=niks, ip=ip)
        audit_record(
            actor=user,
            action=AuditAction.GROUP_CHANGED,
            target=group,
            region_code=group.village_id,
            ip=ip,
            detail={"created": True, "loan_amount": group.loan_amount},
        )
    return group


LOAN_TERMS = ("loan_amount", "disbursed_on", "grace_months", "instalments")


def group_update(*, user: User, group: Group, data: GroupInput, ip: str | None = None) -> Group:
    """Change a group; a change of loan terms redraws the schedule, which is refused once
    repayments have been recorded against it."""
    _check_group_input(user=user, data=data, group=group)
    if data.program.pk != group.program_id and group.members.exists():
        raise ValidationError(
            {"program": [_("Program kelompok yang sudah beranggota tidak dapat diganti.")]}
        )
    before = {f: getattr(group, f) for f in LOAN_TERMS}
    after = {f: getattr(data, f) for f in LOAN_TERMS}
    with transaction.atomic():
        locked = Group.objects.select_for_update().get(pk=group.pk)
        terms_changed = before != after
        if terms_changed and locked.payments.exists():
            raise ValidationError(
                _(
                    "Syarat pinjaman tidak dapat diubah: sudah ada pembayaran angsuran yang "
                    "tercatat menurut jadwal lama."
                )
            )
        for field in ("name", "business"):
            setattr(locked, field, getattr(data, field).strip())
        locked.program = data.program
        locked.village_id = data.village_code
        locked.stimulus_amount = data.stimulus_amount
        for field, value in after.items():
            setattr(locked, field, value)
        locked.save()
        if terms_changed:
            locked.repayments.all().delete()
            _schedule_write(locked)
        audit_record(
            actor=user,
            action=AuditAction.GROUP_CHANGED,
            target=locked,
            region_code=locked.village_id,
            ip=ip,
            detail={
                "before": {k: str(v) for k, v in before.items()},
                "after": {k: str(v) for k, v in after.items()},
            },
        )
    return locked


def _schedule_write(group: Group) -> None:
    if not group.loan_amount or group.disbursed_on is None:
        return
    Repayment.objects.bulk_create(
        Repayment(group=group, number=i.number, due_on=i.due_on, amount_due=i.amount)
        for i in repayment_schedule(
            loan_amount=group.loan_amount,
            disbursed_on=group.disbursed_on,
            grace_months=group.grace_months,
            instalments=group.instalments,
        )
    )


def nik_lines(text: str) -> list[str]:
    """NIKs typed or pasted one a line (commas and spaces also separate them)."""
    return [part for part in re.split(r"[\s,;]+", text.strip()) if part]


def group_members_add(
    *, user: User, group: Group, niks: Sequence[str], role: str = "", ip: str | None = None
) -> list[GroupMember]:
    """Add registry persons by NIK; every NIK is checked first and one bad NIK adds none.

    A person must exist in the user's region, be living, live in the group's regency and not
    already belong to another group of the same program. Each NIK looked up is audited."""
    regency = group.village_id[:5]
    wanted = [n.strip() for n in niks if n.strip()]
    found = {
        p.nik: p
        for p in Person.objects.filter(
            region_scope_q(
                user, field="household__village__code", permission=Permission.VIEW_REGISTRY
            ),
            nik__in=[n for n in wanted if NIK_RE.match(n)],
        ).select_related("household")
    }
    taken = {
        m.person_id: m.group
        for m in GroupMember.objects.filter(
            program_id=group.program_id, person__in=list(found.values())
        ).select_related("group")
    }
    errors: list[str] = []
    seen: set[str] = set()
    for line, nik in enumerate(wanted, start=1):
        person = found.get(nik)
        problem = ""
        if not NIK_RE.match(nik):
            problem = _("NIK harus 16 angka.")
        elif nik in seen:
            problem = _("NIK tertulis dua kali.")
        elif person is None:
            problem = _("tidak ada di registri wilayah Anda.")
        elif person.status != Person.Status.LIVING:
            problem = _("tercatat %(status)s di registri.") % {
                "status": person.get_status_display().lower()
            }
        elif person.household.village_id[:5] != regency:
            problem = _("tinggal di luar kabupaten/kota kelompok ini.")
        elif person.pk in taken:
            other = taken[person.pk]
            problem = (
                _("sudah anggota kelompok ini.")
                if other.pk == group.pk
                else _("sudah anggota kelompok '%(group)s' pada program yang sama.")
                % {"group": other.name}
            )
        seen.add(nik)
        if problem:
            errors.append(
                _("Baris %(line)s (NIK %(nik)s): %(problem)s")
                % {"line": line, "nik": _masked(nik), "problem": problem}
            )
    for nik in wanted:
        person = found.get(nik)
        audit_record(
            actor=user,
            action=AuditAction.NIK_LOOKUP,
            object_type="households.person" if person else "",
            object_id=str(person.pk) if person else "",
            object_label=_masked(nik),
            region_code=person.household.village_id if person else group.village_id,
            ip=ip,
            detail={"found": bool(person), "group": group.pk},
        )
    if not wanted:
        errors.append(_("Isikan paling sedikit satu NIK anggota."))
    if errors:
        raise ValidationError({"niks": errors})
    try:
        with transaction.atomic():
            members = GroupMember.objects.bulk_create(
                GroupMember(group=group, program_id=group.program_id, person=found[n], role=role)
                for n in wanted
            )
    except IntegrityError as exc:
        # Another operator enrolled one of them in the same moment.
        raise ValidationError(
            {"niks": [_("Salah satu anggota baru saja didaftarkan di kelompok lain; ulangi.")]}
        ) from exc
    return members


def group_member_remove(*, user: User, member: GroupMember, ip: str | None = None) -> None:
    audit_record(
        actor=user,
        action=AuditAction.GROUP_CHANGED,
        target=member.group,
        region_code=member.group.village_id,
        ip=ip,
        detail={"member_removed": member.person_id},
    )
    member.delete()


def _masked(nik: str) -> str:
    return nik[:4] + "*" * max(len(nik) - 4, 0)


def group_payment_record(
    *,
    user: User,
    group: Group,
    paid_on: date,
    amount: int,
    note: str = "",
    ip: str | None = None,
    today: date | None = None,
) -> GroupPayment:
    """Record money handed in; it covers the oldest unpaid instalments first."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Group.objects.select_for_update().get(pk=group.pk)
        if not locked.loan_amount or locked.disbursed_on is None:
            raise ValidationError(_("Kelompok ini tidak memiliki pinjaman bergulir."))
        errors: dict[str, list[str]] = {}
        if amount <= 0:
            errors["amount"] = [_("Nominal pembayaran harus lebih dari nol.")]
        if paid_on > today:
            errors["paid_on"] = [_("Tanggal bayar tidak boleh di masa depan.")]
        elif paid_on < locked.disbursed_on:
            errors["paid_on"] = [
                _("Tanggal bayar sebelum pencairan pinjaman (%(day)s).")
                % {"day": locked.disbursed_on.strftime("%d-%m-%Y")}
            ]
        paid = locked.payments.aggregate(total=Coalesce(Sum("amount"), 0))["total"]
        outstanding = locked.loan_amount - paid
        if amount > outstanding:
            errors.setdefault("amount", []).append(
                _("Pembayaran Rp%(amount)s melebihi sisa pinjaman Rp%(left)s.")
                % {
                    "amount": f"{amount:,}".replace(",", "."),
                    "left": f"{outstanding:,}".replace(",", "."),
                }
            )
        if errors:
            raise ValidationError(errors)
        payment = GroupPayment.objects.create(
            group=locked, paid_on=paid_on, amount=amount, note=note.strip(), recorded_by=user
        )
        _repayments_allocate(locked)
        audit_record(
            actor=user,
            action=AuditAction.GROUP_PAYMENT,
            target=locked,
            region_code=locked.village_id,
            ip=ip,
            detail={"paid_on": paid_on.isoformat(), "amount": amount},
        )
    return payment


def _repayments_allocate(group: Group) -> None:
    """Spread the payments over the instalments in order; an instalment is settled on the
    day the running total of payments first covers it. Recomputed whole from the payments,
    so the result never depends on the order they were typed in."""
    payments = list(group.payments.order_by("paid_on", "id").values_list("paid_on", "amount"))
    instalments = list(group.repayments.order_by("number"))
    running: list[tuple[date, int]] = []
    total = 0
    for paid_on, amount in payments:
        total += amount
        running.append((paid_on, total))
    covered_before = 0
    for inst in instalments:
        inst.amount_paid = max(0, min(total - covered_before, inst.amount_due))
        needed = covered_before + inst.amount_due
        inst.paid_on = next((day for day, upto in running if upto >= needed), None)
        covered_before = needed
    Repayment.objects.bulk_update(instalments, ["amount_paid", "paid_on"])


def _photo_kind(head: bytes) -> tuple[str, str] | None:
    for magic, suffix, mime in PHOTO_TYPES:
        if head.startswith(magic):
            return suffix, mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp", "image/webp"
    return None


@dataclass(frozen=True)
class PhotoUpload:
    name: str
    content: bytes
    suffix: str
    content_type: str
    sha256: str


def visit_photos_check(files: Iterable[tuple[str, IO[bytes]]]) -> list[PhotoUpload]:
    """Read and check every photo before anything is stored: type by content, size."""
    from PIL import Image, UnidentifiedImageError

    photos: list[PhotoUpload] = []
    errors: list[str] = []
    for name, handle in files:
        name = Path(name).name[:200]
        body = handle.read(PHOTO_MAX_BYTES + 1)
        if len(body) > PHOTO_MAX_BYTES:
            errors.append(
                _("Foto '%(name)s' lebih dari %(mb)s MB.")
                % {"name": name, "mb": PHOTO_MAX_BYTES // (1024 * 1024)}
            )
            continue
        kind = _photo_kind(body[:16])
        valid = kind is not None
        if valid:
            try:
                with Image.open(io.BytesIO(body)) as image:
                    image.verify()
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
                valid = False
        if not valid or kind is None:
            errors.append(
                _(
                    "Berkas '%(name)s' bukan foto JPG, PNG atau WebP (isi berkas yang "
                    "diperiksa, bukan namanya)."
                )
                % {"name": name}
            )
            continue
        photos.append(
            PhotoUpload(
                name=name,
                content=body,
                suffix=kind[0],
                content_type=kind[1],
                sha256=hashlib.sha256(body).hexdigest(),
            )
        )
    if len(photos) + len(errors) > PHOTOS_PER_VISIT:
        errors.append(_("Paling banyak %(n)s foto per kunjungan.") % {"n": PHOTOS_PER_VISIT})
    if errors:
        raise ValidationError({"photos": errors})
    return photos


def group_visit_record(
    *,
    user: User,
    group: Group,
    visited_on: date,
    notes: str,
    business_running: bool,
    photos: Sequence[PhotoUpload] = (),
    ip: str | None = None,
    today: date | None = None,
) -> GroupVisit:
    """A follow-up visit with its photos: stored together or not at all."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if visited_on > today:
        errors["visited_on"] = [_("Tanggal kunjungan tidak boleh di masa depan.")]
    if not notes.strip():
        errors["notes"] = [_("Tuliskan apa yang dilihat saat kunjungan.")]
    if errors:
        raise ValidationError(errors)
    written: list[Path] = []
    try:
        with transaction.atomic():
            visit = GroupVisit.objects.create(
                group=group,
                visited_on=visited_on,
                visitor=user,
                notes=notes.strip(),
                business_running=business_running,
            )
            folder = settings.PRIVATE_MEDIA_ROOT / "groups" / str(group.pk)
            folder.mkdir(parents=True, exist_ok=True)
            rows = []
            for i, photo in enumerate(photos, start=1):
                path = folder / f"visit-{visit.pk}-{i}-{photo.sha256[:12]}{photo.suffix}"
                path.write_bytes(photo.content)
                written.append(path)
                rows.append(
                    GroupVisitPhoto(
                        visit=visit,
                        file_path=str(path.relative_to(settings.PRIVATE_MEDIA_ROOT)),
                        original_name=photo.name,
                        content_type=photo.content_type,
                        size=len(photo.content),
                        sha256=photo.sha256,
                    )
                )
            GroupVisitPhoto.objects.bulk_create(rows)
            audit_record(
                actor=user,
                action=AuditAction.GROUP_VISIT,
                target=group,
                region_code=group.village_id,
                ip=ip,
                detail={
                    "visit": visit.pk,
                    "business_running": business_running,
                    "photos": len(rows),
                },
            )
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return visit


# ---------------------------------------------------------------------------- reads


@dataclass(frozen=True)
class GroupFilters:
    program: str = ""  # program code
    region: str = ""
    flag: str = ""  # "tunggakan" (arrears) or "tanpa_bukti" (visits without evidence)
    query: str = ""


def group_list(
    *, user: Any, filters: GroupFilters | None = None, today: date | None = None
) -> QuerySet[Group]:
    """Groups in the user's region with members, money, arrears and evidence, one query."""
    filters = filters or GroupFilters()
    today = today or timezone.localdate()
    cutoff = months_after(today, -VISIT_INTERVAL_MONTHS)
    overdue = Repayment.objects.filter(
        group=OuterRef("pk"), due_on__lt=today, amount_paid__lt=F("amount_due")
    )
    latest_visit = GroupVisit.objects.filter(group=OuterRef("pk")).order_by("-visited_on", "-id")
    reused = GroupVisitPhoto.objects.filter(visit__group=OuterRef("pk")).filter(
        Exists(
            GroupVisitPhoto.objects.filter(sha256=OuterRef("sha256")).exclude(
                visit_id=OuterRef("visit_id")
            )
        )
    )
    groups = (
        Group.objects.filter(
            region_scope_q(user, field="village__code", permission=Permission.VIEW_PROGRAMS)
        )
        .annotate(
            member_count=Subquery(
                GroupMember.objects.filter(group=OuterRef("pk"))
                .values("group")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            paid_total=Coalesce(
                Subquery(
                    GroupPayment.objects.filter(group=OuterRef("pk"))
                    .values("group")
                    .annotate(s=Sum("amount"))
                    .values("s")
                ),
                Value(0),
            ),
            arrears_amount=Coalesce(
                Subquery(
                    overdue.values("group")
                    .annotate(s=Sum(F("amount_due") - F("amount_paid")))
                    .values("s")
                ),
                Value(0),
            ),
            arrears_count=Coalesce(
                Subquery(overdue.values("group").annotate(n=Count("pk")).values("n")), Value(0)
            ),
            oldest_overdue_on=Subquery(overdue.order_by("due_on").values("due_on")[:1]),
            last_visit_on=Subquery(latest_visit.values("visited_on")[:1]),
            last_visit_id=Subquery(latest_visit.values("pk")[:1]),
            last_visit_running=Subquery(latest_visit.values("business_running")[:1]),
            photo_reused=Exists(reused),
        )
        .annotate(
            last_visit_photos=Coalesce(
                Subquery(
                    GroupVisitPhoto.objects.filter(visit_id=OuterRef("last_visit_id"))
                    .values("visit_id")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                Value(0),
            ),
        )
        .select_related("program", "village", "village__parent")
    )
    if filters.program:
        groups = groups.filter(program__code=filters.program)
    if filters.region:
        groups = groups.filter(
            Q(village_id=filters.region) | Q(village__code__startswith=filters.region + ".")
        )
    if filters.query:
        groups = groups.filter(name__icontains=filters.query.strip())
    if filters.flag == "tunggakan":
        groups = groups.filter(arrears_amount__gt=0)
    elif filters.flag == "tanpa_bukti":
        groups = groups.filter(no_evidence_q(cutoff=cutoff))
    return groups.order_by("village_id", "name", "id")


def no_evidence_q(*, cutoff: date) -> Q:
    """Visits without evidence: none since ``cutoff`` (counting from disbursement or
    creation for a group never visited), a latest visit without photos, a business reported
    not running, or a photo handed in before for another visit."""
    return (
        Q(last_visit_on__lt=cutoff)
        | Q(last_visit_on__isnull=True, disbursed_on__lt=cutoff)
        | Q(last_visit_on__isnull=True, disbursed_on__isnull=True, created_at__date__lt=cutoff)
        | Q(last_visit_on__isnull=False, last_visit_photos=0)
        | Q(last_visit_running=False)
        | Q(photo_reused=True)
    )


@dataclass(frozen=True)
class GroupFlag:
    code: str
    label: str


def group_flags(group: Group, *, today: date | None = None) -> list[GroupFlag]:
    """What the list highlights for one annotated group (from ``group_list``)."""
    today = today or timezone.localdate()
    cutoff = months_after(today, -VISIT_INTERVAL_MONTHS)
    flags: list[GroupFlag] = []
    arrears: int = getattr(group, "arrears_amount", 0)
    if arrears:
        days = (today - group.oldest_overdue_on).days  # type: ignore[attr-defined]
        flags.append(
            GroupFlag(
                "arrears",
                _("Tunggakan Rp%(amount)s, %(days)s hari") % {"amount": _rp(arrears), "days": days},
            )
        )
    last = getattr(group, "last_visit_on", None)
    since = last or group.disbursed_on or timezone.localtime(group.created_at).date()
    if since < cutoff:
        flags.append(
            GroupFlag(
                "no_visit",
                _("Tidak dikunjungi 6 bulan terakhir") if last else _("Belum pernah dikunjungi"),
            )
        )
    if last and not getattr(group, "last_visit_photos", 0):
        flags.append(GroupFlag("no_photo", _("Kunjungan terakhir tanpa foto")))
    if getattr(group, "last_visit_running", None) is False:
        flags.append(GroupFlag("not_running", _("Usaha dilaporkan tidak berjalan")))
    if getattr(group, "photo_reused", False):
        flags.append(GroupFlag("reused_photo", _("Foto sama dengan kunjungan lain")))
    return flags


def _rp(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def group_get_for_user(
    *, user: Any, group_id: int, permission: str = Permission.VIEW_PROGRAMS
) -> Group:
    """One group, annotated as in the list; 404 when missing or outside the region."""
    try:
        group = group_list(user=user).get(pk=group_id)
    except Group.DoesNotExist as exc:
        raise Http404 from exc
    if permission != Permission.VIEW_PROGRAMS and not user_can_see_region(
        user, group.village_id, permission=permission
    ):
        raise Http404
    return group


def group_members(*, group: Group) -> QuerySet[GroupMember]:
    return (
        GroupMember.objects.filter(group=group)
        .select_related("person", "person__household")
        .order_by("person__name", "id")
    )


@dataclass(frozen=True)
class RepaymentRow:
    repayment: Repayment
    outstanding: int
    overdue: bool
    days_late: int


def group_repayments(*, group: Group, today: date | None = None) -> list[RepaymentRow]:
    """The schedule with what is still owed and how late each unpaid instalment is (or how
    late a settled one was paid)."""
    today = today or timezone.localdate()
    rows = []
    for r in Repayment.objects.filter(group=group).order_by("number"):
        outstanding = r.amount_due - r.amount_paid
        overdue = outstanding > 0 and r.due_on < today
        if overdue:
            days = (today - r.due_on).days
        elif r.paid_on and r.paid_on > r.due_on:
            days = (r.paid_on - r.due_on).days
        else:
            days = 0
        rows.append(RepaymentRow(r, outstanding, overdue, days))
    return rows


@dataclass(frozen=True)
class RepaymentSummary:
    loan_amount: int
    paid: int
    outstanding: int
    arrears_amount: int
    arrears_instalments: int
    days_late: int
    next_due_on: date | None


def group_repayment_summary(*, group: Group, today: date | None = None) -> RepaymentSummary:
    """From a group annotated by ``group_list`` plus one query for the next due date."""
    today = today or timezone.localdate()
    paid: int = getattr(group, "paid_total", 0)
    oldest = getattr(group, "oldest_overdue_on", None)
    upcoming = (
        Repayment.objects.filter(group=group, due_on__gte=today, amount_paid__lt=F("amount_due"))
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )
    return RepaymentSummary(
        loan_amount=group.loan_amount,
        paid=paid,
        outstanding=group.loan_amount - paid,
        arrears_amount=getattr(group, "arrears_amount", 0),
        arrears_instalments=getattr(group, "arrears_count", 0),
        days_late=(today - oldest).days if oldest else 0,
        next_due_on=upcoming,
    )


def group_visits(*, group: Group) -> QuerySet[GroupVisit]:
    return (
        GroupVisit.objects.filter(group=group)
        .select_related("visitor")
        .prefetch_related("photos")
        .order_by("-visited_on", "-id")
    )


def reused_photo_ids(*, group: Group) -> set[int]:
    """Photos of this group whose picture was also handed in for another visit."""
    return set(
        GroupVisitPhoto.objects.filter(visit__group=group)
        .filter(
            Exists(
                GroupVisitPhoto.objects.filter(sha256=OuterRef("sha256")).exclude(
                    visit_id=OuterRef("visit_id")
                )
            )
        )
        .values_list("pk", flat=True)
    )


def visit_photo_get_for_user(*, user: Any, photo_id: int) -> GroupVisitPhoto:
    try:
        return GroupVisitPhoto.objects.select_related("visit__group").get(
            region_scope_q(
                user, field="visit__group__village__code", permission=Permission.VIEW_PROGRAMS
            ),
            pk=photo_id,
        )
    except GroupVisitPhoto.DoesNotExist as exc:
        raise Http404 from exc


def group_member_get_for_user(*, user: Any, group: Group, member_id: int) -> GroupMember:
    try:
        return GroupMember.objects.select_related("group").get(group=group, pk=member_id)
    except GroupMember.DoesNotExist as exc:
        raise Http404 from exc
