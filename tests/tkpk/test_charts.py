"""The SVG charts: every point inside the plot area for any finite values, labels escaped,
Indonesian numbers on the axes, and the same markup drawn inside a WeasyPrint PDF."""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from tkpk.charts import Series, bar_chart, line_chart, stacked_bar_chart, value_scale
from tkpk.pdf import pdf_from_html

NS = "{http://www.w3.org/2000/svg}"
finite = st.floats(allow_nan=False, allow_infinity=False)
figures = st.lists(st.one_of(st.none(), finite), min_size=1, max_size=8)


def _plot_area(svg: str) -> tuple[float, float, float, float]:
    """Gridlines span the plot area: their extremes are its edges."""
    root = ET.fromstring(svg)  # noqa: S314
    lines = root.findall(f"{NS}line")
    xs = [float(v) for ln in lines for v in (ln.get("x1"), ln.get("x2"))]
    ys = [float(v) for ln in lines for v in (ln.get("y1"), ln.get("y2"))]
    return min(xs), max(xs), min(ys), max(ys)


def _line_chart_of(series: list[list[float | None]]) -> tuple[list[str], str]:
    categories = [f"T{i}" for i in range(max(len(s) for s in series))]
    drawn = line_chart(
        categories=categories,
        series=[Series(f"S{i}", values) for i, values in enumerate(series)],
        title="Uji",
    )
    return categories, str(drawn)


@settings(max_examples=150, deadline=None)
@given(series=st.lists(figures, min_size=1, max_size=3))
def test_every_point_of_a_line_chart_is_inside_the_plot_area(series):
    categories, svg = _line_chart_of(series)
    left, right, top, bottom = _plot_area(svg)
    root = ET.fromstring(svg)  # noqa: S314
    points = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{NS}circle")]
    for line in root.iter(f"{NS}polyline"):
        points += [tuple(map(float, p.split(","))) for p in line.get("points").split()]
    drawn = sum(1 for s in series for v in s[: len(categories)] if v is not None)
    assert len(root.findall(f"{NS}circle")) == drawn
    for x, y in points:
        assert math.isfinite(x) and math.isfinite(y)
        assert left - 0.01 <= x <= right + 0.01
        assert top - 0.01 <= y <= bottom + 0.01


@settings(max_examples=150, deadline=None)
@given(series=st.lists(figures, min_size=1, max_size=3))
def test_each_series_is_one_line_through_all_its_figures(series):
    """A regency measured each March beside a country measured each March and September:
    the regency's figures are still joined, not dots between gaps."""
    categories, svg = _line_chart_of(series)
    lines = ET.fromstring(svg).findall(f"{NS}polyline")  # noqa: S314
    figures_per_series = [sum(v is not None for v in s[: len(categories)]) for s in series]
    assert [len(line.get("points").split()) for line in lines] == [
        n for n in figures_per_series if n > 1
    ]


@settings(max_examples=150, deadline=None)
@given(series=st.lists(figures, min_size=1, max_size=3), horizontal=st.booleans())
def test_every_bar_is_inside_the_plot_area(series, horizontal):
    width = max(len(s) for s in series)
    svg = str(
        stacked_bar_chart(
            categories=[f"K{i}" for i in range(width)],
            series=[Series(f"S{i}", values) for i, values in enumerate(series)],
            title="Uji",
            horizontal=horizontal,
        )
    )
    left, right, top, bottom = _plot_area(svg)
    root = ET.fromstring(svg)  # noqa: S314
    for rect in root.iter(f"{NS}rect"):
        if rect.find(f"{NS}title") is None:
            continue  # a legend swatch
        x, y = float(rect.get("x")), float(rect.get("y"))
        w, h = float(rect.get("width")), float(rect.get("height"))
        assert w >= 0 and h >= 0
        assert left - 0.01 <= x and x + w <= right + 0.01
        assert top - 0.01 <= y and y + h <= bottom + 0.01


def test_equal_values_get_room_and_negative_values_stay_inside():
    scale, ticks = value_scale([5.0, 5.0])
    assert scale.low < 5 < scale.high and len(ticks) >= 2
    scale, _ticks = value_scale([-3.0, -1.0], include_zero=True)
    assert scale.low <= -3 and scale.high >= 0
    assert scale.fraction(-3.0) == 0.0 or scale.fraction(-3.0) > 0


def test_labels_are_escaped_and_axes_speak_indonesian():
    svg = str(
        bar_chart(bars=[("<script>alert(1)</script>", 1234567), ("Desa & Kota", 2500)], title="T")
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "Desa &amp; Kota" in svg
    ET.fromstring(svg)  # noqa: S314  # well-formed
    assert re.search(r">1\.\d{3}\.\d{3}<|>1\.200\.000<|>1\.500\.000<", svg), svg
    line = str(
        line_chart(categories=["Mar 2024"], series=[Series("P0", [9.85])], title="P0", decimals=2)
    )
    assert "9,85" in line


def test_the_same_svg_draws_inside_a_pdf():
    svg = line_chart(
        categories=["2023", "2024"],
        series=[Series("Kabupaten Blitar", [9.5, 9.1]), Series("Jawa Timur", [10.3, 9.8])],
        title="P0",
        decimals=2,
    )
    pdf = pdf_from_html(f"<html><body><h1>Grafik</h1>{svg}</body></html>")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Grafik" in text
    assert "Kabupaten Blitar" in text and "Jawa Timur" in text


def test_a_long_series_labels_only_as_many_periods_as_fit():
    periods = [f"{m} {y}" for y in range(2011, 2026) for m in ("Mar", "Sep")]
    svg = line_chart(
        categories=periods, series=[Series("P0", [10.0] * len(periods))], title="P0", decimals=2
    )
    shown = [p for p in periods if f">{p}</text>" in svg]
    assert "Mar 2011" in shown and 3 < len(shown) < len(periods) // 2
