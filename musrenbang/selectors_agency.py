"""Reads for the agency (OPD) that reviews Musrenbang proposals and records their fate.

An agency officer sees only the proposals routed to the agency named on their role
assignment, in that assignment's region subtree; a proposal routed to another agency or in
another region answers 404, exactly like a missing one.

The permission used is ``REPORT_REALIZATION`` (an agency reporting on its own work), held
by agency officers and agency systems; a dedicated ``review_musrenbang`` permission needs a
migration of the core app and is left for that app's owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from musrenbang.models import Proposal
from tkpk.access import codes_scope_q, user_assignments
from tkpk.roles import ROLE_PERMISSIONS, Permission

REVIEW = Permission.REPORT_REALIZATION


def agency_review_q(user: Any) -> Q:
    """Proposals routed to one of the user's agencies inside that assignment's region."""
    query = Q(pk__in=[])
    for a in user_assignments(user):
        if REVIEW in ROLE_PERMISSIONS[a.role] and a.agency_id is not None:
            query |= codes_scope_q([a.region_id], field="village__code") & Q(agency_id=a.agency_id)
    return query


def agency_may_review(user: Any, proposal: Proposal) -> bool:
    code = proposal.village_id
    return any(
        REVIEW in ROLE_PERMISSIONS[a.role]
        and a.agency_id is not None
        and a.agency_id == proposal.agency_id
        and (code == a.region_id or code.startswith(a.region_id + "."))
        for a in user_assignments(user)
    )


def user_reviews_for_agency(user: Any) -> bool:
    return any(
        REVIEW in ROLE_PERMISSIONS[a.role] and a.agency_id is not None
        for a in user_assignments(user)
    )


# What the inbox filters on: the proposal's progress after the Musrenbang.
TO_REVIEW = "to_review"
STATES = (TO_REVIEW, *Proposal.Review.values, *Proposal.Fate.values)


@dataclass(frozen=True)
class AgencyFilters:
    planning_year: int | None = None
    state: str = ""


def agency_proposal_list(*, user: Any, filters: AgencyFilters | None = None) -> QuerySet[Proposal]:
    """Proposals routed to the user's agencies; ``to_review`` keeps the agreed ones not yet
    reviewed, a review or fate value keeps those with it."""
    filters = filters or AgencyFilters()
    rows = Proposal.objects.filter(agency_review_q(user)).select_related(
        "village__parent", "planning_year", "agency"
    )
    if filters.planning_year:
        rows = rows.filter(planning_year_id=filters.planning_year)
    if filters.state == TO_REVIEW:
        rows = rows.filter(status=Proposal.Status.ACCEPTED, review="")
    elif filters.state in Proposal.Review.values:
        rows = rows.filter(review=filters.state)
    elif filters.state in Proposal.Fate.values:
        rows = rows.filter(fate=filters.state)
    return rows


def agency_proposal_get_for_user(*, user: Any, proposal_id: int) -> Proposal:
    try:
        return (
            Proposal.objects.filter(agency_review_q(user))
            .select_related(
                "village__parent",
                "planning_year__region",
                "agency",
                "stage",
                "reviewed_by",
                "fate_by",
            )
            .get(pk=proposal_id)
        )
    except Proposal.DoesNotExist as exc:
        raise Http404 from exc
