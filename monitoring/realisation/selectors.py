"""Reads of realisation reports. A role that reports for one agency (an agency officer, an
agency's API client) sees that agency's sub-activities and reports only; other roles with
VIEW_PROGRAMS see their regions' whole plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from monitoring.models import Evidence, Plan, Report, SubActivity
from monitoring.realisation.services import deadline_days, quarter_end
from tkpk.access import codes_scope_q, user_assignments
from tkpk.roles import ROLE_PERMISSIONS, Permission


def realisation_scope_q(user: Any, *, sub: str = "") -> Q:
    """Sub-activities (``sub`` the path to one) the user may follow."""
    query = Q(pk__in=[])
    for a in user_assignments(user):
        perms = ROLE_PERMISSIONS[a.role]
        region = codes_scope_q([a.region_id], field=f"{sub}plan__region__code")
        if Permission.REPORT_REALIZATION in perms:
            if a.agency_id is not None:
                query |= region & Q(**{f"{sub}agency_id": a.agency_id})
        elif Permission.VIEW_PROGRAMS in perms:
            query |= region
    return query


def reportable_sub_activities(*, user: Any) -> QuerySet[SubActivity]:
    return SubActivity.objects.filter(
        realisation_scope_q(user), plan__kind=Plan.Kind.RAT
    ).select_related("plan", "plan__region", "agency")


def report_list(*, user: Any) -> QuerySet[Report]:
    return Report.objects.filter(realisation_scope_q(user, sub="sub_activity__")).select_related(
        "sub_activity", "sub_activity__plan", "agency", "submitted_by"
    )


def report_get_for_user(*, user: Any, report_id: int) -> Report:
    try:
        return report_list(user=user).get(pk=report_id)
    except Report.DoesNotExist:
        raise Http404 from None


def evidence_get_for_user(*, user: Any, evidence_id: int) -> Evidence:
    try:
        return Evidence.objects.get(
            realisation_scope_q(user, sub="report__sub_activity__"), pk=evidence_id
        )
    except Evidence.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class Overdue:
    sub_activity: SubActivity
    year: int
    quarter: int
    due_on: date
    report: Report | None  # None: missing; else submitted after the deadline

    @property
    def missing(self) -> bool:
        return self.report is None


def realisation_overdue(*, user: Any, today: date | None = None) -> list[Overdue]:
    """Reports missing past their deadline, and reports that came in late, for the RATs
    the user follows: per plan and quarter one query for the missing, one for the late."""
    today = today or timezone.localdate()
    out: list[Overdue] = []
    plans = Plan.objects.filter(
        Exists(SubActivity.objects.filter(realisation_scope_q(user), plan=OuterRef("pk"))),
        kind=Plan.Kind.RAT,
        first_year__lte=today.year,
    ).order_by("region_id", "first_year")
    for plan in plans:
        days = timedelta(days=deadline_days(region_code=plan.region_id))
        subs = SubActivity.objects.filter(realisation_scope_q(user), plan=plan).select_related(
            "agency", "plan"
        )
        for quarter in range(1, 5):
            due = quarter_end(plan.first_year, quarter) + days
            if due < today:
                reported = Report.objects.filter(
                    sub_activity=OuterRef("pk"), year=plan.first_year, quarter=quarter
                )
                for sub in subs.filter(~Exists(reported)).order_by("agency__name", "code"):
                    out.append(Overdue(sub, plan.first_year, quarter, due, None))
        for report in (
            Report.objects.filter(sub_activity__in=subs, first_submitted_at__date__gt=F("due_on"))
            .select_related("sub_activity", "sub_activity__agency", "sub_activity__plan")
            .order_by("quarter", "sub_activity__code")
        ):
            out.append(
                Overdue(report.sub_activity, report.year, report.quarter, report.due_on, report)
            )
    return out
