"""Charts drawn on the server as SVG: no external service, no JavaScript, one code path for
pages and for WeasyPrint PDFs (the same markup inlined in both).

A chart takes plain data (labels and numbers, the snapshot a report freezes) and returns
safe markup. Every label is escaped; numbers on the axes follow the active language's
format (``1.234,5`` in Indonesian). Scaling never overflows: any finite values, equal ones
and negative ones included, land inside the plot area (``tests/tkpk/test_charts.py``).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Distinguishable in colour and in greyscale print, first the region, then its province
# and the country (the order of the indicator trend charts).
PALETTE = ("#1f5f8b", "#d9822b", "#5b8c3a", "#8e44ad", "#c0392b", "#7f8c8d", "#16a085")
FONT = "DejaVu Sans, Verdana, sans-serif"
FLOAT_MAX = sys.float_info.max

Number = float | int | Decimal


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Number | None]  # one per category; None where there is no figure


@dataclass(frozen=True)
class Box:
    """The plot area inside the margins, in SVG units."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


def _finite(value: Number | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class Scale:
    """Values from ``low`` to ``high`` onto 0..1. Computed on halves: ``high - low`` of two
    finite floats can overflow, ``high / 2 - low / 2`` cannot."""

    low: float
    high: float

    def fraction(self, value: float) -> float:
        span = self.high / 2 - self.low / 2
        if span <= 0:
            return 0.5
        return min(1.0, max(0.0, (value / 2 - self.low / 2) / span))


def _nice_step(raw: float) -> float:
    if raw <= 0 or not math.isfinite(raw):
        return 0.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def value_scale(
    values: Sequence[float], *, include_zero: bool = False
) -> tuple[Scale, list[float]]:
    """A scale covering ``values`` (and zero when asked) with round tick values; equal values
    get room around them. Falls back to the bare range when rounding would overflow."""
    low = min(values, default=0.0)
    high = max(values, default=1.0)
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        pad = max(abs(low) * 0.1, 1.0)
        low, high = max(low - pad, -FLOAT_MAX), min(high + pad, FLOAT_MAX)
    step = _nice_step((high / 2 - low / 2) / 2)  # a quarter of the span: about five ticks
    try:
        if step > 0:
            first = float(math.floor(low / step)) * step
            last = float(math.ceil(high / step)) * step
            if math.isfinite(first) and math.isfinite(last) and first <= low and last >= high:
                count = round((last / 2 - first / 2) * 2 / step)
                if 0 < count <= 10:
                    ticks = [first + i * step for i in range(count + 1)]
                    if all(math.isfinite(t) for t in ticks):
                        return Scale(first, last), ticks
    except OverflowError:
        pass  # near the largest float: the bare range below
    return Scale(low, high), [low, high]


def axis_number(value: float, *, decimals: int = 0) -> str:
    """A tick label in the active language's format; very large values in exponent form."""
    if abs(value) >= 1e15:
        return f"{value:.2e}"
    rounded = Decimal(repr(round(value, decimals)))
    return number_format(rounded, decimal_pos=decimals, force_grouping=True)


def _text(x: float, y: float, label: str, *, anchor: str = "start", size: int = 11) -> str:
    return (
        f'<text x="{x:.2f}" y="{y:.2f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-family="{FONT}" fill="#333">{escape(label)}</text>'
    )


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">'
    )
    # Safe: every label above went through escape().
    return mark_safe(head + f"<title>{escape(title)}</title>" + "".join(body) + "</svg>")


def _legend(series: Sequence[Series], *, left: float, top: float) -> list[str]:
    parts, x = [], left
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<rect x="{x:.2f}" y="{top - 9:.2f}" width="10" height="10" fill="{colour}"/>'
        )
        parts.append(_text(x + 14, top, s.label))
        x += 24 + 7 * len(s.label)
    return parts


def _value_axis(box: Box, scale: Scale, ticks: list[float], decimals: int) -> list[str]:
    parts = []
    for tick in ticks:
        y = box.bottom - scale.fraction(tick) * box.height
        parts.append(
            f'<line x1="{box.left:.2f}" x2="{box.right:.2f}" y1="{y:.2f}" y2="{y:.2f}" '
            f'stroke="#ddd" stroke-width="1"/>'
        )
        parts.append(_text(box.left - 6, y + 4, axis_number(tick, decimals=decimals), anchor="end"))
    return parts


def line_chart(
    *,
    categories: Sequence[str],
    series: Sequence[Series],
    title: str,
    decimals: int = 0,
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """One line per series over the categories (periods), a dot per figure, a legend."""
    box = Box(left=70, top=30, width=width - 90, height=height - 70)
    values = [v for s in series for v in (_finite(x) for x in s.values) if v is not None]
    scale, ticks = value_scale(values)
    body = _value_axis(box, scale, ticks, decimals)
    count = max(len(categories), 1)
    step = box.width / count

    def x_of(index: int) -> float:
        return box.left + step * (index + 0.5)

    # Labels about 6 px a character at size 10: a long series labels every n-th period only.
    label_width = 6 * max((len(c) for c in categories), default=1) + 8
    every = max(1, math.ceil(label_width / step))
    for index, category in enumerate(categories):
        if index % every == 0:
            body.append(_text(x_of(index), box.bottom + 16, category, anchor="middle", size=10))
    for i, s in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        # A period the series has no figure for is skipped, not a break: a regency measured
        # each March beside a country measured each March and September is still one line.
        points: list[str] = []
        for index, raw in enumerate(s.values[: len(categories)]):
            value = _finite(raw)
            if value is None:
                continue
            x, y = x_of(index), box.bottom - scale.fraction(value) * box.height
            points.append(f"{x:.2f},{y:.2f}")
            body.append(
                f'<circle cx="{x:.2f}" cy="{y:.2f}" r="3" fill="{colour}">'
                f"<title>{escape(s.label)} {escape(categories[index])}: "
                f"{escape(axis_number(value, decimals=decimals))}</title></circle>"
            )
        if len(points) > 1:
            body.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                f'stroke-width="2"/>'
            )
    body.extend(_legend(series, left=box.left, top=16))
    return _svg(width, height, title, body)


