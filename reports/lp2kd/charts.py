"""The LP2KD's charts, drawn from the frozen snapshot's tables by the chart module the
monitoring pages use (server-side SVG), so an approved report draws the same charts a year
later: the poverty rate's trend (T2.1), households by decile per district (T2.3) and budget
absorption per cluster (T3.1)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tkpk.charts import Series, bar_chart, line_chart, stacked_bar_chart

TableData = Mapping[str, Any]


def _poverty_trend(t: TableData) -> SafeString | None:
    # Rows: year, period, poor people, P0, P1, P2, poverty line.
    rows = [r for r in t["rows"] if r[3] is not None]
    if len(rows) < 2:
        return None
    return line_chart(
        categories=[f"{r[1]} {r[0]}" for r in rows],
        series=[Series(_("P0 (%)"), [r[3] for r in rows])],
        title=_("Persentase penduduk miskin (P0)"),
        decimals=2,
    )


def _deciles_by_area(t: TableData) -> SafeString | None:
    # Rows: area, code, households, people, D1..D10, no decile, extreme poor.
    rows = t["rows"]
    if not rows:
        return None
    return stacked_bar_chart(
        categories=[r[0] for r in rows],
        series=[
            *[Series(_("Desil %(d)s") % {"d": d}, [r[3 + d] for r in rows]) for d in (1, 2, 3, 4)],
            Series(_("Desil 5–10"), [sum(r[8:14]) for r in rows]),
            Series(_("Tanpa desil"), [r[14] for r in rows]),
        ],
        title=_("Rumah tangga menurut desil per wilayah"),
    )


def _absorption_by_cluster(t: TableData) -> SafeString | None:
    # Rows: cluster, agency, source, allocation, realisation, absorption %.
    planned: dict[str, int] = {}
    spent: dict[str, int] = {}
    for cluster, _agency, _source, plan, real, _share in t["rows"]:
        planned[cluster] = planned.get(cluster, 0) + (plan or 0)
        spent[cluster] = spent.get(cluster, 0) + (real or 0)
    bars = [
        (cluster, round(100 * spent[cluster] / plan, 1) if plan else None)
        for cluster, plan in planned.items()
    ]
    if not bars:
        return None
    return bar_chart(bars=bars, title=_("Serapan anggaran per klaster (%)"), decimals=1)


CHARTS: dict[str, Callable[[TableData], SafeString | None]] = {
    "T2.1": _poverty_trend,
    "T2.3": _deciles_by_area,
    "T3.1": _absorption_by_cluster,
}


def table_chart(t: TableData) -> SafeString | None:
    """The chart drawn under a table, where it has one and figures to draw."""
    draw = CHARTS.get(str(t.get("key", "")))
    if draw is None or t.get("missing") or not t.get("rows"):
        return None
    return draw(t)
