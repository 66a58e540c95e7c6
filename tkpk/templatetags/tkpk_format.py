"""Indonesian number, Rupiah and NIK formatting for templates, and stored row reasons
in the reader's language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from tkpk.tabular.reasons import problem_text

register = template.Library()


@register.filter
def rupiah(value: int | float | Decimal | None) -> str:
    """1234567 -> "Rp 1.234.567" (grouping follows the active language)."""
    if value is None or value == "":
        return ""
    return "Rp\u00a0" + number_format(Decimal(value), decimal_pos=0, force_grouping=True)


@register.filter
def angka(value: int | float | Decimal | None, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    return number_format(value, decimal_pos=int(decimals), force_grouping=True)


@register.filter
def nik_mask(value: str | None, reveal: bool = False) -> str:
    """'3505011203850001' -> '3505************' unless the viewer may see full NIKs."""
    if not value:
        return ""
    return value if reveal else value[:4] + "*" * (len(value) - 4)


@register.filter
def reason(problem: dict[str, Any]) -> str:
    """A row's stored problem (a code and parameters) in the reader's language."""
    return problem_text(problem)
