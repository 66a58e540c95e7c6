from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from reports.selectors import region_child_figures, region_figures_visible, region_key_figures
from tkpk.models import Region
from tkpk.paging import id_from_text
from tkpk.roles import Permission
from tkpk.selectors.regions import (
    region_ancestors,
    region_children,
    region_get_for_user,
    region_list,
    user_root_regions,
)
from tkpk.views.decorators import AuthenticatedRequest, role_required
from tkpk.views.home import key_figure_links

PAGE_SIZE = 50


@role_required(Permission.VIEW_REGION)
def region_list_view(request: AuthenticatedRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    level = request.GET.get("tingkat", "")
    level_value = id_from_text(level)
    if level_value not in Region.Level.values:
        level_value = None
    context: dict[str, Any] = {
        "search": search,
        "level": level_value,
        "levels": Region.Level.choices,
        "roots": user_root_regions(user=request.user),
        "searched": bool(search or level_value),
    }
    if search or level_value:
        regions = region_list(user=request.user, search=search, level=level_value)
        context["page"] = Paginator(regions, PAGE_SIZE).get_page(request.GET.get("hal"))
    return render(request, "tkpk/regions/list.html", context)


@role_required(Permission.VIEW_REGION)
def region_detail_view(request: AuthenticatedRequest, code: str) -> HttpResponse:
    region = region_get_for_user(user=request.user, code=code)
    ancestors = [
        {"region": a, "visible": visible}
        for a, visible in region_ancestors(user=request.user, region=region)
    ]
    children = list(region_children(region=region))
    figures = None
    if region_figures_visible(user=request.user, region_code=region.code):
        figures = region_key_figures(user=request.user, region_code=region.code)
        by_child = region_child_figures(user=request.user, region_code=region.code)
        for child in children:
            child.figures = by_child.get(child.code, {})  # type: ignore[attr-defined]
    return render(
        request,
        "tkpk/regions/detail.html",
        {
            "region": region,
            "ancestors": ancestors,
            "children": children,
            "figures": figures,
            "links": key_figure_links(request.user, region.code, overview=False),
        },
    )
