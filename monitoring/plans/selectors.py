"""Reads of RPKD/RAT plans, cut to the user's regions, and the registry's suggestion of
priority locations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from households.models import Household
from monitoring.models import Plan, SubActivity
from programs.models import RunVillageStat, TargetingRun
from tkpk.access import region_scope_q, user_can_see_region
from tkpk.models import Region
from tkpk.roles import Permission

READ = Permission.VIEW_PROGRAMS
MANAGE = Permission.MANAGE_PLANS


def plan_list(*, user: Any, permission: str = READ) -> QuerySet[Plan]:
    return Plan.objects.filter(
        region_scope_q(user, field="region__code", permission=permission)
    ).select_related("region", "parent")


def plan_get_for_user(*, user: Any, plan_id: int, permission: str = READ) -> Plan:
    """The plan, or 404 alike for missing and outside the user's regions."""
    try:
        return plan_list(user=user, permission=permission).get(pk=plan_id)
    except Plan.DoesNotExist:
        raise Http404 from None


def sub_activity_list(*, user: Any, permission: str = READ) -> QuerySet[SubActivity]:
    return SubActivity.objects.filter(
        region_scope_q(user, field="plan__region__code", permission=permission)
    ).select_related("plan", "plan__region", "agency", "activity", "activity__program")


def sub_activity_get_for_user(
    *, user: Any, sub_activity_id: int, permission: str = READ
) -> SubActivity:
    try:
        return sub_activity_list(user=user, permission=permission).get(pk=sub_activity_id)
    except SubActivity.DoesNotExist:
        raise Http404 from None


def plan_may_manage(*, user: Any, plan: Plan) -> bool:
    return user_can_see_region(user, plan.region_id, permission=MANAGE)


def plan_tree(*, plan: Plan) -> list[Any]:
    """Priorities -> programs -> activities -> sub-activities with their targets, budget,
    locations and proposals: six queries whatever the plan's size."""
    subs = SubActivity.objects.select_related("agency").prefetch_related(
        "targets", "allocations", "locations__region", "proposals"
    )
    return list(
        plan.priorities.prefetch_related(
            "programs__catalogue_program",
            "programs__activities",
            Prefetch("programs__activities__sub_activities", queryset=subs),
        )
    )


@dataclass(frozen=True)
class LocationSuggestion:
    code: str
    name: str
    district: str
    poor_households: int
    extreme_poor: int
    exclusion_errors: int


def latest_run(*, region_code: str) -> TargetingRun | None:
    """The newest finished targeting run over the region or a region containing it."""
    parts = region_code.split(".")
    lineage = [".".join(parts[: i + 1]) for i in range(len(parts))]
    return (
        TargetingRun.objects.filter(region_id__in=lineage, state=TargetingRun.State.DONE)
        .order_by("-reference_date", "-id")
        .first()
    )


def location_suggestions(*, plan: Plan, limit: int = 50) -> list[LocationSuggestion]:
    """Villages of the plan's region ranked by decile 1-4 households, then extreme-poor
    households, then exclusion errors of the latest targeting run: one grouped query (each
    figure a correlated aggregate of the village), ranked by the database."""
    run = latest_run(region_code=plan.region_id)
    active = Household.objects.filter(village=OuterRef("code"), status=Household.Status.ACTIVE)

    def count_of(condition: Q) -> Any:
        return Coalesce(
            Subquery(
                active.filter(condition).values("village").annotate(n=Count("id")).values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        )

    exclusion: Any = Value(0)
    if run is not None:
        exclusion = Coalesce(
            Subquery(
                RunVillageStat.objects.filter(run=run, village=OuterRef("code"))
                .values("village")
                .annotate(n=Sum("exclusion_errors"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        )
    rows = (
        Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=plan.region_id + ".")
        .annotate(
            poor=count_of(Q(welfare_decile__lte=4)),
            extreme=count_of(Q(extreme_poor=True)),
            exclusion=exclusion,
        )
        .filter(Q(poor__gt=0) | Q(extreme__gt=0) | Q(exclusion__gt=0))
        .select_related("parent")
        .order_by("-poor", "-extreme", "-exclusion", "code")[:limit]
    )
    return [
        LocationSuggestion(
            code=r.code,
            name=r.name,
            district=r.parent.name if r.parent else "",
            poor_households=r.poor,
            extreme_poor=r.extreme,
            exclusion_errors=r.exclusion,
        )
        for r in rows
    ]
