"""Keyset pages for tables too large for OFFSET and COUNT(*) on every request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

COUNT_CAP = 10_000


@dataclass(frozen=True)
class KeysetPage:
    items: list[Any]
    next_after: int | None
    count: int
    count_capped: bool


def keyset_page(queryset: QuerySet[Any], *, after: int | None, size: int = 50) -> KeysetPage:
    """Rows with id > ``after`` in id order; the count stops at ``COUNT_CAP`` to stay fast."""
    rows = queryset.order_by("id")
    if after:
        rows = rows.filter(id__gt=after)
    items = list(rows[: size + 1])
    # Counted on ids alone: annotations made for the page's rows (a head's name) are not
    # computed for the ten thousand rows counted.
    count = queryset.order_by().values("id")[: COUNT_CAP + 1].count()
    return KeysetPage(
        items=items[:size],
        next_after=items[size - 1].id if len(items) > size else None,
        count=min(count, COUNT_CAP),
        count_capped=count > COUNT_CAP,
    )