def bar_chart(
    *,
    bars: Sequence[tuple[str, Number | None]],
    title: str,
    horizontal: bool = True,
    decimals: int = 0,
    width: int = 640,
    bar_size: int = 18,
) -> SafeString:
    """One bar per label, from zero (negative values to the other side of it)."""
    return stacked_bar_chart(
        categories=[label for label, _value in bars],
        series=[Series(title, [value for _label, value in bars])],
        title=title,
        horizontal=horizontal,
        decimals=decimals,
        width=width,
        bar_size=bar_size,
        legend=False,
    )


def stacked_bar_chart(
    *,
    categories: Sequence[str],
    series: Sequence[Series],
    title: str,
    horizontal: bool = True,
    decimals: int = 0,
    width: int = 640,
    bar_size: int = 18,
    legend: bool = True,
) -> SafeString:
    """Per category, the series stacked: positive parts above zero, negative ones below."""
    tops: list[tuple[float, float]] = []  # per category: (sum of negatives, sum of positives)
    for index in range(len(categories)):
        below = above = 0.0
        for s in series:
            value = _finite(s.values[index]) if index < len(s.values) else None
            if value is None:
                continue
            if value >= 0:
                above = min(above + value, FLOAT_MAX)
            else:
                below = max(below + value, -FLOAT_MAX)
        tops.append((below, above))
    scale, ticks = value_scale([v for pair in tops for v in pair], include_zero=True)
    gap = 8
    band: float = bar_size + gap
    legend_room = 26 if legend else 8
    if horizontal:
        label_room = min(220, 12 + 6 * max((len(c) for c in categories), default=4))
        height = legend_room + band * max(len(categories), 1) + 30
        box = Box(
            left=label_room,
            top=legend_room,
            width=width - label_room - 20,
            height=band * max(len(categories), 1),
        )
    else:
        height = 280
        box = Box(left=70, top=legend_room, width=width - 90, height=height - legend_room - 40)
        band = box.width / max(len(categories), 1)
    body: list[str] = []
    for tick in ticks:
        f = scale.fraction(tick)
        if horizontal:
            x = box.left + f * box.width
            body.append(
                f'<line x1="{x:.2f}" x2="{x:.2f}" y1="{box.top:.2f}" y2="{box.bottom:.2f}" '
                f'stroke="#ddd" stroke-width="1"/>'
            )
            body.append(
                _text(
                    x,
                    box.bottom + 14,
                    axis_number(tick, decimals=decimals),
                    anchor="middle",
                    size=10,
                )
            )
        else:
            y = box.bottom - f * box.height
            body.append(
                f'<line x1="{box.left:.2f}" x2="{box.right:.2f}" y1="{y:.2f}" y2="{y:.2f}" '
                f'stroke="#ddd" stroke-width="1"/>'
            )
            body.append(
                _text(box.left - 6, y + 4, axis_number(tick, decimals=decimals), anchor="end")
            )
    for index, category in enumerate(categories):
        above = below = 0.0
        if horizontal:
            y = box.top + index * band + gap / 2
            body.append(_text(box.left - 6, y + bar_size - 5, category, anchor="end"))
        else:
            x = box.left + index * band + band * 0.15
            body.append(_text(x + band * 0.35, box.bottom + 14, category, anchor="middle", size=10))
        for i, s in enumerate(series):
            value = _finite(s.values[index]) if index < len(s.values) else None
            if value is None or value == 0:
                continue
            if value > 0:
                start, above = above, min(above + value, FLOAT_MAX)
                lo, hi = scale.fraction(start), scale.fraction(above)
            else:
                start, below = below, max(below + value, -FLOAT_MAX)
                lo, hi = scale.fraction(below), scale.fraction(start)
            colour = PALETTE[i % len(PALETTE)]
            tip = f"{s.label} {category}: {axis_number(value, decimals=decimals)}"
            rect: tuple[float, float, float, float]
            if horizontal:
                rect = (box.left + lo * box.width, y, (hi - lo) * box.width, float(bar_size))
            else:
                rect = (x, box.bottom - hi * box.height, band * 0.7, (hi - lo) * box.height)
            body.append(
                f'<rect x="{rect[0]:.2f}" y="{rect[1]:.2f}" width="{rect[2]:.2f}" '
                f'height="{rect[3]:.2f}" fill="{colour}"><title>{escape(tip)}</title></rect>'
            )
    if legend:
        body.extend(_legend(series, left=box.left, top=16))
    return _svg(width, int(height), title, body)
