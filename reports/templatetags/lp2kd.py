"""Cells of the LP2KD's tables, formatted the Indonesian way."""

from __future__ import annotations

from typing import Any

from django import template

from reports.lp2kd.charts import table_chart
from tkpk.templatetags.tkpk_format import angka

register = template.Library()


@register.filter
def cell(value: Any) -> str:
    """12345 -> "12.345"; 12.5 -> "12,5"; nothing -> "–"; text as it is."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float):
        return angka(value, 1)
    if isinstance(value, int):
        return angka(value)
    return str(value)


@register.filter
def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@register.filter
def absolute(value: int) -> int:
    return abs(value)


@register.filter
def chart(t: Any) -> Any:
    """The table's chart (SVG), or nothing."""
    return table_chart(t)
