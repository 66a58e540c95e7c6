"""The village poverty profile (profil kemiskinan desa): a village's figures for its Musdes.

Its households by decile, vulnerable members, ALADIN houses, the programs its families
receive and the families the latest run finds excluded (NIK masked), and its Musrenbang
proposals with their fate. A few grouped statements per village.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from households import choices as c
from households.models import Household, Person
from households.selectors import unfit_housing_q
from musrenbang.models import Proposal
from programs.models import Program, RunHouseholdProgram, RunVillageStat, TargetingRun
from programs.targeting.selectors import UNIT_FIGURES
from reports.lp2kd.sections import grouped_rows
from tkpk.access import codes_scope_q, region_lineage, user_can_see_region, user_region_codes
from tkpk.exports import number_mask
from tkpk.models import Region
from tkpk.roles import Permission

# The profile names families (masked NIK): it is for those who read the registry and
# download reports in the village's region.
PROFILE_PERMISSIONS = (Permission.DOWNLOAD_REPORTS, Permission.VIEW_REGISTRY)
# Families listed as excluded in one profile; the rest are counted, not named.
EXCLUDED_LISTED = 300


def profile_may(user: Any, code: str) -> bool:
    return all(user_can_see_region(user, code, permission=p) for p in PROFILE_PERMISSIONS)


def profile_village_get_for_user(*, user: Any, code: str) -> Region:
    """The village, when the user may make its profile; 404 otherwise, as for a missing one."""
    village = Region.objects.filter(code=code, level=Region.Level.VILLAGE).first()
    if village is None or not profile_may(user, code):
        raise Http404
    return village


def profile_areas(*, user: Any) -> QuerySet[Region]:
    """Districts and regencies whose villages' profiles the user may make as one ZIP."""
    query = Q()
    for permission in PROFILE_PERMISSIONS:
        query &= codes_scope_q(user_region_codes(user, permission=permission), field="code")
    return Region.objects.filter(
        query, level__in=[Region.Level.REGENCY, Region.Level.DISTRICT]
    ).order_by("code")


def profile_area_get_for_user(*, user: Any, code: str) -> Region:
    area = profile_areas(user=user).filter(code=code).first()
    if area is None:
        raise Http404
    return area


def profile_latest_run(*, village: Region) -> TargetingRun | None:
    return (
        TargetingRun.objects.filter(
            state=TargetingRun.State.DONE, region__in=region_lineage(village.code)[:-1]
        )
        .order_by("-reference_date", "-created_at", "-id")
        .first()
    )


def village_profile(*, village: Region, today: date) -> dict[str, Any]:
    """Every figure of one village's profile, as plain data."""
    households = Household.objects.filter(village=village, status=Household.Status.ACTIVE)
    deciles = {
        row["welfare_decile"]: row
        for row in grouped_rows(
            households.values("welfare_decile")
            .annotate(households=Count("id"), people=Sum("member_count"))
            .order_by()
        )
    }
    totals = households.aggregate(
        households=Count("id"),
        people=Sum("member_count"),
        extreme=Count("id", filter=Q(extreme_poor=True)),
        aladin=Count("id", filter=unfit_housing_q()),
        children=Sum("children_0_6"),
        school_age=Sum("school_age_7_18"),
        elderly=Sum("elderly_60_plus"),
        disabled=Sum("disabled_members"),
        pregnant=Sum("pregnant_members"),
    )
    run = profile_latest_run(village=village)
    return {
        "village": {"code": village.code, "name": village.name, "kind": village.village_kind},
        "district": village.parent.name if village.parent else "",
        "as_of": today.isoformat(),
        "deciles": [
            {
                "decile": d,
                "households": (deciles.get(d) or {}).get("households", 0),
                "people": (deciles.get(d) or {}).get("people") or 0,
            }
            for d in [*range(1, 11), None]
        ],
        "totals": {k: v or 0 for k, v in totals.items()},
        "run": _run_part(run=run, village=village),
        "proposals": _proposals(village=village, today=today),
    }


def _run_part(*, run: TargetingRun | None, village: Region) -> dict[str, Any] | None:
    if run is None:
        return None
    programs = []
    for row in grouped_rows(
        RunVillageStat.objects.filter(run=run, village=village)
        .values("program__code", "program__target_unit")
        .annotate(**{f: Sum(f) for u in UNIT_FIGURES.values() for f in u.values()})
        .order_by("program__code")
    ):
        unit = "person" if row["program__target_unit"] == Program.TargetUnit.PERSON else "household"
        programs.append(
            {
                "program": row["program__code"],
                "unit": unit,
                **{k: row[name] or 0 for k, name in UNIT_FIGURES[unit].items()},
            }
        )
    excluded = RunHouseholdProgram.objects.filter(
        run=run, village=village, eligible=True, receives=False
    ).exclude(program__target_unit=Program.TargetUnit.PERSON)
    listed_ids = list(
        excluded.values_list("household_id", flat=True)
        .distinct()
        .order_by("household_id")[: EXCLUDED_LISTED + 1]
    )
    shown = listed_ids[:EXCLUDED_LISTED]
    by_household: dict[int, list[str]] = {}
    for household_id, code in excluded.filter(household_id__in=shown).values_list(
        "household_id", "program__code"
    ):
        by_household.setdefault(household_id, []).append(code)
    heads = {
        p["household_id"]: p
        for p in grouped_rows(
            Person.objects.filter(household_id__in=shown, relation=c.Relation.HEAD)
            .order_by("household_id", "id")
            .values("household_id", "name", "nik")
        )
    }
    families = [
        {
            "name": (heads.get(h) or {}).get("name", ""),
            "nik": number_mask((heads.get(h) or {}).get("nik", ""), False),
            "programs": sorted(by_household.get(h, [])),
        }
        for h in shown
    ]
    return {
        "id": run.pk,
        "reference_date": run.reference_date.isoformat(),
        "programs": programs,
        "excluded": families,
        "excluded_total": excluded.values("household_id").distinct().count(),
    }


def _proposals(*, village: Region, today: date) -> list[dict[str, Any]]:
    return [
        {
            "year": p.planning_year.year,
            "title": p.title,
            "stage": p.stage.get_kind_display(),
            "status": p.get_status_display(),
            "reason": p.status_reason,
            "cost": p.estimated_cost,
        }
        for p in Proposal.objects.filter(village=village, planning_year__year__gte=today.year)
        .select_related("planning_year", "stage")
        .order_by("-planning_year__year", "stage__order", "id")
    ]
