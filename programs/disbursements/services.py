"""Disbursement schedules, the writes: a stage planned by the secretariat, its realisation
recorded by the implementing agency (audited, with the previous values when corrected)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.disbursements.selectors import user_can_report_actual
from programs.models import Disbursement, ProgramPeriod
from tkpk.access import user_can_see_region
from tkpk.models import AuditAction, Region, User
from tkpk.roles import Permission
from tkpk.services.audit import audit_record


def disbursement_plan(
    *,
    user: User,
    period: ProgramPeriod,
    region_code: str,
    stage: str,
    planned_on: date,
    planned_amount: int,
    note: str = "",
    ip: str | None = None,
) -> Disbursement:
    """Plan one stage of a period's money for a region in the planner's scope."""
    errors: dict[str, list[str]] = {}
    region = Region.objects.filter(code=region_code).first()
    if region is None or not user_can_see_region(
        user, region_code, permission=Permission.MANAGE_PROGRAMS
    ):
        errors["region"] = [
            _("Wilayah %(code)s tidak ada di wilayah kerja Anda.") % {"code": region_code}
        ]
    owner = period.program.owner_region_id
    if (
        region is not None
        and owner
        and not (region_code == owner or region_code.startswith(owner + "."))
    ):
        errors.setdefault("region", []).append(
            _("Program %(program)s hanya berjalan di %(owner)s.")
            % {"program": period.program.code, "owner": period.program.owner_region}
        )
    if not period.starts_on <= planned_on <= period.ends_on:
        errors["planned_on"] = [
            _("Rencana tanggal harus di dalam periode %(start)s sampai %(end)s.")
            % {
                "start": period.starts_on.strftime("%d-%m-%Y"),
                "end": period.ends_on.strftime("%d-%m-%Y"),
            }
        ]
    if planned_amount <= 0:
        errors["planned_amount"] = [_("Rencana nominal harus lebih dari nol.")]
    if not stage.strip():
        errors["stage"] = [_("Isikan nama tahap, misalnya 'Tahap 1'.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            disbursement = Disbursement.objects.create(
                period=period,
                region_id=region_code,
                stage=stage.strip(),
                planned_on=planned_on,
                planned_amount=planned_amount,
                note=note.strip(),
                planned_by=user,
            )
            audit_record(
                actor=user,
                action=AuditAction.DISBURSEMENT_CHANGED,
                target=disbursement,
                region_code=region_code,
                ip=ip,
                detail={
                    "planned_on": planned_on.isoformat(),
                    "planned_amount": planned_amount,
                },
            )
    except IntegrityError as exc:
        raise ValidationError(
            {
                "stage": [
                    _("Tahap '%(stage)s' untuk wilayah %(code)s sudah dijadwalkan.")
                    % {"stage": stage.strip(), "code": region_code}
                ]
            }
        ) from exc
    return disbursement


def disbursement_actual_record(
    *,
    user: User,
    disbursement: Disbursement,
    actual_on: date,
    actual_amount: int,
    note: str = "",
    ip: str | None = None,
    today: date | None = None,
) -> Disbursement:
    """Record (or correct, audited with the previous values) what arrived and when."""
    today = today or timezone.localdate()
    if not user_can_report_actual(user, disbursement):
        raise Http404
    errors: dict[str, list[str]] = {}
    if actual_on > today:
        errors["actual_on"] = [_("Tanggal realisasi tidak boleh di masa depan.")]
    if actual_amount <= 0:
        errors["actual_amount"] = [_("Nominal realisasi harus lebih dari nol.")]
    if errors:
        raise ValidationError(errors)
    before = {
        "actual_on": disbursement.actual_on.isoformat() if disbursement.actual_on else None,
        "actual_amount": disbursement.actual_amount,
    }
    with transaction.atomic():
        Disbursement.objects.filter(pk=disbursement.pk).update(
            actual_on=actual_on,
            actual_amount=actual_amount,
            note=note.strip() or disbursement.note,
            actual_recorded_by=user,
            actual_recorded_at=timezone.now(),
        )
        audit_record(
            actor=user,
            action=AuditAction.DISBURSEMENT_CHANGED,
            target=disbursement,
            region_code=disbursement.region_id,
            ip=ip,
            detail={
                "before": before,
                "after": {"actual_on": actual_on.isoformat(), "actual_amount": actual_amount},
            },
        )
    disbursement.refresh_from_db()
    return disbursement
