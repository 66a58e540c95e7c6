"""A published figure as written: its own decimals (9,85; 0,381; 512.345), Indonesian style."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value: Decimal | float | int | None) -> str:
    if value is None or value == "":
        return ""
    number = Decimal(str(value)).normalize()
    decimals = max(0, -int(number.as_tuple().exponent))
    return number_format(number, decimal_pos=min(decimals, 4), force_grouping=True)
