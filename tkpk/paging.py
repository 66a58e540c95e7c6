"""Keyset pages for tables too large for OFFSET and COUNT(*) on every request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

COUNT_CAP = 10_000
# ASCII digits only ("²" and "٣" pass str.isdigit() but not int()), at most 18 of them so the
# number fits a bigint column.
_ID = re.compile(r"[0-9]{1,18}")


@dataclass(frozen=True)
class KeysetPage:
    items: list[Any]
    next_after: int | None
    count: int
    count_capped: bool


def keyset_page(
    queryset: QuerySet[Any],
    *,
    after: int | None,
    size: int = 50,
    key: str = "id",
    counted: bool = True,
) -> KeysetPage:
    """Rows with ``key`` > ``after`` in ``key`` order (a unique integer column the queryset's
    filter and an index lead to: a batch's ``row_number``); the count stops at ``COUNT_CAP``
    to stay fast. Pages whose totals are stored elsewhere (a batch's counts) pass
    ``counted=False`` and spare that query."""
    rows = queryset.order_by(key)
    if after:
        rows = rows.filter(**{f"{key}__gt": after})
    items = list(rows[: size + 1])
    # Counted on ids alone: annotations made for the page's rows (a head's name) are not
    # computed for the ten thousand rows counted.
    count = queryset.order_by().values("id")[: COUNT_CAP + 1].count() if counted else 0
    return KeysetPage(
        items=items[:size],
        next_after=getattr(items[size - 1], key) if len(items) > size else None,
        count=min(count, COUNT_CAP),
        count_capped=count > COUNT_CAP,
    )


def id_from_text(text: str | None) -> int | None:
    """A row id (or offset) written in a query string, or None when the text is not one."""
    if text is None or not _ID.fullmatch(text):
        return None
    return int(text)
