"""Reading regions, always within the user's subtree."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from tkpk.access import region_lineage, region_scope_q, user_can_see_region, user_region_codes
from tkpk.models import Region


def region_list(
    *, user: Any, search: str = "", level: int | None = None, parent: str = ""
) -> QuerySet[Region]:
    """Regions the user may see, filtered by a name or code fragment, level and parent."""
    regions = Region.objects.filter(region_scope_q(user, field="code")).select_related("parent")
    search = search.strip()
    if search:
        code_like = search.replace(" ", "")
        regions = regions.filter(Q(name__icontains=search) | Q(code__startswith=code_like))
    if level:
        regions = regions.filter(level=level)
    if parent:
        regions = regions.filter(parent_id=parent)
    return regions.order_by("code")


def region_get_for_user(*, user: Any, code: str) -> Region:
    """The region, or 404 when it does not exist or lies outside the user's scope."""
    if not user_can_see_region(user, code):
        raise Http404
    try:
        return Region.objects.select_related("parent").get(code=code)
    except Region.DoesNotExist as exc:
        raise Http404 from exc


def region_children(*, region: Region) -> QuerySet[Region]:
    return region.children.annotate(child_count=Count("children")).order_by("code")


def region_ancestors(*, user: Any, region: Region) -> list[tuple[Region, bool]]:
    """From the province down to the region's parent, each with whether the user may open
    its page; one query."""
    codes = region_lineage(region.code)[:-1]
    return [
        (ancestor, user_can_see_region(user, ancestor.code))
        for ancestor in Region.objects.filter(code__in=codes).order_by("level")
    ]


def user_root_regions(*, user: Any, permission: str | None = None) -> QuerySet[Region]:
    """The roots of the user's subtrees (where the user holds ``permission``, when given):
    the regions a user may pick for something they own, such as a regional program."""
    return Region.objects.filter(code__in=user_region_codes(user, permission=permission)).order_by(
        "code"
    )


def user_home_region(*, user: Any, permission: str) -> Region:
    """The user's first region where they hold ``permission``: where a job they start, an
    export or a check, is filed. 404 when they hold it nowhere."""
    roots = user_region_codes(user, permission=permission)
    if not roots:
        raise Http404
    try:
        return Region.objects.get(code=roots[0])
    except Region.DoesNotExist as exc:
        raise Http404 from exc
