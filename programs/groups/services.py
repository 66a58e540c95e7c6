"""Writes on cluster 2 and 3 groups: the group, its members, payments and visits."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from households.models import Person
from programs.groups.photos import PhotoUpload
from programs.groups.schedule import DEFAULT_GRACE_MONTHS, DEFAULT_INSTALMENTS, repayment_schedule
from programs.groups.selectors import group_programs
from programs.models import (
    Group,
    GroupMember,
    GroupPayment,
    GroupVisit,
    GroupVisitPhoto,
    Program,
    Repayment,
)
from tkpk.access import region_scope_q, user_can_see_region
from tkpk.models import AuditAction, Region, User
from tkpk.roles import Permission
from tkpk.services.audit import audit_record

NIK_RE = re.compile(r"^\d{16}$")

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
