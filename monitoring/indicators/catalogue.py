"""What each indicator is: its unit, the bounds of a plausible value, the periods BPS
publishes it for at each level, and the method versions it is known under.

Sources: PLANNING.md section 4 (regency poverty figures from Susenas March only; TPT for
regencies from the August Sakernas, February provincial only; IPM annual). The regency Gini
being annual is marked unverified there: it ships as data here, editable in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from monitoring.models.indicators import NATIONAL, Indicator, PeriodKind

M, S, F, A, Y = (
    PeriodKind.MARCH,
    PeriodKind.SEPTEMBER,
    PeriodKind.FEBRUARY,
    PeriodKind.AUGUST,
    PeriodKind.ANNUAL,
)


@dataclass(frozen=True)
class IndicatorSpec:
    unit: str
    upper: Decimal | None  # the largest plausible value (100 for a percentage)
    periods_above_regency: frozenset[str]  # the country and provinces
    periods_regency: frozenset[str]
    decimals: int
    # Rupiah figures are written with dots grouping thousands (512.345); the others use a
    # comma or a dot as the decimal separator.
    rupiah: bool = False
    # A head count grows with the region: a regency's beside its country's on one axis is a
    # flat line at zero, so its trend shows the region alone.
    head_count: bool = False


SUSENAS = frozenset({M, S})
SPECS: dict[str, IndicatorSpec] = {
    Indicator.POOR_COUNT: IndicatorSpec(
        "ribu jiwa", None, SUSENAS, frozenset({M}), 2, head_count=True
    ),
    Indicator.P0: IndicatorSpec("%", Decimal(100), SUSENAS, frozenset({M}), 2),
    Indicator.P1: IndicatorSpec("indeks", Decimal(100), SUSENAS, frozenset({M}), 2),
    Indicator.P2: IndicatorSpec("indeks", Decimal(100), SUSENAS, frozenset({M}), 2),
    Indicator.POVERTY_LINE: IndicatorSpec(
        "Rp/kapita/bulan", None, SUSENAS, frozenset({M}), 0, rupiah=True
    ),
    Indicator.EXTREME_POVERTY: IndicatorSpec("%", Decimal(100), SUSENAS, frozenset({M}), 2),
    Indicator.UNEMPLOYMENT: IndicatorSpec("%", Decimal(100), frozenset({F, A}), frozenset({A}), 2),
    Indicator.GINI: IndicatorSpec("rasio", Decimal(1), SUSENAS, frozenset({Y}), 3),
    Indicator.HDI: IndicatorSpec("indeks", Decimal(100), frozenset({Y}), frozenset({Y}), 2),
}

# Extreme poverty's international line, by year (PLANNING.md section 4): the figure is only
# comparable with figures of the same line, so the version is stored with every value.
EXTREME_LINE_2011 = "US$1,90 PPP 2011"
EXTREME_LINE_2017 = "US$2,15 PPP 2017"
EXTREME_LINES: list[tuple[int | None, int | None, str]] = [
    (None, 2023, EXTREME_LINE_2011),
    (2025, None, EXTREME_LINE_2017),
]

LEVEL_LABELS = {
    0: _("Indonesia"),
    2: _("Provinsi"),
    5: _("Kabupaten/kota"),
}


def region_level(code: str) -> int:
    """0 for the country, else the length of the code: 2 province, 5 regency/city."""
    return 0 if code == NATIONAL else len(code)


def periods_published(indicator: str, code: str) -> frozenset[str]:
    spec = SPECS[indicator]
    level = region_level(code)
    if level == 5:
        return spec.periods_regency
    if level in (0, 2):
        return spec.periods_above_regency
    return frozenset()


def extreme_line_default(year: int) -> str:
    """The line BPS used that year, or "" where the file must say (2024)."""
    for first, last, line in EXTREME_LINES:
        if (first is None or year >= first) and (last is None or year <= last):
            return line
    return ""


def period_order(period: str) -> int:
    """Within a year: February, March, August, September, then the annual figure."""
    return [F, M, A, S, Y].index(PeriodKind(period))
