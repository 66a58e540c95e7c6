"""Program periods and the quota each region has in a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from programs.models import Program, ProgramPeriod, ProgramQuota, Recipient
from tkpk.access import codes_scope_q, user_can_see_region, user_region_codes
from tkpk.bulk import is_postgres
from tkpk.models import AuditAction, Region, User
from tkpk.roles import Permission
from tkpk.services.audit import audit_record

# pg_advisory_xact_lock(QUOTA_LOCK_CLASS, period_id): writes that add active recipients to a
# period take turns, so each quota check counts what the previous write left.
QUOTA_LOCK_CLASS = 35_0502


def period_manage_allowed(*, user: User, program: Program) -> bool:
    """A regional program's periods are set in its region; a national program's by any
    secretariat holding MANAGE_PROGRAMS (periods of national programs are the same
    calendar everywhere)."""
    if program.owner_region_id:
        return user_can_see_region(
            user, program.owner_region_id, permission=Permission.MANAGE_PROGRAMS
        )
    return bool(user_region_codes(user, permission=Permission.MANAGE_PROGRAMS))


def period_create(
    *, user: User, program: Program, name: str, starts_on: date, ends_on: date
) -> ProgramPeriod:
    """A new period; refused when it overlaps another period of the same program."""
    if not period_manage_allowed(user=user, program=program):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Isi nama periode.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("Tanggal selesai sebelum tanggal mulai.")})
    with transaction.atomic():
        # Lock the program row: two overlapping periods created at once cannot both pass.
        Program.objects.select_for_update().filter(pk=program.pk).first()
        other = (
            ProgramPeriod.objects.filter(
                program=program, starts_on__lte=ends_on, ends_on__gte=starts_on
            )
            .order_by("starts_on")
            .first()
        )
        if other is not None:
            raise ValidationError(
                _(
                    "Periode ini bertumpang tindih dengan periode %(name)s (%(start)s – %(end)s) "
                    "program %(program)s."
                )
                % {
                    "name": other.name,
                    "start": date_format(other.starts_on, "j F Y"),
                    "end": date_format(other.ends_on, "j F Y"),
                    "program": program.code,
                }
            )
        if ProgramPeriod.objects.filter(program=program, name=name).exists():
            raise ValidationError(
                {"name": _("Nama periode %(name)s sudah dipakai.") % {"name": name}}
            )
        period = ProgramPeriod.objects.create(
            program=program, name=name, starts_on=starts_on, ends_on=ends_on
        )
        audit_record(
            actor=user,
            action=AuditAction.PROGRAM_CHANGED,
            target=period,
            region_code=program.owner_region_id or "",
            detail={"period": name, "starts_on": str(starts_on), "ends_on": str(ends_on)},
        )
    return period


def quota_set(*, user: User, period: ProgramPeriod, region: Region, quota: int) -> ProgramQuota:
    """Set (or change) a region's quota for a period. A quota below the active recipients
    already listed there is refused: the list must be shortened first."""
    if not user_can_see_region(user, region.code, permission=Permission.MANAGE_RECIPIENTS):
        raise PermissionDenied
    if quota < 0:
        raise ValidationError({"quota": _("Kuota tidak boleh negatif.")})
    with transaction.atomic():
        quota_lock(period_id=period.pk)
        active = _active_in_subtree(period_id=period.pk, code=region.code)
        if active > quota:
            raise ValidationError(
                _(
                    "Kuota %(quota)s untuk %(region)s lebih kecil dari %(active)s penerima aktif "
                    "yang sudah terdaftar di periode %(period)s."
                )
                % {
                    "quota": quota,
                    "region": region.name,
                    "active": active,
                    "period": period.name,
                }
            )
        try:
            row, _created = ProgramQuota.objects.update_or_create(
                period=period, region=region, defaults={"quota": quota}
            )
        except IntegrityError as exc:  # pragma: no cover - a concurrent insert of the same row
            raise ValidationError(_("Kuota sedang diubah pengguna lain; coba lagi.")) from exc
        audit_record(
            actor=user,
            action=AuditAction.PROGRAM_CHANGED,
            target=row,
            region_code=region.code,
            detail={"period": period.name, "quota": quota},
        )
    return row


def quota_lock(*, period_id: int) -> None:
    """Serialise writes that add active recipients to one period (SQLite has one writer)."""
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [QUOTA_LOCK_CLASS, period_id])


def _active_in_subtree(*, period_id: int, code: str) -> int:
    return Recipient.objects.filter(
        codes_scope_q([code], field="region__code"),
        period_id=period_id,
        status=Recipient.Status.ACTIVE,
    ).count()


@dataclass(frozen=True)
class QuotaUse:
    region: str
    region_name: str
    quota: int
    active: int

    @property
    def remaining(self) -> int:
        return self.quota - self.active

    @property
    def exceeded(self) -> bool:
        return self.active > self.quota


def quota_use(
    *, period: ProgramPeriod, extra_sql: str = "", extra_params: list | None = None
) -> list[QuotaUse]:
    """Active recipients per quota region of the period, as they stand (plus, when given,
    the rows of ``extra_sql``: ``SELECT region_id FROM ...`` rows about to be added).

    Recipients are grouped by village first (a few hundred groups), then summed into each
    quota's subtree: one query whatever the size of the list."""
    quotas = list(
        ProgramQuota.objects.filter(period=period).select_related("region").order_by("region_id")
    )
    if not quotas:
        return []
    recipient = Recipient._meta.db_table
    rows_sql = f"SELECT region_id FROM {recipient} WHERE period_id = %s AND status = 'active'"
    params: list = [period.pk]
    if extra_sql:
        rows_sql += " UNION ALL " + extra_sql
        params += extra_params or []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT region_id, COUNT(*) FROM ({rows_sql}) x GROUP BY region_id", params)
        by_region = cursor.fetchall()
    found = []
    for q in quotas:
        prefix = q.region_id + "."
        active = sum(n for code, n in by_region if code == q.region_id or code.startswith(prefix))
        found.append(QuotaUse(q.region_id, q.region.name, q.quota, active))
    return found


class QuotaExceeded(ValidationError):
    pass


def quota_exceeded_message(use: QuotaUse, *, period: ProgramPeriod) -> str:
    return _(
        "Kuota %(region)s (%(code)s) untuk periode %(period)s adalah %(quota)s penerima aktif; "
        "dengan daftar ini jumlahnya menjadi %(count)s. Tidak ada yang disimpan."
    ) % {
        "region": use.region_name,
        "code": use.region,
        "period": period.name,
        "quota": use.quota,
        "count": use.active,
    }


def quota_check(*, period: ProgramPeriod) -> None:
    """Raise ``QuotaExceeded`` naming every region over its quota. Called inside the writing
    transaction after the write, so raising rolls the write back."""
    over = [use for use in quota_use(period=period) if use.exceeded]
    if over:
        raise QuotaExceeded([quota_exceeded_message(use, period=period) for use in over])
