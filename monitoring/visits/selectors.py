"""Reads of field monitoring visits, cut to the user's regions."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from monitoring.models import FieldVisit, FieldVisitPhoto, Recommendation
from tkpk.access import region_scope_q
from tkpk.roles import Permission

READ = Permission.VIEW_PROGRAMS


def visit_list(*, user: Any, permission: str = READ) -> QuerySet[FieldVisit]:
    return (
        FieldVisit.objects.filter(region_scope_q(user, field="region__code", permission=permission))
        .select_related("region", "sub_activity", "recorded_by")
        .annotate(
            open_recommendations=Count(
                "recommendations", filter=~Q(recommendations__status=Recommendation.Status.DONE)
            )
        )
    )


def visit_get_for_user(*, user: Any, visit_id: int, permission: str = READ) -> FieldVisit:
    try:
        return visit_list(user=user, permission=permission).get(pk=visit_id)
    except FieldVisit.DoesNotExist:
        raise Http404 from None


def recommendation_get_for_user(
    *, user: Any, recommendation_id: int, permission: str = READ
) -> Recommendation:
    try:
        return Recommendation.objects.select_related("visit").get(
            region_scope_q(user, field="visit__region__code", permission=permission),
            pk=recommendation_id,
        )
    except Recommendation.DoesNotExist:
        raise Http404 from None


def visit_photo_get_for_user(*, user: Any, photo_id: int) -> FieldVisitPhoto:
    try:
        return FieldVisitPhoto.objects.get(
            region_scope_q(user, field="visit__region__code", permission=READ), pk=photo_id
        )
    except FieldVisitPhoto.DoesNotExist:
        raise Http404 from None
