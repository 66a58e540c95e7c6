"""Links to household pages, only for users the page would not refuse."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from households.selectors import household_may_open

register = template.Library()


@register.simple_tag(takes_context=True)
def household_url(context: dict[str, Any], household_id: int | None, village_code: str) -> str:
    """The household page's address, or "" when the viewer may not open it.

    ``{% household_url h.pk h.village_id as url %}{% if url %}<a href="{{ url }}">…``"""
    request = context.get("request")
    if not household_id or request is None:
        return ""
    if not household_may_open(user=request.user, village_code=village_code):
        return ""
    return reverse("households:detail", args=[household_id])
