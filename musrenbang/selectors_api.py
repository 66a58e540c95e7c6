"""Reads of the Musrenbang API. Besides those who manage or propose in the Musrenbang, any
role that follows the region's programmes (VIEW_PROGRAMS: agencies' systems, agency
officers, the leader) reads the planning years, forums, proposals and results of its
region subtree; a planning year is also read from below (a village sees its regency's)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from musrenbang.models import Forum, PlanningYear, Proposal
from tkpk.access import codes_scope_q, region_lineage, user_permissions, user_region_codes
from tkpk.roles import Permission

READ_PERMISSIONS = (
    Permission.MANAGE_MUSRENBANG,
    Permission.PROPOSE_MUSRENBANG,
    Permission.VIEW_PROGRAMS,
)


def musrenbang_read_allowed(user: Any) -> bool:
    return bool(set(READ_PERMISSIONS) & user_permissions(user))


def musrenbang_read_roots(user: Any) -> list[str]:
    codes = {c for p in READ_PERMISSIONS for c in user_region_codes(user, permission=p)}
    return sorted(c for c in codes if not any(c.startswith(o + ".") for o in codes))


def api_planning_year_list(*, user: Any) -> QuerySet[PlanningYear]:
    roots = musrenbang_read_roots(user)
    above = {code for root in roots for code in region_lineage(root)}
    return PlanningYear.objects.filter(
        Q(region_id__in=above) | codes_scope_q(roots, field="region__code")
    ).select_related("region")


def api_planning_year_get(*, user: Any, planning_year_id: int) -> PlanningYear:
    try:
        return api_planning_year_list(user=user).get(pk=planning_year_id)
    except PlanningYear.DoesNotExist as exc:
        raise Http404 from exc


def api_forum_list(*, user: Any) -> QuerySet[Forum]:
    return (
        Forum.objects.filter(codes_scope_q(musrenbang_read_roots(user), field="region__code"))
        .select_related("region", "stage", "agency", "planning_year")
        .annotate(attendee_count=Count("attendees"))
    )


def api_proposal_list(*, user: Any) -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        codes_scope_q(musrenbang_read_roots(user), field="village__code")
    ).select_related("village__parent", "planning_year", "stage", "agency")


def api_proposal_get(*, user: Any, proposal_id: int) -> Proposal:
    try:
        return api_proposal_list(user=user).get(pk=proposal_id)
    except Proposal.DoesNotExist as exc:
        raise Http404 from exc
