"""Keyset pages for tables too large for OFFSET and COUNT(*) on every request."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, F, QuerySet
from django.db.models.expressions import CombinedExpression, Expression

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
    total: int | None = None,
    count_cap: int = COUNT_CAP,
    ordering: Sequence[Any] = (),
) -> KeysetPage:
    """Rows with ``key`` > ``after`` in ``key`` order (a unique integer column the queryset's
    filter and an index lead to: the id, or a batch's ``row_number``). The count is
    ``total`` when the caller already knows it (a stored figure, a batch's counts), else
    counted up to ``count_cap`` to stay fast.

    ``ordering`` sorts as the key does, written so that PostgreSQL picks the right index: a
    column the rows hold equal named first (a program's list pages through an index on
    program and id), or ``by_id_expression()`` for rows of a narrow region, so that it
    reads them through the region's index and sorts the few thousand found instead of
    walking the id index over every other region's rows first."""
    rows = queryset.order_by(*(ordering or (key,)))
    if after:
        rows = rows.filter(**{f"{key}__gt": after})
    items = list(rows[: size + 1])
    if total is None:
        # Counted on ids alone: annotations made for the page's rows (a head's name) are not
        # computed for the ten thousand rows counted.
        total = queryset.order_by().values("id")[: count_cap + 1].count()
    return KeysetPage(
        items=items[:size],
        next_after=getattr(items[size - 1], key) if len(items) > size else None,
        count=min(total, count_cap),
        count_capped=total > count_cap,
    )


class HeldEqual(Expression):
    """``field = ANY(ARRAY[value])`` on PostgreSQL: the rows of ``field = value``, written so
    that the planner keeps ``field`` in the page's ORDER BY (it drops a column compared with
    a constant there, and then walks the id index past every other value's rows; 150 ms to
    reach a program's list behind 530,000 rows of others, 0.1 ms through its own index)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, value: Any) -> None:
        super().__init__()
        self.column: Any = F(field)
        self.value = value

    def resolve_expression(self, *args: Any, **kwargs: Any) -> HeldEqual:
        resolved = self.copy()
        resolved.column = self.column.resolve_expression(*args, **kwargs)
        return resolved

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        sql, params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            return f"{sql} = ANY(%s)", [*params, [self.value]]
        return f"{sql} = %s", [*params, self.value]


def by_id_expression() -> CombinedExpression:
    """The id as an expression: the same order, which no index on the id can give."""
    return F("id") + 0


def id_from_text(text: str | None) -> int | None:
    """A row id (or offset) written in a query string, or None when the text is not one."""
    if text is None or not _ID.fullmatch(text):
        return None
    return int(text)
