"""Disbursement schedules: planned against actual, per program period and region.

Pontianak's PAKET funds were due 4 June 2012 and arrived 4 September 2012 (seed 001): a
schedule nobody compares with reality. Here every stage has a plan, the realisation is
recorded by the implementing agency, and late, unpaid, short and unscheduled stages are
flagged wherever the dashboard includes ``_flags.html``. The reads; writes are in
``programs.disbursements.services``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import Disbursement, ProgramPeriod, ProgramQuota
from programs.selectors import program_list
from tkpk.access import region_scope_q, user_assignments
from tkpk.roles import ROLE_PERMISSIONS, Permission


def disbursement_periods(*, user: Any) -> QuerySet[ProgramPeriod]:
    """Periods of the programs the user sees, with their stages in the user's region."""
    in_scope = region_scope_q(
        user, field="disbursements__region__code", permission=Permission.VIEW_PROGRAMS
    )
    return (
        ProgramPeriod.objects.filter(program__in=program_list(user=user).values("pk"))
        .select_related("program")
        .annotate(
            stages=Count("disbursements", filter=in_scope),
            planned_total=Sum("disbursements__planned_amount", filter=in_scope),
            actual_total=Sum("disbursements__actual_amount", filter=in_scope),
        )
        .order_by("-starts_on", "program__code", "id")
    )


def disbursement_period_get_for_user(*, user: Any, period_id: int) -> ProgramPeriod:
    try:
        return disbursement_periods(user=user).get(pk=period_id)
    except ProgramPeriod.DoesNotExist as exc:
        raise Http404 from exc


def late_q(*, today: date) -> Q:
    """Arrived after the plan, or the planned day has passed and nothing arrived."""
    return Q(actual_on__gt=F("planned_on")) | Q(actual_on__isnull=True, planned_on__lt=today)


def disbursement_list(
    *,
    user: Any,
    period: ProgramPeriod | None = None,
    late_only: bool = False,
    today: date | None = None,
) -> QuerySet[Disbursement]:
    today = today or timezone.localdate()
    rows = Disbursement.objects.filter(
        region_scope_q(user, field="region__code", permission=Permission.VIEW_PROGRAMS),
        period__program__in=program_list(user=user).values("pk"),
    )
    if period is not None:
        rows = rows.filter(period=period)
    if late_only:
        rows = rows.filter(late_q(today=today))
    return rows.select_related("period", "period__program", "region").order_by(
        "period__program__code", "planned_on", "region_id", "id"
    )


def disbursement_get_for_user(*, user: Any, disbursement_id: int) -> Disbursement:
    try:
        return disbursement_list(user=user).get(pk=disbursement_id)
    except Disbursement.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class DisbursementState:
    code: str  # on_time, pending, late, unpaid, short
    label: str
    days_late: int


def disbursement_state(d: Disbursement, *, today: date | None = None) -> DisbursementState:
    today = today or timezone.localdate()
    if d.actual_on is None:
        if d.planned_on < today:
            days = (today - d.planned_on).days
            return DisbursementState(
                "unpaid", _("Belum cair, lewat %(days)s hari") % {"days": days}, days
            )
        return DisbursementState("pending", _("Dijadwalkan"), 0)
    if d.actual_on > d.planned_on:
        days = (d.actual_on - d.planned_on).days
        return DisbursementState("late", _("Terlambat %(days)s hari") % {"days": days}, days)
    if d.actual_amount is not None and d.actual_amount < d.planned_amount:
        return DisbursementState("short", _("Kurang dari rencana"), 0)
    return DisbursementState("on_time", _("Tepat waktu"), 0)


@dataclass(frozen=True)
class DisbursementFlag:
    """One thing the dashboard should show: a stage late, unpaid or short, or a region with
    a quota in a running period and no stage planned at all."""

    kind: str  # late, unpaid, short, unscheduled
    label: str
    program_code: str
    period_id: int
    period_name: str
    region_code: str
    region_name: str
    stage: str
    planned_on: date | None
    days_late: int
    planned_amount: int
    actual_amount: int | None


def disbursement_flags(
    *, user: Any, period: ProgramPeriod | None = None, today: date | None = None
) -> list[DisbursementFlag]:
    """Late (arrived after the plan), unpaid (plan passed, nothing arrived), short (less than
    planned) and unscheduled (a quota region of a started period without any stage), the
    longest delay first. Two queries, only flagged rows are read."""
    today = today or timezone.localdate()
    rows = disbursement_list(user=user, period=period, today=today).filter(
        late_q(today=today) | Q(actual_amount__lt=F("planned_amount"))
    )
    flags = []
    for d in rows:
        state = disbursement_state(d, today=today)
        flags.append(
            DisbursementFlag(
                kind=state.code,
                label=state.label,
                program_code=d.period.program.code,
                period_id=d.period_id,
                period_name=d.period.name,
                region_code=d.region_id,
                region_name=d.region.name,
                stage=d.stage,
                planned_on=d.planned_on,
                days_late=state.days_late,
                planned_amount=d.planned_amount,
                actual_amount=d.actual_amount,
            )
        )
    quotas = ProgramQuota.objects.filter(
        region_scope_q(user, field="region__code", permission=Permission.VIEW_PROGRAMS),
        period__program__in=program_list(user=user).values("pk"),
        period__starts_on__lte=today,
    ).exclude(
        Exists(
            Disbursement.objects.filter(
                period_id=OuterRef("period_id"), region_id=OuterRef("region_id")
            )
        )
    )
    if period is not None:
        quotas = quotas.filter(period=period)
    for q in quotas.select_related("period", "period__program", "region"):
        flags.append(
            DisbursementFlag(
                kind="unscheduled",
                label=_("Ada kuota, belum ada jadwal penyaluran"),
                program_code=q.period.program.code,
                period_id=q.period_id,
                period_name=q.period.name,
                region_code=q.region_id,
                region_name=q.region.name,
                stage="",
                planned_on=None,
                days_late=(today - q.period.starts_on).days,
                planned_amount=0,
                actual_amount=None,
            )
        )
    return sorted(flags, key=lambda f: (-f.days_late, f.program_code, f.region_code))


def user_can_report_actual(user: Any, disbursement: Disbursement) -> bool:
    """An officer allowed to report realisation where the money went; an officer of an
    agency reports only for programs of that agency (or programs without one)."""
    program_agency = disbursement.period.program.agency_id
    for a in user_assignments(user):
        if Permission.REPORT_REALIZATION not in ROLE_PERMISSIONS[a.role]:
            continue
        covers = disbursement.region_id == a.region_id or disbursement.region_id.startswith(
            a.region_id + "."
        )
        if covers and (a.agency_id is None or program_agency in (None, a.agency_id)):
            return True
    return False
