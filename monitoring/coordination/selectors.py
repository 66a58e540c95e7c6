"""Reads of the TKPK, its rakor and their follow-ups, always inside the user's region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from monitoring.models import FollowUp, Meeting, MeetingAttendee, TkpkDecree, TkpkMember
from monitoring.scope import monitoring_scope_q
from tkpk.access import codes_scope_q, user_assignments, user_region_codes
from tkpk.models import Agency, Region
from tkpk.roles import Permission, Role


def overdue_q(today: date, *, prefix: str = "") -> Q:
    """Follow-ups past their due date and not done."""
    return ~Q(**{f"{prefix}status": FollowUp.Status.DONE}) & Q(**{f"{prefix}due_on__lt": today})


# ---------------------------------------------------------------------------- the TKPK


def decree_list(*, user: Any) -> QuerySet[TkpkDecree]:
    return (
        TkpkDecree.objects.filter(monitoring_scope_q(user, field="region__code"))
        .select_related("region")
        .annotate(member_count=Count("members"))
        .order_by("region_id", "-term_start", "-id")
    )


def decree_get_for_user(*, user: Any, decree_id: int) -> TkpkDecree:
    try:
        return (
            TkpkDecree.objects.filter(monitoring_scope_q(user, field="region__code"))
            .select_related("region")
            .get(pk=decree_id)
        )
    except TkpkDecree.DoesNotExist as exc:
        raise Http404 from exc


def member_get_for_user(*, user: Any, member_id: int) -> TkpkMember:
    """A member of a decree in the user's regions; 404 alike for missing and not yours."""
    try:
        return (
            TkpkMember.objects.filter(monitoring_scope_q(user, field="decree__region__code"))
            .select_related("decree__region", "agency")
            .get(pk=member_id)
        )
    except TkpkMember.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class Seat:
    position: str
    label: str
    members: list[TkpkMember]


def decree_composition(*, decree: TkpkDecree) -> list[Seat]:
    """The members by position, in the order of the decree (one query)."""
    members = list(decree.members.select_related("agency").order_by("id"))
    return [
        Seat(value, str(label), [m for m in members if m.position == value])
        for value, label in TkpkMember.Position.choices
    ]


def decree_missing_seats(*, decree: TkpkDecree) -> list[str]:
    """The seats the regulation names that the decree has not filled yet."""
    filled = set(decree.members.values_list("position", flat=True))
    required = (
        TkpkMember.Position.RESPONSIBLE,
        TkpkMember.Position.CHAIR,
        TkpkMember.Position.VICE_CHAIR,
        TkpkMember.Position.SECRETARY,
        TkpkMember.Position.SECRETARIAT_HEAD,
    )
    return [str(TkpkMember.Position(p).label) for p in required if p not in filled]


def decree_in_force(*, region_code: str, today: date) -> TkpkDecree | None:
    return (
        TkpkDecree.objects.filter(region_id=region_code, term_start__lte=today, term_end__gte=today)
        .order_by("-term_start", "-id")
        .first()
    )


def region_agencies(*, region_code: str) -> QuerySet[Agency]:
    return Agency.objects.filter(region_id=region_code).order_by("name")


def managed_regions(*, user: Any) -> QuerySet[Region]:
    """The provinces and regencies/cities where the user manages monitoring."""
    roots = user_region_codes(user, permission=Permission.MANAGE_MONITORING)
    return Region.objects.filter(
        codes_scope_q(roots, field="code"),
        level__in=[Region.Level.PROVINCE, Region.Level.REGENCY],
    ).order_by("code")


# ---------------------------------------------------------------------------- rakor


def meeting_list(*, user: Any, today: date | None = None) -> QuerySet[Meeting]:
    today = today or timezone.localdate()
    return (
        Meeting.objects.filter(monitoring_scope_q(user, field="region__code"))
        .select_related("region")
        .annotate(
            follow_up_count=Count("follow_ups", distinct=True),
            overdue_count=Count(
                "follow_ups", filter=overdue_q(today, prefix="follow_ups__"), distinct=True
            ),
            attendee_count=Count("attendees", distinct=True),
        )
        .order_by("-held_on", "-id")
    )


def meeting_get_for_user(*, user: Any, meeting_id: int) -> Meeting:
    try:
        return (
            Meeting.objects.filter(monitoring_scope_q(user, field="region__code"))
            .select_related("region", "decree")
            .get(pk=meeting_id)
        )
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def meeting_attendees(*, meeting: Meeting) -> QuerySet[MeetingAttendee]:
    return meeting.attendees.select_related("agency").order_by("id")


def meeting_follow_ups(*, meeting: Meeting) -> QuerySet[FollowUp]:
    return meeting.follow_ups.select_related("owner").order_by("due_on", "id")


@dataclass(frozen=True)
class FollowUpFilters:
    overdue: bool = False
    status: str = ""
    region: str = ""


def follow_up_list(
    *, user: Any, filters: FollowUpFilters | None = None, today: date | None = None
) -> QuerySet[FollowUp]:
    filters = filters or FollowUpFilters()
    today = today or timezone.localdate()
    rows = FollowUp.objects.filter(monitoring_scope_q(user, field="meeting__region__code"))
    if filters.overdue:
        rows = rows.filter(overdue_q(today))
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.region:
        rows = rows.filter(codes_scope_q([filters.region], field="meeting__region__code"))
    return rows.select_related("meeting__region", "owner").order_by("due_on", "id")


def follow_up_get_for_user(*, user: Any, follow_up_id: int) -> FollowUp:
    try:
        return follow_up_list(user=user).get(pk=follow_up_id)
    except FollowUp.DoesNotExist as exc:
        raise Http404 from exc


def owned_follow_ups(*, user: Any) -> QuerySet[FollowUp]:
    """Follow-ups owned by the agency of one of the user's agency-officer roles, of rakor
    inside that role's region: what the officer may bring up to date."""
    scope = Q(pk__in=[])
    for a in user_assignments(user):
        if a.role == Role.AGENCY_OFFICER and a.agency_id:
            scope |= Q(owner_id=a.agency_id) & codes_scope_q(
                [a.region_id], field="meeting__region__code"
            )
    return FollowUp.objects.filter(scope).select_related("meeting__region", "owner")


def owned_follow_up_get_for_user(*, user: Any, follow_up_id: int) -> FollowUp:
    """One of ``owned_follow_ups``; 404 alike for missing, another agency's and another
    region's."""
    try:
        return owned_follow_ups(user=user).get(pk=follow_up_id)
    except FollowUp.DoesNotExist as exc:
        raise Http404 from exc


def follow_up_overdue_count(*, user: Any, region_code: str, today: date | None = None) -> int:
    """Overdue follow-ups of rakor in the region's subtree (what a dashboard shows)."""
    today = today or timezone.localdate()
    return (
        FollowUp.objects.filter(
            monitoring_scope_q(user, field="meeting__region__code"),
            codes_scope_q([region_code], field="meeting__region__code"),
        )
        .filter(overdue_q(today))
        .count()
    )
