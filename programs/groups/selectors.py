"""Reads of groups: lists with arrears and evidence flags computed in SQL, schedules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

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

from programs.groups.schedule import months_after
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
from tkpk.roles import Permission

VISIT_INTERVAL_MONTHS = 6
GROUP_CLUSTERS = (Program.Cluster.COMMUNITY, Program.Cluster.ENTERPRISE)

# ---------------------------------------------------------------------------- reads


def group_programs(*, user: Any) -> QuerySet[Program]:
    """Programs a group can belong to: cluster 2 and 3 programs the user sees."""
    return program_list(user=user).filter(cluster__in=GROUP_CLUSTERS)


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
